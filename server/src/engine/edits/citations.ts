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
