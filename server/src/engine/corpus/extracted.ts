/**
 * Articles from documents whose text is extracted rather than read: a PDF's
 * text layer (lines with their position on the page) and a Word file's
 * paragraphs. The node layer does the extracting (`node/sources/`); this
 * module is pure: it lays the lines out as text (reading order, paragraphs,
 * hyphenation at line ends undone), recognises running headers, footers and
 * page numbers, and builds the article with each page's span.
 *
 * The extracted text is made here, so every span (passages, pages,
 * boilerplate) indexes into it, and a quote is a verbatim slice of it, as for
 * any other source.
 */
import { splitSentences } from "../text/sentences";
import type { Article, ArticleMeta, Passage, Span } from "../types";
import { dateLine } from "./ingest";

/** One line of a PDF page's text layer. `y` grows up the page, as in PDF space. */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  width: number;
  /** The font's height: the line's size. */
  height: number;
}

export interface PdfPage {
  lines: PdfLine[];
}

/** A paragraph of a Word file (or of any document given as paragraphs). */
export interface DocParagraph {
  text: string;
  kind: "heading" | "body" | "note";
}

type Kind = "heading" | "body" | "note";

/** The laid-out text of a document and what each part of it is. */
export interface ExtractedText {
  text: string;
  paragraphs: Array<{ span: Span; kind: Kind; size: number; page: number }>;
  boilerplate: Span[];
  /** Each page's span, for paged documents. */
  pages?: Span[];
}

const words = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
const endsSentence = (s: string) => /[.!?:;]["”’)\]]?$/.test(s.trim());
/** A page number as a header or footer gives it: "7", "Page 7", "7 of 12", "- 7 -", "vii". */
const PAGE_NUMBER = /^[-–—\s]*(page\s*)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|\/)\s*\d{1,4})?[-–—\s]*$/i;

/** A line with its page, kept while the text is laid out. */
interface Placed extends PdfLine {
  page: number;
  running: boolean;
}

/**
 * The lines of each page that are running headers and footers: among the two
 * top and two bottom lines of a page, those whose text (figures ignored)
 * recurs at the top or bottom of at least half the pages (two at least), and
 * page numbers.
 */
function runningLines(pages: PdfPage[]): Array<Set<PdfLine>> {
  const shape = (l: PdfLine) => l.text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
  const edges = pages.map((p) => {
    const byY = [...p.lines].filter((l) => l.text.trim()).sort((a, b) => b.y - a.y);
    return byY.length <= 2 ? byY : [...new Set([...byY.slice(0, 2), ...byY.slice(-2)])];
  });
  const seen = new Map<string, number>();
  for (const lines of edges) for (const s of new Set(lines.map(shape))) seen.set(s, (seen.get(s) ?? 0) + 1);
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  return edges.map((lines, i) => {
    const body = pages[i].lines.filter((l) => l.text.trim()).length;
    return new Set(lines.filter((l) => (seen.get(shape(l)) ?? 0) >= needed || (PAGE_NUMBER.test(l.text) && body > 1)));
  });
}

/** Whether `b` starts a new paragraph after `a` on the same page. */
function breaksBetween(a: Placed, b: Placed, right: number): boolean {
  if (b.page !== a.page) return true;
  const size = Math.max(a.height, b.height, 1);
  if (Math.abs(a.height - b.height) > size * 0.15) return true;
  // Up the page: a new column or a text box.
  if (b.y > a.y + size * 0.5) return true;
  if (a.y - b.y > size * 1.7) return true;
  if (!endsSentence(a.text)) return false;
  // A short last line, or an indented first line, closes a paragraph that ended its sentence.
  return a.x + a.width < right - size * 2 || b.x > a.x + size;
}

/**
 * How two lines of one paragraph join: a hyphen at the end of the first is
 * dropped when the word continues in lower case ("every-" / "one"), unless the
 * document itself writes the hyphenated form elsewhere and never the joined one
 * ("long-" / "term" where "long-term" recurs). Soft hyphens always go.
 */
function joinLines(a: string, b: string, hyphenated: (joined: string, split: string) => boolean): string {
  const left = a.replace(/\s+$/, "");
  const right = b.replace(/^\s+/, "");
  if (left.endsWith("\u00ad")) return left.slice(0, -1) + right;
  const m = /(\p{L}+)-$/u.exec(left);
  const next = /^\p{Ll}[\p{L}]*/u.exec(right);
  if (m && next) {
    const keep = hyphenated(`${m[1]}${next[0]}`.toLowerCase(), `${m[1]}-${next[0]}`.toLowerCase());
    return keep ? left + right : left.slice(0, -1) + right;
  }
  return `${left} ${right}`;
}

/** The document's words and hyphenated compounds, counted, for `joinLines`. */
function hyphenationOracle(lines: readonly PdfLine[]): (joined: string, split: string) => boolean {
  const counts = new Map<string, number>();
  for (const l of lines) {
    for (const w of l.text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return (joined, split) => (counts.get(split) ?? 0) > 0 && !counts.get(joined);
}

/**
 * Lays out a PDF's pages as text: per page, its running header lines, the
 * body in the text layer's order (which is the reading order the producer
 * wrote, columns included), then its footer lines; paragraphs on their own
 * lines, separated by blank lines.
 */
export function layoutPdf(pages: PdfPage[]): ExtractedText {
  const running = runningLines(pages);
  const hyphenated = hyphenationOracle(pages.flatMap((p) => p.lines));
  const out = new TextBuilder();
  const pageSpans: Span[] = [];
  pages.forEach((page, i) => {
    const start = out.length;
    const lines = page.lines.filter((l) => l.text.trim()).map((l): Placed => ({ ...l, page: i + 1, running: running[i].has(l) }));
    const body = lines.filter((l) => !l.running);
    const mid = lines.length ? (Math.max(...lines.map((l) => l.y)) + Math.min(...lines.map((l) => l.y))) / 2 : 0;
    const right = body.length ? Math.max(...body.map((l) => l.x + l.width)) : 0;
    for (const l of lines.filter((l) => l.running && l.y >= mid)) out.boilerplate(l.text.trim());
    let para: Placed[] = [];
    const flush = () => {
      if (!para.length) return;
      const text = para.slice(1).reduce((s, l) => joinLines(s, l.text, hyphenated), para[0].text.trim());
      const size = Math.max(...para.map((l) => l.height));
      out.paragraph(text, para.length === 1 && !endsSentence(text) && words(text) < 15 ? "heading" : "body", size, i + 1);
      para = [];
    };
    for (const l of body) {
      if (para.length && breaksBetween(para[para.length - 1], l, right)) flush();
      para.push(l);
    }
    flush();
    for (const l of lines.filter((l) => l.running && l.y < mid)) out.boilerplate(l.text.trim());
    pageSpans.push({ start, end: out.length });
  });
  return { ...out.result(), pages: pageSpans };
}

/** Lays out a document given as paragraphs (a Word file): the body, then the notes under their own heading. */
export function layoutParagraphs(paragraphs: DocParagraph[]): ExtractedText {
  const out = new TextBuilder();
  const notes = paragraphs.filter((p) => p.kind === "note" && p.text.trim());
  for (const p of paragraphs) if (p.kind !== "note" && p.text.trim()) out.paragraph(p.text.replace(/\s+/g, " ").trim(), p.kind, 0, 0);
  if (notes.length) {
    // The notes are kept apart from the body: a passage never runs from the body into a note.
    out.boilerplate("Notes");
    for (const n of notes) out.paragraph(n.text.replace(/\s+/g, " ").trim(), "note", 0, 0);
  }
  return out.result();
}

/** Appends paragraphs and boilerplate lines, separated by blank lines, and keeps their spans. */
class TextBuilder {
  private readonly parts: string[] = [];
  length = 0;
  private readonly paragraphs: ExtractedText["paragraphs"] = [];
  private readonly skipped: Span[] = [];

  private add(text: string): Span {
    if (this.length) {
      this.parts.push("\n\n");
      this.length += 2;
    }
    const span = { start: this.length, end: this.length + text.length };
    this.parts.push(text);
    this.length = span.end;
    return span;
  }

  paragraph(text: string, kind: Kind, size: number, page: number): void {
    this.paragraphs.push({ span: this.add(text), kind, size, page });
  }

  boilerplate(text: string): void {
    this.skipped.push(this.add(text));
  }

  result(): ExtractedText {
    return { text: this.parts.join(""), paragraphs: this.paragraphs, boilerplate: this.skipped };
  }
}

/** The 1-based page of a paged article on which `offset` lies, or undefined when the article has no pages. */
export function pageAt(article: Pick<Article, "pages">, offset: number): number | undefined {
  const pages = article.pages;
  if (!pages?.length) return undefined;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pages[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const isoDay = (s: string | null | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);

/**
 * Title, author and date from the first page when the document's metadata
 * lacks them: the title is the first page's largest text (a heading, larger
 * than the body), else its first heading; the author a "By …" line; the date a
 * line that is a date.
 */
function firstPageMeta(x: ExtractedText): Partial<ArticleMeta> {
  const first = x.paragraphs.filter((p) => p.page <= 1).slice(0, 12);
  const textOf = (p: { span: Span }) => x.text.slice(p.span.start, p.span.end);
  const bodySizes = x.paragraphs.filter((p) => p.kind === "body").map((p) => p.size).sort((a, b) => a - b);
  const bodySize = bodySizes[bodySizes.length >> 1] ?? 0;
  const headings = first.filter((p) => p.kind === "heading" && words(textOf(p)) <= 30 && !/^by\s/i.test(textOf(p)) && !dateLine(textOf(p)));
  const largest = [...headings].sort((a, b) => b.size - a.size)[0];
  const title = largest && largest.size > bodySize * 1.15 ? largest : headings[0];
  const by = first.map(textOf).find((t) => /^by\s+\S/i.test(t) && words(t) <= 12);
  const date = first.map(textOf).map(dateLine).find(Boolean);
  return { title: title ? textOf(title) : null, byline: by ? by.replace(/^by\s+/i, "").trim() : null, date: date ?? null };
}

/**
 * The article for an extracted document. Metadata comes from the document
 * (`declared`: a PDF's Info dictionary or XMP, a Word file's core properties),
 * else from its first page, else `null`; but a date printed on the first page
 * wins over the document's, which is the day the file was made or printed,
 * not the day the text is dated. Body paragraphs and notes give the passages;
 * headings and running headers and footers do not.
 */
export function articleFromExtracted(id: string, from: "pdf" | "docx", x: ExtractedText, declared: Partial<ArticleMeta>): Article {
  const inferred = firstPageMeta(x);
  const pick = (k: keyof ArticleMeta) => declared[k]?.trim() || inferred[k] || null;
  const passages: Passage[] = [];
  const boilerplate = [...x.boilerplate];
  let paragraph = 0;
  for (const p of x.paragraphs) {
    if (p.kind === "heading") {
      boilerplate.push(p.span);
      continue;
    }
    for (const span of splitSentences(x.text, p.span.start, p.span.end)) {
      if (words(x.text.slice(span.start, span.end)) >= 2) passages.push({ index: passages.length, span, paragraph });
    }
    paragraph++;
  }
  boilerplate.sort((a, b) => a.start - b.start);
  return {
    id, text: x.text, passages, boilerplate, extractedFrom: from, ...(x.pages ? { pages: x.pages } : {}),
    title: pick("title"), outlet: pick("outlet"), byline: pick("byline"), date: isoDay(inferred.date) ?? isoDay(pick("date")), url: pick("url"),
  };
}
