/**
 * `textDocument/completion` after `[^` or `[@`: the corpus's sources by fuzzy
 * match on key, title, outlet, date and author. Choosing one inserts its key
 * and, for a footnote not yet defined, its definition at the end.
 */
import Fuse from "fuse.js";
import { type CompletionItem, CompletionItemKind, type CompletionParams } from "vscode-languageserver/node";
import { type Article, LineIndex } from "../engine";
import { definitionEdits } from "../engine/edits/citations";
import type { ServerContext } from "./context";
import { cited } from "./sources";

interface Entry {
  a: Article;
  key: string;
  title: string;
  outlet: string;
  date: string;
  byline: string;
}

/** The marker being typed before the cursor: its kind (`^` or `@`) and the key typed so far. */
function typedMarker(text: string, offset: number): { kind: string; query: string } | undefined {
  const m =
    /\[([\^@])([^\]\s;]*)$/.exec(text.slice(Math.max(0, offset - 100), offset)) ??
    /\[[^\]\n]*;\s*(@)([^\]\s;]*)$/.exec(text.slice(Math.max(0, offset - 200), offset));
  return m ? { kind: m[1], query: m[2] } : undefined;
}

export async function provideCompletion(ctx: ServerContext, params: CompletionParams): Promise<CompletionItem[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const offset = doc.offsetAt(params.position);
  const typed = typedMarker(text, offset);
  if (!typed) return [];
  const loaded = await ctx.corpora.now(doc.uri);
  const entries: Entry[] = loaded.corpus.articles.map((a) => ({
    a, key: loaded.keys.get(a.id) ?? a.id, title: a.title ?? "", outlet: a.outlet ?? "", date: a.date ?? "", byline: a.byline ?? "",
  }));
  const found = typed.query
    ? new Fuse(entries, { keys: ["key", "title", "outlet", "date", "byline"], threshold: 0.4, ignoreLocation: true }).search(typed.query).map((r) => r.item)
    : entries;
  const lines = new LineIndex(text);
  const range = { start: doc.positionAt(offset - typed.query.length), end: params.position };
  return found.slice(0, 50).map((e, i) => {
    const item: CompletionItem = {
      label: e.key,
      kind: CompletionItemKind.Reference,
      detail: [e.title, e.outlet, e.date].filter(Boolean).join(" · "),
      documentation: e.a.passages[0] ? { kind: "plaintext", value: e.a.text.slice(e.a.passages[0].span.start, e.a.passages[0].span.end).replace(/\s+/g, " ") } : undefined,
      sortText: String(i).padStart(4, "0"),
      // The editor filters on what was typed after `[^`: let it match the title, outlet, date and author too.
      filterText: `${e.key} ${e.title} ${e.outlet} ${e.date} ${e.byline}`,
      textEdit: { range, newText: e.key },
    };
    // A footnote not defined yet gets its definition at the end.
    const definition = typed.kind === "^" ? definitionEdits(text, [cited(e.a, loaded.keys)]) : [];
    if (definition.length) item.additionalTextEdits = definition.map((d) => ({ range: lines.rangeOf(d.span), newText: d.newText }));
    return item;
  });
}
