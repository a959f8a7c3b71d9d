/**
 * The *Search sources* command: `grounded/searchPassages` finds passages by
 * their words, and `grounded/quoteEdit` quotes the one picked at the cursor,
 * with its citation in the document's style.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Position, WorkspaceEdit } from "vscode-languageserver/node";
import { indexTerms, pageAt, quoteAtEdits } from "../engine";
import { citingNow } from "./citing";
import { citationEdit, referencesFor } from "./codeActions";
import type { ServerContext } from "./context";
import { linesOf, sourceUri } from "./sources";

export interface SearchParams {
  /** The document the search is for (its corpus); the first workspace folder's when absent. */
  uri?: string;
  query: string;
  limit?: number;
}

export interface QuoteEditParams {
  uri: string;
  position: Position;
  articleId: string;
  passage: number;
}

/** One passage found: where it is, what it says, and how to cite it. */
export interface PassageHit {
  articleId: string;
  passage: number;
  key: string;
  title: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  quote: string;
  uri: string;
  line: number;
}

export async function searchPassages(ctx: ServerContext, params: SearchParams): Promise<PassageHit[]> {
  if (typeof params?.query !== "string" || !params.query.trim()) return [];
  const uri = params.uri ?? pathToFileURL(resolve(ctx.folders.first(), "untitled.md")).toString();
  const loaded = await ctx.corpora.now(uri);
  const limit = Math.min(Math.max(1, params.limit ?? 20), 100);
  const links = ctx.sourceLinks(loaded.root);
  return loaded.corpus.index.search(indexTerms(params.query), limit).map((h) => {
    const a = loaded.corpus.articles[h.article];
    const p = a.passages[h.passage];
    return {
      articleId: a.id, passage: h.passage, key: loaded.corpus.citationKeys.get(a.id) ?? a.id, title: a.title, outlet: a.outlet, date: a.date, url: a.url,
      quote: a.text.slice(p.span.start, p.span.end).replace(/\s+/g, " "), uri: sourceUri(a, links), line: linesOf(a).positionAt(p.span.start).line,
    };
  });
}

/** The edit that quotes a passage at the cursor with its citation; null when the document or the passage is gone. */
export async function quoteEdit(ctx: ServerContext, params: QuoteEditParams): Promise<WorkspaceEdit | null> {
  const doc = ctx.documents.get(params.uri);
  if (!doc) return null;
  const settings = await ctx.settings.for(doc.uri);
  const loaded = await ctx.corpora.now(doc.uri);
  const article = loaded.corpus.article(params.articleId);
  const passage = article?.passages[params.passage];
  if (!article || !passage) return null;
  const text = doc.getText();
  const citing = await citingNow(ctx, doc, loaded);
  // A passage of a paged source (PDF) is cited with its page.
  const page = pageAt(article, passage.span.start);
  const source = { ...citing.cite(article), ...(page !== undefined ? { page } : {}) };
  const quote = article.text.slice(passage.span.start, passage.span.end);
  const edits = quoteAtEdits(text, doc.offsetAt(params.position), quote, source, settings.citationStyle, citing.format);
  return citationEdit(doc.uri, doc.version, text, edits, [source], settings.citationStyle, await referencesFor(ctx, doc, settings)) ?? null;
}
