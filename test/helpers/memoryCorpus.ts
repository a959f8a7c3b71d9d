/**
 * In-memory articles for engine tests: each paragraph of the text is split into
 * sentences with the engine's own splitter. No file system, no ingestion rules.
 */
import { splitSentences } from "../../server/src/engine/text/sentences";
import { buildCorpus, type Corpus } from "../../server/src/engine";
import type { Article, ArticleMeta } from "../../server/src/engine/types";

export function memoryArticle(id: string, text: string, meta: Partial<ArticleMeta> = {}): Article {
  const passages: Article["passages"] = [];
  let paragraph = 0;
  for (const block of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const start = block.index ?? 0;
    for (const span of splitSentences(text, start, start + block[0].length)) passages.push({ index: passages.length, span, paragraph });
    paragraph++;
  }
  return { id, text, passages, boilerplate: [], title: null, outlet: null, byline: null, date: null, url: null, ...meta };
}

export function memoryCorpus(...articles: Array<[string, string, Partial<ArticleMeta>?]>): Corpus {
  return buildCorpus(articles.map(([id, text, meta]) => memoryArticle(id, text, meta)));
}
