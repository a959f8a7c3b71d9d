/**
 * Ranked retrieval of passages. The verifier depends only on `EvidenceIndex`, so
 * a shared search server (PostgreSQL full-text search, OpenSearch) can stand in
 * for the embedded index (`invertedIndex.ts`) without touching verdict logic.
 */
import { STOP_WORDS } from "../nlp/lexicon";
import { stemOf } from "../nlp/stem";
import { scanWords } from "./wordScan";
import { BoundedMemo } from "../memo";

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

/**
 * Calls `each` with the index term of every word of `text` that has one (the
 * terms `indexTerms` returns, in order), and the word as written: for a
 * caller that keeps its own memo of words to terms.
 */
export function forEachIndexWord(text: string, each: (raw: string) => void): void {
  scanWords(text, TERM_WORDS, (start, end) => each(text.slice(start, end)));
}

/** The index term of one word as written (as `indexTerms` gives it), or "" for a stop word. */
export function indexTermOf(raw: string): string {
  return termOf(raw);
}

/** What a word is for index terms: the pattern `[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*` (see `wordScan.ts`). */
const TERM_WORDS = { joiners: "'’.,-" };

/**
 * The light tokenisation applied to every passage of the corpus and to queries:
 * lower case, stop words dropped, Porter2 stems. Cheap enough for large archives;
 * the heavy analysis runs only on the passages that retrieval returns.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  scanWords(text, TERM_WORDS, (start, end) => {
    const t = termOf(text.slice(start, end));
    if (t) out.push(t);
  });
  return out;
}

/** The index term of one word as written, or "" for a stop word; memoised, since words repeat across a corpus. */
const terms = new BoundedMemo<string>(500_000);

function termOf(raw: string): string {
  return terms.get(raw, computeTerm);
}

function computeTerm(raw: string): string {
  const w = raw.toLowerCase().replace(/['’]s$/, "");
  if (STOP_WORDS.has(w)) return "";
  if (/^\d/.test(w)) return w.replace(/,(?=\d{3}\b)/g, "");
  return stemOf(w.replace(/\./g, ""));
}
