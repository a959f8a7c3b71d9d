/**
 * Sources as the editor shows them, shared by the providers: where their
 * evidence opens, their names and their line indexes.
 *
 * The text extracted from a PDF or Word source opens as a read-only document,
 * `grounded-source:/abs/path/report.pdf.txt` (the client asks for its text
 * with `grounded/sourceText`, `sourceText.ts`), since a line and column mean
 * nothing in the binary file. A client that has no such documents (it did not
 * say `initializationOptions.sourceText`) gets the file itself, at its start.
 */
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Article, LineIndex, type Range } from "../engine";

export const SOURCE_TEXT_SCHEME = "grounded-source";

/** Where a corpus's evidence opens: the folder its article ids are relative to, and whether the client shows extracted text. */
export interface SourceLinks {
  root: string;
  extractedText: boolean;
}

/** The source file itself (its id is relative to `root`). */
export function fileUri(article: Article, root: string): string {
  return pathToFileURL(resolve(root, article.id)).toString();
}

/** The read-only document of an extracted source's text. */
export function sourceTextUri(article: Article, root: string): string {
  return `${SOURCE_TEXT_SCHEME}:${pathToFileURL(resolve(root, article.id)).pathname}.txt`;
}

/** The source file's absolute path for a `grounded-source:` URI, or undefined for any other URI. */
export function fileOfSourceTextUri(uri: string): string | undefined {
  const m = new RegExp(`^${SOURCE_TEXT_SCHEME}:(/[^?#]*)\\.txt(?:[?#].*)?$`).exec(uri);
  if (!m) return undefined;
  try {
    return fileURLToPath(`file://${m[1]}`);
  } catch {
    return undefined;
  }
}

/** Whether a range in the article's text means something where its evidence opens: always, but for extracted text the client cannot show. */
function rangesApply(article: Article, links: SourceLinks): boolean {
  return !article.extractedFrom || links.extractedText;
}

/** Where evidence from a source opens: its text document for an extracted source (when the client shows it), else the file. */
export function sourceUri(article: Article, links: SourceLinks): string {
  return rangesApply(article, links) && article.extractedFrom ? sourceTextUri(article, links.root) : fileUri(article, links.root);
}

/** A link to a 1-based line of a source where its evidence opens (the file alone for extracted text the client cannot show). */
export function lineUri(article: Article, line: number, links: SourceLinks): string {
  return rangesApply(article, links) ? `${sourceUri(article, links)}#L${line}` : sourceUri(article, links);
}

/** A span of a source as a range where its evidence opens (the start of the file for an extracted source the client cannot show as text). */
export function rangeIn(article: Article, span: { start: number; end: number }, links: SourceLinks): Range {
  return rangesApply(article, links) ? linesOf(article).rangeOf(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

const sourceLines = new WeakMap<Article, LineIndex>();

/** A source's line index, made once per article (diagnostics and hovers ask for it on every check). */
export function linesOf(a: Article): LineIndex {
  let lines = sourceLines.get(a);
  if (!lines) {
    lines = new LineIndex(a.text);
    sourceLines.set(a, lines);
  }
  return lines;
}

/** `title · outlet · date`, or the file's name. */
export function describeSource(a: Article): string {
  return [a.title ?? a.id.split("/").pop(), a.outlet, a.date].filter(Boolean).join(" · ");
}
