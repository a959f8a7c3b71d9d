/** A set of ingested articles with everything the verifier needs to search them. */
import type { Article, Passage } from "../types";
import { learnAliases, type AliasTable } from "./aliases";
import { MiniSearchIndex, type EvidenceIndex, type PassageRef } from "../retrieval/evidenceIndex";

export interface Corpus {
  readonly articles: readonly Article[];
  article(id: string): Article | undefined;
  /** Position of an article in `articles`, or -1. */
  indexOf(id: string): number;
  readonly aliases: AliasTable;
  readonly index: EvidenceIndex;
}

/** The text of a passage, as it stands in its file. */
export function passageText(article: Article, passage: Passage): string {
  return article.text.slice(passage.span.start, passage.span.end);
}

/**
 * Builds the searchable corpus from ingested articles: learns aliases from the
 * passages and indexes them. Pure: no IO.
 */
export function buildCorpus(articles: readonly Article[], index?: EvidenceIndex): Corpus {
  const byId = new Map(articles.map((a, i) => [a.id, i]));
  const passages: Array<{ ref: PassageRef; text: string }> = [];
  articles.forEach((a, ai) => a.passages.forEach((p, pi) => passages.push({ ref: { article: ai, passage: pi }, text: passageText(a, p) })));
  const aliases = learnAliases(passages.map((p) => p.text));
  return {
    articles,
    aliases,
    index: index ?? new MiniSearchIndex(passages),
    article: (id) => {
      const i = byId.get(id);
      return i === undefined ? undefined : articles[i];
    },
    indexOf: (id) => byId.get(id) ?? -1,
  };
}
