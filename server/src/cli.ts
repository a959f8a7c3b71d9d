/**
 * `grounded check` and `grounded baseline write`: the same engine as the
 * language server, from a terminal or CI. The interface is fixed by
 * ../shared/docs/cli-contract.md (fields and options are only ever added).
 * Reports are formatted by `report/`; this file reads inputs and settings.
 */
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { version as PACKAGE_VERSION } from "../../package.json";
import { checkDocument, type Corpus, type Problem } from "./engine";
import { corpusBase, expandCorpusPaths, expandInputs } from "./node/inputs";
import { listSourceFiles } from "./node/corpusLoader";
import { loadIndexedCorpus } from "./node/corpusCache";
import { findProjectConfig, type ProjectConfig, readProjectConfig } from "./node/projectConfig";
import { type Baseline, BaselineMatcher, buildBaseline, parseBaseline } from "./project/baseline";
import { archiveCorpusForCheck, isArchiveError, runIndexCommand } from "./node/archive/cli";
import { formatGithub } from "./report/github";
import { formatJson } from "./report/json";
import { formatJunit } from "./report/junit";
import { DEFAULT_SEVERITY, fails, type FileRules, type Report, reportFile } from "./report/model";
import { formatSarif } from "./report/sarif";
import { formatText, useColor } from "./report/text";
import { printable } from "./node/terminal";
import { randomBytes } from "node:crypto";
import { uniqueCitationKeys } from "./engine/corpus/ingest";
import { bibliographyFiles, frontMatterOf } from "./node/bibliography";
import { CitingResolver, type DocumentCiting } from "./node/citing";
import { formatHtml, plainReference, referenceHtml } from "./report/html";

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
                    json: one JSON document on stdout (see the README)
                    sarif: SARIF 2.1.0 for code scanning
                    junit: JUnit XML test results
                    github: GitHub Actions annotations
                    html: one self-contained page: the drafts with their claims
                    coloured by verdict, reasons, sources and a tally
  --config FILE     a project settings file (default: the nearest .grounded.jsonc)
  --baseline FILE   fail only on contradicted claims that are not in FILE
  --cache-dir DIR   where the persisted index lives (default: $XDG_CACHE_HOME/grounded
                    or ~/.cache/grounded); only new and changed files are indexed again
  --no-cache        index the corpus anew, and write no cache
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
  files: string[];
  /** A shared archive in PostgreSQL instead of corpus folders. */
  db?: string;
}

function parseArgs(argv: string[]): Options {
  let [command, ...rest] = argv;
  if (command === "-h" || command === "--help") throw new UsageError(USAGE, true);
  if (command === undefined) throw new UsageError(USAGE);
  if (command === "baseline") {
    const sub = rest.shift();
    if (sub !== "write") throw new UsageError(`grounded: unknown baseline command ${sub === undefined ? "(none)" : `"${sub}"`}; expected "baseline write"\n\n${USAGE}`);
    command = "baseline write";
  } else if (command !== "check") throw new UsageError(`grounded: unknown command "${command}"\n\n${USAGE}`);
  const o: Options = {
    command: command as Options["command"], corpus: [], format: "text", output: DEFAULT_BASELINE, quiet: false, noExit: false, headings: false, files: [],
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      if (eq > 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`grounded: ${a} needs a value`);
      return v;
    };
    if (name === "--corpus") o.corpus.push(value());
    else if (name === "--format") {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`grounded: unknown format "${f}" (expected ${FORMATS.join(", ")})`);
      o.format = f as Format;
    } else if (name === "--config") o.config = value();
    else if (name === "--baseline" && o.command === "check") o.baseline = value();
    else if (name === "--output" && o.command === "baseline write") o.output = value();
    else if (name === "--reason" && o.command === "baseline write") o.reason = value();
    else if (name === "--cache-dir") o.cacheDir = value();
    else if (name === "--db") o.db = value();
    else if (a === "--no-cache") o.cacheDir = null;
    else if (a === "--quiet" || a === "-q") o.quiet = true;
    else if (a === "--no-exit") o.noExit = true;
    else if (a === "--headings") o.headings = true;
    else if (a === "-h" || a === "--help") throw new UsageError(USAGE, true);
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`grounded: unknown option "${a}"\n\n${USAGE}`);
    else o.files.push(a);
  }
  if (!o.files.length) throw new UsageError(`grounded: no Markdown file to check\n\n${USAGE}`);
  return o;
}

async function readDraft(file: string): Promise<string> {
  try {
    const bytes = await readFile(file);
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a folder, not a Markdown file" : err.code === "EACCES" ? "permission denied" : err instanceof TypeError ? "not valid UTF-8 text" : err.message;
    throw new UsageError(`grounded: ${file}: ${why}`);
  }
}

/** The project settings of each draft: `--config` for all, else the nearest file up from the draft's folder. */
class ConfigFinder {
  private readonly cache = new Map<string, ProjectConfig>();

  constructor(private readonly explicit: string | undefined) {}

  for(draft: string): ProjectConfig {
    const file = this.explicit ?? findProjectConfig(dirname(resolve(draft)));
    const key = file ? resolve(file) : "";
    let config = this.cache.get(key);
    if (!config) {
      config = file ? readProjectConfig(file, process.cwd()) : {};
      // A file that cannot be used stops the run: CI should not pass on the defaults by accident.
      if (config.problem) throw new UsageError(`grounded: ${config.problem}`);
      for (const m of config.messages ?? []) process.stderr.write(`grounded: warning: ${m}\n`);
      this.cache.set(key, config);
    }
    return config;
  }
}

/** One corpus per distinct set of corpus paths and ignored sources, from the persisted index where it is current. */
class Corpora {
  private readonly cache = new Map<string, Promise<Corpus>>();

  constructor(private readonly cacheDir: string | null | undefined) {}

  get(paths: string[], config: ProjectConfig): Promise<Corpus> {
    const ignore = config.ignoreSources ?? [];
    const key = JSON.stringify([paths, ignore, ignore.length ? config.dir : ""]);
    let corpus = this.cache.get(key);
    if (!corpus) {
      corpus = this.load(paths, ignore, config.dir ?? process.cwd());
      this.cache.set(key, corpus);
    }
    return corpus;
  }

  private async load(paths: string[], ignore: string[], dir: string): Promise<Corpus> {
    const report = (p: Problem) => process.stderr.write(`${printable(`grounded: ${p.file}: ${p.message}`)}\n`);
    const expanded = await expandCorpusPaths(paths, report);
    // Ignored sources are left out before indexing (the index refers to articles by position).
    const ignored = ignore.length ? picomatch(ignore, { dot: true }) : undefined;
    const inputs = ignored ? (await listSourceFiles(expanded, report)).filter((f) => !ignored(relative(dir, resolve(f)).replace(/\\/g, "/"))) : expanded;
    const { corpus, stats } = await loadIndexedCorpus(inputs, {
      cacheDir: this.cacheDir,
      // The cache is named by what was asked for, not by a glob's expansion, which changes as files come and go.
      cacheKey: [...paths.map((p) => resolve(p)), ...(ignore.length ? ["\u0001", dir, ...ignore] : [])].join("\u0000"),
      onProblem: report,
    });
    if (stats.cacheProblem) process.stderr.write(`grounded: ${stats.cacheFile}: ${stats.cacheProblem}\n`);
    if (!corpus.articles.length) process.stderr.write(`grounded: warning: no readable articles in ${paths.join(", ")}\n`);
    return corpus;
  }
}

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`grounded: ${file}: ${code === "ENOENT" ? "no such baseline file (write one with \"grounded baseline write\")" : `cannot read the baseline (${code})`}`);
  }
  const parsed = parseBaseline(text);
  if ("problem" in parsed) throw new UsageError(`grounded: ${file}: ${parsed.problem}`);
  return parsed.baseline;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "index") return runIndexCommand(argv.slice(1));
  const o = parseArgs(argv);
  if (o.db && o.corpus.length) throw new UsageError("grounded: give --db or --corpus, not both");
  const { files: paths, unmatched } = await expandInputs(o.files);
  if (unmatched.length) throw new UsageError(`grounded: ${unmatched[0]}: no Markdown file matches`);
  const configs = new ConfigFinder(o.config);
  const corpora = new Corpora(o.cacheDir);
  const baseline = o.baseline !== undefined ? new BaselineMatcher(await readBaseline(o.baseline)) : undefined;

  const drafts: Array<{ path: string; text: string; config: ProjectConfig; corpusPaths: string[] }> = [];
  for (const path of paths) {
    const config = configs.for(path);
    const corpusPaths = o.corpus.length ? o.corpus : config.corpus ?? ["corpus"];
    for (const p of o.db ? [] : corpusPaths) {
      if (!existsSync(corpusBase(p))) throw new UsageError(`grounded: ${p}: corpus folder does not exist`);
    }
    drafts.push({ path, text: await readDraft(path), config, corpusPaths });
  }

  const report: Report = { corpus: { documents: 0, passages: 0 }, files: [], ...(o.baseline ? { baseline: o.baseline } : {}) };
  // How each draft cites: its bibliography's keys (so its citations resolve) and its CSL style (for the HTML report).
  // A bibliography or style shared by several drafts is reported once.
  const said = new Set<string>();
  const citing = new CitingResolver((p) => {
    const line = printable(`grounded: ${p.file}: ${p.message}`);
    if (!said.has(line)) process.stderr.write(`${line}\n`);
    said.add(line);
  });
  const cites = new Map<string, { corpus: Corpus; citing: DocumentCiting }>();
  const counted = new Set<Corpus>();
  // With --db, one corpus prefetched from the archive for all the drafts; the counts are the archive's.
  const archived = o.db ? await archiveCorpusForCheck(o.db, drafts, { checkHeadings: o.headings || drafts.some((d) => d.config.checkHeadings === true) }) : undefined;
  for (const d of drafts) {
    const corpus = archived ? archived.corpus : await corpora.get(d.corpusPaths, d.config);
    if (!counted.has(corpus)) {
      counted.add(corpus);
      report.corpus.documents += archived ? archived.documents : corpus.articles.length;
      report.corpus.passages += archived ? archived.passages : corpus.articles.reduce((n, a) => n + a.passages.length, 0);
    }
    const draftCiting = await citing.resolve({
      files: bibliographyFiles(d.config.bibliography, process.cwd(), frontMatterOf(d.text), dirname(d.path)),
      csl: d.config.csl, cslBase: process.cwd(), corpus, root: process.cwd(), keys: corpusKeys(corpus),
    });
    cites.set(d.path, { corpus, citing: draftCiting });
    const result = checkDocument(d, corpus, { checkHeadings: o.headings || d.config.checkHeadings === true, bibliographyKeys: draftCiting.bibliography?.byKey });
    for (const p of result.problems) process.stderr.write(`${printable(`grounded: ${p.file}: ${p.message}`)}\n`);
    const rules: FileRules = {
      root: d.config.dir ?? process.cwd(),
      severity: { ...DEFAULT_SEVERITY, ...d.config.severity },
      disabledChecks: d.config.disabledChecks ?? [],
      accepted: d.config.accepted ?? [],
    };
    report.files.push(reportFile(d.path, d.text, result.findings, result.citations, corpus, rules, baseline));
  }

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
        const c = cites.get(file.path);
        const a = c?.corpus.article(e.source);
        return c && a ? referenceHtml(c.citing, a, e) : plainReference(e);
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

const keysByCorpus = new WeakMap<Corpus, Map<string, string>>();

/** The corpus's own citation keys, made once per corpus. */
function corpusKeys(corpus: Corpus): Map<string, string> {
  let keys = keysByCorpus.get(corpus);
  if (!keys) keysByCorpus.set(corpus, (keys = uniqueCitationKeys(corpus.articles)));
  return keys;
}

/** `grounded baseline write`: the contradicted and unsupported claims not accepted in the project file. */
async function writeBaselineFile(report: Report, o: Options): Promise<number> {
  const previous = existsSync(o.output) ? await readBaseline(o.output).catch(() => undefined) : undefined;
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
