/** A set of ingested articles with everything the verifier needs to search them. */
import type { Article, Passage } from "../types";
import { aliasTable, collectAliasStats, learnAliasData, mergeAliasStats, type AliasData, type AliasStats, type AliasTable } from "./aliases";
import { indexTerms, type EvidenceIndex } from "../retrieval/evidenceIndex";
import { buildInvertedIndex, InvertedIndex } from "../retrieval/invertedIndex";
import { normalizeUrl } from "../text/urls";
import { uniqueCitationKeys } from "./citationKeys";

export interface Corpus {
  readonly articles: readonly Article[];
  article(id: string): Article | undefined;
  /** Position of an article in `articles`, or -1. */
  indexOf(id: string): number;
  readonly aliases: AliasTable;
  /** What the aliases were built from, for persisting the corpus. */
  readonly aliasData: AliasData;
  readonly index: EvidenceIndex;
  /**
   * The corpus's own citation key per article id (`uniqueCitationKeys`: unique
   * across the corpus, -b, -c… in the order of ids). Made once, on first use,
   * by the corpus: every host and edit reads them here.
   */
  readonly citationKeys: ReadonlyMap<string, string>;
  /** The article id a corpus citation key names, or undefined. */
  articleOfKey(key: string): string | undefined;
  /**
   * The first article (in `articles`' order) whose URL is `url` as URLs
   * compare (`normalizeUrl`): what a footnote that names a URL cites. The
   * lookup is made once, on first use.
   */
  articleOfUrl(url: string): string | undefined;
}

/** The text of a passage, as it stands in its file. */
export function passageText(article: Article, passage: Passage): string {
  return article.text.slice(passage.span.start, passage.span.end);
}

/**
 * The per-article work of indexing, independent of every other article (so it
 * is cached per file and can run in parallel): each passage's index terms and
 * the article's alias statistics.
 */
export interface ArticleIndexing {
  terms: string[][];
  aliasStats: AliasStats;
}

export function indexArticle(article: Article): ArticleIndexing {
  const texts = article.passages.map((p) => passageText(article, p));
  return { terms: texts.map(indexTerms), aliasStats: collectAliasStats(texts) };
}

/** Parts already built (by a cache, or a search server's index), so `buildCorpus` does not build them again. */
export interface CorpusParts {
  index?: EvidenceIndex;
  aliasData?: AliasData;
}

/**
 * Builds the searchable corpus from ingested articles: learns aliases from the
 * passages and indexes them. Pure: no IO.
 */
export function buildCorpus(articles: readonly Article[], parts: CorpusParts = {}): Corpus {
  let aliasData = parts.aliasData;
  let index = parts.index;
  if (!aliasData || !index) {
    const indexing = articles.map(indexArticle);
    if (!aliasData) {
      const stats: AliasStats = { names: new Map(), acronyms: new Set(), runs: [] };
      for (const x of indexing) mergeAliasStats(stats, x.aliasStats);
      aliasData = learnAliasData(stats);
    }
    index ??= new InvertedIndex(buildInvertedIndex(indexing.map((x) => x.terms)));
  }
  return makeCorpus(articles, aliasData, index);
}

/**
 * The corpus object. Its closures are made here, apart from `buildCorpus`,
 * because closures keep their whole scope alive: made there, they would keep
 * every passage's terms (`indexing`) for as long as the corpus lives.
 */
function makeCorpus(articles: readonly Article[], aliasData: AliasData, index: EvidenceIndex): Corpus {
  const byId = new Map(articles.map((a, i) => [a.id, i]));
  // Made on first use: an index worker's corpus, or a check that cites nothing, never needs them.
  let keys: Map<string, string> | undefined;
  let byKey: Map<string, string> | undefined;
  let byUrl: Map<string, string> | undefined;
  const citationKeys = () => (keys ??= uniqueCitationKeys(articles));
  return {
    articles,
    aliases: aliasTable(aliasData),
    aliasData,
    index,
    article: (id) => {
      const i = byId.get(id);
      return i === undefined ? undefined : articles[i];
    },
    indexOf: (id) => byId.get(id) ?? -1,
    get citationKeys() {
      return citationKeys();
    },
    articleOfKey: (key) => (byKey ??= new Map([...citationKeys()].map(([id, k]) => [k, id]))).get(key),
    articleOfUrl: (url) => {
      const wanted = normalizeUrl(url);
      return wanted ? (byUrl ??= articlesByUrl(articles)).get(wanted) : undefined;
    },
  };
}

/** Each normalised URL's first article, in the articles' order. */
function articlesByUrl(articles: readonly Article[]): Map<string, string> {
  const byUrl = new Map<string, string>();
  for (const a of articles) {
    if (!a.url) continue;
    const url = normalizeUrl(a.url);
    if (!byUrl.has(url)) byUrl.set(url, a.id);
  }
  return byUrl;
}
