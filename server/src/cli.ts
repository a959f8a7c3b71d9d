/**
 * `grounded check` and `grounded baseline write`: the same engine as the
 * language server, from a terminal or CI. The interface is fixed by
 * ../shared/docs/cli-contract.md (fields and options are only ever added).
 * Reports are formatted by `report/`; this file reads inputs and settings.
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs as parseArgv } from "node:util";
import { version as PACKAGE_VERSION } from "../../package.json";
import { CheckSession, type Corpus, frontMatterOf, type Problem } from "./engine";
import { expandCorpusPaths, expandInputs } from "./node/inputs";
import { defaultCacheDir } from "./node/cacheDir";
import { loadReading, type Reading, saveReading } from "./node/nli/reading";
import { nodeWorkspace } from "./node/workspace";
import { type Baseline, BaselineMatcher, buildBaseline, parseBaseline } from "./project/baseline";
import { bibliographyFiles } from "./project/bibliography";
import { CitingResolver, type DocumentCiting } from "./project/citing";
import { findProjectConfig, type ProjectConfig, readProjectConfig } from "./project/config";
import { ignoredSources, parseGlob } from "./project/globs";
import { DEFAULT_SETTINGS, type Settings, withProject } from "./project/settings";
import { readText, unreadable } from "./project/workspace";
import { loadSentences, saveSentences } from "./node/sentenceCache";
import { archiveCorpusForCheck, isArchiveError, runIndexCommand } from "./node/archive/cli";
import { formatGithub } from "./report/github";
import { citedReference, formatHtml, plainReference } from "./report/html";
import { formatJson } from "./report/json";
import { formatJunit } from "./report/junit";
import { fails, type Report, reportFile } from "./report/model";
import { formatSarif } from "./report/sarif";
import { formatText, printable, useColor } from "./report/text";
import { ownArticle } from "./project/ownArticle";

const workspace = nodeWorkspace({ indexInWorker: false });

const FORMATS = ["text", "json", "sarif", "junit", "github", "html"] as const;
type Format = (typeof FORMATS)[number];

export const DEFAULT_BASELINE = ".grounded-baseline.json";

const USAGE = `usage: grounded check [options] FILE.md|GLOB...
       grounded baseline write [--output FILE] [--reason TEXT] [options] FILE.md|GLOB...
       grounded index [--db URL] --corpus DIR...   (see grounded index --help)

Checks each factual claim of the Markdown files against the source articles in
the corpus folders (default: the nearest .grounded.jsonc, else ./corpus).
Quote globs ("docs/**/*.md") so that the shell leaves them to grounded.

  --corpus DIR      a folder (or file) of source articles; may repeat
  --db URL          check against a shared archive in PostgreSQL instead
                    (postgres://…, or env:NAME to read it from a variable)
  --format FORMAT   text (default): one line per claim, like a compiler
                    json: one JSON document on stdout (see docs/cli.md)
                    sarif: SARIF 2.1.0 for code scanning
                    junit: JUnit XML test results
                    github: GitHub Actions annotations
                    html: one self-contained page: the drafts with their claims
                    coloured by verdict, reasons, sources and a tally
  --config FILE     a project settings file (default: the nearest .grounded.jsonc)
  --bibliography FILE
                    a BibTeX, BibLaTeX or CSL-JSON file: the sources it describes
                    take its keys (default: the project file's, else the draft's
                    front matter bibliography:)
  --csl STYLE|FILE  the citation style of the html report: apa,
                    chicago-author-date or the path of a .csl file
  --baseline FILE   fail only on contradicted claims that are not in FILE
  --cache-dir DIR   where the persisted index lives (default: $XDG_CACHE_HOME/grounded
                    or ~/.cache/grounded); only new and changed files are indexed again;
                    the command's code cache is kept there too
  --no-cache        index the corpus anew, and write no cache
  --no-model        decide with the lexical checks alone, without the reading
                    model (models/nli/ in the package); the model's answers are
                    kept beside the persisted index
  --quiet           print only the claims that fail the run, no tallies
  --no-exit         exit 0 even when a claim is contradicted
  --headings        check headings as claims too
  -h, --help        this help

baseline write records the current contradicted and unsupported claims:
  --output FILE     where (default: ${DEFAULT_BASELINE}); reasons already in it are kept
  --reason TEXT     why the new claims are accepted (required when there are new ones)

Colours only on a terminal, never with NO_COLOR set.
Exit status: 0 when no claim is contradicted (none new, with --baseline), 1 when
one is, 2 on a usage error or an unreadable input.`;

class UsageError extends Error {
  constructor(message: string, readonly help = false) {
    super(message);
  }
}

interface Options {
  command: "check" | "baseline write";
  corpus: string[];
  format: Format;
  config?: string;
  baseline?: string;
  output: string;
  reason?: string;
  quiet: boolean;
  /** The cache folder; null when off; undefined for the default. */
  cacheDir?: string | null;
  noExit: boolean;
  headings: boolean;
  /** Read claims with the entailment model (false with `--no-model`). */
  model: boolean;
  files: string[];
  /** A shared archive in PostgreSQL instead of corpus folders. */
  db?: string;
  /** A bibliography and a CSL style over the project file's. */
  bibliography?: string;
  csl?: string;
}

/** The options of `check` and `baseline write`; `--baseline` is check's, `--output` and `--reason` are baseline write's. */
const OPTIONS = {
  corpus: { type: "string", multiple: true },
  db: { type: "string" },
  format: { type: "string" },
  config: { type: "string" },
  bibliography: { type: "string" },
  csl: { type: "string" },
  baseline: { type: "string" },
  output: { type: "string" },
  reason: { type: "string" },
  "cache-dir": { type: "string" },
  "no-cache": { type: "boolean" },
  "no-model": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "no-exit": { type: "boolean" },
  headings: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const ONLY_FOR: Record<string, Options["command"]> = { baseline: "check", output: "baseline write", reason: "baseline write" };

/** The command and its options; a `UsageError` for anything the usage does not allow. */
function parseArgs(argv: string[]): Options {
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") throw new UsageError(USAGE, true);
  if (first === undefined) throw new UsageError(USAGE);
  const command = commandOf(first, rest);
  let parsed;
  try {
    parsed = parseArgv({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`grounded: ${argumentProblem(e as Error & { code?: string })}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) throw new UsageError(USAGE, true);
  for (const [name, only] of Object.entries(ONLY_FOR)) {
    if (v[name as keyof typeof v] !== undefined && command !== only) throw new UsageError(`grounded: unknown option "--${name}" for ${command}\n\n${USAGE}`);
  }
  if (v.format !== undefined && !(FORMATS as readonly string[]).includes(v.format)) {
    throw new UsageError(`grounded: unknown format "${v.format}" (expected ${FORMATS.join(", ")})`);
  }
  if (!parsed.positionals.length) throw new UsageError(`grounded: no Markdown file to check\n\n${USAGE}`);
  return {
    command, corpus: v.corpus ?? [], format: (v.format ?? "text") as Format, config: v.config, baseline: v.baseline,
    output: v.output ?? DEFAULT_BASELINE, reason: v.reason, quiet: !!v.quiet, noExit: !!v["no-exit"], headings: !!v.headings, model: !v["no-model"],
    cacheDir: v["no-cache"] ? null : v["cache-dir"], db: v.db, bibliography: v.bibliography, csl: v.csl, files: parsed.positionals,
  };
}

/** `check`, or `baseline write` (taking `write` off `rest`). */
function commandOf(first: string, rest: string[]): Options["command"] {
  if (first === "check") return "check";
  if (first !== "baseline") throw new UsageError(`grounded: unknown command "${first}"\n\n${USAGE}`);
  const sub = rest.shift();
  if (sub !== "write") throw new UsageError(`grounded: unknown baseline command ${sub === undefined ? "(none)" : `"${sub}"`}; expected "baseline write"\n\n${USAGE}`);
  return "baseline write";
}

/** `node:util`'s argument errors, in the CLI's words. */
function argumentProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option "${option ?? e.message}"`;
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) return `${option} needs a value`;
  return e.message;
}

async function readDraft(file: string): Promise<string> {
  try {
    return await readText(workspace, file, true);
  } catch (e) {
    throw new UsageError(`grounded: ${file}: ${(e as { code?: string }).code === "EISDIR" ? "is a folder, not a Markdown file" : unreadable(e)}`);
  }
}

/** The project file of each draft: `--config` for all, else the nearest one up from the draft's folder. */
class ConfigFinder {
  private readonly cache = new Map<string, ProjectConfig>();

  constructor(private readonly explicit: string | undefined) {}

  async for(draft: string): Promise<ProjectConfig> {
    const file = this.explicit ?? (await findProjectConfig(resolve(draft, ".."), workspace));
    const key = file ? resolve(file) : "";
    let config = this.cache.get(key);
    if (!config) {
      config = file ? await readProjectConfig(file, process.cwd(), workspace) : {};
      // A file that cannot be used stops the run: CI should not pass on the defaults by accident.
      if (config.problem) throw new UsageError(`grounded: ${config.problem}`);
      for (const m of config.messages ?? []) process.stderr.write(`grounded: warning: ${m}\n`);
      this.cache.set(key, config);
    }
    return config;
  }
}

/** The settings of a draft: the defaults, its project file over them, the command line over both. */
function draftSettings(config: ProjectConfig, o: Options): Settings {
  // The project file's paths are already relative to the current folder (`projectConfigFromText`).
  const s = config.dir ? withProject(DEFAULT_SETTINGS, config, config.dir, (p) => p) : DEFAULT_SETTINGS;
  return {
    ...s, corpusPaths: o.corpus.length ? o.corpus : s.corpusPaths, checkHeadings: o.headings || s.checkHeadings,
    bibliography: o.bibliography ?? s.bibliography, citationCsl: o.csl ?? s.citationCsl,
  };
}

const reportProblem = (p: Problem) => process.stderr.write(`${printable(`grounded: ${p.file}: ${p.message}`)}\n`);

/** One corpus per distinct set of corpus paths and ignored sources, from the persisted index where it is current. */
class Corpora {
  private readonly cache = new Map<string, Promise<Corpus>>();
  /** The folders of the persisted indexes loaded, where the source sentences analysed are kept (`node/sentenceCache.ts`). */
  readonly folders = new Set<string>();

  constructor(private readonly cacheDir: string | null | undefined) {}

  get(s: Settings): Promise<Corpus> {
    const ignore = s.ignoreSources;
    const dir = s.projectRoot ?? process.cwd();
    // The cache is named by what was asked for, not by a glob's expansion, which changes as files come and go.
    const key = [...s.corpusPaths.map((p) => resolve(p)), ...(ignore.length ? ["\u0001", dir, ...ignore] : [])].join("\u0000");
    let corpus = this.cache.get(key);
    if (!corpus) {
      corpus = this.load(s.corpusPaths, ignoredSources(ignore, dir), ignore.length > 0, key);
      this.cache.set(key, corpus);
    }
    return corpus;
  }

  private async load(paths: string[], ignored: (file: string) => boolean, ignoring: boolean, cacheKey: string): Promise<Corpus> {
    const expanded = await expandCorpusPaths(paths, reportProblem);
    // Ignored sources are left out before indexing (the index refers to articles by position).
    const inputs = ignoring ? (await workspace.listSourceFiles(expanded, reportProblem)).filter((f) => !ignored(f)) : expanded;
    const { corpus, stats } = await workspace.loadCorpus(inputs, { cacheDir: this.cacheDir, cacheKey, onProblem: reportProblem });
    if (stats.cacheFile) {
      this.folders.add(stats.cacheFile);
      loadSentences(stats.cacheFile);
    }
    if (stats.cacheProblem) process.stderr.write(`grounded: ${stats.cacheFile}: ${stats.cacheProblem}\n`);
    if (!corpus.articles.length) process.stderr.write(`grounded: warning: no readable articles in ${paths.join(", ")}\n`);
    return corpus;
  }
}

/** Says, once, why the reading model is not used (or its cache was not), on stderr. */
function sayReading(r: Reading): Reading {
  if (r.problem) process.stderr.write(`${printable(`grounded: ${r.problem}`)}\n`);
  if (r.cacheProblem) process.stderr.write(`${printable(`grounded: ${r.cacheProblem}`)}\n`);
  return r;
}

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readText(workspace, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`grounded: ${file}: ${code === "ENOENT" ? "no such baseline file (write one with \"grounded baseline write\")" : `cannot read the baseline (${code})`}`);
  }
  const parsed = parseBaseline(text);
  if ("problem" in parsed) throw new UsageError(`grounded: ${file}: ${parsed.problem}`);
  return parsed.baseline;
}

interface Draft {
  path: string;
  text: string;
  settings: Settings;
}

/** The drafts the inputs name, each with its settings; a usage error for a glob that matches nothing or a corpus folder that is not there. */
async function readDrafts(o: Options): Promise<Draft[]> {
  const { files, unmatched } = await expandInputs(o.files);
  if (unmatched.length) throw new UsageError(`grounded: ${unmatched[0]}: no Markdown file matches`);
  const configs = new ConfigFinder(o.config);
  const drafts: Draft[] = [];
  for (const path of files) {
    const settings = draftSettings(await configs.for(path), o);
    for (const p of o.db ? [] : settings.corpusPaths) {
      if (!(await workspace.exists(parseGlob(p).base))) throw new UsageError(`grounded: ${p}: corpus folder does not exist`);
    }
    drafts.push({ path, text: await readDraft(path), settings });
  }
  return drafts;
}

/** How each draft cites, by its path: the corpus it was checked against, and its bibliography and style. */
type DraftCitings = Map<string, { corpus: Corpus; citing: DocumentCiting }>;

/** A message said once per run: a bibliography or style shared by several drafts has one problem, not one per draft. */
function onceReporter(): (p: Problem) => void {
  const said = new Set<string>();
  return (p) => {
    const key = `${p.file}\u0000${p.message}`;
    if (!said.has(key)) reportProblem(p);
    said.add(key);
  };
}

/** How a draft cites: its bibliography's keys (so that its citations resolve) and its CSL style (for the HTML report). */
async function draftCiting(resolver: CitingResolver, d: Draft, corpus: Corpus): Promise<DocumentCiting> {
  const cwd = process.cwd();
  return resolver.resolve({
    files: bibliographyFiles(d.settings.bibliography, cwd, frontMatterOf(d.text), dirname(d.path)),
    csl: d.settings.citationCsl, cslBase: cwd, corpus, root: cwd,
  });
}

/** Checks every draft against its corpus (or the archive, with `--db`) and builds the report. */
async function buildReport(o: Options, drafts: Draft[], baseline: BaselineMatcher | undefined): Promise<{ report: Report; citings: DraftCitings }> {
  const report: Report = { corpus: { documents: 0, passages: 0 }, files: [], ...(o.baseline ? { baseline: o.baseline } : {}) };
  const corpora = new Corpora(o.cacheDir);
  const resolver = new CitingResolver(workspace, onceReporter());
  const citings: DraftCitings = new Map();
  // The model loads while the corpus is read; a model that cannot be used is one line and the lexical checks.
  const cacheDir = o.cacheDir === undefined ? defaultCacheDir() : o.cacheDir;
  const loading = loadReading({ wanted: o.model, cacheDir }).then(sayReading);
  // One check session per corpus: a sentence that recurs in several drafts is verified once.
  const sessions = new Map<Corpus, CheckSession>();
  // With --db, one corpus prefetched from the archive for all the drafts; the counts are the archive's.
  const archived = o.db ? await archiveCorpusForCheck(o.db, drafts, { checkHeadings: drafts.some((d) => d.settings.checkHeadings) }) : undefined;
  for (const d of drafts) {
    const corpus = archived ? archived.corpus : await corpora.get(d.settings);
    let session = sessions.get(corpus);
    if (!session) {
      sessions.set(corpus, (session = new CheckSession(corpus, { verifier: (await loading).verifier })));
      report.corpus.documents += archived ? archived.documents : corpus.articles.length;
      report.corpus.passages += archived ? archived.passages : corpus.articles.reduce((n, a) => n + a.passages.length, 0);
    }
    const citing = await draftCiting(resolver, d, corpus);
    citings.set(d.path, { corpus, citing });
    // A draft saved among its sources is not evidence for itself (the archive's ids are not paths).
    const own = archived ? undefined : ownArticle(corpus, process.cwd(), d.path);
    const result = (await session.checkDocument(d, { checkHeadings: d.settings.checkHeadings, bibliographyKeys: citing.bibliography?.byKey, ownArticle: own }))!;
    for (const p of result.problems) reportProblem(p);
    const rules = { root: d.settings.projectRoot ?? process.cwd(), ...d.settings };
    report.files.push(reportFile(d.path, d.text, result.findings, result.citations, corpus, rules, baseline, result.ignored));
  }
  // The source sentences analysed, kept beside each persisted index for the next run.
  for (const folder of corpora.folders) saveSentences(folder);
  const reading = await loading;
  saveReading(reading, cacheDir);
  report.verifier = reading.verifier.name;
  return { report, citings };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "index") return runIndexCommand(argv.slice(1));
  const o = parseArgs(argv);
  if (o.db && o.corpus.length) throw new UsageError("grounded: give --db or --corpus, not both");
  const drafts = await readDrafts(o);
  const baseline = o.baseline !== undefined ? new BaselineMatcher(await readBaseline(o.baseline)) : undefined;
  const { report, citings } = await buildReport(o, drafts, baseline);
  if (o.command === "baseline write") return writeBaselineFile(report, o);

  const out = {
    text: () => formatText(report, { color: useColor(process.env, !!process.stdout.isTTY), quiet: o.quiet }),
    json: () => formatJson(report),
    sarif: () => formatSarif(report, { root: process.cwd(), version: PACKAGE_VERSION }),
    junit: () => formatJunit(report),
    github: () => formatGithub(report),
    html: () => formatHtml(report, {
      texts: new Map(drafts.map((d) => [d.path, d.text])), nonce: randomBytes(16).toString("base64"),
      reference: (e, file) => {
        const c = citings.get(file.path);
        return c ? citedReference(c.corpus, c.citing)(e) : plainReference(e);
      },
    }),
  }[o.format]();
  process.stdout.write(out);
  const fixed = baseline?.unmatched().reduce((n, u) => n + u.count, 0) ?? 0;
  if (fixed && !o.quiet) {
    process.stderr.write(`grounded: ${fixed} claim${fixed === 1 ? "" : "s"} of ${o.baseline} no longer found (fixed or edited); "grounded baseline write" prunes them\n`);
  }
  const failing = report.files.reduce((n, f) => n + f.claims.filter(fails).length, 0);
  return failing > 0 && !o.noExit ? 1 : 0;
}

/** `grounded baseline write`: the contradicted and unsupported claims not accepted in the project file. */
async function writeBaselineFile(report: Report, o: Options): Promise<number> {
  const previous = (await workspace.exists(o.output)) ? await readBaseline(o.output).catch(() => undefined) : undefined;
  const claims = report.files.flatMap((f) => f.claims
    .filter((c) => c.finding.verdict !== "supported" && !c.checkOff && c.accepted?.by !== "config")
    .map((c) => ({ fingerprint: c.fingerprint, path: f.projectPath, code: c.finding.code, verdict: c.finding.verdict, text: c.finding.text })));
  const { baseline, missingReason } = buildBaseline(claims, previous, o.reason);
  if (missingReason) {
    throw new UsageError(`grounded: ${missingReason} claim${missingReason === 1 ? " is" : "s are"} not in ${o.output} yet: say why they are accepted with --reason "…"`);
  }
  await writeFile(o.output, JSON.stringify(baseline, null, 2) + "\n");
  const n = baseline.claims.reduce((s, c) => s + c.count, 0);
  if (!o.quiet) process.stderr.write(`grounded: wrote ${n} claim${n === 1 ? "" : "s"} to ${o.output}\n`);
  return 0;
}

/** Runs the command line of this process (`cliEntry.ts`, the entry of `dist/cliMain.js`). */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        (e.help ? process.stdout : process.stderr).write(e.message + "\n");
        process.exitCode = e.help ? 0 : 2;
      } else if (isArchiveError(e)) {
        process.stderr.write((e.message.startsWith("grounded:") ? e.message : `grounded: ${e.message}`) + "\n");
        process.exitCode = 2;
      } else {
        process.stderr.write(`grounded: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = 2;
      }
    },
  );
}
