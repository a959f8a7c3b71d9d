/**
 * One benchmark measurement per process, so that peak RSS is that measurement's
 * own. `bench/bench.ts` bundles this file into `dist/bench-worker.js`, beside
 * the engine's worker bundles (so that a cold build ingests in worker threads
 * as the CLI and the server do), and runs it as
 *
 *   node dist/bench-worker.js <task> --archive DIR [--cache DIR] [--draft FILE]... [...]
 *
 * It prints one line that starts with `BENCH `, a JSON object.
 * Tasks: `build` (index with an empty cache folder), `check` (start from the
 * persisted index, then check each draft), `fuse` (the naive fuse.js scan on
 * the same claims), `lsp` (the built language server: first check, re-checks
 * after one-word edits, hovers), `cold` (the language server's first
 * diagnostics while a cold index builds), `long` (hovers and completions
 * while a 5 MB draft is checked).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import Fuse from "fuse.js";
import { analyzeDraft, CheckSession, checkDocument, type Corpus, defaultCheckSettings, passageText } from "../server/src/engine";
import { loadReading } from "../server/src/node/nli/reading";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { loadIndexedCorpus } from "../server/src/node/corpusCache";
import { prng } from "./archive";
import { startServer } from "../test/helpers/lspClient";

interface Args {
  archive: string;
  cache?: string;
  drafts: string[];
  claims: number;
  edits: number;
  hovers: number;
  seed: number;
  /** Check with the reading model (`models/nli/`), as the CLI and the editor do, instead of the lexical decision alone. */
  model: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { archive: "", drafts: [], claims: 3, edits: 100, hovers: 100, seed: 1, model: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case "--archive": a.archive = resolve(value()); break;
      case "--cache": a.cache = resolve(value()); break;
      case "--draft": a.drafts.push(resolve(value())); break;
      case "--claims": a.claims = Number(value()); break;
      case "--edits": a.edits = Number(value()); break;
      case "--hovers": a.hovers = Number(value()); break;
      case "--seed": a.seed = Number(value()); break;
      case "--model": a.model = true; break;
      default: throw new Error(`bench worker: unknown argument ${argv[i]}`);
    }
  }
  if (!a.archive) throw new Error("bench worker: --archive is required");
  return a;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;
const ignoreProblem = () => undefined;


/** Loads the archive through the persisted index in `--cache` (built there when the folder is empty). */
async function load(args: Args): Promise<{ corpus: Corpus; seconds: number; stats: Awaited<ReturnType<typeof loadIndexedCorpus>>["stats"] }> {
  const t0 = performance.now();
  const { corpus, stats } = await loadIndexedCorpus([args.archive], { cacheDir: args.cache ?? null, onProblem: ignoreProblem });
  return { corpus, seconds: seconds(t0), stats };
}

async function build(args: Args) {
  const r = await load(args);
  return {
    seconds: r.seconds,
    files: r.corpus.articles.length,
    // The files' bytes (reading every article's text here would decode texts the build keeps as bytes).
    bytes: r.stats.bytes,
    passages: r.corpus.articles.reduce((n, a) => n + a.passages.length, 0),
    stats: r.stats,
    peakRssMB: peakRssMB(),
  };
}

async function check(args: Args) {
  const r = await load(args);
  // With --model: the reading model loaded as the CLI loads it (its answers cached in memory only, so the first check scores every pair).
  const t00 = performance.now();
  const reading = args.model ? await loadReading({ wanted: true, cacheDir: null }) : undefined;
  if (reading?.problem) throw new Error(reading.problem);
  const modelLoadSeconds = reading ? seconds(t00) : null;
  const once = async (path: string, text: string) => {
    if (!reading) return checkDocument({ path, text }, r.corpus);
    return (await new CheckSession(r.corpus, { verifier: reading.verifier }).checkDocument({ path, text }, { checkHeadings: defaultCheckSettings.checkHeadings }))!;
  };
  const drafts = [];
  for (const path of args.drafts) {
    const text = readFileSync(path, "utf8");
    const t0 = performance.now();
    const result = await once(path, text);
    drafts.push({ path, words: text.split(/\s+/).filter(Boolean).length, claims: result.findings.length, seconds: seconds(t0) });
  }
  // The first check also pays for what the engine loads or memoises on first use (and, with the model, scores every pair); a second one shows how much.
  const again = args.drafts[0];
  const t1 = performance.now();
  if (again) await once(again, readFileSync(again, "utf8"));
  const repeatSeconds = again ? seconds(t1) : null;
  return {
    modelLoadSeconds,
    // A load that had to ingest files again is no start from the persisted index.
    cacheLoadSeconds: r.seconds,
    fromCache: r.stats.reindexed === 0 && !r.stats.cacheProblem,
    stats: r.stats,
    drafts,
    repeatFirstDraftSeconds: repeatSeconds,
    peakRssMB: peakRssMB(),
  };
}

/** The claims of a draft, in order, as the engine sees them. */
function claimsOf(text: string): Array<{ plain: string; start: number; end: number }> {
  return analyzeDraft(text, { checkHeadings: false }).sentences
    .filter((s) => s.isClaim && !s.ignored)
    .map((s) => ({ plain: s.plain, start: s.span.start, end: s.span.end }));
}

/** The naive approach of the issue: every corpus passage in one fuse.js index, each claim searched against all. */
async function fuse(args: Args) {
  const loaded = await loadCorpus([args.archive], { onProblem: ignoreProblem });
  const sentences: string[] = [];
  for (const a of loaded.articles) for (const p of a.passages) sentences.push(passageText(a, p));
  const claims = claimsOf(readFileSync(args.drafts[0], "utf8"));
  // Spread the sample over the draft rather than take its first paragraph only.
  const step = Math.max(1, Math.floor(claims.length / args.claims));
  const sample = claims.filter((_, i) => i % step === 0).slice(0, args.claims);
  const t0 = performance.now();
  const index = new Fuse(sentences, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
  const indexSeconds = seconds(t0);
  const perClaim: number[] = [];
  for (const c of sample) {
    const t1 = performance.now();
    index.search(c.plain);
    perClaim.push(seconds(t1));
  }
  const total = perClaim.reduce((s, x) => s + x, 0);
  return { sentences: sentences.length, claims: sample.length, indexSeconds, perClaim, secondsPerClaim: total / sample.length, peakRssMB: peakRssMB() };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The built server's peak resident set (VmHWM), read before it exits; Linux only. */
function serverPeakRssMB(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The server's line about the corpus it indexed: whether it started from the persisted index (how many files it read anew). */
function indexedLine(server: Awaited<ReturnType<typeof startServer>>): string | null {
  return server.logs.find((l) => /^grounded: indexed \d+ articles/.test(l)) ?? null;
}

/** One-word edits: a word of a random claim replaced by a word of another claim, so that each edit is a sentence not seen before. */
function editedText(text: string, claims: ReturnType<typeof claimsOf>, random: () => number): string {
  for (;;) {
    const c = claims[Math.floor(random() * claims.length)];
    const words = [...text.slice(c.start, c.end).matchAll(/\b[a-z]{4,}\b/g)];
    const donor = claims[Math.floor(random() * claims.length)].plain.match(/\b[a-z]{4,}\b/g);
    if (!words.length || !donor) continue;
    const w = words[Math.floor(random() * words.length)];
    const replacement = donor[Math.floor(random() * donor.length)];
    if (replacement === w[0]) continue;
    const at = c.start + w.index!;
    return text.slice(0, at) + replacement + text.slice(at + w[0].length);
  }
}

async function lsp(args: Args) {
  // The helper starts dist/server.js relative to the working directory: the repository root.
  process.chdir(join(__dirname, ".."));
  const ws = mkdtempSync(join(tmpdir(), "grounded-bench-ws-"));
  const draftPath = join(ws, "draft.md");
  let text = readFileSync(args.drafts[0], "utf8");
  writeFileSync(draftPath, text);
  const uri = pathToFileURL(draftPath).toString();
  const server = await startServer(ws, { corpus: { paths: [args.archive] }, debounceMs: 0 }, { initializationOptions: { cacheDir: args.cache } });
  type Published = Awaited<ReturnType<typeof server.diagnostics>>;
  // The helper gives up after 60 s; indexing a large archive may take longer, so keep waiting on the same event.
  const diagnosticsOf = async (version: number): Promise<Published> => {
    const accept = (p: Published) => p.version === version;
    for (;;) {
      try {
        return await server.diagnostics(uri, accept);
      } catch (e) {
        const done = server.published.find((p) => p.uri === uri && accept(p));
        if (done) return done;
        if (server.process.exitCode !== null) throw e;
      }
    }
  };
  try {
    let version = 1;
    const t0 = performance.now();
    // While a cold index builds, the first publishes come from the part indexed so far (their tally has claims pending):
    // the edits start once the whole corpus has answered.
    const whole = new Promise<void>((resolve) => {
      server.connection.onNotification("grounded/status", (t: { uri: string; version: number; pending?: number }) => {
        if (t.uri === uri && t.version === 1 && t.pending === undefined) resolve();
      });
    });
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version, text } });
    await whole;
    const opened = server.published.filter((p) => p.uri === uri && p.version === 1).at(-1)!;
    const firstCheckSeconds = seconds(t0);

    const random = prng(args.seed);
    const recheckMs: number[] = [];
    let latest = opened;
    for (let i = 0; i < args.edits; i++) {
      // Claims move as words change length: find them again in the current text (not timed).
      text = editedText(text, claimsOf(text), random);
      const v = ++version;
      const t1 = performance.now();
      const waiting = diagnosticsOf(v);
      await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text }] });
      latest = await waiting;
      recheckMs.push(performance.now() - t1);
    }

    // Hover a few characters into claims of the current version, where the server reported them.
    const ranges = latest.diagnostics.map((d) => d.range.start);
    const hoverMs: number[] = [];
    let answered = 0;
    for (let i = 0; i < args.hovers && ranges.length; i++) {
      const at = ranges[Math.floor(random() * ranges.length)];
      const t2 = performance.now();
      const hover = await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
      hoverMs.push(performance.now() - t2);
      if (hover) answered++;
    }
    return {
      firstCheckSeconds,
      diagnostics: opened.diagnostics.length,
      recheck: { n: recheckMs.length, p50: percentile(recheckMs, 50), p95: percentile(recheckMs, 95), max: Math.max(...recheckMs) },
      hover: { n: hoverMs.length, answered, p50: percentile(hoverMs, 50), p95: percentile(hoverMs, 95), max: Math.max(...hoverMs) },
      indexed: indexedLine(server),
      serverPeakRssMB: serverPeakRssMB(server.process.pid),
      peakRssMB: peakRssMB(),
    };
  } finally {
    await server.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * The editor's cold start (issue #16): the built language server with an
 * empty persisted-index folder, the 80-sentence draft opened at once. Each
 * publish and each status tally is timed from `didOpen`: the first ones come
 * from the part of the archive indexed so far (their tally counts the claims
 * held back as pending), the last from all of it.
 */
async function cold(args: Args) {
  process.chdir(join(__dirname, ".."));
  const ws = mkdtempSync(join(tmpdir(), "grounded-bench-ws-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "grounded-bench-cold-"));
  const draftPath = join(ws, "draft.md");
  const text = readFileSync(args.drafts[0], "utf8");
  writeFileSync(draftPath, text);
  const uri = pathToFileURL(draftPath).toString();
  const server = await startServer(ws, { corpus: { paths: [args.archive] }, debounceMs: 0 }, { initializationOptions: { cacheDir } });
  const publishes: Array<{ seconds: number; diagnostics: number }> = [];
  const statuses: Array<{ seconds: number; pending: number | null }> = [];
  const indexLog: Array<{ seconds: number; line: string }> = [];
  try {
    const t0 = performance.now();
    // The tally without pending claims is the whole corpus's.
    const whole = new Promise<void>((resolve) => {
      server.connection.onNotification("grounded/status", (t: { uri: string; pending?: number }) => {
        if (t.uri !== uri) return;
        statuses.push({ seconds: seconds(t0), pending: t.pending ?? null });
        if (t.pending === undefined) resolve();
      });
    });
    // The server's own lines about the index (the parts so far, the whole), timed as the publishes are.
    server.connection.onNotification("window/logMessage", (m: { message: string }) => {
      if (/^grounded: indexed /.test(m.message)) indexLog.push({ seconds: seconds(t0), line: m.message });
    });
    // This replaces the helper's own handler of publishes: this task times them itself.
    server.connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: unknown[] }) => {
      if (p.uri === uri) publishes.push({ seconds: seconds(t0), diagnostics: p.diagnostics.length });
    });
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    await whole;
    const first = publishes.find((p) => p.diagnostics > 0);
    const last = publishes.at(-1)!;
    return {
      claims: claimsOf(text).length,
      firstSeconds: first?.seconds ?? null,
      firstDiagnostics: first?.diagnostics ?? 0,
      firstPending: first ? (statuses.find((t) => t.seconds >= first.seconds)?.pending ?? null) : null,
      wholeSeconds: last.seconds,
      wholeDiagnostics: last.diagnostics,
      publishes,
      statuses,
      indexLog,
      serverPeakRssMB: serverPeakRssMB(server.process.pid),
    };
  } finally {
    await server.stop();
    rmSync(ws, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * The diagnostics of a document's check against the whole corpus, once the
 * server says it is finished: the first status of the document's version 1
 * with no claims pending (a status follows its publish). Publishes before it
 * may come from part of a cold build, with the claims it cannot answer yet
 * held back, and would count fewer diagnostics from one run to the next.
 */
function finalChecks(server: Awaited<ReturnType<typeof startServer>>): (uri: string) => Promise<Awaited<ReturnType<typeof server.diagnostics>>> {
  const waiting = new Map<string, () => void>();
  server.connection.onNotification("grounded/status", (t: { uri: string; version: number; pending?: number }) => {
    if (t.version === 1 && t.pending === undefined) waiting.get(t.uri)?.();
  });
  return (uri) => new Promise((resolve) => waiting.set(uri, () => resolve(server.published.filter((p) => p.uri === uri).at(-1)!)));
}

/** Issue #16's bound on a hover or completion while a long draft is checked. */
const TARGET_MS = 50;

/** A draft of about `bytes` characters: the text over and over, then a footnote marker being typed (where completion is asked). */
function longDraft(text: string, bytes: number): string {
  const parts: string[] = [];
  for (let n = 0; n < bytes; n += text.length + 2) parts.push(text);
  return `${parts.join("\n\n")}\n\nAs the report said [^`;
}

/**
 * Item 4 of issue #16: a 5 MB draft opened in the built language server
 * (against the archive's persisted index, an 80-sentence draft open and
 * checked already), and hovers (on the short draft's claims) and
 * completions (after `[^` in the long one) asked one after another while
 * the long one is parsed and checked, each timed, until its diagnostics come.
 */
async function longDraftTask(args: Args) {
  process.chdir(join(__dirname, ".."));
  const ws = mkdtempSync(join(tmpdir(), "grounded-bench-ws-"));
  const short = readFileSync(args.drafts[0], "utf8");
  const long = longDraft(readFileSync(args.drafts[1] ?? args.drafts[0], "utf8"), 5 * 1024 * 1024);
  const shortUri = pathToFileURL(join(ws, "short.md")).toString();
  const longUri = pathToFileURL(join(ws, "long.md")).toString();
  const server = await startServer(ws, { corpus: { paths: [args.archive] }, debounceMs: 0 }, { initializationOptions: { cacheDir: args.cache } });
  const checked = finalChecks(server);
  try {
    const opened = checked(shortUri);
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: shortUri, languageId: "markdown", version: 1, text: short } });
    const claims = (await opened).diagnostics.map((d) => d.range.start);
    const lines = long.split("\n");
    const end = { line: lines.length - 1, character: lines.at(-1)!.length };
    const t0 = performance.now();
    let finished = false;
    const done = checked(longUri).then((p) => {
      finished = true;
      return p;
    });
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: longUri, languageId: "markdown", version: 1, text: long } });
    const hoverMs: number[] = [];
    const completionMs: number[] = [];
    const slow: Array<{ at: number; ms: number; request: string }> = [];
    const random = prng(args.seed);
    for (let i = 0; !finished; i++) {
      const t1 = performance.now();
      if (i % 2 === 0) {
        const at = claims[Math.floor(random() * claims.length)];
        await server.connection.sendRequest("textDocument/hover", { textDocument: { uri: shortUri }, position: { line: at.line, character: at.character + 2 } });
        hoverMs.push(performance.now() - t1);
      } else {
        await server.connection.sendRequest("textDocument/completion", { textDocument: { uri: longUri }, position: end });
        completionMs.push(performance.now() - t1);
      }
      // The slow answers, and when they came (the server's thread was busy then).
      if (performance.now() - t1 > TARGET_MS) slow.push({ at: seconds(t0), ms: performance.now() - t1, request: i % 2 === 0 ? "hover" : "completion" });
    }
    const published = await done;
    const stats = (ms: number[]) => ({ n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) });
    return {
      characters: long.length,
      checkSeconds: seconds(t0),
      diagnostics: published.diagnostics.length,
      hover: stats(hoverMs),
      completion: stats(completionMs),
      slow,
      indexed: indexedLine(server),
      serverPeakRssMB: serverPeakRssMB(server.process.pid),
    };
  } finally {
    await server.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}

const tasks: Record<string, (a: Args) => Promise<object>> = { build, check, fuse, lsp, cold, long: longDraftTask };

async function main() {
  const [task, ...rest] = process.argv.slice(2);
  const run = tasks[task];
  if (!run) throw new Error(`bench worker: unknown task ${task} (expected ${Object.keys(tasks).join(", ")})`);
  const result = await run(parseArgs(rest));
  process.stdout.write(`BENCH ${JSON.stringify({ task, ...result })}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
