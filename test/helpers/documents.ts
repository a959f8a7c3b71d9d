/**
 * Source documents built by the tests, never fetched: PDFs with pdf-lib (pages
 * of lines at given positions, a running header and a page number on each,
 * metadata in the Info dictionary) and Word files with the `docx` package
 * (headings, paragraphs, footnotes, core properties).
 */
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";

export interface PdfSpec {
  /** Each page's body lines, top to bottom; "" leaves a blank line (a paragraph break). */
  pages: string[][];
  info?: { title?: string; author?: string; created?: Date };
  /** A line printed at the top of every page. */
  header?: string;
  /** Print the page number at the foot of each page. */
  pageNumbers?: boolean;
  /** Lines at the top of page 1 in a larger size (a title as the page shows it). */
  titleLines?: string[];
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  // Without `info`, no Info dictionary at all (pdf-lib would otherwise write its own dates and producer).
  const doc = await PDFDocument.create({ updateMetadata: !!spec.info });
  if (spec.info?.title) doc.setTitle(spec.info.title);
  if (spec.info?.author) doc.setAuthor(spec.info.author);
  if (spec.info?.created) doc.setCreationDate(spec.info.created);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  spec.pages.forEach((lines, i) => {
    const page = doc.addPage([595, 842]);
    if (spec.header) page.drawText(spec.header, { x: 50, y: 800, size: 9, font });
    let y = 740;
    if (i === 0) {
      for (const t of spec.titleLines ?? []) {
        page.drawText(t, { x: 50, y, size: 20, font });
        y -= 30;
      }
    }
    for (const t of lines) {
      if (t) page.drawText(t, { x: 50, y, size: 11, font });
      y -= 14;
    }
    if (spec.pageNumbers) page.drawText(String(i + 1), { x: 297, y: 30, size: 9, font });
  });
  return doc.save();
}

/** A PDF whose pages hold only drawings: what a scan without OCR looks like to a text extractor. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, color: rgb(0.9, 0.9, 0.85) });
  return doc.save();
}

export interface DocxSpec {
  title?: string;
  creator?: string;
  heading?: string;
  /** Body paragraphs; `note` attaches a footnote to the paragraph. */
  paragraphs: Array<{ text: string; note?: string }>;
}

export async function makeDocx(spec: DocxSpec): Promise<Buffer> {
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let n = 0;
  const body = spec.paragraphs.map((p) => {
    const runs: Array<TextRun | FootnoteReferenceRun> = [new TextRun(p.text)];
    if (p.note) {
      footnotes[++n] = { children: [new Paragraph(p.note)] };
      runs.push(new FootnoteReferenceRun(n));
    }
    return new Paragraph({ children: runs });
  });
  const doc = new Document({
    ...(spec.title ? { title: spec.title } : {}), ...(spec.creator ? { creator: spec.creator } : {}), footnotes,
    sections: [{ children: [...(spec.heading ? [new Paragraph({ text: spec.heading, heading: HeadingLevel.HEADING_1 })] : []), ...body] }],
  });
  return Packer.toBuffer(doc);
}

/** The two-page report the tests share: a fact on page 2, a running header and page numbers, a word hyphenated at a line end. */
export const REPORT: PdfSpec = {
  info: { title: "Harbour Report 2020", author: "Jane Roe", created: new Date("2021-03-04T00:00:00Z") },
  header: "Zorland Port Authority - Annual Report",
  pageNumbers: true,
  pages: [
    ["The port of Zorland was rebuilt after the storm of 2015 by a consortium of", "local firms, and it reopened for every-", "one who works on the docks in 2017."],
    ["The harbour of Zorland handled 900 ships in 2020, officials said on", "Monday.", "", "Cargo volumes rose by a fifth over the year, the authority said."],
  ],
};
