/**
 * `textDocument/completion` after `[^` or `[@`: the corpus's sources by fuzzy
 * match on key, title, outlet, date and author, with their bibliography key
 * where the draft's bibliography describes them; and, after `[@`, the
 * bibliography's entries that match no source, marked as not checkable.
 * Choosing a source inserts its key and, for a footnote not yet defined, its
 * definition at the end (in the document's CSL style, when it has one).
 */
import Fuse from "fuse.js";
import { type CompletionItem, CompletionItemKind, type CompletionParams } from "vscode-languageserver/node";
import { type Article, type BibliographyEntry, definitionEditor } from "../engine";
import type { DocumentCiting } from "../project/citing";
import { citingNow } from "./citing";
import { documentLines, type ServerContext } from "./context";
import type { LoadedCorpus } from "./corpora";

interface Entry {
  a?: Article;
  /** A bibliography entry that matches no source. */
  entry?: BibliographyEntry;
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

/**
 * What may be cited: every source (as the document cites it) and, after
 * `[@`, the bibliography's entries without a source; the first `limit` of
 * them (with nothing typed yet, only the first are offered: citing each of
 * 10,000 sources took most of a completion's time).
 */
function entries(loaded: LoadedCorpus, citing: DocumentCiting, kind: string, limit: number): Entry[] {
  const out: Entry[] = loaded.corpus.articles.slice(0, limit).map((a) => {
    const s = citing.cite(a);
    return { a, key: s.key, title: s.title ?? "", outlet: s.outlet ?? "", date: s.date ?? "", byline: s.byline ?? "" };
  });
  if (kind !== "@" || !citing.bibliography) return out;
  // A writer may still cite them (pandoc renders them), but Grounded cannot check what they say.
  for (const e of citing.bibliography.entries) {
    if (out.length >= limit) break;
    if (citing.bibliography.byKey.get(e.key) !== null) continue;
    const outlet = typeof e.csl["container-title"] === "string" ? (e.csl["container-title"] as string) : "";
    out.push({ entry: e, key: e.key, title: e.title ?? "", outlet, date: "", byline: "" });
  }
  return out;
}

/** Completion items offered at most. */
const MAX_ITEMS = 50;

export async function provideCompletion(ctx: ServerContext, params: CompletionParams): Promise<CompletionItem[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const offset = doc.offsetAt(params.position);
  const typed = typedMarker(text, offset);
  if (!typed) return [];
  const loaded = await ctx.corpora.now(doc.uri);
  const citing = await citingNow(ctx, doc, loaded);
  const all = entries(loaded, citing, typed.kind, typed.query ? Infinity : MAX_ITEMS);
  const found = typed.query
    ? new Fuse(all, { keys: ["key", "title", "outlet", "date", "byline"], threshold: 0.4, ignoreLocation: true }).search(typed.query).map((r) => r.item)
    : all;
  const lines = documentLines(ctx, doc);
  const definitions = definitionEditor(text, citing.format);
  const range = { start: doc.positionAt(offset - typed.query.length), end: params.position };
  return found.slice(0, MAX_ITEMS).map((e, i) => {
    const passage = e.a?.passages[0];
    const item: CompletionItem = {
      label: e.key,
      kind: CompletionItemKind.Reference,
      detail: e.entry
        ? `${[e.title, e.outlet].filter(Boolean).join(" · ")} · in the bibliography, no source: not checkable`
        : [e.title, e.outlet, e.date].filter(Boolean).join(" · "),
      documentation: e.a && passage ? { kind: "plaintext", value: e.a.text.slice(passage.span.start, passage.span.end).replace(/\s+/g, " ") } : undefined,
      // Sources first, then the entries that cannot be checked.
      sortText: `${e.entry ? 1 : 0}${String(i).padStart(4, "0")}`,
      // The editor filters on what was typed after `[^`: let it match the title, outlet, date and author too.
      filterText: `${e.key} ${e.title} ${e.outlet} ${e.date} ${e.byline}`,
      textEdit: { range, newText: e.key },
    };
    // A footnote not defined yet gets its definition at the end.
    const definition = typed.kind === "^" && e.a ? definitions([citing.cite(e.a)]) : [];
    if (definition.length) item.additionalTextEdits = definition.map((d) => ({ range: lines.rangeOf(d.span), newText: d.newText }));
    return item;
  });
}
