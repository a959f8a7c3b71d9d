/**
 * Porter2 stems, memoised. Apart from \`analyze.ts\` so that indexing (which
 * needs stems but not wink-nlp) does not load the NLP model: an ingestion
 * worker starts faster and smaller.
 */
import stem from "wink-porter2-stemmer";

const stems = new Map<string, string>();

/** Porter2 stem, memoised: the same words recur across a corpus. */
export function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stems.size > 200_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}
