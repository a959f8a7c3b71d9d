/**
 * Turns the inline content of one block into plain text with a map back to the
 * draft: `offsets[i]` is where `text[i]` starts in the draft and `ends[i]` where
 * the draft characters that produced it end (one past a `&eacute;` reference,
 * say). Markup is dropped, citations are taken out and recorded.
 *
 * What becomes of each inline construct:
 * - text: kept, decoded (`\*` → `*`, `&amp;` → `&`); each character maps to the
 *   draft character it came from (a character reference maps to its `&`);
 * - emphasis, strong, link text: kept, markers and link destinations dropped;
 * - strikethrough: dropped with its content (crossed-out words are not asserted);
 * - inline code, images, HTML tags: dropped, replaced by nothing (a `<br>` and a
 *   hard line break become a space; the content of `<sup>…</sup>` is dropped);
 * - footnote references: dropped, recorded as `footnote` citations;
 * - links whose text is a bare URL or a citation-like marker (`[1]`, `source`),
 *   and bare URLs in text: dropped, recorded as `link` citations;
 * - pandoc citations `[@key]`, `[see @a; @b, p. 3]` and `@key` in running text:
 *   dropped, recorded as `pandoc` citations (so are `@handles`: pandoc reads them
 *   the same way);
 * - white space (line endings, container prefixes) folds to one space, and a
 *   space left dangling before punctuation by a dropped item is removed.
 */
import type { CitationMarker } from "../findings";
import { type MdNode, endOf, startOf, textOf } from "./parse";

/** An emphasis, strong or link node: where its markers are, for widening a sentence's span. */
export interface InlineContainer {
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
}

export interface PlainText {
  text: string;
  offsets: number[];
  ends: number[];
  /** Each citation with the plain-text index it sits at (the number of plain characters before it). */
  citations: { marker: CitationMarker; at: number }[];
  containers: InlineContainer[];
}

export interface PlainOptions {
  /** Resolves a link reference's identifier to its definition's URL. */
  definitions: Map<string, string>;
  /** Treat bare-URL and marker-like links as citations (off for footnote definitions, where a URL is content). */
  citationLinks: boolean;
  /** Called with every inline HTML node (for ignore comments). */
  onHtml?: (node: MdNode) => void;
}

/** A named or numeric character reference at the start of a string. */
const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;

/** Link text that stands for a citation rather than for words of the sentence. */
const MARKER_TEXT =
  /^\s*[[(]?\s*(?:\d{1,4}[a-z]?|[ivxlc]{1,6}|[*†‡§]+|sources?|src|link|ref|refs|cite|citation|pdf|archived?|↩|↗|→|\^)?\s*[\])]?\s*$/iu;

const BARE_URL = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*\s*$/i;

/** Whether a link is a citation marker: empty, a bare URL, or marker-like text. */
export function isCitationLinkText(text: string, url: string): boolean {
  if (!url) return false;
  const t = text.trim();
  return t === url || t === "" || BARE_URL.test(t) || MARKER_TEXT.test(t);
}

const PANDOC_KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~\/-]*[\p{L}\p{N}_])?`;
/** `[@key]`, `[see @a, p. 3; @b]`, `[-@key]`: a bracket holding at least one key. */
const PANDOC_BRACKET = new RegExp(String.raw`\[(?:[^\[\]]*?[\s;])?-?@${PANDOC_KEY}[^\[\]]*\]`, "gu");
/** `@key` in running text, with an optional locator (`@key [p. 33]`). */
const PANDOC_INTEXT = new RegExp(
  String.raw`(?<=^|[\s(;])-?@${PANDOC_KEY}(?:\s?\[(?:p|pp|ch|chap|sec|para|fig|vol)?\.?\s*\d[^\[\]]*\])?`,
  "gu",
);
/** A bare URL in running text (GFM's autolink literals, found here instead of by the parser). */
const BARE_URL_IN_TEXT = /(?<![\p{L}\p{N}@\/])(?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,;:!?'"\u201d\u2019)\]]/giu;
const PANDOC_KEYS = new RegExp(String.raw`(?<=^|[\s\[;])-?@(${PANDOC_KEY})`, "gu");

/** Punctuation that never follows a space in normal prose. */
const TIGHT_PUNCTUATION = /[.,;:!?)\]»”’]/u;

class RawText {
  chars: string[] = [];
  offs: number[] = [];
  ends: number[] = [];
  drops: number[] = [];
  cites: { marker: CitationMarker; at: number }[] = [];
  containers: InlineContainer[] = [];

  push(ch: string, off: number, end: number): void {
    this.chars.push(ch);
    this.offs.push(off);
    this.ends.push(end);
  }

  drop(): void {
    this.drops.push(this.chars.length);
  }

  cite(kind: CitationMarker["kind"], key: string, start: number, end: number): void {
    this.cites.push({ marker: { kind, key, span: { start, end } }, at: this.chars.length });
    this.drop();
  }
}

/**
 * Appends a text node's decoded `value` by walking it alongside its source
 * `draft[start, end)`: equal characters map one to one, a character reference
 * maps to its `&`, and source characters the value lacks (escaping backslashes,
 * block quote markers and indentation on continuation lines) are skipped.
 */
function alignText(raw: RawText, draft: string, value: string, start: number, end: number): void {
  let i = start;
  let j = 0;
  while (j < value.length) {
    if (i >= end) {
      // The source ran out (should not happen): map the rest to the node's end.
      raw.push(value[j], end, end);
      j++;
      continue;
    }
    const vc = value.charCodeAt(j);
    const sc = draft.charCodeAt(i);
    // micromark replaces NUL with U+FFFD.
    if (vc === sc || (sc === 0 && vc === 0xfffd)) {
      raw.push(value[j], i, i + 1);
      i++;
      j++;
      continue;
    }
    if (sc === 38 /* & */) {
      CHARACTER_REFERENCE.lastIndex = i;
      const m = CHARACTER_REFERENCE.exec(draft);
      if (m && i + m[0].length <= end) {
        // A reference decodes to one code point (rarely two; the second then maps by the same rule).
        const cp = value.codePointAt(j) ?? 0;
        const width = cp > 0xffff ? 2 : 1;
        for (let k = 0; k < width && j < value.length; k++, j++) raw.push(value[j], i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
}

/** Builds the plain text of a list of inline nodes (a paragraph's, a cell's, a heading's children). */
export function buildPlain(draft: string, nodes: MdNode[], options: PlainOptions): PlainText {
  const raw = new RawText();
  let supDepth = 0;
  const stack: MdNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const start = startOf(node, 0);
    const end = endOf(node, start);
    switch (node.type) {
      case "text":
        if (supDepth > 0) raw.drop();
        else alignText(raw, draft, node.value ?? "", start, end);
        break;
      case "emphasis":
      case "strong":
      case "link":
      case "linkReference": {
        const children = node.children ?? [];
        if (node.type === "link" || node.type === "linkReference") {
          const url =
            node.type === "link" ? node.url ?? "" : options.definitions.get(node.identifier ?? "") ?? "";
          if (options.citationLinks && isCitationLinkText(textOf(node), url)) {
            raw.cite("link", url || (node.label ?? node.identifier ?? ""), start, end);
            break;
          }
        }
        if (children.length > 0) {
          raw.containers.push({
            start,
            contentStart: startOf(children[0], start),
            contentEnd: endOf(children[children.length - 1], end),
            end,
          });
        }
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
        break;
      }
      case "footnoteReference":
        raw.cite("footnote", node.label ?? node.identifier ?? "", start, end);
        break;
      case "break":
        raw.push(" ", start, start);
        break;
      case "html": {
        options.onHtml?.(node);
        const v = (node.value ?? "").trim();
        if (/^<br\s*\/?>$/i.test(v)) raw.push(" ", start, start);
        else {
          if (/^<sup\b/i.test(v)) supDepth++;
          else if (/^<\/sup\s*>$/i.test(v) && supDepth > 0) supDepth--;
          raw.drop();
        }
        break;
      }
      default:
        // inlineCode, delete, image, imageReference and anything unknown: dropped.
        raw.drop();
        break;
    }
  }
  return fold(raw, options.citationLinks);
}

/** Takes pandoc citations (and, when `urls`, bare URLs) out of the raw text, recording them. */
function removeInlineCitations(raw: RawText, removed: Uint8Array, urls: boolean): void {
  const s = raw.chars.join("");
  const hasAt = s.indexOf("@") >= 0;
  const hasUrl = urls && (s.indexOf("://") >= 0 || /www\./i.test(s));
  // A footnote reference whose definition is missing stays text for the parser;
  // it is still a citation (and one the checker reports as unknown).
  if (s.indexOf("[^") >= 0) {
    for (const m of s.matchAll(/\[\^([^\]\s]+)\]/g)) {
      for (let k = m.index; k < m.index + m[0].length; k++) removed[k] = 1;
      raw.cites.push({ marker: { kind: "footnote", key: m[1], span: { start: raw.offs[m.index], end: raw.ends[m.index + m[0].length - 1] } }, at: m.index });
      raw.drops.push(m.index);
    }
  }
  if (!hasAt && !hasUrl) return;
  const take = (from: number, to: number, keys: string[]) => {
    for (let k = from; k < to; k++) removed[k] = 1;
    const span = { start: raw.offs[from], end: raw.ends[to - 1] };
    for (const key of keys) raw.cites.push({ marker: { kind: "pandoc", key, span }, at: from });
    raw.drops.push(from);
  };
  if (hasUrl) {
    for (const m of s.matchAll(BARE_URL_IN_TEXT)) {
      const url = /^www\./i.test(m[0]) ? `http://${m[0]}` : m[0];
      for (let k = m.index; k < m.index + m[0].length; k++) removed[k] = 1;
      raw.cites.push({ marker: { kind: "link", key: url, span: { start: raw.offs[m.index], end: raw.ends[m.index + m[0].length - 1] } }, at: m.index });
      raw.drops.push(m.index);
    }
  }
  if (hasAt) {
    const keysIn = (m: string) => [...m.matchAll(PANDOC_KEYS)].map((k) => k[1]);
    for (const m of s.matchAll(PANDOC_BRACKET)) {
      if (!removed[m.index]) take(m.index, m.index + m[0].length, keysIn(m[0]));
    }
    for (const m of s.matchAll(PANDOC_INTEXT)) {
      if (!removed[m.index]) take(m.index, m.index + m[0].length, keysIn(m[0]));
    }
  }
  raw.cites.sort((a, b) => a.at - b.at);
  raw.drops.sort((a, b) => a - b);
}

function isSpace(c: string): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r" || /\s/u.test(c);
}

/** Folds white space, drops removed characters, and places citations on plain-text indexes. */
function fold(raw: RawText, urls: boolean): PlainText {
  const n = raw.chars.length;
  const removed = new Uint8Array(n);
  removeInlineCitations(raw, removed, urls);
  const out: string[] = [];
  const offsets: number[] = [];
  const ends: number[] = [];
  const citations: { marker: CitationMarker; at: number }[] = [];
  let pending = -1;
  let dropped = false;
  let d = 0;
  let c = 0;
  for (let i = 0; i <= n; i++) {
    while (d < raw.drops.length && raw.drops[d] <= i) {
      if (raw.drops[d] === i) dropped = true;
      d++;
    }
    while (c < raw.cites.length && raw.cites[c].at <= i) {
      citations.push({ marker: raw.cites[c].marker, at: out.length });
      c++;
    }
    if (i === n) break;
    if (removed[i]) continue;
    const ch = raw.chars[i];
    if (isSpace(ch)) {
      if (pending < 0) pending = i;
      continue;
    }
    if (pending >= 0) {
      if (out.length > 0 && !(dropped && TIGHT_PUNCTUATION.test(ch))) {
        out.push(" ");
        offsets.push(raw.offs[pending]);
        ends.push(raw.ends[pending]);
      }
      pending = -1;
    }
    out.push(ch);
    offsets.push(raw.offs[i]);
    ends.push(raw.ends[i]);
    dropped = false;
  }
  // Citations placed after the last character stay there; clamp those placed past it.
  for (const cit of citations) if (cit.at > out.length) cit.at = out.length;
  return { text: out.join(""), offsets, ends, citations, containers: raw.containers };
}
