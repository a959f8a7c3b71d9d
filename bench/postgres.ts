/**
 * The benchmark's PostgreSQL rows: a synthetic archive indexed into a
 * throwaway server (Debian's package, loopback, its own port), then
 * - build: `indexArchive` from the files (a transaction per 200 articles), and a
 *   second run with nothing changed (the incremental path);
 * - query: one `ts_rank_cd` search per claim of the draft, p50 and p95;
 * - check: the 80-sentence draft, prefetch (all queries in one round trip, then
 *   the articles) plus the engine's `checkDocument`;
 * and, for comparison, the embedded index on the same files.
 *
 *   npm run bench:postgres                      # 10,000 articles
 *   npm run bench:postgres -- --articles 100000 # opt in: about 400 MB of files
 *   npm run bench:postgres -- --articles 1000,10000 --no-embedded
 */
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeArchive, writeDraft } from "./archive";
import { buildCorpus, checkDocument, type Finding } from "../server/src/engine";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import { retrievalQuery } from "../server/src/engine/verify/verify";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { connect } from "../server/src/node/archive/connection";
import { indexArchive } from "../server/src/node/archive/indexer";
import { PgArchive } from "../server/src/node/archive/pgArchive";
import { startPostgres } from "../test/helpers/postgres";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sizes = (arg("--articles") ?? "10000").split(",").map(Number);
const embedded = !process.argv.includes("--no-embedded");
const cacheDir = arg("--data") ?? join(tmpdir(), "grounded-bench-pg");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`);

async function main() {
  const server = await startPostgres();
  const rows: string[][] = [];
  try {
    for (const n of sizes) {
      const dir = join(cacheDir, `archive-${n}`);
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      const written = writeArchive(dir, { articles: n });
      process.stderr.write(`bench: archive of ${n} articles (${(written.bytes / 1e6).toFixed(0)} MB) ready in ${ms(performance.now() - t0)}\n`);
      const draftFile = join(cacheDir, "draft-80.md");
      writeDraft(draftFile, { sentences: 80 });
      const draft = readFileSync(draftFile, "utf8");

      const dbName = `bench_${n}`;
      server.psql(`CREATE DATABASE ${dbName}`);
      const url = `postgres://postgres@127.0.0.1:${server.port}/${dbName}`;
      const db = await connect(url, { statementTimeoutMs: 0 });
      let t = performance.now();
      let last = 0;
      await indexArchive(db, [dir], {
        onProgress: (p) => {
          if (p.seen - last >= 5000 || p.phase !== "index") {
            last = p.seen;
            process.stderr.write(`bench: index ${p.phase} ${p.seen}/${p.total}\n`);
          }
        },
      });
      const build = performance.now() - t;
      t = performance.now();
      await indexArchive(db, [dir]);
      const rebuild = performance.now() - t;
      const size = await db.query("SELECT pg_size_pretty(pg_database_size(current_database())) AS s");
      await db.query("VACUUM ANALYZE");
      await db.end();

      const archive = await PgArchive.open(url, { statementTimeoutMs: 0 });
      const { aliases } = await archive.state();
      const claims = analyzeDraft(draft, { checkHeadings: false }).sentences.filter((s) => s.isClaim && !s.ignored);
      const queries = claims.map((s) => retrievalQuery(s.plain, { aliases }));
      for (const q of queries.slice(0, 5)) await archive.search(q.terms, q.limit); // warm the cache
      const times: number[] = [];
      for (const q of queries) {
        const s = performance.now();
        await archive.search(q.terms, q.limit);
        times.push(performance.now() - s);
      }
      const checks: number[] = [];
      let prefetch = 0;
      let fromArchive: Finding[] = [];
      for (let k = 0; k < 3; k++) {
        const s = performance.now();
        const corpus = await archive.corpusForDraft(draft);
        prefetch = performance.now() - s;
        fromArchive = checkDocument({ path: "draft.md", text: draft }, corpus).findings;
        checks.push(performance.now() - s);
      }
      await archive.close();
      process.stderr.write(`bench: PostgreSQL ${n}: build ${ms(build)}, re-run ${ms(rebuild)}, ${size.rows[0].s}, query p50 ${ms(pct(times, 50))} p95 ${ms(pct(times, 95))}, check ${ms(pct(checks, 50))} (prefetch ${ms(prefetch)})\n`);
      rows.push([`PostgreSQL ${n.toLocaleString("en")}`, ms(build), ms(rebuild), size.rows[0].s, ms(pct(times, 50)), ms(pct(times, 95)), `${ms(pct(checks, 50))} (prefetch ${ms(prefetch)})`]);

      if (embedded) {
        t = performance.now();
        const { articles } = await loadCorpus([dir]);
        const corpus = buildCorpus(articles);
        const eBuild = performance.now() - t;
        const eTimes = queries.map((q) => {
          const s = performance.now();
          corpus.index.search(q.terms, q.limit);
          return performance.now() - s;
        });
        const s = performance.now();
        const local = checkDocument({ path: "draft.md", text: draft }, corpus).findings;
        const verdicts = local.filter((f, i) => f.verdict !== fromArchive[i]?.verdict).length;
        const codes = local.filter((f, i) => f.code !== fromArchive[i]?.code).length;
        const first = local.filter((f, i) => f.evidence[0]?.articleId !== fromArchive[i]?.evidence[0]?.articleId).length;
        process.stderr.write(`bench: ${n} articles: of ${local.length} claims, ${verdicts} verdicts, ${codes} codes and ${first} first sources differ between the archive and the embedded index\n`);
        rows.push([`embedded ${n.toLocaleString("en")}`, ms(eBuild), "—", "in memory", ms(pct(eTimes, 50)), ms(pct(eTimes, 95)), ms(performance.now() - s)]);
      }
    }
  } finally {
    server.stop();
  }
  const head = ["Index, articles", "Build", "Re-run, nothing changed", "Size", "Query p50", "Query p95", "Check, 80-sentence draft"];
  const out = [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  process.stdout.write(out + "\n");
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
