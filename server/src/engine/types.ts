/**
 * Plain data shared by every layer of the engine. Nothing here knows about LSP,
 * JSON-RPC or the file system: offsets are UTF-16 code units into a string that
 * the caller handed in (a draft's text, or a source file's decoded text).
 */

/** A half-open range of UTF-16 code units, `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

export type Verdict = "supported" | "contradicted" | "unsupported";

/** What a source file says about itself. `null` where the file does not say it: never a guess. */
export interface ArticleMeta {
  title: string | null;
  outlet: string | null;
  byline: string | null;
  /** ISO 8601 (`YYYY-MM-DD`). */
  date: string | null;
  url: string | null;
}

/**
 * One sentence of an article's body, the unit of evidence. `span` points into
 * `Article.text` (the decoded file exactly as on disk), so a hover or "go to
 * source" lands on the right characters.
 */
export interface Passage {
  /** Index of the passage within its article. */
  index: number;
  span: Span;
  /**
   * Index of the paragraph the passage belongs to, as ingestion found it (kept
   * in the persisted index and the archive). The verifier's windows do not
   * use it: a passage's neighbours are taken across paragraphs, since a news
   * paragraph is often one sentence (see `windowsAround` in `verify/verify.ts`).
   */
  paragraph: number;
}

export interface Article extends ArticleMeta {
  /** The path the caller gave for the file (for the CLI, relative to the working folder). */
  id: string;
  /** The decoded text of the file, unchanged: every span indexes into it. */
  text: string;
  /** Body sentences, boilerplate excluded, in file order. */
  passages: Passage[];
  /** Spans of `text` recognised as boilerplate (newsletter blocks, credits, trailers…), kept out of evidence. */
  boilerplate: Span[];
  /**
   * Set when `text` is not the file's own text but what was extracted from it
   * (a PDF's text layer, a Word file's paragraphs): spans then index into the
   * extracted text, which the editor shows as a read-only document.
   */
  extractedFrom?: "pdf" | "docx";
  /** For a paged source (PDF): each page's span of `text`, page 1 first. */
  pages?: Span[];
}

/** A problem with an input: a file that could not be read or parsed, a bad setting. */
export interface Problem {
  /** The file or setting the problem is about. */
  file: string;
  message: string;
  severity: "error" | "warning";
}

/** Lets a caller stop long work; checked between claims. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const neverCancelled: CancellationToken = { isCancellationRequested: false };
