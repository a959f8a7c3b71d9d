/**
 * Pure edit computations for quick fixes: given the draft's text and what a
 * finding carries, the exact insertions and replacements. An edit only inserts
 * at a point or replaces the span it names; nothing else of the text changes.
 */
import { ignoreComment, lineStartOf, runStart } from "../markdown/ignore";
import { escapeMarkdownSource } from "../text/escape";
import type { ArticleMeta, Span } from "../types";

export interface TextEdit {
  span: Span;
  newText: string;
}

export type CitationStyle = "footnote" | "pandoc" | "link";

export interface CitedSource extends ArticleMeta {
  key: string;
  /** The page the cited passage is on, for a paged source (PDF). */
  page?: number;
  /** The bibliography's CSL-JSON entry for the source, when it is matched to one. */
  csl?: Record<string, unknown>;
}

/**
 * How a citation reads: a footnote definition's text, and the short form a
 * link's text takes. `HAND_FORMAT` is the hand-written form; a CSL style gives
 * another (`csl.ts`).
 */
export interface CitationFormat {
  definition(s: CitedSource): string;
  inText(s: CitedSource): string;
}

export const HAND_FORMAT: CitationFormat = {
  definition: (s) => footnoteText(s),
  inText: (s) => `${escapeMarkdownSource(s.outlet ?? s.title ?? s.key)}${s.page !== undefined ? `, p. ${s.page}` : ""}`,
};

/** The footnote key of a citation: the source's key, with its page for a paged source (one definition per page). */
export function footnoteKey(s: CitedSource): string {
  return s.page !== undefined ? `${s.key}-p${s.page}` : s.key;
}

/** `Title. *Outlet*, date, p. 2. <url>` with missing parts left out. */
export function footnoteText(s: CitedSource): string {
  const parts: string[] = [];
  if (s.title) parts.push(`${escapeMarkdownSource(s.title).replace(/[.]$/, "")}.`);
  const outletDate = [s.outlet ? `*${escapeMarkdownSource(s.outlet)}*` : null, s.date, s.page !== undefined ? `p. ${s.page}` : null].filter(Boolean).join(", ");
  if (outletDate) parts.push(`${outletDate}.`);
  const url = safeUrl(s.url);
  if (url) parts.push(`<${url}>`);
  return parts.join(" ") || s.key;
}

/**
 * A source's URL ready to go between `<…>` (the only form of link target
 * Grounded writes, in the draft and in hovers): only http(s) URLs, with angle
 * brackets, backslashes and white space percent-encoded; anything else gives
 * null, so no other scheme (`command:`, `javascript:`) from a source ever
 * becomes a link.
 */
export function safeUrl(url: string | null): string | null {
  const u = url?.trim();
  if (!u || !/^https?:\/\/[^\s]/i.test(u)) return null;
  return u.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c));
}

/** The line break the document already uses. */
function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** The offset where the paragraph holding `from` ends: before the blank line that follows it, or the end of the text. */
export function paragraphEnd(text: string, from: number): number {
  const re = /\r?\n[ \t]*(?:\r?\n|$)|\r[ \t]*\r/g;
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : text.length;
}

/** Footnote definitions for those of `sources` the text does not define yet, appended at the end. */
export function definitionEdits(text: string, sources: CitedSource[], format: CitationFormat = HAND_FORMAT): TextEdit[] {
  return definitionEditor(text, format)(sources);
}

/**
 * `definitionEdits` for many sets of sources against one text (completion
 * offers fifty sources at a time): the text is scanned once for its
 * definitions and its line ends, not once per source (a 5 MB draft takes
 * milliseconds a scan).
 */
export function definitionEditor(text: string, format: CitationFormat = HAND_FORMAT): (sources: CitedSource[]) => TextEdit[] {
  let defined: Set<string> | undefined;
  let eol: string | undefined;
  const exists = (key: string) => {
    // A key with a bracket or a line break is not one the scan below can collect: test it alone.
    if (/[\]\r\n]/.test(key)) return definitionExists(text, key);
    defined ??= definedKeys(text);
    return defined.has(key);
  };
  return (sources) => {
    const missing = sources.filter((s) => !exists(footnoteKey(s)));
    if (!missing.length) return [];
    eol ??= eolOf(text);
    const lead = text.length === 0 || text.endsWith(eol + eol) ? "" : text.endsWith(eol) ? eol : eol + eol;
    return [{ span: { start: text.length, end: text.length }, newText: lead + missing.map((s) => `[^${footnoteKey(s)}]: ${format.definition(s)}${eol}`).join("") }];
  };
}

/**
 * The keys of the footnote definitions in `text` (`[^key]:` at the start of a
 * line). Each `[^` is found with `indexOf` and matched where it stands: a
 * multiline `^` regular expression tries every position of the text, five
 * times slower on a 5 MB draft, and completion scans the draft each time.
 */
function definedKeys(text: string): Set<string> {
  // Where `^` matches in a multiline regular expression (as in `definitionExists`).
  const LINE_TERMINATORS = "\n\r\u2028\u2029";
  const keys = new Set<string>();
  const definition = /\[\^([^\]\r\n]*)\]:/y;
  for (let at = text.indexOf("[^"); at >= 0; at = text.indexOf("[^", at + 2)) {
    if (at > 0 && !LINE_TERMINATORS.includes(text[at - 1])) continue;
    definition.lastIndex = at;
    const m = definition.exec(text);
    if (m) keys.add(m[1]);
  }
  return keys;
}

/** The marker that cites one source inline in a style (a footnote reference, a pandoc citation, a link). */
function markerFor(s: CitedSource, style: CitationStyle, format: CitationFormat): string {
  if (style === "footnote") return `[^${footnoteKey(s)}]`;
  if (style === "pandoc") return ` [${pandocCite(s)}]`;
  const url = safeUrl(s.url);
  return url ? ` ([${format.inText(s)}](<${url}>))` : "";
}

/** `@key`, with the page as pandoc's locator (`@key, p. 2`) for a paged source. */
function pandocCite(s: CitedSource): string {
  return s.page !== undefined ? `@${s.key}, p. ${s.page}` : `@${s.key}`;
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
export function citeEdits(text: string, sentence: Span, sources: CitedSource[], style: CitationStyle, format: CitationFormat = HAND_FORMAT): TextEdit[] {
  const at = citationPoint(text, sentence);
  if (!sources.length) return [];
  if (style === "link") {
    const links = sources.map((s) => markerFor(s, "link", format)).join("");
    return links ? [{ span: { start: at, end: at }, newText: links }] : [];
  }
  if (style === "pandoc") {
    return [{ span: { start: at, end: at }, newText: ` [${sources.map(pandocCite).join("; ")}]` }];
  }
  return [{ span: { start: at, end: at }, newText: sources.map((s) => markerFor(s, "footnote", format)).join("") }, ...definitionEdits(text, sources, format)];
}

/**
 * A comment that ignores the claim alone (`<!-- grounded-ignore: "…" -->`,
 * `markdown/ignore.ts`), on its own line right above the paragraph (list,
 * table) that holds it, with that line's quote markers and indentation: the
 * other sentences of the paragraph are still checked, and the comment moves
 * with the paragraph. `claim` is the sentence's plain text (`Finding.text`).
 * The paragraph starts after the blank line above it, or after a code fence
 * or front matter fence that closes right above it.
 */
export function ignoreEdit(text: string, sentence: Span, claim: string): TextEdit {
  // A line indented four columns more than the claim's is code (an indented code block right above the paragraph).
  const base = indentColumns(text.slice(lineStartOf(text, sentence.start), sentence.start));
  const at = runStart(text, sentence.start, (line) => FENCE.test(line) || indentColumns(line) >= base + 4);
  const indent = /^[ \t>]*/.exec(text.slice(at))?.[0] ?? "";
  return { span: { start: at, end: at }, newText: `${indent}${ignoreComment(claim)}${eolOf(text)}` };
}

/** A line that closes a code block or the front matter: the paragraph below starts after it. */
const FENCE = /^[ \t>]*(?:`{3,}|~{3,})|^(?:---|\.\.\.|\+\+\+)[ \t]*$/;

/** The columns of white space a line starts with, after its quote markers (a tab to the next multiple of four). */
function indentColumns(line: string): number {
  const rest = line.replace(/^(?:[ \t]{0,3}> ?)*/, "");
  let columns = 0;
  for (const c of rest) {
    if (c === " ") columns++;
    else if (c === "\t") columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}

/** The source passage as a block quote after the paragraph that holds the claim, with its citation. */
export function quoteEdits(
  text: string, sentence: Span, quote: string, source: CitedSource, style: CitationStyle, format: CitationFormat = HAND_FORMAT,
): TextEdit[] {
  const end = paragraphEnd(text, sentence.end);
  const eol = eolOf(text);
  const block = `${eol}${eol}> ${escapeMarkdownSource(quote)}${markerFor(source, style, format)}`;
  return [{ span: { start: end, end }, newText: block }, ...(style === "footnote" ? definitionEdits(text, [source], format) : [])];
}

/**
 * A source passage quoted where the writer's cursor is (the "Search sources"
 * command): on a blank line, the block quote goes right there, set off by blank
 * lines; inside a paragraph, it goes after the paragraph.
 */
export function quoteAtEdits(
  text: string, offset: number, quote: string, source: CitedSource, style: CitationStyle, format: CitationFormat = HAND_FORMAT,
): TextEdit[] {
  const at = Math.max(0, Math.min(offset, text.length));
  let lineStart = at;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  let lineEnd = at;
  while (lineEnd < text.length && text[lineEnd] !== "\n" && text[lineEnd] !== "\r") lineEnd++;
  if (text.slice(lineStart, lineEnd).trim()) return quoteEdits(text, { start: at, end: at }, quote, source, style, format);
  const eol = eolOf(text);
  const before = lineStart === 0 || /(\r?\n|\r)[ \t]*(\r?\n|\r)$/.test(text.slice(0, lineStart)) ? "" : eol;
  // At the very end the quote gets its own line break, so that a footnote definition appended after it stays apart.
  const after = lineEnd < text.length && /^(\r?\n|\r)[ \t]*(\r?\n|\r|$)/.test(text.slice(lineEnd)) ? "" : eol;
  const block = `${before}> ${escapeMarkdownSource(quote)}${markerFor(source, style, format)}${after}`;
  return [{ span: { start: lineStart, end: lineEnd }, newText: block }, ...(style === "footnote" ? definitionEdits(text, [source], format) : [])];
}

/**
 * Applies non-overlapping edits (for tests and the CLI); later spans first so
 * earlier offsets stay valid. Insertions at one offset keep their array order
 * in the result, as LSP's `TextEdit[]` does.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.e.span.end - a.e.span.end || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A CSL-JSON item for a source (pandoc, Zotero and citeproc read this): the bibliography's entry when it has one. */
export function cslItem(s: CitedSource): Record<string, unknown> {
  if (s.csl) return { ...s.csl, id: s.key };
  const item: Record<string, unknown> = { id: s.key, type: s.page !== undefined ? "report" : "article-newspaper" };
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

/** A value between a BibTeX field's braces: braces and backslashes dropped (they would end or escape the field), TeX's special characters escaped. */
function bibtexValue(v: string): string {
  return v.replace(/[\\{}]/g, "").replace(/[&%$#_]/g, (c) => `\\${c}`).replace(/\s+/g, " ").trim();
}

/** A BibTeX/BibLaTeX entry for a source (pandoc and Zotero read it), from the same fields as its CSL-JSON item. */
export function bibtexEntry(s: CitedSource): string {
  const fields: Array<[string, string | null | undefined]> = [
    ["title", s.title], ["journal", s.outlet], ["author", s.byline ? `{${bibtexValue(s.byline)}}` : null], ["date", s.date], ["url", s.url],
  ];
  // A URL and a date are written as they are (a URL's % and _ are not TeX there), only braces dropped.
  const value = (k: string, v: string) => (k === "author" ? v : k === "url" || k === "date" ? v.replace(/[\\{}\s]/g, "") : bibtexValue(v));
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${value(k, v!)}},`).join("\n");
  return `@${s.page !== undefined ? "report" : "article"}{${s.key},\n${body}${body ? "\n" : ""}}\n`;
}

/**
 * The new text of a BibTeX or BibLaTeX bibliography with an entry for each of
 * `sources` whose key it lacks appended (everything already there kept as it
 * is): the same text when every key is there.
 */
export function bibtexText(existing: string | null, sources: CitedSource[]): string {
  const text = existing ?? "";
  const keys = new Set([...text.matchAll(/@\w+\s*[{(]\s*([^,\s]+)\s*,/g)].map((m) => m[1]));
  const added = sources.filter((s, i) => !keys.has(s.key) && sources.findIndex((t) => t.key === s.key) === i).map(bibtexEntry);
  if (!added.length) return text;
  const eol = eolOf(text || "\n");
  const sep = !text ? "" : text.endsWith("\n") ? eol : `${eol}${eol}`;
  return `${text}${sep}${added.join("\n").replace(/\n/g, eol)}`;
}

/** Adds `bibliography: FILE` to the draft's front matter (creating it) unless one is named. */
export function bibliographyEdit(text: string, frontMatter: Span | null, file: string): TextEdit | null {
  const eol = eolOf(text);
  if (!frontMatter) return { span: { start: 0, end: 0 }, newText: `---${eol}bibliography: ${file}${eol}---${eol}${eol}` };
  const block = text.slice(frontMatter.start, frontMatter.end);
  if (/^bibliography\s*:/m.test(block)) return null;
  const close = block.search(/\r?\n(---|\.\.\.)\s*$/);
  if (close < 0) return null;
  const at = frontMatter.start + close;
  return { span: { start: at, end: at }, newText: `${eol}bibliography: ${file}` };
}
