/**
 * Porter2 stems, memoised. Apart from \`analyze.ts\` so that indexing (which
 * needs stems but not wink-nlp) does not load the NLP model: an ingestion
 * worker starts faster and smaller.
 */
import stem from "wink-porter2-stemmer";
import { BoundedMemo } from "../memo";

const stems = new BoundedMemo<string>(200_000);

/** Porter2 stem, memoised: the same words recur across a corpus. */
export function stemOf(word: string): string {
  return stems.get(word, stem);
}
