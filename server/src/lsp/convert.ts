/**
 * Findings to protocol objects, each in one place: diagnostics, hovers and
 * code actions. Quick fixes are built from a diagnostic's `code` and `data`
 * alone, so they need no server state.
 */
import {
  type CodeAction, CodeActionKind, type Diagnostic, DiagnosticSeverity, type MarkupContent, MarkupKind,
  type TextEdit as LspTextEdit, type WorkspaceEdit,
} from "vscode-languageserver/node";
import { type Article, type Corpus, type Evidence, type Finding, LineIndex, type Range } from "../engine";
import { pageAt } from "../engine/corpus/extracted";
import { evidenceUri, fileUri, rangesApply } from "./sourceText";

const sourceLines = new WeakMap<Article, LineIndex>();

/** A source's line index, made once per article (diagnostics and hovers ask for it on every check). */
function linesOf(a: Article): LineIndex {
  let lines = sourceLines.get(a);
  if (!lines) {
    lines = new LineIndex(a.text);
    sourceLines.set(a, lines);
  }
  return lines;
}
import {
  bibliographyEdit, citeEdits, type CitationFormat, HAND_FORMAT, ignoreEdit, quoteEdits, referencesText, type CitationStyle, type CitedSource, type TextEdit,
} from "../engine/edits/citations";
import { analyzeDraft } from "../engine/markdown/draft";
import type { SeverityName, Settings } from "./settings";

export const DOCS_URL = "https://github.com/grounded-writing/grounded-writing/blob/main/README.md";

const SEVERITY: Record<Exclude<SeverityName, "off">, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a quick fix needs, carried in `diagnostic.data`. */
export interface FixData {
  verdict: Finding["verdict"];
  /** The claim sentence, as offsets into the document version the diagnostic was made for. */
  span: { start: number; end: number };
  version: number;
  sources: CitedSource[];
  quote?: string;
  correction?: Finding["correction"];
}

/** Where a source's evidence opens: the file, or for a PDF or Word file the document of its extracted text. */
export function sourceUri(article: Article, root: string): string {
  return evidenceUri(article, root);
}

/** How sources are cited: by the corpus's keys, or by a document's own rule (its bibliography's entries: `citing.ts`). */
export type Citer = Map<string, string> | ((article: Article) => CitedSource);

export function cited(article: Article, keys: Citer): CitedSource {
  if (typeof keys === "function") return keys(article);
  return { key: keys.get(article.id) ?? article.id, title: article.title, outlet: article.outlet, byline: article.byline, date: article.date, url: article.url };
}

/** The sources of a finding's evidence, each once (with the page of its best passage), at most three. */
function citedSources(f: Finding, corpus: Corpus, keys: Citer): CitedSource[] {
  const out = new Map<string, CitedSource>();
  for (const e of f.evidence) {
    const a = corpus.article(e.articleId);
    if (!a || out.has(a.id)) continue;
    const page = pageAt(a, e.span.start);
    out.set(a.id, { ...cited(a, keys), ...(page !== undefined ? { page } : {}) });
  }
  return [...out.values()].slice(0, 3);
}

export function toDiagnostic(
  f: Finding, lines: LineIndex, corpus: Corpus, keys: Citer, settings: Settings, version: number, root: string,
): Diagnostic | undefined {
  const severity = settings.severity[f.verdict];
  if (severity === "off") return undefined;
  const verdictText = f.verdict === "supported" ? "Supported" : f.verdict === "contradicted" ? "Contradicted" : "Unsupported";
  const data: FixData = {
    verdict: f.verdict,
    span: f.span,
    version,
    sources: citedSources(f, corpus, keys),
    quote: f.evidence[0]?.quote,
    correction: f.correction,
  };
  return {
    range: lines.rangeOf(f.span),
    severity: SEVERITY[severity],
    source: "grounded",
    code: f.code,
    codeDescription: { href: `${DOCS_URL}#${f.code}` },
    message: `${verdictText}: ${f.reason}`,
    relatedInformation: f.evidence.flatMap((e) => {
      const a = corpus.article(e.articleId);
      if (!a) return [];
      return [{ location: { uri: sourceUri(a, root), range: rangeIn(a, e.conflict ?? e.span) }, message: `${describe(a)}: ${e.quote.slice(0, 160)}` }];
    }),
    data,
  };
}

/** A span of a source as a range where its evidence points (the start of the file for a PDF the client cannot show as text). */
export function rangeIn(a: Article, span: { start: number; end: number }): Range {
  return rangesApply(a) ? linesOf(a).rangeOf(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function describe(a: Article): string {
  return [a.title ?? a.id.split("/").pop(), a.outlet, a.date].filter(Boolean).join(" · ");
}

/** Escapes text from a source so that no Markdown, HTML or link in it becomes active. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&"']/g, (c) => `\\${c}`)
    // A zero-width space keeps a bare URL from being turned into a link.
    .replace(/:\/\//g, ":\u200b//");
}

/** A passage with the matched words in bold and the conflicting words in bold italics, all escaped. */
function markedPassage(a: Article, span: { start: number; end: number }, matched: Array<{ start: number; end: number }>, conflict?: { start: number; end: number }): string {
  const marks: Array<{ start: number; end: number; kind: "match" | "conflict" }> = [
    ...matched.map((m) => ({ ...m, kind: "match" as const })),
    ...(conflict ? [{ ...conflict, kind: "conflict" as const }] : []),
  ]
    .filter((m) => m.start >= span.start && m.end <= span.end)
    .sort((x, y) => x.start - y.start);
  let out = "";
  let at = span.start;
  for (const m of marks) {
    if (m.start < at) continue;
    out += escapeMarkdown(a.text.slice(at, m.start));
    const inner = escapeMarkdown(a.text.slice(m.start, m.end));
    out += m.kind === "conflict" ? `***${inner}***` : `**${inner}**`;
    at = m.end;
  }
  return out + escapeMarkdown(a.text.slice(at, span.end));
}

export function hoverFor(f: Finding, corpus: Corpus, root: string): MarkupContent {
  const icon = f.verdict === "supported" ? "✓ Supported" : f.verdict === "contradicted" ? "✗ Contradicted" : "? Unsupported";
  const parts = [`**${icon}** — ${escapeMarkdown(f.reason)} \`${f.code}\``];
  for (const e of f.evidence.slice(0, 3)) {
    const a = corpus.article(e.articleId);
    if (!a) continue;
    parts.push(`> ${markedPassage(a, e.span, e.matched, e.conflict)}\n\n${sourceLine(a, e.span.start, root, e.span.end)}`);
  }
  return { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") };
}

/**
 * `title · outlet · date · p. 2 — [source](url) · [file:line](file:///…#L12)`, every part from the source escaped.
 * A PDF or Word source links to the file (the editor's viewer) and to its extracted text with the passage selected.
 */
function sourceLine(a: Article, offset: number, root: string, end = offset): string {
  const lines = linesOf(a);
  const line = lines.positionAt(offset).line + 1;
  const page = pageAt(a, offset);
  const meta = [...[a.title, a.outlet, a.date].filter(Boolean).map((x) => escapeMarkdown(x!)), ...(page ? [`p. ${page}`] : [])].join(" · ") || escapeMarkdown(a.id);
  const to = lines.positionAt(end);
  const links = a.extractedFrom
    ? [`[${escapeMarkdown(a.id)}](${fileUri(a, root)})`, ...(sourceUri(a, root) !== fileUri(a, root) ? [`[text, line ${line}](${sourceUri(a, root)}#L${line},1-${to.line + 1},${to.character + 1})`] : [])]
    : [`[${escapeMarkdown(a.id)}:${line}](${sourceUri(a, root)}#L${line})`];
  const url = linkTarget(a.url);
  if (url) links.unshift(`[source](${url})`);
  return `${meta} — ${links.join(" · ")}`;
}

/** A source's URL as a Markdown link target: http(s) only, with nothing in it that could end the link. */
function linkTarget(url: string | null): string | null {
  if (!url || !/^https?:\/\/[^\s]/i.test(url.trim())) return null;
  return url.trim().replace(/[\s()<>[\]\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function toLsp(edits: TextEdit[], lines: LineIndex): LspTextEdit[] {
  return edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText }));
}

function versioned(uri: string, version: number, edits: LspTextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** The CSL-JSON file beside a draft, for the pandoc style: its URI and current text (null when absent). */
export interface References {
  uri: string;
  text: string | null;
  /** The version of the open document, when the file is open in the editor. */
  version?: number;
}

/** Quick fixes for one diagnostic, from its data and the current text (of the same version). */
export function codeActionsFor(
  d: Diagnostic, uri: string, text: string, version: number, style: CitationStyle, references?: References, format: CitationFormat = HAND_FORMAT,
): CodeAction[] {
  const data = d.data as FixData | undefined;
  if (!data || d.source !== "grounded" || data.version !== version || !data.span) return [];
  const lines = new LineIndex(text);
  const actions: CodeAction[] = [];
  const action = (title: string, edit: WorkspaceEdit | undefined, preferred = false): void => {
    if (edit) actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit });
  };
  if (data.correction && data.correction.span.end > data.correction.span.start && data.correction.span.end <= text.length) {
    const what = data.correction.kind === "figure" ? "figure" : data.correction.kind;
    action(`Use the source's ${what}: "${data.correction.replacement}"`, versioned(uri, version, toLsp([{ span: data.correction.span, newText: data.correction.replacement }], lines)), true);
  }
  if (data.verdict === "supported" && data.sources.length) {
    const title = `Cite ${data.sources.map((s) => s.outlet ?? s.title ?? s.key).slice(0, 2).join(" and ")}`;
    action(title, citationEdit(uri, version, text, citeEdits(text, data.span, data.sources, style, format), data.sources, style, references), true);
  }
  if (data.quote && data.sources[0] && data.verdict !== "unsupported") {
    action("Quote the source", citationEdit(uri, version, text, quoteEdits(text, data.span, data.quote, data.sources[0], style, format), [data.sources[0]], style, references));
  }
  action("Ignore this claim", versioned(uri, version, toLsp([ignoreEdit(text, data.span)], lines)));
  return actions;
}

/**
 * The workspace edit that adds a citation: the draft's edits and, in the pandoc
 * style, the CSL-JSON entries in `references.json` (created when absent) and
 * `bibliography:` in the front matter. Undefined when there is nothing to do.
 */
export function citationEdit(
  uri: string, version: number, text: string, edits: TextEdit[], sources: CitedSource[], style: CitationStyle, references?: References,
): WorkspaceEdit | undefined {
  if (!edits.length) return undefined;
  const lines = new LineIndex(text);
  const bib = style === "pandoc" && references ? referencesText(references.text, sources) : null;
  if (bib === null || !references) return versioned(uri, version, toLsp(edits, lines));
  const file = references.uri.split("/").pop()!;
  const fm = bibliographyEdit(text, analyzeDraft(text, { checkHeadings: false }).frontMatter, file);
  const changes: NonNullable<WorkspaceEdit["documentChanges"]> = [{ textDocument: { uri, version }, edits: toLsp(fm ? [fm, ...edits] : edits, lines) }];
  if (references.text === null) changes.push({ kind: "create", uri: references.uri, options: { ignoreIfExists: true } });
  if (bib !== references.text) {
    const old = references.text ?? "";
    changes.push({ textDocument: { uri: references.uri, version: references.version ?? null }, edits: [{ range: new LineIndex(old).rangeOf({ start: 0, end: old.length }), newText: bib }] });
  }
  return { documentChanges: changes };
}

/** The hover on a citation marker: the cited article, and the passage that bears on the sentence (else its first). */
export function citationHover(key: string, article: Article | undefined, evidence: Evidence | undefined, root: string): MarkupContent {
  if (!article) return { kind: MarkupKind.Markdown, value: `**Unknown citation** — no source in the corpus has the key \`${key.replace(/`/g, "")}\`.` };
  const parts = [`**Cited source** \`${key.replace(/`/g, "")}\``];
  const passage = evidence ?? (article.passages[0] ? { span: article.passages[0].span, matched: [], conflict: undefined } : undefined);
  if (passage) parts.push(`> ${markedPassage(article, passage.span, passage.matched, passage.conflict)}`);
  parts.push(sourceLine(article, passage?.span.start ?? 0, root));
  return { kind: MarkupKind.Markdown, value: parts.join("\n\n") };
}

/** One claim of the `grounded/report` answer. */
export interface ReportClaim {
  range: Range;
  text: string;
  verdict: Finding["verdict"];
  score: number;
  reason: string;
  code: string;
  sources: Array<{
    articleId: string; key: string; title: string | null; outlet: string | null; date: string | null; url: string | null; quote: string; uri: string; line: number;
    /** The passage's page, for a paged source (PDF). */
    page?: number;
  }>;
}

export function reportClaim(f: Finding, lines: LineIndex, corpus: Corpus, keys: Citer, root: string): ReportClaim {
  return {
    range: lines.rangeOf(f.span),
    text: f.text,
    verdict: f.verdict,
    score: f.score,
    reason: f.reason,
    code: f.code,
    sources: f.evidence.flatMap((e) => {
      const a = corpus.article(e.articleId);
      if (!a) return [];
      const line = linesOf(a).positionAt(e.span.start).line;
      const page = pageAt(a, e.span.start);
      return [{
        articleId: a.id, key: cited(a, keys).key, title: a.title, outlet: a.outlet, date: a.date, url: a.url, quote: e.quote, uri: sourceUri(a, root), line,
        ...(page !== undefined ? { page } : {}),
      }];
    }),
  };
}
