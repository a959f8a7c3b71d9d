/**
 * A throwaway PostgreSQL server for tests and the benchmark: Debian's package
 * (installed with apt-get when missing and running as root), a data folder
 * under a temporary directory, its own port on 127.0.0.1, stopped at the end.
 * Fails loudly when the server cannot be installed or started: never a skip.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface TestPostgres {
  /** Superuser URL (the indexer's role in tests). */
  adminUrl: string;
  /** The port, for building other URLs. */
  port: number;
  /** A URL to a port where nothing listens (for "server is down" tests): the same server after `stop()`. */
  stop(): void;
  /** Runs SQL as the superuser with psql. */
  psql(sql: string, database?: string): string;
  dataDir: string;
}

function binDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], "bin") : undefined;
}

/** Installs Debian packages with apt-get (needs root), updating the package lists once if the first try fails. */
function aptInstall(packages: string[], why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`${why} and this is not root: run \`apt-get install -y ${packages.join(" ")}\``);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { encoding: "utf8", env });
  let r = install();
  if (r.status !== 0) {
    spawnSync("apt-get", ["update", "-q"], { encoding: "utf8", env });
    r = install();
  }
  if (r.status !== 0) throw new Error(`could not install ${packages.join(" ")} with apt-get: ${r.stderr?.slice(-800) ?? r.error}`);
}

/** Installs Debian's `postgresql` when its binaries are missing (needs root), else throws. */
export function ensurePostgresInstalled(): string {
  let bin = binDir();
  if (bin) return bin;
  // The package's post-install may create and start a cluster of its own (on 5432); the tests never use it.
  aptInstall(["postgresql"], "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)");
  bin = binDir();
  if (!bin) throw new Error("apt-get installed postgresql, but /usr/lib/postgresql/*/bin/initdb is not there");
  return bin;
}

/**
 * Installs the RUM extension for the server's major version
 * (`postgresql-NN-rum`) when it is missing. The archive does not need it (it
 * uses a GIN index without it); the tests and the benchmark compare the two.
 */
export function ensureRumInstalled(bin: string): void {
  const version = bin.split("/").at(-2)!;
  const control = `/usr/share/postgresql/${version}/extension/rum.control`;
  if (existsSync(control)) return;
  aptInstall([`postgresql-${version}-rum`], `the RUM extension is not installed (${control})`);
  if (!existsSync(control)) throw new Error(`apt-get installed postgresql-${version}-rum, but ${control} is not there`);
}

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Server settings beyond the test defaults, e.g. `{ shared_buffers: "1GB" }` for the benchmark. */
  settings?: Record<string, string>;
}

/** Starts a fresh server, with the RUM extension available; call `stop()` when done (also registered on process exit). */
export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const bin = ensurePostgresInstalled();
  ensureRumInstalled(bin);
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "grounded-pg-"));
  const dataDir = join(dir, "data");
  // As root, the server must run as the `postgres` user, which must own the folder.
  const asServer = (cmd: string, args: string[]) => (root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const [c, a] = asServer(cmd, args);
    const r = spawnSync(c, a, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
    return r.stdout;
  };
  run(join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  // fsync off: a test server's data is thrown away; loopback only; the socket in the temp folder.
  const settings = Object.entries(options.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`).join("");
  const opts = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off${settings}`;
  // `-w` returns once the server accepts connections (pg_ctl reads its postmaster.pid): no polling here.
  run(join(bin, "pg_ctl"), ["-D", dataDir, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const [c, a] = asServer(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    spawnSync(c, a, { encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  // Interrupted (Ctrl-C, or a runner cancelling), the server is stopped too: "exit" handlers do not run on a signal.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
  // The TCP listener answers too (pg_ctl may have checked the socket): one connection, awaited, says so.
  try {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 10_000 });
    await client.connect();
    await client.end();
  } catch (e) {
    stop();
    throw new Error(`PostgreSQL started but does not answer on 127.0.0.1:${port}: ${(e as Error).message}`);
  }
  const psql = (sql: string, database = "postgres") => {
    const r = spawnSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop, psql, dataDir };
}
