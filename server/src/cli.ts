/**
 * `grounded check`: the same engine as the language server, from a terminal or
 * CI. The interface is fixed by ../shared/docs/cli-contract.md.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { buildCorpus, checkDocument, LineIndex, type Article, type Corpus, type Finding } from "./engine";
import { loadCorpus } from "./node/corpusLoader";
import { printable } from "./node/terminal";
import { readProjectConfig } from "./node/projectConfig";

const USAGE = `usage: grounded check [--corpus DIR]... [--format text|json] [--config FILE] [--no-exit] [--headings] FILE.md...

Checks each factual claim of the Markdown files against the source articles in
the corpus folders (default: the project's .grounded.jsonc, else ./corpus).

  --corpus DIR     a folder (or file) of source articles; may repeat
  --format FORMAT  text (default): one line per claim, like a compiler
                   json: one JSON document on stdout (see the README)
  --config FILE    a project settings file (default: .grounded.jsonc if present)
  --no-exit        exit 0 even when a claim is contradicted
  --headings       check headings as claims too
  -h, --help       this help

Exit status: 0 when no claim is contradicted, 1 when one is, 2 on a usage error
or an unreadable input.`;

class UsageError extends Error {
  constructor(message: string, readonly help = false) {
    super(message);
  }
}

interface Options {
  corpus: string[];
  format: "text" | "json";
  config?: string;
  noExit: boolean;
  headings: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help") throw new UsageError(USAGE, true);
  if (command === undefined) throw new UsageError(USAGE);
  if (command !== "check") throw new UsageError(`grounded: unknown command "${command}"\n\n${USAGE}`);
  const o: Options = { corpus: [], format: "text", noExit: false, headings: false, files: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`grounded: ${a} needs a value`);
      return v;
    };
    if (a === "--corpus") o.corpus.push(value());
    else if (a.startsWith("--corpus=")) o.corpus.push(a.slice(9));
    else if (a === "--format" || a.startsWith("--format=")) {
      const f = a === "--format" ? value() : a.slice(9);
      if (f !== "text" && f !== "json") throw new UsageError(`grounded: unknown format "${f}" (expected text or json)`);
      o.format = f;
    } else if (a === "--config") o.config = value();
    else if (a === "--no-exit") o.noExit = true;
    else if (a === "--headings") o.headings = true;
    else if (a === "-h" || a === "--help") throw new UsageError(USAGE, true);
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`grounded: unknown option "${a}"\n\n${USAGE}`);
    else o.files.push(a);
  }
  if (!o.files.length) throw new UsageError(`grounded: no Markdown file to check\n\n${USAGE}`);
  return o;
}

const SEVERITY: Record<Finding["verdict"], string> = { contradicted: "warning", unsupported: "info", supported: "hint" };

function describeSource(a: Article): string {
  return [a.outlet ?? a.title, a.date].filter(Boolean).join(", ") || a.id;
}

function jsonClaim(f: Finding, lines: LineIndex, corpus: Corpus) {
  return {
    range: lines.rangeOf(f.span),
    text: f.text,
    verdict: f.verdict,
    score: f.score,
    reason: f.reason,
    code: f.code,
    evidence: f.evidence.map((e) => {
      const a = corpus.article(e.articleId)!;
      return {
        source: a.id,
        title: a.title,
        outlet: a.outlet,
        date: a.date,
        url: a.url,
        quote: e.quote,
        range: new LineIndex(a.text).rangeOf(e.span),
        score: e.score,
      };
    }),
    ...(f.correction ? { correction: { range: lines.rangeOf(f.correction.span), replacement: f.correction.replacement, kind: f.correction.kind } } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const config = readProjectConfig(o.config, process.cwd());
  if (config.problem) throw new UsageError(`grounded: ${config.problem}`);
  const corpusPaths = o.corpus.length ? o.corpus : config.corpus ?? ["corpus"];
  for (const p of corpusPaths) {
    if (!existsSync(p)) throw new UsageError(`grounded: ${p}: corpus folder does not exist`);
  }
  const drafts: Array<{ path: string; text: string }> = [];
  for (const file of o.files) {
    let text: string;
    try {
      const bytes = await readFile(file);
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a folder, not a Markdown file" : err.code === "EACCES" ? "permission denied" : err instanceof TypeError ? "not valid UTF-8 text" : err.message;
      throw new UsageError(`grounded: ${file}: ${why}`);
    }
    drafts.push({ path: file, text: text.replace(/^\uFEFF/, "") });
  }
  const loaded = await loadCorpus(corpusPaths, { onProblem: (p) => process.stderr.write(`${printable(`grounded: ${p.file}: ${p.message}`)}\n`) });
  if (!loaded.articles.length) process.stderr.write(`grounded: warning: no readable articles in ${corpusPaths.join(", ")}\n`);
  const corpus = buildCorpus(loaded.articles);
  let contradicted = 0;
  const tally = { supported: 0, contradicted: 0, unsupported: 0 };
  const files = drafts.map((d) => {
    const result = checkDocument(d, corpus, { checkHeadings: o.headings || config.checkHeadings === true });
    for (const p of result.problems) process.stderr.write(`grounded: ${p.file}: ${p.message}\n`);
    for (const f of result.findings) tally[f.verdict]++;
    contradicted += result.findings.filter((f) => f.verdict === "contradicted").length;
    return { draft: d, findings: result.findings, citations: result.citations, lines: new LineIndex(d.text) };
  });

  if (o.format === "json") {
    const report = {
      version: 1,
      corpus: { documents: corpus.articles.length, passages: corpus.articles.reduce((n, a) => n + a.passages.length, 0) },
      files: files.map((f) => ({
        path: f.draft.path,
        claims: f.findings.map((c) => jsonClaim(c, f.lines, corpus)),
        citations: f.citations.map((c) => ({ range: f.lines.rangeOf(c.span), code: c.code, message: c.message, source: c.articleId ?? null })),
      })),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const out: string[] = [];
    for (const f of files) {
      for (const c of f.findings) {
        const pos = f.lines.positionAt(c.span.start);
        const src = c.evidence[0] ? corpus.article(c.evidence[0].articleId) : undefined;
        const where = src && c.verdict !== "unsupported" && !c.reason.includes(describeSource(src)) ? ` (${describeSource(src)})` : "";
        out.push(`${f.draft.path}:${pos.line + 1}:${pos.character + 1}  ${SEVERITY[c.verdict]}  ${c.verdict}: ${c.reason}${where}  [${c.code}]`);
        if (c.verdict !== "supported") out.push(`    "${c.text.length > 100 ? c.text.slice(0, 97) + "…" : c.text}"`);
      }
      for (const c of f.citations) {
        const pos = f.lines.positionAt(c.span.start);
        out.push(`${f.draft.path}:${pos.line + 1}:${pos.character + 1}  warning  ${c.message}  [${c.code}]`);
      }
    }
    const n = tally.supported + tally.contradicted + tally.unsupported;
    out.push(`${n} claim${n === 1 ? "" : "s"} checked in ${files.length} file${files.length === 1 ? "" : "s"} against ${corpus.articles.length} source${corpus.articles.length === 1 ? "" : "s"}: ${tally.supported} supported, ${tally.contradicted} contradicted, ${tally.unsupported} unsupported`);
    process.stdout.write(out.map(printable).join("\n") + "\n");
  }
  return contradicted > 0 && !o.noExit ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      (e.help ? process.stdout : process.stderr).write(e.message + "\n");
      process.exitCode = e.help ? 0 : 2;
    } else {
      process.stderr.write(`grounded: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    }
  },
);
