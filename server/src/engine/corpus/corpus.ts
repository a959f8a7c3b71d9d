/** A set of ingested articles with everything the verifier needs to search them. */
import type { Article } from "../types";

export interface Corpus {
  readonly articles: readonly Article[];
  article(id: string): Article | undefined;
}

/** Builds the searchable corpus from ingested articles. Pure: no IO. */
export function buildCorpus(articles: readonly Article[]): Corpus {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return { articles, article: (id) => byId.get(id) };
}
