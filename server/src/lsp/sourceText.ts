/**
 * The text extracted from a PDF or Word source, as a read-only document the
 * editor can open: `grounded-source:/abs/path/report.pdf.txt`. Evidence from
 * such a source points there (the passage selected), since line and column
 * mean nothing in the binary file; the client asks for the text with
 * `grounded/sourceText`. Editors whose client has no provider for the scheme
 * get the file itself.
 */
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Article } from "../engine";

export const SOURCE_TEXT_SCHEME = "grounded-source";

/**
 * Whether the client shows `grounded-source:` documents (it said so in
 * `initializationOptions.sourceText`). One client per server process, and the
 * answer never changes after `initialize`, so it is kept here rather than
 * passed to every converter.
 */
let clientShowsSourceText = false;

export function setClientShowsSourceText(value: boolean): void {
  clientShowsSourceText = value;
}

/** The source file itself. */
export function fileUri(article: Article, root: string): string {
  return pathToFileURL(resolve(root, article.id)).toString();
}

/** The read-only document of an extracted source's text. */
export function sourceTextUri(article: Article, root: string): string {
  return `${SOURCE_TEXT_SCHEME}:${pathToFileURL(resolve(root, article.id)).pathname}.txt`;
}

/** Where evidence from a source points: its text document for an extracted source (when the client shows it), else the file. */
export function evidenceUri(article: Article, root: string): string {
  return article.extractedFrom && clientShowsSourceText ? sourceTextUri(article, root) : fileUri(article, root);
}

/**
 * Whether a range in the article's text means something where its evidence
 * points: always, but for an extracted source the client cannot show (its
 * evidence then points at the start of the binary file).
 */
export function rangesApply(article: Article): boolean {
  return !article.extractedFrom || clientShowsSourceText;
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
