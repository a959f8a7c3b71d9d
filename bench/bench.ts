/**
 * `npm run bench`: the performance benchmark of issue #6.
 *
 *   npm run bench -- [--sizes 1000,10000,50000] [--quick] [--no-fuse] [--no-lsp] [--out FILE]
 *                    [--postgres 10000,100000]   (the PostgreSQL archive's rows, bench/postgres.ts)
 *   npm run bench -- --table bench/results.json    (the table of an earlier run)
 *
 * For each archive size it generates (or reuses) a synthetic archive under
 * `os.tmpdir()/grounded-bench/`, then measures in child processes
 * (`bench/worker.ts`), one measurement each so that peak RSS is its own:
 * index build from an empty cache, start from the persisted index and full
 * checks of the two drafts, the language server (re-check after one-word edits,
 * hovers; its first diagnostics while a cold index builds; hovers and
 * completions while a 5 MB draft is checked) and the naive fuse.js scan. It prints one Markdown table with each
 * target marked ✓ or ✗ and writes `bench/results.json`.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { build as bundle } from "esbuild";
import { writeArchive, writeDraft } from "./archive";

/**
 * The targets, set for 10,000 articles (41 MB) on a 2-core machine: issue #6's,
 * with issue #16's cold start (indexed from nothing in ≤ 4 s, so ≥ 10 MB/s)
 * and its check of the 80-sentence draft from the persisted index (≤ 0.5 s).
 */
export const TARGETS = {
  buildMBps: 10,
  buildSeconds: 4,
  cacheLoadSeconds: 0.5,
  peakRssMB: 400,
  check80Seconds: 0.5,
  recheckP95Ms: 50,
  hoverP95Ms: 20,
  /** Issue #16: while a cold index builds, the first diagnostics of an open draft within 2 s. */
  coldFirstSeconds: 2,
  /** Issue #16: hovers and completions within 50 ms while a 5 MB draft is checked (here: their p95). */
  longDraftP95Ms: 50,
  speedup: 1000,
  /** Above 10,000 articles: build and check complete within this heap and RSS. */
  largeHeapMB: 2048,
};

/** Archives up to this size get every measurement; larger ones only build and check, within `largeHeapMB`. */
const FULL_MAX = 10_000;

interface Options {
  sizes: number[];
  fuse: boolean;
  lsp: boolean;
  out: string;
  edits: number;
  hovers: number;
  /** Print the table of an earlier run's results file, and measure nothing. */
  table?: string;
  /** Archive sizes for the PostgreSQL rows (`bench/postgres.ts`), e.g. "10000,100000". */
  postgres?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [1000, 10_000, 50_000], fuse: true, lsp: true, out: join(__dirname, "results.json"), edits: 100, hovers: 100 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.sizes = [1000];
    else if (a.startsWith("--sizes")) o.sizes = value().split(",").map((s) => Number(s.replace(/_/g, "")));
    else if (a === "--no-fuse") o.fuse = false;
    else if (a === "--no-lsp") o.lsp = false;
    else if (a.startsWith("--out")) o.out = value();
    else if (a.startsWith("--edits")) o.edits = Number(value());
    else if (a.startsWith("--hovers")) o.hovers = Number(value());
    else if (a.startsWith("--table")) o.table = value();
    else if (a.startsWith("--postgres")) o.postgres = value();
    else throw new Error(`bench: unknown option ${a}\nusage: npm run bench -- [--sizes 1000,10000,50000] [--quick] [--no-fuse] [--no-lsp] [--out FILE] [--table RESULTS.json] [--postgres SIZES]`);
  }
  if (!o.sizes.length || o.sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error("bench: --sizes takes positive whole numbers, e.g. 1000,10000");
  return o;
}

interface ChildResult {
  ok: boolean;
  wallSeconds: number;
  /** The child's own report (the worker's JSON line), when it completed. */
  report?: Record<string, unknown>;
  /** Peak RSS sampled from /proc while the child ran: the only figure left when it dies. */
  sampledPeakRssMB?: number;
  /** The highest 1-minute load average seen while the child ran. */
  maxLoadAverage: number;
  error?: string;
}

const ROOT = join(__dirname, "..");
/** The worker's bundle sits beside the engine's worker bundles in dist/, which the engine finds next to itself. */
const WORKER = join(ROOT, "dist", "bench-worker.js");

/** Bundles bench/worker.ts as esbuild.mjs bundles the CLI (run `node esbuild.mjs` first for the engine's workers). */
async function bundleWorker(): Promise<void> {
  await bundle({
    entryPoints: [join(__dirname, "worker.ts")], outfile: WORKER, bundle: true, platform: "node", target: "node20", format: "cjs",
    sourcemap: true, logLevel: "warning", external: ["vscode", "onnxruntime-node"], mainFields: ["module", "main"],
    define: { "process.env.NODE_ENV": '"production"' },
  });
}
const CHILD_TIMEOUT_MS = 45 * 60_000;

/** Runs one worker task in its own Node process and returns its report. */
function runWorker(task: string, args: string[], heapMB?: number): Promise<ChildResult> {
  const nodeArgs = [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), "--enable-source-maps", WORKER, task, ...args];
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sampled = 0;
    let load = loadavg()[0];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    // Sampling, not waiting: a child killed by the heap limit reports nothing itself.
    const sampler = setInterval(() => {
      load = Math.max(load, loadavg()[0]);
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) sampled = Math.max(sampled, Number(m[1]) / 1024);
      } catch {
        // not Linux, or already gone
      }
    }, 200);
    const timeout = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      const wallSeconds = (performance.now() - t0) / 1000;
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH "));
      const sampledPeakRssMB = sampled || undefined;
      const maxLoadAverage = Math.max(load, loadavg()[0]);
      if (code === 0 && line) return resolve({ ok: true, wallSeconds, report: JSON.parse(line.slice(6)), sampledPeakRssMB, maxLoadAverage });
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      // V8's out-of-memory report ends in a native stack trace: say what happened instead.
      const detail = /heap out of memory|Allocation failed/i.test(stderr)
        ? `JavaScript heap out of memory${heapMB ? ` (heap limit ${heapMB} MB)` : ""}`
        : stderr.trim().split("\n").slice(-3).join(" | ");
      resolve({ ok: false, wallSeconds, sampledPeakRssMB, maxLoadAverage, error: `${task}: ${why}: ${detail}` });
    });
  });
}

interface SizeResult {
  articles: number;
  bytes: number;
  MB: number;
  /** Whether the check step started from the persisted index, ingesting no file again. */
  fromCache: boolean;
  heapLimitMB: number | null;
  /** The highest 1-minute load average seen while this size was measured: other work on a shared machine skews the figures. */
  maxLoadAverage: number;
  build: ChildResult;
  check: ChildResult;
  /** The check step again, with the reading model (issue #25). */
  reading?: ChildResult;
  lsp?: ChildResult;
  /** The language server's cold start (`cold`) and a 5 MB draft being checked (`long`). */
  cold?: ChildResult;
  long?: ChildResult;
  fuse?: ChildResult;
  figures: Figures;
  pass: Partial<Record<keyof Figures, boolean>>;
  completed: boolean;
}

/** The table's figures; null where not measured or not applicable. */
interface Figures {
  buildSeconds: number | null;
  buildMBps: number | null;
  cacheLoadSeconds: number | null;
  peakRssMB: number | null;
  check80Seconds: number | null;
  check80Claims: number | null;
  /** The same check again in the same process: without first-use costs. */
  check80RepeatSeconds: number | null;
  check5000Seconds: number | null;
  check5000Claims: number | null;
  /** Issue #25: the 80-sentence draft checked with the reading model (its answers not cached), again (cached), the model's load, the process's peak. */
  check80ModelSeconds: number | null;
  check80ModelRepeatSeconds: number | null;
  modelLoadSeconds: number | null;
  modelPeakRssMB: number | null;
  firstCheckLspSeconds: number | null;
  recheckP50Ms: number | null;
  recheckP95Ms: number | null;
  hoverP50Ms: number | null;
  hoverP95Ms: number | null;
  groundedSecondsPerClaim: number | null;
  fuseSecondsPerClaim: number | null;
  speedup: number | null;
  /** Cold start: the first diagnostics (and how many), all of them, the server's peak. */
  coldFirstSeconds: number | null;
  coldFirstDiagnostics: number | null;
  coldWholeSeconds: number | null;
  coldPeakRssMB: number | null;
  /** A 5 MB draft: its check, and hovers and completions meanwhile. */
  longCheckSeconds: number | null;
  longHoverP50Ms: number | null;
  longHoverP95Ms: number | null;
  longCompletionP50Ms: number | null;
  longCompletionP95Ms: number | null;
  /** The slowest of them (the server's thread takes the 5 MB document itself in one piece). */
  longMaxMs: number | null;
  longPeakRssMB: number | null;
}

/** A worker's JSON report, read loosely: its shape is the worker's. */
type Report = Record<string, any>;

function figuresOf(r: Omit<SizeResult, "figures" | "pass" | "completed">): Figures {
  const b = r.build.report as Report | undefined;
  const c = r.check.report as Report | undefined;
  const l = r.lsp?.report as Report | undefined;
  const f = r.fuse?.report as Report | undefined;
  const cold = r.cold?.report as Report | undefined;
  const long = r.long?.report as Report | undefined;
  const d80 = c?.drafts?.[0];
  const d5000 = c?.drafts?.[1];
  const rss = [b?.peakRssMB ?? r.build.sampledPeakRssMB, c?.peakRssMB ?? r.check.sampledPeakRssMB, l?.serverPeakRssMB].filter((x): x is number => typeof x === "number");
  const perClaim = d80 && d80.claims ? d80.seconds / d80.claims : null;
  return {
    buildSeconds: b?.seconds ?? null,
    buildMBps: b ? b.bytes / 1e6 / b.seconds : null,
    cacheLoadSeconds: c?.fromCache ? c.cacheLoadSeconds : null,
    peakRssMB: rss.length ? Math.max(...rss) : null,
    check80Seconds: d80?.seconds ?? null,
    check80Claims: d80?.claims ?? null,
    check80RepeatSeconds: c?.repeatFirstDraftSeconds ?? null,
    check5000Seconds: d5000?.seconds ?? null,
    check5000Claims: d5000?.claims ?? null,
    check80ModelSeconds: (r.reading?.report as Report | undefined)?.drafts?.[0]?.seconds ?? null,
    check80ModelRepeatSeconds: (r.reading?.report as Report | undefined)?.repeatFirstDraftSeconds ?? null,
    modelLoadSeconds: (r.reading?.report as Report | undefined)?.modelLoadSeconds ?? null,
    modelPeakRssMB: (r.reading?.report as Report | undefined)?.peakRssMB ?? null,
    firstCheckLspSeconds: l?.firstCheckSeconds ?? null,
    recheckP50Ms: l?.recheck.p50 ?? null,
    recheckP95Ms: l?.recheck.p95 ?? null,
    hoverP50Ms: l?.hover.p50 ?? null,
    hoverP95Ms: l?.hover.p95 ?? null,
    groundedSecondsPerClaim: perClaim,
    fuseSecondsPerClaim: f?.secondsPerClaim ?? null,
    speedup: f && perClaim ? f.secondsPerClaim / perClaim : null,
    coldFirstSeconds: cold?.firstSeconds ?? null,
    coldFirstDiagnostics: cold?.firstDiagnostics ?? null,
    coldWholeSeconds: cold?.wholeSeconds ?? null,
    coldPeakRssMB: cold?.serverPeakRssMB ?? null,
    longCheckSeconds: long?.checkSeconds ?? null,
    longHoverP50Ms: long?.hover.p50 ?? null,
    longHoverP95Ms: long?.hover.p95 ?? null,
    longCompletionP50Ms: long?.completion.p50 ?? null,
    longCompletionP95Ms: long?.completion.p95 ?? null,
    longMaxMs: long ? Math.max(long.hover.max, long.completion.max) : null,
    longPeakRssMB: long?.serverPeakRssMB ?? null,
  };
}

/** ✓ or ✗ per figure that has a target at this size; absent where none applies or nothing was measured. */
function passOf(articles: number, f: Figures, completed: boolean): SizeResult["pass"] {
  const p: SizeResult["pass"] = {};
  const at = (key: keyof Figures, ok: (v: number) => boolean) => {
    const v = f[key];
    if (v !== null && v !== undefined) p[key] = ok(v);
  };
  if (articles > FULL_MAX) {
    at("peakRssMB", (v) => completed && v <= TARGETS.largeHeapMB);
    return p;
  }
  // The targets are set for 10,000 articles; smaller archives are held to the same rates and latencies,
  // but not to the speed-up: the fuse.js scan grows with the archive, so it is smaller on small ones.
  if (articles === FULL_MAX) at("buildSeconds", (v) => v <= TARGETS.buildSeconds);
  if (articles === FULL_MAX) at("speedup", (v) => v >= TARGETS.speedup);
  at("buildMBps", (v) => v >= TARGETS.buildMBps);
  at("cacheLoadSeconds", (v) => v <= TARGETS.cacheLoadSeconds);
  at("peakRssMB", (v) => v <= TARGETS.peakRssMB);
  at("check80Seconds", (v) => v <= TARGETS.check80Seconds);
  at("recheckP95Ms", (v) => v <= TARGETS.recheckP95Ms);
  at("hoverP95Ms", (v) => v <= TARGETS.hoverP95Ms);
  at("coldFirstSeconds", (v) => v <= TARGETS.coldFirstSeconds);
  at("longHoverP95Ms", (v) => v <= TARGETS.longDraftP95Ms);
  at("longCompletionP95Ms", (v) => v <= TARGETS.longDraftP95Ms);
  return p;
}

const fmt = (v: number | null, digits: number) => (v === null ? "—" : v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** Two or three significant figures, for values that span orders of magnitude. */
const sig = (v: number | null) => (v === null ? "—" : v >= 100 ? fmt(v, 0) : v >= 10 ? fmt(v, 1) : v >= 1 ? fmt(v, 2) : fmt(v, 3));

/** The results as one Markdown table, targets marked. */
export function table(results: SizeResult[]): string {
  const mark = (r: SizeResult, key: keyof Figures, text: string) => (r.pass[key] === undefined ? text : `${text} ${r.pass[key] ? "✓" : "✗"}`);
  const head = ["articles", "MB", "build s", "MB/s", "cache load s", "peak RSS MB", "check 80 sent. s", "check 5,000 w. s", "re-check p50/p95 ms", "hover p50/p95 ms", "fuse s/claim", "speed-up ×"];
  const rows = results.map((r) => {
    const f = r.figures;
    const failed = !r.completed ? " (failed)" : "";
    return [
      r.articles.toLocaleString("en-US") + failed,
      fmt(r.MB, 1),
      mark(r, "buildSeconds", sig(f.buildSeconds)),
      mark(r, "buildMBps", sig(f.buildMBps)),
      r.fromCache || !r.check.ok ? mark(r, "cacheLoadSeconds", sig(f.cacheLoadSeconds)) : "n/a",
      mark(r, "peakRssMB", fmt(f.peakRssMB, 0)),
      mark(r, "check80Seconds", sig(f.check80Seconds)),
      sig(f.check5000Seconds),
      f.recheckP50Ms === null ? "—" : mark(r, "recheckP95Ms", `${sig(f.recheckP50Ms)} / ${sig(f.recheckP95Ms)}`),
      f.hoverP50Ms === null ? "—" : mark(r, "hoverP95Ms", `${sig(f.hoverP50Ms)} / ${sig(f.hoverP95Ms)}`),
      sig(f.fuseSecondsPerClaim),
      mark(r, "speedup", sig(f.speedup)),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map((_, i) => (i < 2 ? "---:" : "---:"))), ...rows.map(line)].join("\n");
}

/** The editor's figures of issue #16 as a second table: the cold start, and a 5 MB draft being checked. */
export function editorTable(results: SizeResult[]): string {
  const mark = (r: SizeResult, key: keyof Figures, text: string) => (r.pass[key] === undefined ? text : `${text} ${r.pass[key] ? "✓" : "✗"}`);
  const head = ["articles", "cold: first diagnostics s (shown)", "cold: all s", "cold: server peak MB", "5 MB draft: check s", "hover p50/p95 ms", "completion p50/p95 ms", "slowest ms", "server peak MB"];
  const rows = results.filter((r) => r.cold || r.long).map((r) => {
    const f = r.figures;
    return [
      r.articles.toLocaleString("en-US"),
      f.coldFirstSeconds === null ? "—" : mark(r, "coldFirstSeconds", `${sig(f.coldFirstSeconds)} (${f.coldFirstDiagnostics})`),
      sig(f.coldWholeSeconds),
      fmt(f.coldPeakRssMB, 0),
      sig(f.longCheckSeconds),
      f.longHoverP50Ms === null ? "—" : mark(r, "longHoverP95Ms", `${sig(f.longHoverP50Ms)} / ${sig(f.longHoverP95Ms)}`),
      f.longCompletionP50Ms === null ? "—" : mark(r, "longCompletionP95Ms", `${sig(f.longCompletionP50Ms)} / ${sig(f.longCompletionP95Ms)}`),
      sig(f.longMaxMs),
      fmt(f.longPeakRssMB, 0),
    ];
  });
  if (!rows.length) return "";
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---:")), ...rows.map(line)].join("\n");
}

export function targetsLegend(): string {
  const t = TARGETS;
  return `Targets (10,000 articles; smaller archives held to the same rates and latencies, except the speed-up): build ≥ ${t.buildMBps} MB/s (≤ ${t.buildSeconds} s), ` +
    `cache load ≤ ${t.cacheLoadSeconds} s, peak RSS ≤ ${t.peakRssMB} MB, check of the 80-sentence draft ≤ ${t.check80Seconds} s, ` +
    `re-check p95 ≤ ${t.recheckP95Ms} ms, hover p95 ≤ ${t.hoverP95Ms} ms, speed-up ≥ ${t.speedup.toLocaleString("en-US")}×; ` +
    `the editor: first diagnostics while a cold index builds ≤ ${t.coldFirstSeconds} s, hovers and completions while a 5 MB draft is checked p95 ≤ ${t.longDraftP95Ms} ms; ` +
    `above 10,000 articles: build and check complete with a ${t.largeHeapMB} MB heap and peak RSS ≤ ${t.largeHeapMB} MB.`;
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function measure(articles: number, o: Options, root: string, drafts: { d80: string; d5000: string }): Promise<SizeResult> {
  const tag = `[${articles.toLocaleString("en-US")}]`;
  const t0 = performance.now();
  const archive = writeArchive(join(root, `archive-${articles}`), { articles });
  log(`${tag} archive: ${archive.files} files, ${(archive.bytes / 1e6).toFixed(1)} MB (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const cache = join(root, `cache-${articles}`);
  // Build is cold: an empty cache folder. Every later step starts from what it left.
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const large = articles > FULL_MAX;
  const heap = large ? TARGETS.largeHeapMB : undefined;
  const common = ["--archive", archive.dir, "--cache", cache];
  const step = async (name: string, task: string, args: string[]) => {
    log(`${tag} ${name}…`);
    const r = await runWorker(task, args, heap);
    log(`${tag} ${name}: ${r.ok ? "done" : r.error} (${r.wallSeconds.toFixed(1)} s)`);
    return r;
  };
  const build = await step("build (empty cache)", "build", common);
  const check = build.ok ? await step("check (persisted index)", "check", [...common, "--draft", drafts.d80, "--draft", drafts.d5000]) : { ok: false, wallSeconds: 0, maxLoadAverage: 0, error: "not run: the build failed" };
  // Issue #25: the same check with the reading model, side by side (the 80-sentence draft: at most 1.5× the lexical check).
  const reading = build.ok ? await step("check with the reading model (persisted index)", "check", [...common, "--draft", drafts.d80, "--model"]) : undefined;
  const lsp = !large && o.lsp && check.ok ? await step("language server", "lsp", [...common, "--draft", drafts.d80, "--edits", String(o.edits), "--hovers", String(o.hovers)]) : undefined;
  // The editor's figures of issue #16: its own empty persisted-index folder (cold), and the persisted index (a 5 MB draft).
  const cold = !large && o.lsp ? await step("language server, cold index", "cold", ["--archive", archive.dir, "--draft", drafts.d80]) : undefined;
  const long = !large && o.lsp && check.ok ? await step("language server, 5 MB draft", "long", [...common, "--draft", drafts.d80, "--draft", drafts.d5000]) : undefined;
  // fuse.js takes about 4 s per claim at 1,000 articles and grows with the archive: fewer claims on larger ones.
  const claims = articles <= 1000 ? 5 : 3;
  const fuse = !large && o.fuse ? await step(`fuse.js baseline (${claims} claims)`, "fuse", ["--archive", archive.dir, "--draft", drafts.d80, "--claims", String(claims)]) : undefined;
  const partial = {
    articles,
    bytes: archive.bytes,
    MB: archive.bytes / 1e6,
    fromCache: (check.report as Report | undefined)?.fromCache === true,
    heapLimitMB: heap ?? null,
    maxLoadAverage: Math.max(...[build, check, lsp, cold, long, fuse].map((c) => c?.maxLoadAverage ?? 0)),
    build, check, reading, lsp, cold, long, fuse,
  };
  const completed = build.ok && check.ok && (lsp?.ok ?? true) && (cold?.ok ?? true) && (long?.ok ?? true) && (fuse?.ok ?? true);
  const figures = figuresOf(partial);
  return { ...partial, figures, pass: passOf(articles, figures, build.ok && check.ok), completed };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.table) {
    // The marks are worked out again from the figures, so that a change of targets shows on an old run.
    const earlier = JSON.parse(readFileSync(o.table, "utf8")) as { sizes: SizeResult[] };
    for (const r of earlier.sizes) r.pass = passOf(r.articles, r.figures, r.build.ok && r.check.ok);
    process.stdout.write(`${[table(earlier.sizes), editorTable(earlier.sizes), targetsLegend()].filter(Boolean).join("\n\n")}\n`);
    return;
  }
  const root = join(tmpdir(), "grounded-bench");
  mkdirSync(root, { recursive: true });
  const drafts = { d80: join(root, "draft-80.md"), d5000: join(root, "draft-5000w.md") };
  const draft80 = writeDraft(drafts.d80, { sentences: 80 });
  const draft5000 = writeDraft(drafts.d5000, { words: 5000 });
  log(`drafts: ${draft80.sentences} sentences (${draft80.words} words), ${draft5000.words} words (${draft5000.sentences} sentences)`);
  await bundleWorker();
  const results: SizeResult[] = [];
  for (const n of o.sizes) results.push(await measure(n, o, root, drafts));

  const cpu = cpus();
  const out = {
    date: new Date().toISOString(),
    commit: git(["rev-parse", "HEAD"]),
    commitDate: git(["log", "-1", "--format=%cI"]),
    machine: { cpu: cpu[0]?.model ?? "unknown", cpus: cpu.length, memoryMB: Math.round(totalmem() / 1048576), node: process.version, platform: `${process.platform} ${process.arch}` },
    drafts: { sentences80: draft80, words5000: draft5000 },
    targets: TARGETS,
    sizes: results,
  };
  writeFileSync(o.out, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`\n${[table(results), editorTable(results), targetsLegend()].filter(Boolean).join("\n\n")}\n`);
  process.stdout.write(`\n${out.machine.cpu} × ${out.machine.cpus}, Node ${out.machine.node}, ${out.date.slice(0, 10)}; results in ${o.out}\n`);
  for (const r of results) {
    if (r.maxLoadAverage > cpu.length) process.stdout.write(`${r.articles.toLocaleString("en-US")}: the load average reached ${r.maxLoadAverage.toFixed(1)} on ${cpu.length} cores during these measurements: other work skewed them.\n`);
    const stats = (r.check.report as Report | undefined)?.stats;
    if (r.check.ok && !r.fromCache) process.stdout.write(`${r.articles.toLocaleString("en-US")}: the check step did not start from the persisted index (${stats?.reindexed} files ingested again${stats?.cacheProblem ? `: ${stats.cacheProblem}` : ""}): cache load is n/a.\n`);
    for (const c of [r.build, r.check, r.lsp, r.cold, r.long, r.fuse]) if (c && !c.ok) process.stdout.write(`${r.articles.toLocaleString("en-US")}: ${c.error}\n`);
  }
  if (o.postgres) {
    // The shared archive's rows: a throwaway PostgreSQL server, measured by its own script.
    process.stdout.write(`\nPostgreSQL archive (${o.postgres} articles):\n`);
    // With the embedded index on the same files, so that the verdicts are compared in the same run.
    const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "postgres.ts"), "--articles", o.postgres], { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
