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

/** The base forms a word may be an -s, -ed or -ing form of ("offices" → "office", "ruled" → "rule"). */
function stemsOf(lower: string): string[] {
  return [
    lower.replace(/ies$/, "y"), lower.replace(/es$/, ""), lower.replace(/s$/, ""),
    lower.replace(/ed$/, ""), lower.replace(/ed$/, "e"), lower.replace(/ing$/, ""), lower.replace(/ing$/, "e"),
  ].filter((s) => s !== lower && s.length >= 3);
}

function isDerivedEnglish(lower: string): boolean {
  return stemsOf(lower).some((s) => common.has(s));
}

const verbs = new Set<string>(english.verbs as string[]);

/** Whether a lower-case word is a verb in some sense, or an -s, -ed or -ing form of one ("face", "hosts"). */
export function isEnglishVerb(lower: string): boolean {
  return verbs.has(lower) || stemsOf(lower).some((s) => verbs.has(s));
}
