/**
 * Pure edit computations for quick fixes: given the draft's text and what a
 * finding carries, the exact insertions and replacements. An edit only inserts
 * at a point or replaces the span it names; nothing else of the text changes.
 */
import type { ArticleMeta, Span } from "../types";

export interface TextEdit {
  span: Span;
  newText: string;
}

export type CitationStyle = "footnote" | "pandoc" | "link";

export interface CitedSource extends ArticleMeta {
  key: string;
}

/** `Title. *Outlet*, date. <url>` with missing parts left out. */
export function footnoteText(s: CitedSource): string {
  const parts: string[] = [];
  if (s.title) parts.push(`${escapeInline(s.title).replace(/[.]$/, "")}.`);
  const outletDate = [s.outlet ? `*${escapeInline(s.outlet)}*` : null, s.date].filter(Boolean).join(", ");
  if (outletDate) parts.push(`${outletDate}.`);
  if (s.url) parts.push(`<${s.url.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return parts.join(" ") || s.key;
}

/** Markdown punctuation in text from a source is escaped, so it stays text. */
export function escapeInline(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/\s+/g, " ").trim();
}

/** The offset right after a sentence's closing punctuation and any markers that already follow it. */
export function citationPoint(text: string, sentence: Span): number {
  let at = sentence.end;
  for (;;) {
    const m = /^\[\^[^\]\s]+\]|^ ?\[@[^\]]+\]/.exec(text.slice(at, at + 200));
    if (!m) return at;
    at += m[0].length;
  }
}

function definitionExists(text: string, key: string): boolean {
  return new RegExp(`^\\[\\^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]:`, "m").test(text);
}

/** Edits that cite `sources` after `sentence` in the given style. */
export function citeEdits(text: string, sentence: Span, sources: CitedSource[], style: CitationStyle): TextEdit[] {
  const at = citationPoint(text, sentence);
  if (style === "link") {
    const links = sources.filter((s) => s.url).map((s) => ` ([${escapeInline(s.outlet ?? s.title ?? s.key)}](<${s.url}>))`);
    return links.length ? [{ span: { start: at, end: at }, newText: links.join("") }] : [];
  }
  if (style === "pandoc") {
    return [{ span: { start: at, end: at }, newText: ` [${sources.map((s) => `@${s.key}`).join("; ")}]` }];
  }
  const edits: TextEdit[] = [{ span: { start: at, end: at }, newText: sources.map((s) => `[^${s.key}]`).join("") }];
  const missing = sources.filter((s) => !definitionExists(text, s.key));
  if (missing.length) {
    const end = text.length;
    const lead = text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
    edits.push({ span: { start: end, end }, newText: lead + missing.map((s) => `[^${s.key}]: ${footnoteText(s)}\n`).join("") });
  }
  return edits;
}

/** `<!-- grounded-ignore-next-line -->` on its own line above the claim's line. */
export function ignoreEdit(text: string, sentence: Span): TextEdit {
  let lineStart = sentence.start;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const indent = /^[ \t>]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}<!-- grounded-ignore-next-line -->${eol}` };
}

/** The source passage as a block quote after the paragraph that holds the claim, with its citation. */
export function quoteEdits(text: string, sentence: Span, quote: string, source: CitedSource, style: CitationStyle): TextEdit[] {
  let end = text.indexOf("\n\n", sentence.end);
  if (end < 0) end = text.length;
  const marker = style === "footnote" ? `[^${source.key}]` : style === "pandoc" ? ` [@${source.key}]` : source.url ? ` ([${escapeInline(source.outlet ?? source.key)}](<${source.url}>))` : "";
  const block = `\n\n> ${escapeInline(quote)}${marker}`;
  const edits: TextEdit[] = [{ span: { start: end, end }, newText: block }];
  if (style === "footnote" && !definitionExists(text, source.key)) {
    const lead = text.endsWith("\n") ? "\n" : "\n\n";
    edits.push({ span: { start: text.length, end: text.length }, newText: `${lead}[^${source.key}]: ${footnoteText(source)}\n` });
  }
  return edits;
}

/** Applies non-overlapping edits (for tests and the CLI); later spans first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A CSL-JSON item for a source (pandoc, Zotero and citeproc read this). */
export function cslItem(s: CitedSource): Record<string, unknown> {
  const item: Record<string, unknown> = { id: s.key, type: "article-newspaper" };
  if (s.title) item.title = s.title;
  if (s.outlet) item["container-title"] = s.outlet;
  if (s.byline) item.author = [{ literal: s.byline }];
  if (s.date) item.issued = { "date-parts": [s.date.split("-").map(Number)] };
  if (s.url) item.URL = s.url;
  return item;
}

/**
 * The new text of a CSL-JSON bibliography with `sources` added (existing entries
 * kept as they are), or null when the existing text is not a JSON array and
 * must not be touched.
 */
export function referencesText(existing: string | null, sources: CitedSource[]): string | null {
  let items: Array<Record<string, unknown>> = [];
  if (existing !== null && existing.trim()) {
    try {
      const parsed = JSON.parse(existing) as unknown;
      if (!Array.isArray(parsed)) return null;
      items = parsed as Array<Record<string, unknown>>;
    } catch {
      return null;
    }
  }
  const ids = new Set(items.map((i) => i.id));
  const added = sources.filter((s) => !ids.has(s.key)).map(cslItem);
  return JSON.stringify([...items, ...added], null, 2) + "\n";
}

/** Adds `bibliography: FILE` to the draft's front matter (creating it) unless one is named. */
export function bibliographyEdit(text: string, frontMatter: Span | null, file: string): TextEdit | null {
  if (!frontMatter) return { span: { start: 0, end: 0 }, newText: `---\nbibliography: ${file}\n---\n\n` };
  const block = text.slice(frontMatter.start, frontMatter.end);
  if (/^bibliography\s*:/m.test(block)) return null;
  const close = block.search(/\r?\n(---|\.\.\.)\s*$/);
  if (close < 0) return null;
  const at = frontMatter.start + close;
  return { span: { start: at, end: at }, newText: `\nbibliography: ${file}` };
}
