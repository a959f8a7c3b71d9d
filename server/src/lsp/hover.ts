/**
 * Hovers, as Markdown: a claim's verdict with its passages, and a citation's
 * source. Every piece of text from a source is escaped, and only
 * http(s) URLs become link targets, so nothing in an article becomes active.
 */
import { type Hover, type HoverParams, type MarkupContent, MarkupKind } from "vscode-languageserver/node";
import { type Article, type Corpus, escapeMarkdown, type Evidence, type Finding, type ModelReading, pageAt, safeUrl } from "../engine";
import { currentCheck, documentLines, type ServerContext } from "./context";
import { resolveMarker } from "./markers";
import { fileUri, linesOf, lineUri, type SourceLinks, sourceUri } from "./sources";

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

/** The hover of a claim: its verdict and reason, then up to three passages. */
export function hoverFor(f: Finding, corpus: Corpus, links: SourceLinks): MarkupContent {
  const icon = f.verdict === "supported" ? "✓ Supported" : f.verdict === "contradicted" ? "✗ Contradicted" : "? Unsupported";
  const parts = [`**${icon}** — ${escapeMarkdown(f.reason)} \`${f.code}\``];
  if (f.reading) parts[0] += `\n\n${readingLine(f.reading, corpus)}`;
  for (const e of f.evidence.slice(0, 3)) {
    const a = corpus.article(e.articleId);
    if (!a) continue;
    parts.push(`> ${markedPassage(a, e.span, e.matched, e.conflict)}\n\n${sourceLine(a, e.span, links)}`);
  }
  return { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") };
}

/** The reading model's view: how far its most entailing passage entails the claim, and whether it read only part of a passage. */
function readingLine(r: ModelReading, corpus: Corpus): string {
  const a = corpus.article(r.articleId);
  const source = a ? escapeMarkdown(a.title ?? a.id) : escapeMarkdown(r.articleId);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const cut = r.cut ? "; a passage was longer than the model reads, and it read the first part" : "";
  return `*Reading model:* entails ${pct(r.entail)}, contradicts ${pct(r.contradict)}, neither ${pct(r.neither)} (most entailing passage: ${source})${cut}`;
}

/**
 * `title · outlet · date · p. 2 — [source](url) · [file:line](file:///…#L12)`, every part from the source escaped.
 * A PDF or Word source links to the file (the editor's viewer) and, when the client shows it, to its extracted text with the passage selected.
 */
function sourceLine(a: Article, span: { start: number; end: number }, links: SourceLinks): string {
  const lines = linesOf(a);
  const line = lines.positionAt(span.start).line + 1;
  const page = pageAt(a, span.start);
  const meta = [...[a.title, a.outlet, a.date].filter(Boolean).map((x) => escapeMarkdown(x!)), ...(page ? [`p. ${page}`] : [])].join(" · ") || escapeMarkdown(a.id);
  const to = lines.positionAt(span.end);
  const text = sourceUri(a, links);
  const targets = !a.extractedFrom
    ? [`[${escapeMarkdown(a.id)}:${line}](${lineUri(a, line, links)})`]
    : [`[${escapeMarkdown(a.id)}](${fileUri(a, links.root)})`, ...(text !== fileUri(a, links.root) ? [`[text, line ${line}](${text}#L${line},1-${to.line + 1},${to.character + 1})`] : [])];
  const url = safeUrl(a.url);
  if (url) targets.unshift(`[source](<${url}>)`);
  return `${meta} — ${targets.join(" · ")}`;
}


/** The hover on a citation marker: the cited article, and the passage that bears on the sentence (else its first). */
export function citationHover(key: string, article: Article | undefined, evidence: Evidence | undefined, links: SourceLinks): MarkupContent {
  if (!article) return { kind: MarkupKind.Markdown, value: `**Unknown citation** — no source in the corpus has the key \`${key.replace(/`/g, "")}\`.` };
  const parts = [`**Cited source** \`${key.replace(/`/g, "")}\``];
  const passage = evidence ?? (article.passages[0] ? { span: article.passages[0].span, matched: [], conflict: undefined } : undefined);
  if (passage) parts.push(`> ${markedPassage(article, passage.span, passage.matched, passage.conflict)}`);
  parts.push(sourceLine(article, passage?.span ?? { start: 0, end: 0 }, links));
  return { kind: MarkupKind.Markdown, value: parts.join("\n\n") };
}

const INDEXING: Hover = { contents: { kind: MarkupKind.Markdown, value: "Grounded is indexing the sources…" } };

/**
 * `textDocument/hover`: on a citation marker, the cited source; on a claim, its
 * verdict and passages. Never waits for indexing: it answers from the corpus
 * the findings came from, or the last one built, and says so when that one is
 * being rebuilt.
 */
export async function provideHover(ctx: ServerContext, params: HoverParams): Promise<Hover | null> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return null;
  const offset = doc.offsetAt(params.position);
  const text = doc.getText();
  const lines = documentLines(ctx, doc);
  const checked = currentCheck(ctx, doc.uri);
  const claim = checked?.findings.find((f) => f.span.start <= offset && offset <= f.span.end);
  const paths = ctx.corpora.pathsFor(doc.uri, ctx.checked.get(doc.uri)?.settings ?? (await ctx.settings.for(doc.uri)));
  const loaded = (claim && checked?.loaded) || ctx.corpora.store.latest(paths);
  if (!loaded) return INDEXING;
  const note = (h: Hover): Hover => (loaded.partial ? withNote(h, partialNote(loaded.partial)) : ctx.corpora.store.isIndexing(paths) ? withNote(h, REINDEXING) : h);
  const marker = resolveMarker(text, offset, loaded, checked);
  const links = ctx.sourceLinks(loaded.root);
  if (marker) return note({ contents: citationHover(marker.hit.key, marker.article, marker.evidence, links), range: lines.rangeOf(marker.hit.span) });
  if (!claim) return null;
  // Against part of a cold build, "no evidence" is not a verdict yet: the rest of the sources may have it.
  if (loaded.partial && claim.verdict === "unsupported") return { contents: { kind: MarkupKind.Markdown, value: partialNote(loaded.partial) }, range: lines.rangeOf(claim.span) };
  return note({ contents: hoverFor(claim, loaded.corpus, links), range: lines.rangeOf(claim.span) });
}

const REINDEXING = "_Grounded is re-indexing the sources; this is from the previous index._";

/** What a hover says while the findings come from part of a cold build. */
function partialNote(p: { done: number; total: number }): string {
  return `_Grounded is still indexing the sources (${p.done.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")} files so far); this claim is checked against all of them once they are indexed._`;
}

/** The hover with a note (the index it comes from is being built or rebuilt). */
function withNote(h: Hover, note: string): Hover {
  if (typeof h.contents !== "object" || !("kind" in h.contents)) return h;
  return { ...h, contents: { ...h.contents, value: `${h.contents.value}\n\n---\n\n${note}` } };
}
