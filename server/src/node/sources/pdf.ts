/**
 * A PDF's text layer and metadata, through PDF.js (the `unpdf` build: no
 * worker, no canvas, no network, runs in any Node thread). Each page's text
 * items become lines with their position; the engine lays them out
 * (`engine/corpus/extracted.ts`). A file PDF.js cannot open, one that needs a
 * password, and one with no text at all come back as a problem naming the file.
 */
import type { ArticleMeta, PdfLine, PdfPage, Problem } from "../../engine";

/** What the text-content items of PDF.js look like (the part used here). */
interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** A PDF.js metadata object (XMP): `get` by property name. */
interface Xmp {
  get(name: string): unknown;
}

export interface ExtractedPdf {
  pages: PdfPage[];
  meta: Partial<ArticleMeta>;
}

/** PDF.js's own classes of failure, in words a writer understands. */
function whyNot(e: unknown): string {
  const name = (e as { name?: string })?.name;
  const message = String((e as Error)?.message ?? e).split("\n")[0];
  if (name === "PasswordException") return "encrypted PDF (it needs a password to open), skipped";
  if (name === "InvalidPDFException") return `not a valid PDF (${message.replace(/\.$/, "")}; the file may be truncated), skipped`;
  return `cannot read the PDF (${message}), skipped`;
}

/** Joins a page's text items into lines: a new line where PDF.js marks one, or where the text moves to another baseline. */
export function linesOf(items: readonly TextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: PdfLine | undefined;
  const end = () => {
    if (cur && cur.text.trim()) lines.push({ ...cur, text: cur.text.replace(/\s+/g, " ").trim() });
    cur = undefined;
  };
  for (const item of items) {
    if (typeof item.str !== "string" || !Array.isArray(item.transform)) continue;
    const [, , c, d, x, y] = item.transform;
    const height = item.height || Math.hypot(c, d) || 1;
    if (item.str) {
      if (cur && (Math.abs(y - cur.y) > height * 0.5 || x < cur.x + cur.width - height)) end();
      if (!cur) cur = { text: "", x, y, width: 0, height };
      // A gap wider than a thin space between two pieces is a space the PDF did not write.
      const gap = x - (cur.x + cur.width);
      if (cur.text && gap > height * 0.15 && !/\s$/.test(cur.text) && !/^\s/.test(item.str)) cur.text += " ";
      cur.text += item.str;
      cur.width = Math.max(cur.width, x + item.width - cur.x);
      cur.height = Math.max(cur.height, height);
    }
    if (item.hasEOL) end();
  }
  end();
  return lines;
}

/** A PDF date (`D:20210304120000Z`) or an XMP date as `YYYY-MM-DD`, else null. */
export function pdfDate(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== "string") return null;
  const m = /^(?:D:)?(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?/.exec(v.trim());
  if (!m || !m[2] || !m[3]) return null;
  const [mo, d] = [Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A title the producer made up rather than the author: a file name, "Untitled", "Microsoft Word - x.docx". */
function madeUpTitle(s: string): boolean {
  return /^(untitled|document\d*|title)$/i.test(s) || /\.(docx?|pdf|indd|tex|odt|rtf|pptx?|xlsx?)$/i.test(s) || /^microsoft (word|powerpoint) - /i.test(s);
}

/** Title, author and date from XMP where it has them, else from the Info dictionary. */
function metaOf(info: Record<string, unknown>, xmp: Xmp | null): Partial<ArticleMeta> {
  const str = (v: unknown) => {
    const s = Array.isArray(v) ? v.filter((x) => typeof x === "string").join(", ") : typeof v === "string" ? v : "";
    return s.replace(/\s+/g, " ").trim() || null;
  };
  const title = str(xmp?.get("dc:title")) ?? str(info.Title);
  return {
    title: title && !madeUpTitle(title) ? title : null,
    byline: str(xmp?.get("dc:creator")) ?? str(info.Author),
    date: pdfDate(xmp?.get("xmp:createdate")) ?? pdfDate(info.CreationDate),
  };
}

/** The pages' lines and the metadata of a PDF, or the problem that names the file. */
export async function extractPdf(file: string, bytes: Uint8Array): Promise<ExtractedPdf | { problem: Problem }> {
  const problem = (message: string) => ({ problem: { file, message, severity: "warning" as const } });
  // Loaded on first use: a corpus without PDFs never parses PDF.js's 1.6 MB.
  const { getDocumentProxy } = await import("unpdf");
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js takes over the buffer it is given.
    doc = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  } catch (e) {
    return problem(whyNot(e));
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push({ lines: linesOf(content.items as TextItem[]) });
      page.cleanup();
    }
    if (!pages.some((p) => p.lines.some((l) => /[\p{L}\p{N}]/u.test(l.text)))) return problem("no text layer; run OCR first, skipped");
    const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
    return { pages, meta: metaOf((info ?? {}) as Record<string, unknown>, metadata as Xmp | null) };
  } catch (e) {
    return problem(whyNot(e));
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
