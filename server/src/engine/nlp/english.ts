/**
 * Ordinary English words: the lemmas WordNet has in some sense other than a
 * name ("officer", "bush"; not "london" or "gary"). Apart from `lexicon.ts` so
 * that alias learning, which runs in ingestion workers, loads only this list.
 */
import english from "./generated/english-words.json";
import { BoundedMemo } from "../memo";

const common = new Set<string>(english.words as string[]);

/** The answers for words not in the list itself, which take seven replacements each. */
const derived = new BoundedMemo<boolean>(50_000);

/** Whether a lower-case word is an ordinary English word, or the plural or -ed/-ing form of one ("offices", "ruled"). */
export function isCommonEnglish(lower: string): boolean {
  return common.has(lower) || derived.get(lower, isDerivedEnglish);
}

function isDerivedEnglish(lower: string): boolean {
  const stems = [
    lower.replace(/ies$/, "y"), lower.replace(/es$/, ""), lower.replace(/s$/, ""),
    lower.replace(/ed$/, ""), lower.replace(/ed$/, "e"), lower.replace(/ing$/, ""), lower.replace(/ing$/, "e"),
  ];
  return stems.some((s) => s !== lower && s.length >= 3 && common.has(s));
}
