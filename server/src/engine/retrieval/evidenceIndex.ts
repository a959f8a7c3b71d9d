/**
 * Ranked retrieval of passages. The verifier depends only on `EvidenceIndex`, so
 * a shared search server (PostgreSQL full-text search, OpenSearch) can stand in
 * for the embedded index without touching verdict logic.
 */
import MiniSearch from "minisearch";
import { STOP_WORDS } from "../nlp/lexicon";
import { stemOf } from "../nlp/analyze";

/** A passage of the corpus: the article's position in `Corpus.articles` and the passage's index. */
export interface PassageRef {
  article: number;
  passage: number;
}

export interface SearchHit extends PassageRef {
  score: number;
}

export interface EvidenceIndex {
  /** Passages ranked by relevance to the query terms (already normalised with `indexTerms`), best first. */
  search(terms: readonly string[], limit: number): SearchHit[];
  /** How many passages are indexed. */
  readonly size: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu;

/**
 * The light tokenisation applied to every passage of the corpus and to queries:
 * lower case, stop words dropped, Porter2 stems. Cheap enough for large archives;
 * the heavy analysis runs only on the passages that retrieval returns.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase().replace(/['’]s$/, "");
    if (STOP_WORDS.has(w)) continue;
    if (/^\d/.test(w)) out.push(w.replace(/,(?=\d{3}\b)/g, ""));
    else out.push(stemOf(w.replace(/\./g, "")));
  }
  return out;
}

interface Doc {
  id: number;
  text: string;
}

/** BM25 over passages with MiniSearch (a small, well-kept full-text engine). */
export class MiniSearchIndex implements EvidenceIndex {
  private readonly search_: MiniSearch<Doc>;
  private readonly refs: PassageRef[] = [];

  constructor(passages: Iterable<{ ref: PassageRef; text: string }>) {
    this.search_ = new MiniSearch<Doc>({
      fields: ["text"],
      idField: "id",
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (q) => q.split(" ").filter(Boolean), processTerm: (t) => t, combineWith: "OR" },
    });
    const docs: Doc[] = [];
    for (const { ref, text } of passages) {
      docs.push({ id: this.refs.length, text });
      this.refs.push(ref);
    }
    this.search_.addAll(docs);
  }

  get size(): number {
    return this.refs.length;
  }

  search(terms: readonly string[], limit: number): SearchHit[] {
    if (!terms.length) return [];
    const results = this.search_.search(terms.join(" "));
    return results.slice(0, limit).map((r) => ({ ...this.refs[r.id as number], score: r.score }));
  }
}
