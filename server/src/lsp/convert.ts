/**
 * Findings to protocol objects, each in one place: diagnostics, hovers and
 * code actions. Quick fixes are built from a diagnostic's `code` and `data`
 * alone, so they need no server state.
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import {
  type CodeAction, CodeActionKind, type Diagnostic, DiagnosticSeverity, type MarkupContent, MarkupKind,
  type TextEdit as LspTextEdit, type WorkspaceEdit,
} from "vscode-languageserver/node";
import { type Article, type Corpus, type Finding, LineIndex } from "../engine";
import {
  bibliographyEdit, citeEdits, ignoreEdit, quoteEdits, referencesText, type CitationStyle, type CitedSource, type TextEdit,
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

export function sourceUri(article: Article, root: string): string {
  return pathToFileURL(resolve(root, article.id)).toString();
}

export function cited(article: Article, keys: Map<string, string>): CitedSource {
  return { key: keys.get(article.id) ?? article.id, title: article.title, outlet: article.outlet, byline: article.byline, date: article.date, url: article.url };
}

export function toDiagnostic(
  f: Finding, lines: LineIndex, corpus: Corpus, keys: Map<string, string>, settings: Settings, version: number, root: string,
): Diagnostic | undefined {
  const severity = settings.severity[f.verdict];
  if (severity === "off") return undefined;
  const verdictText = f.verdict === "supported" ? "Supported" : f.verdict === "contradicted" ? "Contradicted" : "Unsupported";
  const articles = f.evidence.map((e) => corpus.article(e.articleId)).filter((a): a is Article => !!a);
  const data: FixData = {
    verdict: f.verdict,
    span: f.span,
    version,
    sources: [...new Map(articles.map((a) => [a.id, cited(a, keys)])).values()].slice(0, 3),
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
      return [{ location: { uri: sourceUri(a, root), range: new LineIndex(a.text).rangeOf(e.conflict ?? e.span) }, message: `${describe(a)}: ${e.quote.slice(0, 160)}` }];
    }),
    data,
  };
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
    const line = new LineIndex(a.text).positionAt(e.span.start).line + 1;
    const meta = [a.title, a.outlet, a.date].filter(Boolean).map((x) => escapeMarkdown(x!)).join(" · ") || escapeMarkdown(a.id);
    const links = [`[${escapeMarkdown(a.id)}:${line}](${sourceUri(a, root)}#L${line})`];
    if (a.url && /^https?:\/\//i.test(a.url)) links.unshift(`[source](${encodeURI(a.url).replace(/[()]/g, encodeURIComponent)})`);
    parts.push(`> ${markedPassage(a, e.span, e.matched, e.conflict)}\n\n${meta} — ${links.join(" · ")}`);
  }
  return { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") };
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
}

/** Quick fixes for one diagnostic, from its data and the current text (of the same version). */
export function codeActionsFor(d: Diagnostic, uri: string, text: string, version: number, style: CitationStyle, references?: References): CodeAction[] {
  const data = d.data as FixData | undefined;
  if (!data || d.source !== "grounded" || data.version !== version) return [];
  const lines = new LineIndex(text);
  const actions: CodeAction[] = [];
  const action = (title: string, edits: TextEdit[], preferred = false): void => {
    if (edits.length) actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: versioned(uri, version, toLsp(edits, lines)) });
  };
  if (data.correction && text.slice(data.correction.span.start, data.correction.span.end).length) {
    const what = data.correction.kind === "figure" ? "figure" : data.correction.kind;
    action(`Use the source's ${what}: "${data.correction.replacement}"`, [{ span: data.correction.span, newText: data.correction.replacement }], true);
  }
  if (data.verdict === "supported" && data.sources.length) {
    const title = `Cite ${data.sources.map((s) => s.outlet ?? s.title ?? s.key).slice(0, 2).join(" and ")}`;
    const edits = citeEdits(text, data.span, data.sources, style);
    const bib = style === "pandoc" && references ? referencesText(references.text, data.sources) : null;
    if (bib !== null && references) {
      // pandoc: the citation, the bibliography entry in references.json, and the front matter naming it.
      const fm = bibliographyEdit(text, analyzeDraft(text, { checkHeadings: false }).frontMatter, references.uri.split("/").pop()!);
      const refLines = new LineIndex(references.text ?? "");
      const changes: NonNullable<WorkspaceEdit["documentChanges"]> = [{ textDocument: { uri, version }, edits: toLsp(fm ? [...edits, fm] : edits, lines) }];
      if (references.text === null) changes.push({ kind: "create", uri: references.uri, options: { ignoreIfExists: true } });
      changes.push({ textDocument: { uri: references.uri, version: null }, edits: [{ range: refLines.rangeOf({ start: 0, end: (references.text ?? "").length }), newText: bib }] });
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { documentChanges: changes } });
    } else {
      action(title, edits, true);
    }
  }
  if (data.quote && data.sources[0] && data.verdict !== "unsupported") {
    action("Quote the source", quoteEdits(text, data.span, data.quote, data.sources[0], style));
  }
  action("Ignore this claim", [ignoreEdit(text, data.span)]);
  return actions;
}
