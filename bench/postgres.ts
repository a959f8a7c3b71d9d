/**
 * The benchmark's PostgreSQL rows: a synthetic archive indexed into a
 * throwaway server (Debian's package, loopback, its own port, started and
 * stopped here), then, per archive size:
 *
 * - build: `indexArchive` from the files (a transaction per 200 articles), and
 *   a second run with nothing changed (the incremental path);
 * - designs: each claim query of the 80-sentence draft ranked by the archive's
 *   GIN design (a first pass on the query's selective terms, then a bounded
 *   candidate set ranked) and by RUM (`ORDER BY terms <=> query LIMIT k`, the
 *   index returning passages in its rank order), timed in the same run, and
 *   how many of the embedded index's top passages each returns;
 * - check: the draft's prefetch plus `checkDocument`, and the claims whose
 *   verdict differs from the embedded index on the same files;
 * - load: N editors at once (each its own pooled connections, as each
 *   language server has), each opening its own 80-sentence draft and then
 *   checking edited sentences one at a time: p50/p95/p99 per N, requests cut
 *   off by the query time limit (the editor then uses its local corpus), and
 *   the server's CPU;
 * - indexing while editors read: the same edits while `grounded index` adds
 *   articles in batches.
 *
 *   npm run bench:postgres                                  # 10,000 articles
 *   npm run bench:postgres -- --articles 10000,100000       # 100,000: about 400 MB of files
 *   npm run bench:postgres -- --load 1,8,32 --edits 10 --limit-ms 10000 --no-rum --no-embedded
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Perturber, prng, writeArchive, writeDraft } from "./archive";
import { analyzeDraft, checkDocument, contextOf, type Corpus, type Finding, queriesFor } from "../server/src/engine";
import { loadIndexedCorpus } from "../server/src/node/corpusCache";
import { connect } from "../server/src/node/archive/connection";
import { indexArchive } from "../server/src/node/archive/indexer";
import { PgArchive } from "../server/src/node/archive/pgArchive";
import { tsqueryLiteral } from "../server/src/node/archive/terms";
import { startPostgres, type TestPostgres } from "../test/helpers/postgres";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (s: string) => s.split(",").map((x) => Number(x.replace(/_/g, "")));

const options = {
  sizes: list(arg("--articles") ?? "10000"),
  load: list(arg("--load") ?? "1,8,32"),
  edits: Number(arg("--edits") ?? 10),
  /** The statement time limit every editor's connections get (the editor's fallback to its local corpus). */
  limitMs: Number(arg("--limit-ms") ?? 10_000),
  /** No new request starts after this many seconds of one load run: the run is bounded in time as in count. */
  deadlineSeconds: Number(arg("--deadline") ?? 120),
  embedded: !process.argv.includes("--no-embedded"),
  rum: !process.argv.includes("--no-rum"),
  sharedBuffers: arg("--shared-buffers") ?? "2GB",
  data: arg("--data") ?? join(tmpdir(), "grounded-bench-pg"),
};

const pct = (xs: readonly number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => (Number.isNaN(x) ? "—" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
/** What the archive is held to: an edit answered in editor time, a draft's evidence within the editor's 4-s limit for the archive, the embedded index's verdicts. */
export const ARCHIVE_TARGETS = { editP95Ms: 500, openP95Ms: 4000, verdictDifferences: 0 };
const mark = (ok: boolean) => (ok ? "✓" : "✗");
const table = (head: string[], rows: string[][]) => [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");

/**
 * CPU seconds the server has used: the postmaster's own, its children's that
 * have exited (backends of closed connections, parallel workers) and its live
 * children's, from /proc (Linux).
 */
function serverCpuSeconds(server: TestPostgres): number {
  const ticks = 100;
  const pid = Number(readFileSync(join(server.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const fields = (p: number | string) => readFileSync(`/proc/${p}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
  const own = fields(pid);
  // After "comm": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  let total = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const f = fields(p);
      if (Number(f[1]) === pid) total += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return total / ticks;
}

interface Built {
  url: string;
  dir: string;
  build: number;
  rebuild: number;
  size: string;
}

async function buildArchive(server: TestPostgres, n: number): Promise<Built> {
  const dir = join(options.data, `archive-${n}`);
  mkdirSync(dir, { recursive: true });
  const written = writeArchive(dir, { articles: n });
  log(`archive of ${n} articles (${(written.bytes / 1e6).toFixed(0)} MB)`);
  server.psql(`CREATE DATABASE bench_${n}`);
  const url = `postgres://postgres@127.0.0.1:${server.port}/bench_${n}`;
  const db = await connect(url, { statementTimeoutMs: 0 });
  try {
    let t = performance.now();
    let last = 0;
    await indexArchive(db, [dir], {
      onProgress: (p) => {
        if (p.seen - last >= 10_000 || p.phase !== "index") {
          last = p.seen;
          log(`index ${p.phase} ${p.seen}/${p.total}`);
        }
      },
    });
    const build = performance.now() - t;
    t = performance.now();
    await indexArchive(db, [dir]);
    const rebuild = performance.now() - t;
    await db.query("VACUUM ANALYZE");
    const size = (await db.query("SELECT pg_size_pretty(pg_database_size(current_database())) AS s")).rows[0].s as string;
    return { url, dir, build, rebuild, size };
  } finally {
    await db.end();
  }
}

interface Query {
  terms: string[];
  limit: number;
}

/** Every query the verifier sends for the draft's claims, each in its paragraph (as the archive's prefetch asks them). */
function draftQueries(draft: string, corpusAliases: Parameters<typeof queriesFor>[2]["aliases"]): Query[] {
  const { sentences } = analyzeDraft(draft, { checkHeadings: false });
  return sentences.filter((s) => s.isClaim && !s.ignored).flatMap((s) => queriesFor(s.plain, contextOf(sentences, s), { aliases: corpusAliases }));
}

/** The two ranked designs on the same queries, in one run: time per query and recall of the embedded index's top passages. */
async function compareDesigns(url: string, queries: Query[], embedded: Corpus | undefined): Promise<string[][]> {
  const archive = await PgArchive.open(url, { statementTimeoutMs: 0, connections: 1 });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const paths = new Map<string, string>((await db.query("SELECT id, path FROM grounded_articles")).rows.map((r) => [r.id, r.path]));
    const exact = embedded ? queries.map((q) => new Set(embedded.index.search(q.terms, q.limit).map((h) => `${embedded.articles[h.article].id}#${h.passage}`))) : undefined;
    const recall = (i: number, got: Array<{ articleId: string; passage: number }>) => (exact ? got.filter((h) => exact[i].has(`${paths.get(h.articleId)}#${h.passage}`)).length : 0);
    const total = exact ? exact.reduce((s, x) => s + x.size, 0) : 0;
    const designs: Array<{ name: string; run(q: Query): Promise<Array<{ articleId: string; passage: number }>> }> = [
      { name: "GIN, selective terms, 256 ranked", run: (q) => archive.search(q.terms, q.limit) },
    ];
    if (options.rum) {
      await db.query("CREATE EXTENSION IF NOT EXISTS rum");
      const t = performance.now();
      await db.query("SET maintenance_work_mem = '1GB'");
      await db.query("CREATE INDEX IF NOT EXISTS bench_passages_rum ON grounded_passages USING rum (terms rum_tsvector_ops)");
      log(`RUM index built in ${ms(performance.now() - t)}`);
      for (const k of [16, 1024]) {
        designs.push({
          name: `RUM, ORDER BY terms <=> query LIMIT ${k}`,
          run: async (q) =>
            (await db.query(`SELECT article_id, idx FROM grounded_passages WHERE terms @@ $1::tsquery ORDER BY terms <=> $1::tsquery LIMIT ${k}`, [tsqueryLiteral(q.terms)])).rows.map((r) => ({
              articleId: r.article_id,
              passage: r.idx,
            })),
        });
      }
    }
    const rows: string[][] = [];
    let base = 0;
    for (const d of designs) {
      for (const q of queries.slice(0, 5)) await d.run(q); // warm the cache
      const times: number[] = [];
      let found = 0;
      for (const [i, q] of queries.entries()) {
        const s = performance.now();
        found += recall(i, await d.run(q));
        times.push(performance.now() - s);
      }
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      base ||= mean;
      rows.push([d.name, ms(pct(times, 50)), ms(pct(times, 95)), `${(mean / base).toFixed(2)}×`, exact ? `${found} of ${total} (${((100 * found) / total).toFixed(0)} %)` : "—"]);
    }
    if (options.rum) await db.query("DROP INDEX bench_passages_rum");
    return rows;
  } finally {
    await db.end();
    await archive.close();
  }
}

/** The draft checked against the archive (prefetch, then the engine), and against the embedded index on the same files. */
async function checkDraft(url: string, draft: string, embedded: Corpus | undefined): Promise<{ row: string[]; differ: string }> {
  const archive = await PgArchive.open(url, { statementTimeoutMs: 0 });
  const checks: number[] = [];
  let prefetch = 0;
  let fromArchive: Finding[] = [];
  try {
    for (let k = 0; k < 3; k++) {
      const s = performance.now();
      const corpus = await archive.corpusForDraft(draft);
      prefetch = performance.now() - s;
      fromArchive = checkDocument({ path: "draft.md", text: draft }, corpus).findings;
      checks.push(performance.now() - s);
    }
  } finally {
    await archive.close();
  }
  let differ = "not compared (--no-embedded)";
  if (embedded) {
    const local = checkDocument({ path: "draft.md", text: draft }, embedded).findings;
    const verdicts = local.filter((f, i) => f.verdict !== fromArchive[i]?.verdict);
    const first = local.filter((f, i) => f.evidence[0]?.articleId !== fromArchive[i]?.evidence[0]?.articleId).length;
    differ = `of ${local.length} claims, ${verdicts.length} verdicts differ from the embedded index ${mark(verdicts.length <= ARCHIVE_TARGETS.verdictDifferences)} (${first} cite another first source)`;
    for (const f of verdicts) log(`verdict differs: ${f.text} (embedded ${f.verdict})`);
  }
  return { row: [ms(pct(checks, 50)), ms(prefetch)], differ };
}

interface EditorWork {
  draft: string;
  edits: string[];
}

/** Each editor's own draft (another seed each) and the edited sentences it checks one at a time after opening it. */
function editorWork(count: number, edits: number): EditorWork[] {
  return Array.from({ length: count }, (_, k) => {
    const file = join(options.data, `draft-editor-${k}.md`);
    writeDraft(file, { sentences: 80, seed: k + 1 });
    const draft = readFileSync(file, "utf8");
    const claims = analyzeDraft(draft, { checkHeadings: false }).sentences.filter((s) => s.isClaim && !s.ignored);
    const random = prng(1000 + k);
    const p = new Perturber(random);
    // An edit changes a name, a figure or a date of one claim: a sentence no cache has seen.
    return { draft, edits: Array.from({ length: edits }, () => p.perturb(claims[Math.floor(random() * claims.length)].plain, 1)) };
  });
}

interface LoadResult {
  open: number[];
  edit: number[];
  cutOff: number;
  failed: number;
  /** Each distinct reason a request failed for, with how often. */
  reasons: Map<string, number>;
  notStarted: number;
  wall: number;
  cpu: number;
  /** CPU seconds of this process: the editors' own side (each request's draft analysis and queries) runs here. */
  clientCpu: number;
}

/** N editors at once against the archive, each with its own pool; bounded by the work given and by the deadline. */
async function load(server: TestPostgres, url: string, work: readonly EditorWork[], during?: () => Promise<unknown>): Promise<LoadResult> {
  const r: LoadResult = { open: [], edit: [], cutOff: 0, failed: 0, reasons: new Map(), notStarted: 0, wall: 0, cpu: 0, clientCpu: 0 };
  const editors = await Promise.all(work.map(() => PgArchive.open(url, { statementTimeoutMs: options.limitMs, applicationName: "grounded bench editor" })));
  const cpu0 = serverCpuSeconds(server);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + options.deadlineSeconds * 1000;
  const timed = async (into: number[], request: () => Promise<unknown>) => {
    if (performance.now() > deadline) {
      r.notStarted++;
      return;
    }
    const s = performance.now();
    try {
      await request();
      into.push(performance.now() - s);
    } catch (e) {
      const why = (e as Error).message;
      // The server's statement limit, or the client's own answer limit just past it: either way the editor uses its local corpus.
      if (/took too long|timed out/.test(why)) r.cutOff++;
      else {
        r.failed++;
        r.reasons.set(why, (r.reasons.get(why) ?? 0) + 1);
      }
    }
  };
  try {
    await Promise.all([
      ...work.map(async (w, k) => {
        await timed(r.open, () => editors[k].corpusForDraft(w.draft));
        for (const sentence of w.edits) await timed(r.edit, () => editors[k].corpusFor([sentence]));
      }),
      during?.(),
    ]);
    r.wall = (performance.now() - t0) / 1000;
    r.cpu = serverCpuSeconds(server) - cpu0;
    const c = process.cpuUsage(client0);
    r.clientCpu = (c.user + c.system) / 1e6;
  } finally {
    await Promise.all(editors.map((e) => e.close()));
  }
  return r;
}

function loadRow(label: string, n: number, r: LoadResult): string[] {
  const q = (xs: number[], target: number) =>
    xs.length ? `${ms(pct(xs, 50))} / ${ms(pct(xs, 95))} ${mark(pct(xs, 95) <= target)} / ${ms(pct(xs, 99))}` : `all cut off ${mark(false)}`;
  for (const [why, count] of r.reasons) log(`${label}, ${n} editors: ${count} failed: ${why}`);
  return [
    label,
    String(n),
    q(r.open, ARCHIVE_TARGETS.openP95Ms),
    q(r.edit, ARCHIVE_TARGETS.editP95Ms),
    `${r.open.length + r.edit.length} done, ${r.cutOff} cut off by the time limit (${options.limitMs / 1000} s), ${r.failed} failed, ${r.notStarted} not started`,
    `${r.cpu.toFixed(1)} s in ${r.wall.toFixed(1)} s (${(r.cpu / r.wall).toFixed(2)} cores)`,
    `${(r.clientCpu / r.wall).toFixed(2)} cores`,
  ];
}

async function measure(server: TestPostgres, n: number, out: string[]): Promise<void> {
  const built = await buildArchive(server, n);
  const draftFile = join(options.data, "draft-80.md");
  writeDraft(draftFile, { sentences: 80 });
  const draft = readFileSync(draftFile, "utf8");
  const embedded = options.embedded
    ? (await loadIndexedCorpus([built.dir], { cacheDir: join(options.data, "cache"), onProblem: () => {} })).corpus
    : undefined;
  const archive = await PgArchive.open(built.url, { statementTimeoutMs: 0 });
  const { aliases } = await archive.state();
  await archive.close();
  const queries = draftQueries(draft, aliases);
  // The designs are compared on the draft's first 30 claims (RUM takes seconds a query at 100,000 articles).
  const designs = await compareDesigns(built.url, queries.slice(0, 30), embedded);
  const check = await checkDraft(built.url, draft, embedded);
  const N = n.toLocaleString("en-US");
  out.push(`\n### ${N} articles\n`);
  out.push(table(["Build", "Re-run, nothing changed", "Size", "Check, 80-sentence draft", "of which prefetch"], [[ms(built.build), ms(built.rebuild), built.size, ...check.row]]));
  out.push(`\nVerdicts: ${check.differ}.\n`);
  out.push(table(["Design (one run)", "Query p50", "Query p95", "Mean time ÷ GIN's", "Embedded index's top passages returned"], designs));
  const rows: string[][] = [];
  for (const editors of options.load) {
    log(`${N}: ${editors} editors at once`);
    rows.push(loadRow("read only", editors, await load(server, built.url, editorWork(editors, options.edits))));
  }
  // The same edits while another archive's worth of articles is written in batches, for the middle N.
  const mid = options.load[Math.floor(options.load.length / 2)];
  const extra = join(options.data, `extra-${n}`);
  writeArchive(extra, { articles: Math.min(2000, Math.ceil(n / 10)), seed: 99 });
  const indexer = await connect(built.url, { statementTimeoutMs: 0 });
  try {
    log(`${N}: ${mid} editors while indexing`);
    rows.push(loadRow("while indexing", mid, await load(server, built.url, editorWork(mid, options.edits), () => indexArchive(indexer, [built.dir, extra]))));
  } finally {
    await indexer.end();
  }
  out.push(
    `\n${table(["Editors", "N", "Open: draft prefetch p50 / p95 / p99", "Edit: one sentence p50 / p95 / p99", "Requests", "Server CPU", "Editors' CPU (this process)"], rows)}`,
  );
}

async function main() {
  mkdirSync(options.data, { recursive: true });
  // The server is sized for the archive, as a production one would be: the passages and their index stay in memory.
  const server = await startPostgres({ settings: { shared_buffers: options.sharedBuffers, max_connections: "200" } });
  const out: string[] = [
    `PostgreSQL archive: shared_buffers ${options.sharedBuffers}, query time limit ${options.limitMs / 1000} s, ${options.edits} edits per editor, deadline ${options.deadlineSeconds} s per load run.`,
    `Targets: one-sentence edit p95 ≤ ${ARCHIVE_TARGETS.editP95Ms} ms, a draft's prefetch p95 ≤ ${ARCHIVE_TARGETS.openP95Ms / 1000} s (the editor's limit for the archive), ${ARCHIVE_TARGETS.verdictDifferences} verdicts differing from the embedded index.`,
  ];
  try {
    process.stdout.write(out.join("\n") + "\n");
    // Each size's tables as soon as they are measured.
    for (const n of options.sizes) {
      const part: string[] = [];
      await measure(server, n, part);
      process.stdout.write(part.join("\n") + "\n");
    }
  } finally {
    server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
