/**
 * `grounded/sourceText`: the text extracted from a PDF or Word source, for
 * the client's read-only `grounded-source:` documents (`sources.ts` makes
 * their URIs). Evidence from such a source points there, with the passage
 * selected; the text is what the server indexed, so its ranges are right.
 */
import type { ServerContext } from "./context";
import { fileOfSourceTextUri } from "./sources";

export interface SourceTextParams {
  uri: string;
}

/** The extracted text, or null for a URI that names no source of a corpus built so far. */
export function provideSourceText(ctx: ServerContext, params: SourceTextParams): string | null {
  const file = fileOfSourceTextUri(typeof params?.uri === "string" ? params.uri : "");
  return file ? ctx.corpora.store.findArticle(file)?.text ?? null : null;
}
