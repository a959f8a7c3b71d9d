/** `textDocument/definition` on a citation key: the cited article, at the passage that bears on the sentence. */
import type { DefinitionParams, Location } from "vscode-languageserver/node";
import { currentCheck, type ServerContext } from "./context";
import { resolveMarker } from "./markers";
import { rangeIn, sourceUri } from "./sources";

export async function provideDefinition(ctx: ServerContext, params: DefinitionParams): Promise<Location | null> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return null;
  const loaded = await ctx.corpora.now(doc.uri);
  const marker = resolveMarker(doc.getText(), doc.offsetAt(params.position), loaded, currentCheck(ctx, doc.uri));
  if (!marker?.article) return null;
  // The passage that bears on the sentence, else the article's first passage, else the start of the file.
  const span = marker.evidence?.span ?? marker.article.passages[0]?.span ?? { start: 0, end: 0 };
  const links = ctx.sourceLinks(loaded.root);
  return { uri: sourceUri(marker.article, links), range: rangeIn(marker.article, span, links) };
}
