/**
 * Source files into articles: decoding, metadata (title, outlet, byline, date,
 * URL — `null` where the file does not say, never a guess), boilerplate kept out
 * of the evidence, and body sentences as passages with exact spans into the
 * decoded text.
 *
 * The rules are about how news files are laid out in general — a header of
 * short lines before the body, "By …" bylines, date lines, "Original url:"
 * trailers, newsletter blocks, photo credits, disclaimers — not about any one
 * corpus.
 */
import * as chrono from "chrono-node";
import { parse as parseHtml } from "parse5";
import { parse as parseYaml } from "yaml";
import { countWords } from "../retrieval/wordScan";
import { splitSentences } from "../text/sentences";
import type { Article, ArticleMeta, Passage, Problem, Span } from "../types";

export type SourceFormat = "txt" | "md" | "html" | "pdf" | "docx";

/**
 * The file name endings of source files and their formats. PDF and Word files
 * have their text extracted in the node layer (`node/sources/`), then laid out
 * by `extracted.ts`.
 */
const FORMATS: Record<string, SourceFormat> = { txt: "txt", text: "txt", md: "md", markdown: "md", html: "html", htm: "html", pdf: "pdf", docx: "docx" };

/** Every ending of a source file (`txt`, `md`, …), e.g. for a watcher's glob. */
export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(FORMATS);

/** The format of a file from its name, or undefined when it is not a source file. */
export function formatOf(path: string): SourceFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext && Object.hasOwn(FORMATS, ext) ? FORMATS[ext] : undefined;
}

/**
 * Decodes a file's bytes: UTF-8 (a BOM is dropped) or UTF-16 with a BOM.
 * Binary files, invalid UTF-8 and empty files come back as a problem. Spans of
 * the article index into the returned text.
 */
export function decodeSource(id: string, bytes: Uint8Array): { text: string } | { problem: Problem } {
  const problem = (message: string, severity: Problem["severity"] = "warning") => ({ problem: { file: id, message, severity } });
  if (bytes.length === 0) return problem("empty file, skipped");
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    const sample = bytes.subarray(0, 8192);
    let control = 0;
    for (const b of sample) {
      if (b === 0) return problem("binary file (it contains NUL bytes), skipped");
      if (b < 9 || (b > 13 && b < 32)) control++;
    }
    if (control > sample.length * 0.05) return problem("binary file (too many control characters), skipped");
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return problem("not valid UTF-8 text, skipped");
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  if (!text.trim()) return problem("no text in the file, skipped");
  return { text };
}

interface Block {
  start: number;
  end: number;
  /** The block's text with Markdown emphasis and link syntax removed. */
  plain: string;
}

/** Blocks of non-blank lines, with their spans. */
function blocksOf(text: string, from: number, to: number): Block[] {
  const blocks: Block[] = [];
  const re = /[^\r\n]*\S[^\r\n]*(?:\r?\n[^\r\n]*\S[^\r\n]*)*/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    let start = m.index;
    let end = Math.min(to, m.index + m[0].length);
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    blocks.push({ start, end, plain: plainOf(text.slice(start, end)) });
  }
  return blocks;
}

/**
 * Anything `plainOf` would change: a heading mark, a link, an autolink,
 * emphasis (all need one of `# [ < * _`), white space other than single
 * spaces, or a space at either end. Most lines of prose have none of them.
 */
const NEEDS_PLAIN = /[#[<*_]|[^\S ]| {2}|^ | $/;

/** Markdown emphasis, heading marks and links removed, white space folded. */
export function plainOf(s: string): string {
  return NEEDS_PLAIN.test(s) ? foldPlain(s) : s;
}

/** `plainOf` the long way, every replacement applied (exported for the test of `plainOf`'s shortcut). */
export function foldPlain(s: string): string {
  return s
    .replace(/^#{1,6}\s+/, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<(https?:[^>\s]+)>/g, "$1")
    .replace(/(\*\*|__|\*|_)(?=\S)([^*_]*?\S)\1/g, "$2")
    .replace(/\*+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

let lastWords: { s: string; n: number } = { s: "", n: 0 };
/** How many words `s` has; the last answer is kept, since a block is asked about several times in a row. */
const words = (s: string) => {
  if (s !== lastWords.s) lastWords = { s, n: countWords(s) };
  return lastWords.n;
};
const URL_RE = /https?:\/\/[^\s<>"')\]]+/;

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "May 15, 2012": the commonest date line of news files, with a day every month has and a year of 1900–2099. */
const PLAIN_DATE = new RegExp(`^(${MONTH_NAMES.join("|")}) ([1-9]|1\\d|2[0-8]), ((?:19|20)\\d\\d)$`);

/**
 * A date line in the one shape most news files use, without chrono (a tenth
 * of a cold build went to chrono on such lines); what chrono makes of this
 * shape, exactly (`test/ingestShortcuts.test.ts` checks every such date).
 * Any other line goes to chrono.
 */
function plainDate(s: string): string | null {
  const m = PLAIN_DATE.exec(s);
  if (!m) return null;
  return `${m[3]}-${String(MONTH_NAMES.indexOf(m[1]) + 1).padStart(2, "0")}-${m[2].padStart(2, "0")}`;
}

/** A date stated by a whole line ("May 15, 2012", "15 May 2012", "2012-05-15"). */
export function dateLine(line: string): string | null {
  const s = line.replace(/^(published|updated|posted|date)\s*:?\s*/i, "").trim();
  if (!s || s.length > 40 || !/\d{4}/.test(s)) return null;
  const plain = plainDate(s);
  if (plain) return plain;
  // A full date names its month or writes it in figures; anything else is not worth chrono's time.
  if (!/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/i.test(s)) return null;
  const results = chrono.en.parse(s, undefined, { forwardDate: false });
  const r = results[0];
  if (!r || !r.start.isCertain("year") || !r.start.isCertain("month") || !r.start.isCertain("day")) return null;
  // The date must be most of the line, not a date inside a sentence.
  if (r.text.length < s.replace(/[.,]$/, "").length * 0.6) return null;
  const y = r.start.get("year")!;
  const m = r.start.get("month")!;
  const d = r.start.get("day")!;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Whether a block is boilerplate rather than article text. General newsroom patterns. */
function isBoilerplate(plain: string): boolean {
  const lower = plain.toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(plain)) return true; // stray symbols
  if (/^source\s+site\b/i.test(plain)) return true;
  if (/^original (url|article|link)\s*:?/i.test(plain)) return true;
  if (/^(https?:\/\/|www\.)\S*(\s+\S+){0,2}$/i.test(plain) && words(plain) < 30) return true;
  if (/\b(sign up|subscribe|unsubscribe|newsletter|mailing list|inbox|marketing platform|privacy policy|terms of (use|service))\b/i.test(lower) && words(plain) < 90)
    return true;
  if (/\b(views|opinions) expressed\b.*\b(do not|don't|does not)\b.*\breflect/i.test(lower)) return true;
  if (/^(photo|photograph|image|picture|illustration|video)( credit)?\s*(by|:)/i.test(plain) || /\((getty images|reuters|ap|afp|epa)[^)]*\)\s*$/i.test(plain)) return true;
  if (/^(©|\(c\)|copyright\b)/i.test(plain) || (/©/.test(plain) && words(plain) < 12)) return true;
  if (/^(read more|related|advertisement|share this|follow us|click here)\b/i.test(plain) && words(plain) < 15) return true;
  return false;
}

/** A caption with its photographer's name in bold at the end ("… leaders. **Jane Doe**"). */
function isPhotoCaption(raw: string): boolean {
  const m = /\*\*([^*\n]{2,60})\*\*\s*$/.exec(raw);
  if (!m || !m.index) return false;
  return /^(\p{Lu}[\p{L}'’.-]*\s*){1,4}$/u.test(m[1].trim()) && words(raw) < 60;
}

/** Whether a block reads as body text: sentences, not a header line. */
function isProse(b: Block): boolean {
  return (words(b.plain) >= 12 && /[.!?]["”’)]?$/.test(b.plain)) || words(b.plain) >= 30;
}

/** The letters of a URL's host name without "www." and the top-level domain: "themoscowtimes". */
export function domainCore(url: string): string | null {
  const host = /^https?:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase();
  if (!host) return null;
  const parts = host.replace(/^www\d?\./, "").split(".");
  const core = parts.length > 2 && parts[parts.length - 2].length <= 3 ? parts[parts.length - 3] : parts[parts.length - 2] ?? parts[0];
  return core ? core.replace(/[^a-z0-9]/g, "") : null;
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * Whether a block repeats the title (same letters). A block several times
 * longer than the title cannot, unless it is mostly punctuation, so its
 * letters are not worked out.
 */
function repeatsTitle(plain: string, titleLetters: string): boolean {
  return plain.length <= titleLetters.length * 4 + 20 && letters(plain) === titleLetters;
}

/** Rejoins a URL broken by white space: "…-neigh bors-a14783" → "…-neighbors-a14783". */
function joinUrl(s: string): string | null {
  const m = URL_RE.exec(s);
  if (!m) return null;
  let url = m[0];
  const rest = s.slice((m.index ?? 0) + m[0].length);
  // Following chunks without spaces that continue the path belong to it.
  const more = /^\s([^\s<>"]+)/.exec(rest);
  if (more && /^[\p{L}\p{N}\-_/.%?=&#]+$/u.test(more[1]) && !/^https?:/.test(more[1])) url += more[1];
  return url.replace(/[>.,;)]+$/, "");
}

/** Parses one source file into an article. Never throws. */
export function parseArticle(id: string, text: string, format: SourceFormat = "txt"): Article {
  try {
    return format === "html" ? parseHtmlArticle(id, text) : parseTextArticle(id, text);
  } catch {
    return { id, text, passages: [], boilerplate: [], title: null, outlet: null, byline: null, date: null, url: null };
  }
}

/** A plain-text or Markdown source: front matter, a header of short lines (title, byline, date, outlet), then the body. */
function parseTextArticle(id: string, text: string): Article {
  const meta: ArticleMeta = { title: null, outlet: null, byline: null, date: null, url: null };
  let from = 0;
  let declared: Partial<ArticleMeta> = {};
  // YAML front matter (any format may have it; .md files usually do).
  const fm = /^---\r?\n([\s\S]*?)\r?\n(---|\.\.\.)[ \t]*(\r?\n|$)/.exec(text);
  if (fm) {
    from = fm[0].length;
    declared = frontMatterMeta(fm[1]);
  }
  const blocks = blocksOf(text, from, text.length);
  const boilerplate: Span[] = [];
  // A file with no block that reads as prose is all body: a short note, not a header.
  const bodyStart = Math.max(0, blocks.findIndex(isProse));
  const outletCandidates = readHeader(text, blocks.slice(0, bodyStart), meta, boilerplate);
  const passages = readBody(text, blocks.slice(bodyStart), meta, boilerplate);
  // The outlet: a header line whose letters are the URL's domain, or a byline that is ("By The Moscow Times" at
  // themoscowtimes.com); else one that begins with the domain's letters, as a site's own name for a desk does
  // ("By BBC News" at bbc.co.uk, "CNN Business" at cnn.com).
  const core = meta.url ? domainCore(meta.url) : null;
  if (core) {
    const candidates = [...outletCandidates, ...(meta.byline ? [meta.byline] : [])];
    const outlet =
      candidates.find((c) => letters(c) === core || letters(`the${c}`) === core) ??
      (core.length >= 3 ? candidates.find((c) => beginsWithSite(c, core)) : undefined);
    if (outlet) meta.outlet = outlet.replace(/\s+/g, " ");
    if (meta.byline && letters(meta.byline) === letters(meta.outlet ?? "\u0000")) meta.byline = null;
  }
  return { id, text, passages, boilerplate, ...meta, ...definedOnly(declared) };
}

/** Whether the first words of a line spell a site's domain letters, and more words follow ("BBC News" at bbc.co.uk; not "Alexander Smith" at ale.com). */
function beginsWithSite(line: string, core: string): boolean {
  let spelt = "";
  const words = line.split(/\s+/).filter((w) => letters(w));
  for (let i = 0; i < words.length - 1 && spelt.length < core.length; i++) {
    spelt += letters(words[i]);
    if (spelt === core) return true;
  }
  return false;
}

/** The header's lines into `meta` (byline, date, title); every header block is boilerplate. Returns the short lines that may name the outlet. */
function readHeader(text: string, header: Block[], meta: ArticleMeta, boilerplate: Span[]): string[] {
  const outletCandidates: string[] = [];
  for (const b of header) {
    const lines = text.slice(b.start, b.end).split(/\r?\n/).map(plainOf).filter(Boolean);
    for (const line of lines) {
      const by = /^by\s+(.{2,80})$/i.exec(line);
      const date = dateLine(line);
      if (by && !meta.byline) meta.byline = by[1].replace(/\s+and\s+/i, " and ").trim();
      else if (date && !meta.date) meta.date = date;
      else if (!meta.title && words(line) <= 30 && !isBoilerplate(line)) meta.title = line;
      else if (meta.title && letters(line) === letters(meta.title)) {
        // A repeated title says nothing more.
      } else if (words(line) <= 6) outletCandidates.push(line);
    }
    boilerplate.push({ start: b.start, end: b.end });
  }
  return outletCandidates;
}

/** Whether a body block is a trailer, a credit, a notice or the title again (boilerplate); the URL of a trailer goes into `meta`. */
function bodyBoilerplate(text: string, b: Block, meta: ArticleMeta, titleLetters: string | undefined, urlNext: { value: boolean }): boolean {
  const raw = text.slice(b.start, b.end);
  if (urlNext.value || /^original (url|article|link)\s*:?\s*$/i.test(b.plain) || /^original (url|article|link)\s*:/i.test(b.plain)) {
    const url = joinUrl(raw.replace(/\s+/g, " "));
    if (url && !meta.url) meta.url = url;
    urlNext.value = !url;
    return true;
  }
  // Most paragraphs are one line, whose plain text is the block's (and then it is asked about once).
  const lines = /[\r\n]/.test(raw) ? raw.split(/\r?\n/).map(plainOf).filter(Boolean) : [b.plain];
  const oneLine = lines.length === 1 && lines[0] === b.plain;
  if (isBoilerplate(b.plain) || (!oneLine && lines.every((l) => isBoilerplate(l))) || isPhotoCaption(raw) || (titleLetters !== undefined && repeatsTitle(b.plain, titleLetters))) return true;
  if (!meta.url) {
    const m = /^(?:source|url|link)\s*:\s*(\S+)/i.exec(b.plain);
    if (m && URL_RE.test(m[1])) {
      meta.url = joinUrl(m[1]);
      return true;
    }
  }
  return false;
}

/** The body's prose blocks as passages, sentence by sentence; boilerplate left out (into `boilerplate`). */
function readBody(text: string, body: Block[], meta: ArticleMeta, boilerplate: Span[]): Passage[] {
  const titleLetters = meta.title ? letters(meta.title) : undefined;
  const passages: Passage[] = [];
  let paragraph = 0;
  const urlNext = { value: false };
  let lastSentenceOpen = false;
  for (let bi = 0; bi < body.length; bi++) {
    const b = body[bi];
    if (bodyBoilerplate(text, b, meta, titleLetters, urlNext)) {
      boilerplate.push({ start: b.start, end: b.end });
      continue;
    }
    // A subheading or pull quote (a short line with no full stop) is not evidence,
    // unless the sentence goes on in the next block.
    const nextBlock = body[bi + 1];
    if (words(b.plain) < 15 && !/[.!?]["”’)]?$/.test(b.plain) && !(nextBlock && /^\p{Ll}/u.test(nextBlock.plain))) {
      lastSentenceOpen = false;
      continue;
    }
    const spans = splitSentences(text, b.start, b.end).map(trimPassage(text)).filter((s): s is Span => !!s);
    // A paragraph broken in the middle of a sentence ("its 20th-" / "century empire…") continues it.
    const continues = lastSentenceOpen && /^\p{Ll}/u.test(b.plain) && passages.length > 0;
    spans.forEach((span, i) => {
      if (i === 0 && continues) passages[passages.length - 1].span.end = span.end;
      else passages.push({ index: passages.length, span, paragraph });
    });
    lastSentenceOpen = !/[.!?:]["”’)]?\s*\S?$/.test(b.plain.slice(-3)) && !/[.!?]["”’)]?$/.test(b.plain);
    paragraph++;
  }
  return passages;
}

/** Drops trailing stray symbols and leading list or quote marks from a passage. */
function trimPassage(text: string) {
  return (span: Span): Span | null => {
    let { start, end } = span;
    // A copyright or syndication notice glued to the last sentence ("… Story. © Project Syndicate").
    const notice = text.slice(start, end).search(/\s(©|\(c\)\s|copyright\b)/i);
    if (notice > 0) end = start + notice;
    while (start < end && /[\s#>*\-•]/.test(text[start]) && !/^\*\*?\S/.test(text.slice(start, start + 3))) start++;
    while (end > start && /[\s\u2600-\u27bf\u2b00-\u2bff\u25a0-\u25ff|]/u.test(text[end - 1])) end--;
    if (!/[\p{L}\p{N}]/u.test(text.slice(start, end))) return null;
    return { start, end };
  };
}

function definedOnly(m: Partial<ArticleMeta>): Partial<ArticleMeta> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null && v !== undefined)) as Partial<ArticleMeta>;
}

function isoDate(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : dateLine(v);
  return null;
}

/** Title, date, url, outlet and author from YAML front matter; it wins over what is inferred. */
function frontMatterMeta(yaml: string): Partial<ArticleMeta> {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch {
    return {};
  }
  if (!data || typeof data !== "object") return {};
  const d = data as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const author = Array.isArray(d.author) ? d.author.filter((a) => typeof a === "string").join(", ") : str(d.author ?? d.byline);
  return {
    title: str(d.title),
    outlet: str(d.outlet ?? d.publisher ?? d.source),
    byline: author || null,
    date: isoDate(d.date ?? d.published),
    url: str(d.url ?? d.link),
  };
}

/** A parse5 node, as far as the HTML readers (this file's and the Word reader's) use it. */
export type HtmlNode = {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: HtmlNode[];
  sourceCodeLocation?: { startOffset: number; endOffset: number } | null;
};

const SKIP = new Set(["script", "style", "nav", "footer", "aside", "header", "form", "noscript", "template", "svg", "figure", "figcaption", "button"]);
const BLOCKS = new Set(["p", "li", "blockquote", "dd", "td"]);

/** HTML through parse5: metadata from meta tags, passages from the text of paragraphs. */
function parseHtmlArticle(id: string, text: string): Article {
  const doc = parseHtml(text, { sourceCodeLocationInfo: true }) as unknown as HtmlNode;
  const meta: ArticleMeta = { title: null, outlet: null, byline: null, date: null, url: null };
  const attr = (n: HtmlNode, name: string) => n.attrs?.find((a) => a.name === name)?.value ?? null;
  const textOf = (n: HtmlNode): string => (n.nodeName === "#text" ? n.value ?? "" : (n.childNodes ?? []).map(textOf).join(""));
  let h1: string | null = null;
  let titleTag: string | null = null;
  let root: HtmlNode | undefined;
  const walk = (n: HtmlNode, visit: (n: HtmlNode) => boolean | void) => {
    if (visit(n) === false) return;
    for (const c of n.childNodes ?? []) walk(c, visit);
  };
  walk(doc, (n) => {
    const tag = n.tagName;
    if (tag === "meta") {
      const key = (attr(n, "property") ?? attr(n, "name") ?? "").toLowerCase();
      const content = attr(n, "content")?.trim() || null;
      if (!content) return;
      if (key === "og:title" && !meta.title) meta.title = content;
      else if (key === "og:site_name") meta.outlet = content;
      else if ((key === "article:published_time" || key === "date" || key === "pubdate") && !meta.date) meta.date = isoDate(content);
      else if (key === "author" && !meta.byline) meta.byline = content;
      else if (key === "og:url" && !meta.url) meta.url = content;
    } else if (tag === "link" && attr(n, "rel") === "canonical" && !meta.url) meta.url = attr(n, "href");
    else if (tag === "title") titleTag = textOf(n).trim() || null;
    else if (tag === "h1" && !h1) h1 = textOf(n).replace(/\s+/g, " ").trim() || null;
    else if (tag === "time" && !meta.date) meta.date = isoDate(attr(n, "datetime") ?? textOf(n));
    else if ((tag === "article" || tag === "main") && !root) root = n;
  });
  meta.title ??= h1 ?? titleTag;
  const passages: Passage[] = [];
  const boilerplate: Span[] = [];
  let paragraph = 0;
  walk(root ?? doc, (n) => {
    if (n.tagName && SKIP.has(n.tagName)) {
      if (n.sourceCodeLocation) boilerplate.push({ start: n.sourceCodeLocation.startOffset, end: n.sourceCodeLocation.endOffset });
      return false;
    }
    if (!n.tagName || !BLOCKS.has(n.tagName)) return;
    // Sentences within each text node keep exact spans into the HTML source.
    const plain = textOf(n).replace(/\s+/g, " ").trim();
    if (!plain || isBoilerplate(plain)) return false;
    walk(n, (t) => {
      if (t.nodeName !== "#text" || !t.sourceCodeLocation) return;
      const { startOffset, endOffset } = t.sourceCodeLocation;
      for (const span of splitSentences(text, startOffset, endOffset)) {
        if (words(text.slice(span.start, span.end)) >= 2) passages.push({ index: passages.length, span, paragraph });
      }
    });
    paragraph++;
    return false;
  });
  return { id, text, passages, boilerplate, ...meta };
}

/**
 * Fills in the outlet of articles that give a URL but no outlet line, from other
 * articles of the same site whose outlet was read from the file.
 */
export function learnOutlets(articles: Article[]): Article[] {
  const byDomain = new Map<string, string>();
  for (const a of articles) {
    const core = a.url ? domainCore(a.url) : null;
    if (core && a.outlet && (letters(a.outlet) === core || letters(`the${a.outlet}`) === core) && !byDomain.has(core)) byDomain.set(core, a.outlet);
  }
  return articles.map((a) => {
    if (a.outlet || !a.url) return a;
    const outlet = byDomain.get(domainCore(a.url) ?? "");
    return outlet ? { ...a, outlet } : a;
  });
}
