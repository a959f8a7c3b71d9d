/**
 * Ordinary English words: the lemmas WordNet has in some sense other than a
 * name ("officer", "bush"; not "london" or "gary"). Apart from `lexicon.ts` so
 * that alias learning, which runs in ingestion workers, loads only this list.
 */
import english from "./generated/english-words.json";

const common = new Set<string>(english.words as string[]);

/** The answers for words not in the list itself, which take seven replacements each; bounded like the analysis's other memos. */
const derived = new Map<string, boolean>();

/** Whether a lower-case word is an ordinary English word, or the plural or -ed/-ing form of one ("offices", "ruled"). */
export function isCommonEnglish(lower: string): boolean {
  if (common.has(lower)) return true;
  let answer = derived.get(lower);
  if (answer === undefined) {
    answer = isDerivedEnglish(lower);
    if (derived.size >= 50_000) derived.clear();
    derived.set(lower, answer);
  }
  return answer;
}

function isDerivedEnglish(lower: string): boolean {
  const stems = [
    lower.replace(/ies$/, "y"), lower.replace(/es$/, ""), lower.replace(/s$/, ""),
    lower.replace(/ed$/, ""), lower.replace(/ed$/, "e"), lower.replace(/ing$/, ""), lower.replace(/ing$/, "e"),
  ];
  return stems.some((s) => s !== lower && s.length >= 3 && common.has(s));
}
