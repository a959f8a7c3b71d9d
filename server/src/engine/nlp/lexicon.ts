/**
 * General English word lists the analysis needs. Nothing here is about any
 * corpus: these are closed-class words (negation, number words, months) and a
 * short list of common opposites, the kind a grammar or a thesaurus gives.
 */
import { eng as stopwordEng } from "stopword";
import { isCommonEnglish } from "./english";

/** Words that negate what follows them. */
export const NEGATIONS = new Set([
  "not", "n't", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "nowhere",
]);

/** "stopped cooperating", "ceased to exist": the verb after these is negated. */
export const NEGATING_VERBS = new Set(["stop", "cease", "quit", "halt", "end", "abandon", "refuse", "fail", "decline"]);

/**
 * Words of warning. What follows "a warning about", "warned against" is what is
 * to be avoided, so "a warning about wasting time" says in its own way what
 * "should not waste time" says: neither asserts nor negates the act.
 */
export const WARNING_WORDS = new Set(["warn", "warning", "caution", "cautioning"]);

/**
 * Stop words: the `stopword` package's English list, less the words that carry
 * a claim's meaning here (negations, quantifiers, comparison).
 */
export const STOP_WORDS = new Set(
  [...stopwordEng, "s", "'s", "’s", "also", "yet", "just", "even", "apparently", "reportedly", "already", "according", "once"]
    .map((w) => w.toLowerCase())
    .filter((w) => !NEGATIONS.has(w) && !["more", "most", "only", "same", "before", "after", "over", "under", "out"].includes(w)),
);

/**
 * Verbs of saying: they link a quotation to its speaker and are weak evidence
 * on their own ("said" in a claim is matched by "told", "described"…).
 */
export const SAYING_VERBS = new Set([
  "say", "tell", "told", "said", "speak", "spoke", "state", "add", "note", "claim", "insist", "argue", "declare",
  "describe", "call", "remark", "announce", "write", "comment", "explain", "warn", "ask", "reply", "respond",
]);

export const MONTHS = [
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
];
const MONTH_ABBREVIATIONS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Month numbers by name and abbreviation: a lookup per word of every analysed sentence, so one Map rather than two list searches. */
const MONTH_NUMBERS = new Map<string, number>([...MONTHS.map((m, i) => [m, i + 1] as const), ...MONTH_ABBREVIATIONS.map((m, i) => [m, i + 1] as const), ["sept", 9]]);

/** Month number (1..12) of a month name or abbreviation (a full stop after it allowed), or 0. */
export function monthOf(word: string): number {
  const w = word.toLowerCase();
  return MONTH_NUMBERS.get(w.endsWith(".") ? w.slice(0, -1) : w) ?? 0;
}

export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Number words and their values. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  dozen: 12, single: 1, double: 2, twice: 2, half: 0.5, both: 2,
}));

export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, twentieth: 20, thirtieth: 30, hundredth: 100,
}));

export const MULTIPLIERS: ReadonlyMap<string, number> = new Map(Object.entries({
  hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000, trillion: 1_000_000_000_000,
  mln: 1_000_000, bln: 1_000_000_000, bn: 1_000_000_000, m: 1_000_000, k: 1_000,
}));

/**
 * Opposites: pairs of lemmas that, said of the same thing, disagree. WordNet's
 * antonyms are added to this list, and prefix negation ("formal"/"informal",
 * "likely"/"unlikely") is recognised by rule in `areOpposites`.
 */
const OPPOSITE_PAIRS: Array<[string, string]> = [
  ["increase", "decrease"], ["increase", "reduce"], ["increase", "cut"], ["rise", "fall"], ["rise", "drop"], ["rise", "decline"],
  ["grow", "shrink"], ["grow", "decline"], ["gain", "lose"], ["win", "lose"], ["expand", "contract"], ["expand", "shrink"],
  ["raise", "lower"], ["raise", "cut"], ["up", "down"], ["higher", "lower"], ["more", "less"], ["more", "fewer"],
  ["join", "leave"], ["join", "quit"], ["join", "exit"], ["enter", "leave"], ["enter", "exit"], ["arrive", "depart"],
  ["accept", "reject"], ["accept", "refuse"], ["accept", "decline"], ["approve", "reject"], ["approve", "veto"], ["agree", "disagree"], ["agree", "refuse"],
  ["confirm", "deny"], ["admit", "deny"], ["support", "oppose"], ["favor", "oppose"], ["favour", "oppose"], ["praise", "criticize"], ["praise", "criticise"],
  ["allow", "ban"], ["allow", "forbid"], ["allow", "prohibit"], ["permit", "ban"], ["permit", "forbid"], ["legalize", "ban"],
  ["open", "close"], ["start", "end"], ["begin", "end"], ["start", "stop"], ["begin", "stop"], ["launch", "halt"], ["resume", "suspend"],
  ["succeed", "fail"], ["pass", "fail"], ["victory", "defeat"], ["success", "failure"], ["win", "defeat"],
  ["strengthen", "weaken"], ["improve", "worsen"], ["improve", "deteriorate"], ["stabilise", "destabilise"], ["stabilize", "destabilize"],
  ["strong", "weak"], ["large", "small"], ["big", "small"], ["high", "low"], ["long", "short"], ["early", "late"], ["old", "new"],
  ["first", "last"], ["before", "after"], ["above", "below"], ["over", "under"], ["majority", "minority"], ["most", "least"],
  ["public", "private"], ["true", "false"], ["right", "wrong"], ["positive", "negative"], ["good", "bad"], ["wise", "foolish"],
  ["rich", "poor"], ["wealthy", "poor"], ["cheap", "expensive"], ["easy", "difficult"], ["easy", "hard"], ["simple", "complex"],
  ["friend", "enemy"], ["ally", "enemy"], ["ally", "rival"], ["peace", "war"], ["legal", "illegal"], ["include", "exclude"],
  ["buy", "sell"], ["import", "export"], ["borrow", "lend"], ["attack", "defend"], ["acquit", "convict"], ["release", "arrest"],
  ["release", "detain"], ["guilty", "innocent"], ["alive", "dead"], ["live", "die"], ["hire", "fire"], ["elect", "defeat"],
  ["sign", "cancel"], ["proceed", "cancel"], ["hold", "cancel"], ["hold", "postpone"], ["cooperate", "refuse"],
];

/** Words that say an event did not happen or went wrong. */
export const FAILURE_WORDS = new Set([
  "fail", "cancel", "collapse", "abandon", "scrap", "postpone", "delay", "reject", "refuse", "deny", "decline", "veto",
  "block", "suspend", "halt", "stall", "falter", "founder", "derail", "thwart", "call off", "fall through", "break down",
  "fall apart", "back out", "pull out", "drop",
]);

/** Words that say an event happened as planned. */
export const SUCCESS_WORDS = new Set([
  "succeed", "complete", "go ahead", "proceed", "take place", "happen", "occur", "conclude", "finalize", "finalise", "accomplish",
  "achieve", "approve", "ratify", "adopt", "pass", "agree", "accept", "confirm", "carry out",
]);

/**
 * Outcomes that say only that an event happened: a source that reports the
 * event ("at a meeting in St. Petersburg") says as much, in no words of its
 * own, so these weigh little and are not words the source must repeat.
 */
export const EXISTENCE_OUTCOMES = new Set(["take place", "happen", "occur"]);

/** WordNet's tables, as `scripts/build-wordnet.mjs` writes them. */
interface WordNetJson {
  antonyms: Array<[string, string]>;
  synonyms: Record<string, number[]>;
  implies: { of: Record<string, number[]>; vocabulary: string[] };
  nameKinds: Record<string, number[]>;
}

/** The lookups made of WordNet's tables. Maps, never the JSON objects themselves: a word such as "constructor" must not find Object.prototype. */
interface WordNet {
  opposites: Map<string, Set<string>>;
  synsets: Map<string, readonly number[]>;
  implied: Map<string, readonly number[]>;
  impliedPosition: Map<string, number>;
  nameKinds: Map<string, readonly number[]>;
}

let tables: WordNet | undefined;

/**
 * WordNet's lookups, made on first use: the tables are 4 MB of JSON and 20 MB
 * once read, and a thread that only indexes (the ingestion workers, which
 * start from the same bundle as the rest) never asks for them.
 */
function wordNet(): WordNet {
  if (tables) return tables;
  // Required here rather than imported, so that loading this module does not read the tables.
  const json = require("./generated/wordnet.json") as WordNetJson;
  const opposites = new Map<string, Set<string>>();
  for (const [a, b] of [...OPPOSITE_PAIRS, ...json.antonyms]) {
    if (!opposites.has(a)) opposites.set(a, new Set());
    if (!opposites.has(b)) opposites.set(b, new Set());
    opposites.get(a)!.add(b);
    opposites.get(b)!.add(a);
  }
  tables = {
    opposites,
    synsets: new Map(Object.entries(json.synonyms)),
    implied: new Map(Object.entries(json.implies.of)),
    impliedPosition: new Map(json.implies.vocabulary.map((w, i) => [w, i])),
    nameKinds: new Map(Object.entries(json.nameKinds)),
  };
  return tables;
}

const NEGATING_PREFIXES = ["un", "in", "im", "il", "ir", "non", "non-", "dis", "de"];

/** Whether two lemmas are opposites: listed, or one is the other with a negating prefix. */
export function areOpposites(a: string, b: string): boolean {
  if (a === b) return false;
  if (wordNet().opposites.get(a)?.has(b)) return true;
  return (b.length >= 4 && prefixed(a, b)) || (a.length >= 4 && prefixed(b, a));
}

/** Whether `word` is `base` with a negating prefix ("unlikely", "likely"), without building each prefixed form. */
function prefixed(word: string, base: string): boolean {
  if (word.length <= base.length || !word.endsWith(base)) return false;
  const head = word.length - base.length;
  return NEGATING_PREFIXES.some((p) => p.length === head && word.startsWith(p));
}

/**
 * Whether a source's word says what a claim's word says, by WordNet: the source
 * word's cause ("killed" says "died"), entailment ("snored" says "slept"),
 * hypernym ("rifle" says "weapon"), derivation ("decided" / "decision") or a
 * similar adjective. Directional: "died" does not say "killed".
 */
export function implies(sourceLemma: string, claimLemma: string): boolean {
  const { implied, impliedPosition } = wordNet();
  const list = implied.get(sourceLemma);
  if (!list) return false;
  const at = impliedPosition.get(claimLemma);
  return at !== undefined && list.includes(at);
}

/** Whether a lower-case word is an ordinary English word (a WordNet lemma in some sense other than a name, or a stop word). */
export function isEnglishWord(lower: string): boolean {
  return isCommonEnglish(lower) || STOP_WORDS.has(lower);
}

/**
 * Whether two lemmas share a WordNet synset among their most common senses
 * ("say" / "tell", "jail" / "imprison").
 */
export function areSynonyms(a: string, b: string): boolean {
  if (a === b) return true;
  const { synsets } = wordNet();
  const x = synsets.get(a);
  const y = synsets.get(b);
  if (!x || !y) return false;
  return x.some((id) => y.includes(id));
}

/**
 * The kinds of thing WordNet says a name is ("Kazakhstan": an Asian country,
 * a country), as numbers, for names WordNet records; undefined for the rest.
 * Tried whole ("vladimir putin"), then by its last word ("putin").
 */
export function kindsOfName(name: string): readonly number[] | undefined {
  const words = name.toLowerCase().replace(/['’]s\b/g, "").replace(/^the\s+/, "").split(/[\s.]+/).filter(Boolean);
  const { nameKinds } = wordNet();
  return words.length ? nameKinds.get(words.join(" ")) ?? (words.length > 1 ? nameKinds.get(words[words.length - 1]) : undefined) : undefined;
}
