/**
 * The evidence index in PostgreSQL, reached through an asynchronous prefetch so
 * that the engine stays synchronous and the verdict logic stays in Grounded:
 *
 * 1. the draft is analysed, and each claim's retrieval query is computed exactly
 *    as `judgeClaim` will compute it (`queriesFor`, with the archive's
 *    learned aliases);
 * 2. PostgreSQL ranks passages for each query (`ts_rank_cd` over the GIN-indexed
 *    `tsvector` column; the terms travel as a parameter, never as SQL);
 * 3. the articles those passages belong to are fetched whole (the verifier also
 *    reads a passage's neighbours), with the articles the draft cites;
 * 4. a small `Corpus` is built from them whose index (`PrefetchedIndex`) answers
 *    each query with the hits PostgreSQL gave for it; the normal
 *    `checkDocument` / `checkSentence` then run on it.
 */
import type pg from "pg";
import {
  type AliasData, aliasTable, type AliasTable, analyzeDraft, type Article, buildCorpus, type ClaimContext,
  claimSentences, contextOf, type Corpus, type DraftAnalysis, type DraftSentence, type EvidenceIndex, normalizeUrl,
  queriesFor, type SearchHit, type Span,
} from "../../engine";
import { connectPool, explain, type ConnectOptions } from "./connection";
import { compareWalkOrder } from "./indexer";
import { tsqueryLiteral, tsvectorLiteral } from "./terms";

/** The hits PostgreSQL returned for each query, by its exact term list, in the small corpus's positions. */
export class PrefetchedIndex implements EvidenceIndex {
  /** Queries the verifier asked for that were not prefetched (always 0 unless the query computation drifted). */
  misses = 0;
  constructor(
    /** The hits per query (`key`); read to hand the index to the check worker. */
    readonly hits: ReadonlyMap<string, SearchHit[]>,
    /** Passages in the whole archive. */
    readonly size: number,
  ) {}

  static key(terms: readonly string[]): string {
    return terms.join("\u0000");
  }

  search(terms: readonly string[], limit: number): SearchHit[] {
    const hits = this.hits.get(PrefetchedIndex.key(terms));
    if (!hits) {
      this.misses++;
      return [];
    }
    return hits.slice(0, limit);
  }
}

/** A passage as ranked by the archive: the article's row id and the passage index. */
export interface ArchiveHit {
  articleId: string;
  passage: number;
  score: number;
}

export interface ArchiveCounts {
  documents: number;
  passages: number;
}

/** How many of the candidates holding the most query terms are ranked by `ts_rank_cd` (the costly part). */
const RERANK = 256;

/**
 * How PostgreSQL ranks. The candidates are the passages that hold one of the
 * query's selective terms (`f`, found through the GIN index; see
 * `selectiveTerms`). They are ordered by how many of the query's terms they
 * hold (`t`; the embedded index too multiplies its BM25 score by that
 * number, and on an OR query `ts_rank_cd` alone gives nearly every candidate
 * the same score); the best 256 are ranked by that number, then by
 * `ts_rank_cd` over all the terms (`r`, normalisation 0: the raw cover
 * density), then by file path and passage, so the order is deterministic.
 * Many queries go in one statement, one round trip.
 */
const SEARCH_MANY_SQL = `
SELECT q.n, h.article_id, h.idx, h.matched, h.score
FROM unnest($1::tsquery[], $2::int[], $3::tsquery[], $4::tsvector[]) WITH ORDINALITY AS q(f, lim, r, t, n)
CROSS JOIN LATERAL (
  SELECT c.article_id, c.idx, a.path, c.matched, ts_rank_cd(c.terms, q.r) AS score
  FROM (
    SELECT p.article_id, p.idx, p.terms, length(p.terms) - length(ts_delete(p.terms, tsvector_to_array(q.t))) AS matched
    FROM grounded_passages p
    WHERE p.terms @@ q.f
    ORDER BY matched DESC, p.article_id, p.idx
    LIMIT ${RERANK}
  ) c JOIN grounded_articles a ON a.id = c.article_id
  ORDER BY c.matched DESC, score DESC, a.path, c.idx
  LIMIT q.lim
) h
ORDER BY q.n, h.matched DESC, h.score DESC, h.path, h.idx`;

/**
 * About how many passages the selective terms may reach beyond the least
 * needed (see `selectiveTerms`): a term such as "said" is in a tenth of an
 * archive, and every candidate costs the server some microseconds.
 */
const CANDIDATE_BUDGET = 3000;

/** Lexeme frequencies (share of passages) from ANALYZE, for choosing the selective terms. */
interface TermStats {
  passages: number;
  freq: Map<string, number>;
  /** Below the commonest lexemes' least frequency: what an unlisted term is assumed to have. */
  rare: number;
}

/** A passage that holds this share of a query's terms is always a candidate, however common the terms. */
const ALWAYS_CANDIDATE_SHARE = 0.6;

/**
 * The terms of a query that filter candidates: the rarest first, at least
 * enough of them that every passage holding 60 % of the query's terms holds
 * one of them (a passage that holds m of n terms holds one of any n − m + 1),
 * and more while their estimated passages stay within the budget.
 */
export function selectiveTerms(terms: readonly string[], stats: TermStats | undefined, budget = CANDIDATE_BUDGET): string[] {
  const distinct = [...new Set(terms)];
  if (!stats || !stats.passages) return distinct;
  const est = (t: string) => (stats.freq.get(t) ?? stats.rare) * stats.passages;
  const sorted = distinct.sort((a, b) => est(a) - est(b) || (a < b ? -1 : a > b ? 1 : 0));
  const least = sorted.length - Math.ceil(ALWAYS_CANDIDATE_SHARE * sorted.length) + 1;
  const out: string[] = [];
  let total = 0;
  for (const t of sorted) {
    const n = est(t);
    if (out.length >= least && total + n > budget) break;
    out.push(t);
    total += n;
  }
  return out;
}

const ARTICLE_COLUMNS = "id, path, title, coalesce(outlet, learned_outlet) AS outlet, byline, date, url, citation_base";

interface ArticleRow {
  id: string;
  path: string;
  title: string | null;
  outlet: string | null;
  byline: string | null;
  date: string | null;
  url: string | null;
  citation_base: string;
  text?: string;
  boilerplate?: Span[];
}

/** A read-only view of an archive, for the CLI and the editor. */
export class PgArchive {
  private aliases?: { version: string; data: AliasData; table: AliasTable; counts: ArchiveCounts; stats?: TermStats };

  /** The version of the archive's learned parts, as of the last `state()`: it changes when an indexing run completes. */
  get version(): string | undefined {
    return this.aliases?.version;
  }

  private constructor(
    private readonly db: pg.Pool,
    readonly url: string,
    /** How many connections a draft's queries are spread over. */
    private readonly connections: number,
  ) {}

  /** Opens a pool of `connections` connections (default 2; see `connectPool`). */
  static async open(url: string, options: ConnectOptions & { connections?: number } = {}): Promise<PgArchive> {
    const connections = Math.max(1, options.connections ?? 2);
    return new PgArchive(await connectPool(url, { ...options, connections }), url, connections);
  }

  async close(): Promise<void> {
    await this.db.end().catch(() => {});
  }

  /** Runs a query; a driver error becomes an `ArchiveError` naming host:port. */
  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.db.query<R>(sql, params);
    } catch (e) {
      throw explain(e, this.url);
    }
  }

  /** The archive's learned aliases (reloaded only when an indexing run changed them) and its size. */
  async state(): Promise<{ aliasData: AliasData; aliases: AliasTable; counts: ArchiveCounts }> {
    const v = await this.query<{ alias_version: string }>("SELECT alias_version FROM grounded_state WHERE id = 1");
    if (!v.rows.length) throw explain({ code: "42P01" }, this.url);
    const version = v.rows[0].alias_version;
    if (this.aliases?.version !== version) {
      const { rows } = await this.query<{ alias_data: AliasData; documents: string; passages: string }>(
        "SELECT alias_data, (SELECT count(*) FROM grounded_articles) AS documents, (SELECT count(*) FROM grounded_passages) AS passages FROM grounded_state WHERE id = 1",
      );
      const data = rows[0].alias_data;
      const counts = { documents: Number(rows[0].documents), passages: Number(rows[0].passages) };
      this.aliases = { version, data, table: aliasTable(data), counts, stats: await this.termStats(counts.passages) };
    }
    return { aliasData: this.aliases.data, aliases: this.aliases.table, counts: this.aliases.counts };
  }

  /** The commonest lexemes' frequencies as ANALYZE last saw them (none before the first ANALYZE). */
  private async termStats(passages: number): Promise<TermStats | undefined> {
    const { rows } = await this.query<{ elems: string[] | null; freqs: number[] | null }>(
      "SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'grounded_passages' AND attname = 'terms'",
    );
    const r = rows[0];
    if (!r?.elems || !r.freqs) return undefined;
    const freq = new Map<string, number>();
    r.elems.forEach((e, i) => freq.set(e, r.freqs![i]));
    // most_common_elem_freqs ends with the least and greatest frequency and the null share.
    const listed = r.freqs.slice(0, r.elems.length);
    return { passages, freq, rare: Math.min(...listed) / 2 };
  }

  /** The best passages for a query (terms from `indexTerms`), best first. */
  async search(terms: readonly string[], limit: number): Promise<ArchiveHit[]> {
    if (!this.aliases) await this.state();
    return (await this.searchMany([{ terms, limit }]))[0];
  }

  /** `search` for many queries at once (one round trip); the hits of each, in order. */
  async searchMany(queries: ReadonlyArray<{ terms: readonly string[]; limit: number }>): Promise<ArchiveHit[][]> {
    const out: ArchiveHit[][] = queries.map(() => []);
    const stats = this.aliases?.stats;
    const asked = queries
      .map((q, i) => ({ i, f: tsqueryLiteral(selectiveTerms(q.terms, stats)), r: tsqueryLiteral(q.terms), t: tsvectorLiteral(q.terms), limit: q.limit }))
      .filter((x) => x.f && x.limit > 0);
    if (!asked.length) return out;
    // The queries are dealt round the pool's connections, one statement each, so that the server ranks them on several cores.
    const parts = Math.min(this.connections, asked.length);
    const dealt = Array.from({ length: parts }, (_, k) => asked.filter((_, i) => i % parts === k));
    await Promise.all(
      dealt.map(async (part) => {
        const { rows } = await this.query<{ n: string; article_id: string; idx: number; matched: string; score: number }>(SEARCH_MANY_SQL, [
          part.map((x) => x.f),
          part.map((x) => x.limit),
          part.map((x) => x.r),
          part.map((x) => x.t),
        ]);
        // One number that orders as PostgreSQL did: terms held, then cover density.
        for (const r of rows) out[part[Number(r.n) - 1].i].push({ articleId: r.article_id, passage: r.idx, score: Number(r.matched) + r.score / (1 + r.score) });
      }),
    );
    return out;
  }

  /**
   * A corpus for checking the claim sentences of one or more drafts: just the
   * articles their queries retrieve, the articles they cite, and enough about
   * other articles to give citation keys as the whole archive would.
   */
  async corpusFor(
    sentences: ReadonlyArray<string | { plain: string; context: ClaimContext }>,
    cited: CitedSources = { keys: [], footnotes: [] },
    alsoPaths: readonly string[] = [],
  ): Promise<Corpus> {
    const { aliasData, aliases, counts } = await this.state();
    const queries = new Map<string, { terms: string[]; limit: number }>();
    for (const s of sentences) {
      const [plain, context] = typeof s === "string" ? [s, undefined] : [s.plain, s.context];
      for (const q of queriesFor(plain, context, { aliases })) queries.set(PrefetchedIndex.key(q.terms), q);
    }
    const keys = [...queries.keys()];
    const answers = await this.searchMany([...queries.values()]);
    const raw = new Map<string, ArchiveHit[]>(keys.map((k, i) => [k, answers[i]]));

    const wanted = new Set<string>();
    for (const hits of raw.values()) for (const h of hits) wanted.add(h.articleId);
    for (const id of await this.citedArticleIds(cited)) wanted.add(id);
    if (alsoPaths.length) {
      const { rows } = await this.query<{ id: string }>("SELECT id FROM grounded_articles WHERE path = ANY($1)", [[...new Set(alsoPaths)]]);
      for (const r of rows) wanted.add(r.id);
    }
    const articles = await this.fetchArticles([...wanted]);

    // Citation keys are made unique across the archive (-b, -c… in path order): the
    // other articles that share a key's base come along as stubs with no passages.
    const bases = [...new Set([...articles.values()].map((a) => a.base))];
    const siblings = bases.length
      ? (await this.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM grounded_articles WHERE citation_base = ANY($1) AND NOT (id = ANY($2))`, [bases, [...articles.keys()]])).rows
      : [];
    const all = [...[...articles.values()].map((a) => a.article), ...siblings.map((r) => toArticle(r, []))];
    all.sort((a, b) => compareWalkOrder(a.id, b.id));
    const position = new Map<string, number>();
    const rowIdOf = new Map<string, string>([...articles].map(([rowId, a]) => [a.article.id, rowId]));
    all.forEach((a, i) => {
      const rowId = rowIdOf.get(a.id);
      if (rowId) position.set(rowId, i);
    });
    const hits = new Map<string, SearchHit[]>();
    for (const [key, list] of raw) {
      hits.set(key, list.filter((h) => position.has(h.articleId)).map((h) => ({ article: position.get(h.articleId)!, passage: h.passage, score: h.score })));
    }
    return buildCorpus(all, { aliasData, index: new PrefetchedIndex(hits, counts.passages) });
  }

  /** A corpus for checking one Markdown draft (its claim sentences and its citations). */
  async corpusForDraft(text: string, options: { checkHeadings?: boolean } = {}): Promise<Corpus> {
    return this.corpusForDrafts([text], options);
  }

  /**
   * `known(sentence)` may name the articles a claim's verdict (already known,
   * from a cache) cites as evidence: then those articles are fetched instead of
   * running its query, so an edit costs one query per changed sentence.
   */
  async corpusForDrafts(
    texts: readonly string[],
    options: { checkHeadings?: boolean; known?(text: string, sentence: DraftSentence): readonly string[] | undefined } = {},
  ): Promise<Corpus> {
    const sentences: Array<{ plain: string; context: ClaimContext }> = [];
    const also: string[] = [];
    const cited: CitedSources = { keys: [], footnotes: [] };
    for (const text of texts) {
      const analysis = analyzeDraft(text, { checkHeadings: options.checkHeadings ?? false });
      const claims = claimSentences(analysis);
      for (const s of claims) {
        const articles = options.known?.(text, s);
        if (articles) also.push(...articles);
        else sentences.push({ plain: s.plain, context: contextOf(analysis.sentences, s) });
      }
      addCitations(cited, claims, analysis);
    }
    return this.corpusFor(sentences, cited, also);
  }

  /** Articles a citation key, a footnote's URL or a footnote's title may stand for (see `resolveCitation`). */
  private async citedArticleIds(cited: CitedSources): Promise<string[]> {
    const ids: string[] = [];
    if (cited.keys.length) {
      // A key is a base, or a base with a -b, -c… suffix.
      const bases = [...new Set(cited.keys.flatMap((k) => [k, k.replace(/-[a-z]\d*$/, "")]))];
      const { rows } = await this.query<{ id: string }>("SELECT id FROM grounded_articles WHERE citation_base = ANY($1)", [bases]);
      ids.push(...rows.map((r) => r.id));
    }
    for (const f of cited.footnotes) {
      if (f.url) {
        const { rows } = await this.query<{ id: string }>(
          `SELECT id FROM grounded_articles WHERE url IS NOT NULL AND ${normalizedUrlSql("url")} = $1`,
          [normalizeUrl(f.url)],
        );
        ids.push(...rows.map((r) => r.id));
      }
      const { rows } = await this.query<{ id: string }>(
        "SELECT id FROM grounded_articles WHERE title IS NOT NULL AND length(title) > 12 AND position(lower(title) in $1) > 0",
        [f.text.toLowerCase()],
      );
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  private async fetchArticles(rowIds: string[]): Promise<Map<string, { article: Article; base: string }>> {
    const out = new Map<string, { article: Article; base: string }>();
    if (!rowIds.length) return out;
    // Two statements on two of the pool's connections at once.
    const [arts, pass] = await Promise.all([
      this.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS}, text, boilerplate FROM grounded_articles WHERE id = ANY($1)`, [rowIds]),
      this.query<{ article_id: string; idx: number; span_start: number; span_end: number; paragraph: number }>(
        "SELECT article_id, idx, span_start, span_end, paragraph FROM grounded_passages WHERE article_id = ANY($1) ORDER BY article_id, idx",
        [rowIds],
      ),
    ]);
    const passages = new Map<string, Article["passages"]>();
    for (const p of pass.rows) {
      const list = passages.get(p.article_id) ?? [];
      list.push({ index: p.idx, span: { start: p.span_start, end: p.span_end }, paragraph: p.paragraph });
      passages.set(p.article_id, list);
    }
    for (const r of arts.rows) out.set(r.id, { article: toArticle(r, passages.get(r.id) ?? []), base: r.citation_base });
    return out;
  }
}

/** What a draft cites: keys of `[^key]`/`[@key]` markers, and its footnote definitions. */
export interface CitedSources {
  keys: string[];
  footnotes: Array<{ text: string; url: string | null }>;
}

function addCitations(into: CitedSources, claims: readonly DraftSentence[], analysis: DraftAnalysis): void {
  for (const s of claims) {
    for (const c of s.citations) {
      if (c.kind === "link") continue;
      into.keys.push(c.key);
      const def = analysis.footnotes.find((f) => f.key === c.key);
      if (def) into.footnotes.push({ text: def.text, url: def.url });
    }
  }
}

/**
 * `normalizeUrl` (`engine/text/urls.ts`) in SQL, applied to a column: the same
 * rule, so a footnote's URL finds its article in the archive as in a local
 * corpus (`test/urls.test.ts` runs both on the same URLs).
 */
export function normalizedUrlSql(column: string): string {
  return `lower(regexp_replace(regexp_replace(${column}, '^https?://(www\\.)?', ''), '[/#?]+$', ''))`;
}

function toArticle(r: ArticleRow, passages: Article["passages"]): Article {
  return {
    id: r.path,
    text: r.text ?? "",
    passages,
    boilerplate: r.boilerplate ?? [],
    title: r.title,
    outlet: r.outlet,
    byline: r.byline,
    date: r.date,
    url: r.url,
  };
}
