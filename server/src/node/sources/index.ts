/**
 * One source file's bytes to an article, whatever its format: text, Markdown
 * and HTML are decoded and parsed by the engine; PDF and Word files have their
 * text extracted here first (asynchronously: PDF.js and mammoth are), then laid
 * out by the engine. Every reader of source files (the loader, the persisted
 * index and its workers, the PostgreSQL indexer) comes through here.
 */
import { type Article, articleFromExtracted, decodeSource, formatOf, layoutParagraphs, layoutPdf, parseArticle, type Problem } from "../../engine";

/** The article of one source file, or the one problem that names it. Never throws. */
export async function articleFromBytes(path: string, bytes: Uint8Array): Promise<{ article: Article } | { problem: Problem }> {
  const format = formatOf(path) ?? "txt";
  try {
    // The extractors (PDF.js, mammoth) are loaded when a file needs them: an ingestion worker that
    // never meets a PDF or Word file does not pay for them (they doubled a worker's start-up and heap).
    if (format === "pdf") {
      const { extractPdf } = await import("./pdf");
      const pdf = await extractPdf(path, bytes);
      return "problem" in pdf ? pdf : { article: articleFromExtracted(path, "pdf", layoutPdf(pdf.pages), pdf.meta) };
    }
    if (format === "docx") {
      const { extractDocx } = await import("./docx");
      const docx = await extractDocx(path, bytes);
      return "problem" in docx ? docx : { article: articleFromExtracted(path, "docx", layoutParagraphs(docx.paragraphs), docx.meta) };
    }
  } catch (e) {
    // The extractors catch what they know; anything else still names the file rather than stopping the load.
    return { problem: { file: path, message: `cannot read (${String((e as Error)?.message ?? e).split("\n")[0]}), skipped`, severity: "warning" } };
  }
  const decoded = decodeSource(path, bytes);
  return "problem" in decoded ? decoded : { article: parseArticle(path, decoded.text, format) };
}
