/**
 * The embedded evidence index: BM25+ over passages, postings packed in typed
 * arrays (compressed sparse rows: one run of passage ids per term).
 *
 * Why not a library: MiniSearch ranked the same way but took 21 ms a claim on
 * a 1,000-article archive (its OR queries walk Maps of Maps), and its JSON form
 * is slow to parse at archive scale. Here a query is a few typed-array scans
 * into one reused score buffer, and the index is plain typed arrays that are
 * written to and read from disk as they are. The scoring is MiniSearch's
 * (BM25+ with k = 1.2, b = 0.7, d = 0.5, length = distinct terms, score times
 * the number of query terms matched), so rankings did not change when it
 * replaced MiniSearch.
 */
import type { EvidenceIndex, SearchHit } from "./evidenceIndex";
import { groupChains, groupPostings, NO_MEMBER, passageGroups } from "./passageGroups";

const K = 1.2;
const B = 0.7;
const D = 0.5;
/**
 * A run at most this many times longer than the candidates is read through
 * rather than probed (`probe`): on the 80-sentence draft's queries at 10,000
 * articles, 16 was the quickest of 0 (always probed), 4, 16 and 64.
 */
const DENSE_RUN = 16;

/** The index as plain data: what is persisted, and all that is needed to search. */
export interface InvertedIndexData {
  /** The vocabulary; a term's id is its position. */
  terms: string[];
  /** `postingStart[t] .. postingStart[t + 1]` is term t's run in `postingDocs`/`postingFreqs`. */
  postingStart: Uint32Array;
  /**
   * Passage ids, ascending within each term's run. With `groupOf`, only the
   * first passage of each group of alike passages has postings, which stand
   * for every member's.
   */
  postingDocs: Uint32Array;
  /** How often the term occurs in the passage (capped at 65,535). */
  postingFreqs: Uint16Array;
  /** Distinct terms per passage. */
  lengths: Uint16Array;
  /** The article and passage of each passage id. */
  refArticle: Uint32Array;
  refPassage: Uint32Array;
  /**
   * Each passage's group (`passageGroups`: the first passage with the same
   * terms and frequencies): near-copies of newswire are indexed, stored and
   * scored once (261,107 passages are 62,729 groups at 10,000 synthetic
   * articles). Undefined: every passage is a group of its own.
   */
  groupOf?: Uint32Array;
}

/** One article's passages as term ids and frequencies: passage k's entries are `starts[k] .. starts[k + 1]`. */
export interface ForwardEntries {
  ids: Uint32Array;
  freqs: Uint16Array;
  starts: Uint32Array;
}

/**
 * Builds the postings an article at a time, in any order, holding each
 * passage's terms as ids in typed arrays rather than as strings (an archive
 * of 50,000 articles has some 18 million term occurrences). `finish` lays the
 * articles out in their final order, so passage ids, and with them ties in
 * ranking, never depend on the order articles arrived in.
 */
/** Terms numbered in order of first use. */
export class TermIds {
  private readonly ids = new Map<string, number>();
  /** The terms, by id. */
  readonly terms: string[] = [];

  /** The id of a term, given on first use. */
  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }
}

export class InvertedIndexBuilder {
  private readonly vocabulary = new TermIds();
  private readonly terms = this.vocabulary.terms;
  private readonly slots = new Map<number, ForwardEntries>();

  /** The id of a term, given on first use; ids of forward entries passed to `addIds` are these. */
  idOf(term: string): number {
    return this.vocabulary.idOf(term);
  }

  /** Adds an article (under any `slot` number the caller chooses) from its passages' terms. */
  add(slot: number, passages: ReadonlyArray<readonly string[]>): void {
    const starts = new Uint32Array(passages.length + 1);
    const ids: number[] = [];
    const freqs: number[] = [];
    const local = new Map<number, number>();
    passages.forEach((words, k) => {
      local.clear();
      for (const w of words) {
        const id = this.idOf(w);
        local.set(id, (local.get(id) ?? 0) + 1);
      }
      for (const [id, n] of local) {
        ids.push(id);
        freqs.push(Math.min(n, 65535));
      }
      starts[k + 1] = ids.length;
    });
    this.slots.set(slot, { ids: Uint32Array.from(ids), freqs: Uint16Array.from(freqs), starts });
  }

  /** Adds an article whose entries already hold this builder's term ids (`idOf`); the arrays are kept, not copied. */
  addIds(slot: number, entries: ForwardEntries): void {
    this.slots.set(slot, entries);
  }

  /** Term ids of another index's vocabulary, worked out once per vocabulary rather than once per entry. */
  private readonly mapped = new WeakMap<readonly string[], Uint32Array>();

  /** Adds an article whose entries use another index's term ids (`terms` names them): a cached article. */
  addEntries(slot: number, entries: ForwardEntries, terms: readonly string[]): void {
    let map = this.mapped.get(terms);
    if (!map) {
      map = Uint32Array.from(terms, (t) => this.idOf(t));
      this.mapped.set(terms, map);
    }
    const ids = new Uint32Array(entries.ids.length);
    for (let k = 0; k < ids.length; k++) ids[k] = map[entries.ids[k]];
    this.slots.set(slot, { ids, freqs: entries.freqs, starts: entries.starts });
  }

  /**
   * The postings, with the articles in `order` (slot numbers); `order[i]`
   * becomes article `i`. Once: the builder is spent. `grouping` false keeps
   * each passage's postings (for tests that compare with it).
   */
  finish(order: readonly number[], grouping = true): InvertedIndexData {
    const data = this.snapshot(order, grouping);
    // The articles' entries are in the postings now: let them go (they are as large as the postings).
    this.slots.clear();
    return data;
  }

  /**
   * The postings of the articles in `order` (slot numbers) added so far, as
   * `finish` lays them out, while the builder goes on taking articles: a
   * cold build's index of the part ingested so far.
   */
  snapshot(order: readonly number[], grouping = true): InvertedIndexData {
    const plain = this.layout(order);
    if (!grouping) return plain;
    const groupOf = passageGroups(forwardEntries(plain));
    return { ...plain, ...groupPostings(plain, groupOf), groupOf };
  }

  /** The postings of the articles in `order`, each passage's own. */
  private layout(order: readonly number[]): InvertedIndexData {
    // Terms are numbered by first use in the final order too, so nothing depends on arrival order.
    const renumber = new Int32Array(this.terms.length).fill(-1);
    const terms: string[] = [];
    const df: number[] = [];
    let passages = 0;
    for (const slot of order) {
      const e = this.slots.get(slot)!;
      passages += e.starts.length - 1;
      for (let j = 0; j < e.ids.length; j++) {
        let t = renumber[e.ids[j]];
        if (t < 0) {
          t = renumber[e.ids[j]] = terms.length;
          terms.push(this.terms[e.ids[j]]);
          df.push(0);
        }
        df[t]++;
      }
    }
    const postingStart = new Uint32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++) postingStart[t + 1] = postingStart[t] + df[t];
    const fill = postingStart.slice(0, terms.length);
    const postingDocs = new Uint32Array(postingStart[terms.length]);
    const postingFreqs = new Uint16Array(postingDocs.length);
    const lengths = new Uint16Array(passages);
    const refArticle = new Uint32Array(passages);
    const refPassage = new Uint32Array(passages);
    let doc = 0;
    order.forEach((slot, article) => {
      const e = this.slots.get(slot)!;
      for (let k = 0; k + 1 < e.starts.length; k++, doc++) {
        lengths[doc] = Math.min(e.starts[k + 1] - e.starts[k], 65535);
        refArticle[doc] = article;
        refPassage[doc] = k;
        for (let j = e.starts[k]; j < e.starts[k + 1]; j++) {
          const at = fill[renumber[e.ids[j]]]++;
          postingDocs[at] = doc;
          postingFreqs[at] = e.freqs[j];
        }
      }
    });
    return { terms, postingStart, postingDocs, postingFreqs, lengths, refArticle, refPassage };
  }
}

/** Each passage's term ids (ascending) and frequencies, read back from the postings (the index is their transpose); a group's members have its first passage's. */
export function forwardEntries(d: InvertedIndexData): { docStart: Uint32Array; ids: Uint32Array; freqs: Uint16Array } {
  const heads = transpose(d);
  return d.groupOf ? expandGroups(heads, d.groupOf) : heads;
}

/** Each member of a group given its first passage's entries (the only ones with postings). */
function expandGroups(heads: ReturnType<typeof transpose>, groupOf: Uint32Array): ReturnType<typeof transpose> {
  const n = groupOf.length;
  const docStart = new Uint32Array(n + 1);
  for (let p = 0; p < n; p++) docStart[p + 1] = docStart[p] + heads.docStart[groupOf[p] + 1] - heads.docStart[groupOf[p]];
  const ids = new Uint32Array(docStart[n]);
  const freqs = new Uint16Array(docStart[n]);
  for (let p = 0; p < n; p++) {
    const from = heads.docStart[groupOf[p]];
    const to = heads.docStart[groupOf[p] + 1];
    ids.set(heads.ids.subarray(from, to), docStart[p]);
    freqs.set(heads.freqs.subarray(from, to), docStart[p]);
  }
  return { docStart, ids, freqs };
}

/** The postings transposed: each document's term ids and frequencies, as the postings have them. */
function transpose(d: InvertedIndexData): { docStart: Uint32Array; ids: Uint32Array; freqs: Uint16Array } {
  const n = d.lengths.length;
  const docStart = new Uint32Array(n + 1);
  for (let k = 0; k < d.postingDocs.length; k++) docStart[d.postingDocs[k] + 1]++;
  for (let i = 0; i < n; i++) docStart[i + 1] += docStart[i];
  const fill = docStart.slice(0, n);
  const ids = new Uint32Array(d.postingDocs.length);
  const freqs = new Uint16Array(d.postingDocs.length);
  for (let t = 0; t < d.terms.length; t++) {
    for (let k = d.postingStart[t]; k < d.postingStart[t + 1]; k++) {
      const at = fill[d.postingDocs[k]]++;
      ids[at] = t;
      freqs[at] = d.postingFreqs[k];
    }
  }
  return { docStart, ids, freqs };
}

/** Builds postings from each passage's terms (from `indexTerms`), in article order; `grouping` as `finish` has it. */
export function buildInvertedIndex(articles: ReadonlyArray<ReadonlyArray<readonly string[]>>, grouping = true): InvertedIndexData {
  const builder = new InvertedIndexBuilder();
  articles.forEach((passages, i) => builder.add(i, passages));
  return builder.finish(articles.map((_, i) => i), grouping);
}

export class InvertedIndex implements EvidenceIndex {
  private readonly termIds: Map<string, number>;
  private readonly avgLength: number;
  /** D + BM25's saturated, length-normalised term frequency, per posting (0 until worked out: `weigh`, `weightAt`). */
  private readonly weights: Float32Array;
  private readonly weighed: Uint8Array;
  /** How many passages have each term: a group's postings count for all its members (BM25's document frequency). */
  private readonly df: Uint32Array;
  /** The members of each group after its first, chained (`groupChains`); undefined when no two passages are alike. */
  private readonly next?: Uint32Array;
  /** BM25's length normalisation per passage. */
  private readonly norms: Float64Array;
  /** Reused across queries: scores and matched-term counts per passage, and the passages touched. */
  private readonly scores: Float64Array;
  private readonly matched: Uint16Array;
  private touched: Uint32Array;
  /** 1 for the passages that are candidates of the query under way (`probe`), else 0. */
  private readonly live: Uint8Array;

  /** `denseRun` (default `DENSE_RUN`) is for tests, which run both ways of `probe`. */
  constructor(readonly data: InvertedIndexData, private readonly denseRun = DENSE_RUN) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const n of data.lengths) total += n;
    this.avgLength = data.lengths.length ? total / data.lengths.length : 0;
    this.norms = new Float64Array(data.lengths.length);
    for (let p = 0; p < data.lengths.length; p++) this.norms[p] = K * (1 - B + (B * data.lengths[p]) / this.avgLength);
    // Each posting's BM25 term-frequency part, worked out for a term the first time a query has it.
    this.weights = new Float32Array(data.postingDocs.length);
    this.weighed = new Uint8Array(data.terms.length);
    const chains = data.groupOf ? groupChains(data.groupOf) : undefined;
    this.next = chains?.next;
    this.df = new Uint32Array(data.terms.length);
    for (let t = 0; t < data.terms.length; t++) {
      if (!chains) this.df[t] = data.postingStart[t + 1] - data.postingStart[t];
      else for (let k = data.postingStart[t]; k < data.postingStart[t + 1]; k++) this.df[t] += chains.sizes[data.postingDocs[k]];
    }
    this.scores = new Float64Array(data.lengths.length);
    this.matched = new Uint16Array(data.lengths.length);
    this.live = new Uint8Array(data.lengths.length);
    this.touched = new Uint32Array(1024);
  }

  get size(): number {
    return this.data.lengths.length;
  }

  /** BM25's idf of term t, from how many passages have it. */
  private idf(t: number): number {
    const n = this.size;
    return Math.log(1 + (n - this.df[t] + 0.5) / (this.df[t] + 0.5));
  }

  /**
   * The `limit` best passages for the terms. Exact, with MaxScore-style
   * pruning: terms go rarest first, and once the terms left could not lift a
   * passage that matched none so far into the top `limit`, the long lists of
   * common terms are only probed for the passages already found, and a found
   * passage is dropped once it could not reach the top either.
   */
  search(terms: readonly string[], limit: number): SearchHit[] {
    if (limit <= 0) return [];
    const query = this.query(terms);
    // Rarest first; a term adds at most idf·(D + K + 1) to a passage's sum.
    query.sort((a, b) => b.idf - a.idf || a.from - b.from);
    const floor = this.floorFor(query, limit);
    const hits = this.ranked(query, limit, floor);
    this.last = hits.length === limit ? { terms: new Set(query.map((q) => q.term)), limit, floor: hits[limit - 1].score } : undefined;
    return hits;
  }

  /** The last query's terms and its limit-th score, when it had that many hits. */
  private last?: { terms: Set<number>; limit: number; floor: number };

  /**
   * A score the limit-th hit of `query` cannot be below, from the last query
   * when its terms are all among these (a claim's query, then the same with
   * the names of the draft's earlier sentences): each of its hits scores at
   * least as much here. A term more only adds to a passage's sum, terms are
   * added in one order (rarest first, the same for both queries), and
   * rounding is monotone, so the sums and counts can only grow. 0 otherwise.
   */
  private floorFor(query: ReadonlyArray<{ term: number }>, limit: number): number {
    const last = this.last;
    if (!last || last.limit !== limit || last.terms.size > query.length) return 0;
    const terms = new Set(query.map((q) => q.term));
    for (const t of last.terms) if (!terms.has(t)) return 0;
    return last.floor;
  }

  /** The top `limit` for the query's terms (sorted rarest first), knowing the limit-th score is at least `floor`. */
  private ranked(query: ReadonlyArray<{ term: number; from: number; to: number; idf: number }>, limit: number, floor: number): SearchHit[] {
    const bounds = query.map((q) => q.idf * (D + K + 1));
    let rest = bounds.reduce((x, y) => x + y, 0);
    let done = 0;
    let touchedCount = 0;
    let candidates: Uint32Array | undefined;
    for (let qi = 0; qi < query.length; qi++) {
      const { from, to, idf, term } = query[qi];
      rest -= bounds[qi];
      done += bounds[qi];
      if (candidates) {
        this.probe(candidates, from, to, idf);
        // A candidate that could not reach the limit-th score even by matching every term left is dropped:
        // the limit-th score only grows, so it could never make the top (ties included). Only before a run
        // that is probed candidate by candidate: a run read through costs the same for any number of them.
        const next = query[qi + 1];
        if (next && (candidates.length > limit || floor > 0) && next.to - next.from > this.denseRun * candidates.length) {
          candidates = this.prune(candidates, limit, query.length - qi - 1, rest, floor);
        }
        continue;
      }
      this.weigh(term);
      touchedCount = this.accumulate(from, to, idf, touchedCount);
      // A passage not found yet scores at most `rest` times the terms left: below the current
      // limit-th score, no such passage can make the top, so only the ones found are followed.
      // No passage found scores more than the bounds of the terms done times their count (a
      // thousandth more for the weights' rounding to 32 bits): while that is not above what a
      // passage not found could still reach, the limit-th score is not worked out.
      const left = query.length - qi - 1;
      const reachable = done * (qi + 1) * 1.001;
      if (left > 0 && (rest * left < floor || (touchedCount >= limit && rest * left < reachable && rest * left < this.kthScore(this.touched, touchedCount, limit)))) {
        candidates = this.ascending(touchedCount);
        for (const doc of candidates) this.live[doc] = 1;
      }
    }
    if (candidates) for (const doc of candidates) this.live[doc] = 0;
    return this.top(touchedCount, limit);
  }

  /**
   * The passages touched so far, ascending: sorted, or, when they are a large
   * share of all passages (a query of common words), read off `matched` in
   * order, which holds a count for exactly the touched ones.
   */
  private ascending(touchedCount: number): Uint32Array {
    const n = this.size;
    // A pass over `matched` costs about what sorting does at n / log2(n) passages (261,107 passages: about 15,000).
    if (touchedCount * Math.log2(touchedCount + 1) < n) return this.touched.slice(0, touchedCount).sort();
    const out = new Uint32Array(touchedCount);
    const matched = this.matched;
    let k = 0;
    for (let doc = 0; doc < n; doc++) if (matched[doc] !== 0) out[k++] = doc;
    return out;
  }

  /**
   * The query's terms that the index has: each one's id, run of the search's
   * postings and idf (from the passages that have the term, every member of
   * a group counted, as if no passage were grouped).
   */
  private query(terms: readonly string[]): Array<{ term: number; from: number; to: number; idf: number }> {
    const { postingStart } = this.data;
    const query: Array<{ term: number; from: number; to: number; idf: number }> = [];
    for (const term of new Set(terms)) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      query.push({ term: t, from: postingStart[t], to: postingStart[t + 1], idf: this.idf(t) });
    }
    return query;
  }

  /**
   * Works out the weights of a term's whole run, the first time a query adds
   * the whole run. A run only probed (a common term, once the candidates are
   * known) gets the weights of the postings probed alone (`weightAt`).
   */
  private weigh(t: number): void {
    if (this.weighed[t]) return;
    const { postingStart, postingDocs, postingFreqs } = this.data;
    for (let k = postingStart[t]; k < postingStart[t + 1]; k++) {
      const tf = postingFreqs[k];
      this.weights[k] = D + (tf * (K + 1)) / (tf + this.norms[postingDocs[k]]);
    }
    this.weighed[t] = 1;
  }

  /** The weight of posting k (never 0 once worked out: D alone is more), worked out on first use. */
  private weightAt(k: number): number {
    if (this.weights[k] === 0) {
      const tf = this.data.postingFreqs[k];
      this.weights[k] = D + (tf * (K + 1)) / (tf + this.norms[this.data.postingDocs[k]]);
    }
    return this.weights[k];
  }

  /** Adds a term's whole run to the scores, noting each passage seen for the first time; returns how many are noted. */
  private accumulate(from: number, to: number, idf: number, touchedCount: number): number {
    const { postingDocs } = this.data;
    const weights = this.weights;
    for (let k = from; k < to; k++) {
      const doc = postingDocs[k];
      if (this.matched[doc] === 0) {
        if (touchedCount === this.touched.length) {
          const grown = new Uint32Array(this.touched.length * 2);
          grown.set(this.touched);
          this.touched = grown;
        }
        this.touched[touchedCount++] = doc;
      }
      this.matched[doc]++;
      this.scores[doc] += idf * weights[k];
    }
    return touchedCount;
  }

  /**
   * Adds a term to the scores of the candidates only. A run not much longer
   * than the candidates is read through, each passage looked up in `live`
   * (the candidates marked); a longer one is probed for each candidate
   * (passage ids ascending), galloping forward. Either finds the same
   * postings, added in the same order.
   */
  private probe(candidates: Uint32Array, from: number, to: number, idf: number): void {
    const { postingDocs } = this.data;
    if (to - from <= this.denseRun * candidates.length) {
      const live = this.live;
      for (let k = from; k < to; k++) {
        const doc = postingDocs[k];
        if (live[doc]) {
          this.matched[doc]++;
          this.scores[doc] += idf * this.weightAt(k);
        }
      }
      return;
    }
    let k = from;
    for (let c = 0; c < candidates.length && k < to; c++) {
      const doc = candidates[c];
      if (postingDocs[k] < doc) {
        let step = 1;
        let hi = k + 1;
        while (hi < to && postingDocs[hi] < doc) {
          k = hi;
          step *= 2;
          hi = k + step;
        }
        hi = Math.min(hi, to);
        // postingDocs[k] < doc <= postingDocs[hi] (or hi = to): binary search in between.
        let lo = k + 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (postingDocs[mid] < doc) lo = mid + 1;
          else hi = mid;
        }
        k = lo;
      }
      if (k < to && postingDocs[k] === doc) {
        this.matched[doc]++;
        this.scores[doc] += idf * this.weightAt(k);
        k++;
      }
    }
  }

  /**
   * The top `limit` passages by score, ties to the earlier passage; the
   * buffers are cleared for the next query. The touched documents are
   * groups (under their first passage): the best `limit` groups hold the best
   * `limit` passages, since each group better ranked than another has a
   * first passage that beats every member of the other, so their members are
   * ranked together and cut at `limit`.
   */
  private top(touchedCount: number, limit: number): SearchHit[] {
    const { refArticle, refPassage } = this.data;
    const next = this.next;
    const groups = this.topGroups(touchedCount, limit);
    if (!next) return groups.map(({ doc, score }) => ({ article: refArticle[doc], passage: refPassage[doc], score }));
    const members: Array<{ doc: number; score: number }> = [];
    for (const { doc, score } of groups) {
      // No more than `limit` members of one group can make the top.
      for (let p = doc, taken = 0; p !== NO_MEMBER && taken < limit; p = next[p], taken++) members.push({ doc: p, score });
    }
    members.sort((x, y) => y.score - x.score || x.doc - y.doc);
    return members.slice(0, limit).map(({ doc, score }) => ({ article: refArticle[doc], passage: refPassage[doc], score }));
  }

  /** The top `limit` of the touched documents by score, ties to the earlier one; their scores are cleared. */
  private topGroups(touchedCount: number, limit: number): Array<{ doc: number; score: number }> {
    const top: Array<{ doc: number; score: number }> = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i];
      const score = this.scores[doc] * this.matched[doc];
      this.scores[doc] = 0;
      this.matched[doc] = 0;
      if (top.length === limit && !better(score, doc, top[top.length - 1])) continue;
      let at = top.length;
      while (at > 0 && better(score, doc, top[at - 1])) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > limit) top.pop();
    }
    return top;
  }

  /**
   * The candidates whose best possible final score, matching all `left` terms
   * still to come with their whole bound `rest`, is not below the current
   * `limit`-th score (nor below `floor`, a score the final limit-th is known
   * to reach). Their order (ascending ids) is kept.
   */
  private prune(candidates: Uint32Array, limit: number, left: number, rest: number, floor: number): Uint32Array {
    const kth = Math.max(floor, candidates.length >= limit ? this.kthScore(candidates, candidates.length, limit) : -Infinity);
    let kept = 0;
    const out = new Uint32Array(candidates.length);
    for (const doc of candidates) {
      if ((this.matched[doc] + left) * (this.scores[doc] + rest) >= kth) out[kept++] = doc;
      else this.live[doc] = 0;
    }
    return kept === candidates.length ? candidates : out.subarray(0, kept);
  }

  /** The `limit`-th highest current score among the first `count` of `docs` (a lower bound of the final one). */
  private kthScore(docs: Uint32Array, count: number, limit: number): number {
    const best = new Float64Array(limit).fill(-Infinity);
    for (let i = 0; i < count; i++) {
      const doc = docs[i];
      const score = this.scores[doc] * this.matched[doc];
      if (score <= best[limit - 1]) continue;
      let at = limit - 1;
      while (at > 0 && best[at - 1] < score) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = score;
    }
    return best[limit - 1];
  }
}


function better(score: number, doc: number, than: { doc: number; score: number }): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}
