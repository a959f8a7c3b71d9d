/** `textDocument/documentLink`: the http(s) URLs of footnote definitions are links. */
import type { DocumentLink, DocumentLinkParams } from "vscode-languageserver/node";
import { LineIndex } from "../engine";
import { analyzeDraft } from "../engine/markdown/draft";
import type { ServerContext } from "./context";

export function provideLinks(ctx: ServerContext, params: DocumentLinkParams): DocumentLink[] {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const lines = new LineIndex(text);
  return analyzeDraft(text, { checkHeadings: false }).footnotes.flatMap((f) => {
    if (!f.url || !/^https?:\/\//i.test(f.url)) return [];
    const at = text.indexOf(f.url, f.span.start);
    return at < 0 || at > f.span.end ? [] : [{ range: lines.rangeOf({ start: at, end: at + f.url.length }), target: f.url }];
  });
}
