/** `textDocument/documentLink`: the http(s) URLs of footnote definitions are links. */
import type { DocumentLink, DocumentLinkParams } from "vscode-languageserver/node";
import { LineIndex } from "../engine";
import { currentCheck, type ServerContext } from "./context";
import { analysisForRequest } from "./markers";

export function provideLinks(ctx: ServerContext, params: DocumentLinkParams): DocumentLink[] {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const lines = new LineIndex(text);
  // A long draft's footnotes come from its check (analysing it here would hold the server's thread for seconds).
  return analysisForRequest(text, currentCheck(ctx, doc.uri)).footnotes.flatMap((f) => {
    if (!f.url || !/^https?:\/\//i.test(f.url)) return [];
    const at = text.indexOf(f.url, f.span.start);
    return at < 0 || at > f.span.end ? [] : [{ range: lines.rangeOf({ start: at, end: at + f.url.length }), target: f.url }];
  });
}
