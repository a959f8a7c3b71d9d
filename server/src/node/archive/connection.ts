/**
 * Connections to the archive: where the URL comes from, the time limits every
 * connection gets, and the one-line message a writer sees when the server is
 * down or slow.
 */
import type pg from "pg";

/** node-postgres, loaded at the first connection: a check without an archive does not load it (about 17 ms of each CLI start). */
async function driver(): Promise<typeof pg> {
  return (await import("pg")).default;
}

/** The environment variable read when no URL is given, or when the URL is `env:NAME`. */
export const DATABASE_URL_ENV = "GROUNDED_DATABASE_URL";

/**
 * The connection string: `env:NAME` (or `env`) reads it from an environment
 * variable, so no password needs to sit in a settings file or a command line.
 * libpq's own `PGPASSWORD` and `~/.pgpass` are honoured by node-postgres too.
 */
export function resolveDatabaseUrl(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = value?.trim();
  if (!v) return env[DATABASE_URL_ENV] || undefined;
  if (v === "env") return env[DATABASE_URL_ENV] || undefined;
  if (v.startsWith("env:")) return env[v.slice(4)] || undefined;
  return v;
}

export interface ConnectOptions {
  /** Milliseconds to wait for a connection (default 5,000). */
  connectTimeoutMs?: number;
  /** Milliseconds a statement may run on the server before it is cancelled (default 30,000; 0 for none). */
  statementTimeoutMs?: number;
  /** Milliseconds the client waits for any query's answer (default: the statement timeout plus 5 s). */
  queryTimeoutMs?: number;
  applicationName?: string;
}

/** `host:port` of a connection string, for messages; never the password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get("host") || "localhost";
    return `${host}:${u.port || "5432"}`;
  } catch {
    return "the archive database";
  }
}

/** An error about the archive with a message a writer can act on. */
export class ArchiveError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** Turns a driver or network error into one line naming host:port, without the password. */
export function explain(e: unknown, url: string): ArchiveError {
  if (e instanceof ArchiveError) return e;
  const err = e as NodeJS.ErrnoException & { code?: string; message?: string };
  const where = describeTarget(url);
  const code = err?.code;
  const msg = String(err?.message ?? e);
  // Errors of reaching the server say "unreachable"; errors the server answered with say what it said.
  let unreachable = true;
  let why: string;
  if (code === "ECONNREFUSED") why = "connection refused (is the server running?)";
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN") why = "unknown host";
  else if (code === "57014" || /statement timeout|canceling statement/i.test(msg)) why = "the query took too long and was cancelled";
  else if (code === "ETIMEDOUT" || /timeout|timed out/i.test(msg)) why = "no answer in time (timed out)";
  else if (code === "57P01" || code === "57P03" || /terminat|ECONNRESET|EPIPE/i.test(`${code} ${msg}`)) why = "the server closed the connection";
  else {
    unreachable = false;
    if (code === "28P01" || code === "28000") why = "authentication failed";
    else if (code === "3D000") why = "no such database";
    else if (code === "42P01") why = "not a Grounded archive (run `grounded index --db … --corpus DIR` first)";
    else if (code === "42501") why = "permission denied";
    else why = msg.replace(/postgres(ql)?:\/\/[^\s]*/g, "<url>");
  }
  return new ArchiveError(`archive database at ${where}${unreachable ? " is unreachable" : ""}: ${why}`, e);
}

/** The driver's settings for a connection with the time limits of `options`. */
function clientConfig(url: string, options: ConnectOptions): pg.ClientConfig {
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  return {
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: statementTimeout || undefined,
    query_timeout: options.queryTimeoutMs ?? (statementTimeout ? statementTimeout + 5_000 : undefined),
    application_name: options.applicationName ?? "grounded",
    keepAlive: true,
  };
}

/**
 * A pool of `connections` connections with the time limits of `options`,
 * kept: a language server's checks share it, and a draft's queries run on
 * several at once (so on several of the server's cores). They are all made
 * now, so that an unreachable archive is an error here, as with `connect`,
 * and a first check does not wait for a busy server to start a backend.
 */
export async function connectPool(url: string, options: ConnectOptions & { connections?: number } = {}): Promise<pg.Pool> {
  const { Pool } = await driver();
  const pool = new Pool({ ...clientConfig(url, options), max: Math.max(1, options.connections ?? 2), idleTimeoutMillis: 60_000 });
  // An idle connection that the server closes is dropped by the pool; the next query opens another.
  pool.on("error", () => {});
  try {
    const clients = await Promise.all(Array.from({ length: Math.max(1, options.connections ?? 2) }, () => pool.connect()));
    for (const c of clients) c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw explain(e, url);
  }
  return pool;
}

/** One connection with time limits set on both sides: a down or slow server gives an error, never a hang. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const { Client } = await driver();
  const client = new Client(clientConfig(url, options));
  // A connection lost later is reported by the query that needs it; this keeps the process alive.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw explain(e, url);
  }
  return client;
}
