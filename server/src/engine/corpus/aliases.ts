/**
 * Aliases learned from the corpus itself, never written by hand:
 * - acronyms and the capitalised phrases whose initials they are
 *   ("Collective Security Treaty Organization" … "CSTO");
 * - spelling variants of one name across sources ("Yanukovich" / "Yanukovych"),
 *   found with fuse.js and confirmed by edit distance;
 * - demonyms and their place ("Russian" / "Russia", "Ukrainian" / "Ukraine").
 * Words of a draft that the corpus spells differently are matched the same way
 * at check time.
 */
import { distance as levenshtein } from "fastest-levenshtein";
import Fuse from "fuse.js";
import type { AliasLookup } from "../nlp/analyze";
import { isCommonEnglish } from "../nlp/english";
import { scanWords } from "../retrieval/wordScan";

/** Function words skipped when reading a phrase's initials. */
const INITIAL_SKIP = new Set(["of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"]);

/** A word for aliases: the pattern `[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*\.?` (see `wordScan.ts`). */
const ALIAS_WORDS = { joiners: "'’.-", trailingStop: true };

/** Edit distance (fastest-levenshtein), bounded: `limit + 1` for anything beyond `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  return Math.min(levenshtein(a, b), limit + 1);
}

/** Whether two spellings are variants of one name (same start, at most two edits, 80 % alike). */
export function areSpellingVariants(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 6 || b.length < 6 || a[0] !== b[0]) return false;
  const d = editDistance(a, b, 2);
  return d <= 2 && 1 - d / Math.max(a.length, b.length) >= 0.8;
}

const DEMONYM_SUFFIXES = ["ian", "ean", "an", "ese", "ish", "n", "i"];

export interface AliasTable extends AliasLookup {
  /** Learned acronym → expansion pairs, for reports and tests. */
  readonly acronyms: ReadonlyMap<string, string>;
  /** Learned variant → canonical spelling pairs. */
  readonly variants: ReadonlyMap<string, string>;
  /** Every surface form (lower case) of an alias key, for query expansion. */
  forms(key: string): string[];
}

/**
 * What one article contributes to the aliases: capitalised words that do not
 * start a sentence (with counts), all-capital acronyms, and runs of
 * capitalised words (candidate expansions of acronyms). Plain data, so it is
 * cached per file and merged when the corpus changes.
 */
export interface AliasStats {
  names: Map<string, number>;
  acronyms: Set<string>;
  runs: string[];
}

const SENTENCE_END = new Set([".", "!", "?", ":", '"', "“"]);

/** Whether the word at `start` opens a sentence: the last non-space character of the two before it ends one. */
function opensSentence(text: string, start: number): boolean {
  for (let k = start - 1; k >= Math.max(0, start - 2); k--) {
    const c = text[k];
    if (!/\s/.test(c)) return SENTENCE_END.has(c);
  }
  return false;
}

/** The alias statistics of some texts (an article's passages), in order. */
export function collectAliasStats(texts: Iterable<string>, into: AliasStats = { names: new Map(), acronyms: new Set(), runs: [] }): AliasStats {
  const { names, acronyms, runs } = into;
  for (const text of texts) {
    let run: string[] = [];
    const flush = () => {
      while (run.length && INITIAL_SKIP.has(run[run.length - 1].toLowerCase())) run.pop();
      if (run.length >= 2) runs.push(run.join(" "));
      run = [];
    };
    let first = true;
    scanWords(text, ALIAS_WORDS, (start, end) => {
      const c = text.charCodeAt(start);
      const wasFirst = first;
      first = false;
      // Most words start with a small ASCII letter or a digit: no name, acronym or run starts there.
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (run.length) {
          const w = text.slice(start, text.charCodeAt(end - 1) === 46 ? end - 1 : end);
          if (INITIAL_SKIP.has(w.toLowerCase())) run.push(w);
          else flush();
        }
        return;
      }
      const w = text.slice(start, text.charCodeAt(end - 1) === 46 ? end - 1 : end);
      const sentenceStart = wasFirst || opensSentence(text, start);
      const letters = w.replace(/\./g, "");
      if (letters.length >= 2 && letters.length <= 6 && /^\p{Lu}+$/u.test(letters)) acronyms.add(letters);
      if (/^\p{Lu}\p{Ll}/u.test(w)) {
        if (!sentenceStart) {
          const lower = w.toLowerCase();
          names.set(lower, (names.get(lower) ?? 0) + 1);
        }
        run.push(w);
      } else if (run.length && INITIAL_SKIP.has(w.toLowerCase())) {
        run.push(w);
      } else {
        flush();
      }
    });
    flush();
  }
  return into;
}

/** Adds `b` into `a` (names counted, runs appended in order). */
export function mergeAliasStats(a: AliasStats, b: AliasStats): AliasStats {
  for (const [w, n] of b.names) a.names.set(w, (a.names.get(w) ?? 0) + n);
  for (const x of b.acronyms) a.acronyms.add(x);
  for (const r of b.runs) a.runs.push(r);
  return a;
}

/** What was learned: the corpus's names with counts, acronyms and their expansions, spelling variants. Plain data. */
export interface AliasData {
  names: Array<[string, number]>;
  acronyms: Array<[string, string]>;
  variants: Array<[string, string]>;
}

/** Learns aliases from the texts of a corpus (its passages). Deterministic. */
export function learnAliases(texts: Iterable<string>): AliasTable {
  return aliasTable(learnAliasData(collectAliasStats(texts)));
}

/** The costly part of learning: acronym expansions and spelling variants from merged statistics. */
export function learnAliasData(stats: AliasStats): AliasData {
  const { names, acronyms: acronymLetters } = stats;
  // Acronyms: a capitalised phrase whose initials spell an acronym seen in the corpus.
  const acronyms = new Map<string, string>();
  for (const joined of stats.runs) learnAcronymsOfRun(joined.split(" "), acronymLetters, acronyms);

  // Spelling variants among names, clustered onto the most frequent spelling.
  const vocabulary = [...names.keys()].sort();
  const variants = new Map<string, string>();
  const fuse = fuzzyNames(vocabulary);
  const byCount = [...vocabulary].sort((a, b) => (names.get(b)! - names.get(a)!) || a.localeCompare(b));
  for (const w of byCount) {
    if (variants.has(w) || w.length < 6) continue;
    for (const hit of fuse.search(w, { limit: 8 })) {
      const v = hit.item;
      // Two English words ("officer", "offices") are two words, not two spellings of one name.
      if (v !== w && !variants.has(v) && areSpellingVariants(w, v) && !isInflection(w, v) && !(isCommonEnglish(v) && isCommonEnglish(w))) variants.set(v, w);
    }
  }
  // Demonyms: "russian" → "russia", "ukrainian" → "ukraine".
  const vocabSet = new Set(vocabulary);
  for (const w of vocabulary) {
    for (const suffix of DEMONYM_SUFFIXES) {
      if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
      const base = w.slice(0, -suffix.length);
      const place = [base, `${base}a`, `${base}e`, `${base}ia`, `${base}y`].find((p) => p !== w && vocabSet.has(p));
      if (place && !variants.has(w)) {
        variants.set(w, variants.get(place) ?? place);
        break;
      }
    }
  }

  return { names: [...names].sort((a, b) => (a[0] < b[0] ? -1 : 1)), acronyms: [...acronyms], variants: [...variants] };
}

/**
 * The acronyms a run of capitalised words spells: each part of the run that
 * starts and ends on a word that is not skipped, longest first from each
 * start, whose initials (skipped words left out) are an acronym seen in the
 * corpus and not yet expanded. The initials of the parts that start at `s`
 * are prefixes of one another, so they are worked out once per start; an
 * acronym is 2 to 6 letters, so longer initials are never looked up.
 * Exported for an archive that learns acronyms incrementally: with every
 * initials allowed, it gives an article's candidate expansions in the order
 * `learnAliasData` would meet them.
 */
export function learnAcronymsOfRun(run: readonly string[], acronymLetters: { has(letters: string): boolean }, acronyms: Map<string, string>): void {
  const skip = run.map((w) => INITIAL_SKIP.has(w.toLowerCase()));
  const initial = run.map((w) => w[0].toUpperCase());
  for (let s = 0; s < run.length; s++) {
    if (skip[s]) continue;
    // prefix[e] is the initials of run[s..e).
    const prefix: string[] = new Array(run.length + 1);
    let acc = "";
    for (let e = s; e < run.length; e++) {
      if (!skip[e]) acc += initial[e];
      prefix[e + 1] = acc;
    }
    for (let e = run.length; e > s + 1; e--) {
      if (skip[e - 1]) continue;
      const initials = prefix[e];
      if (initials.length >= 2 && initials.length <= 6 && acronymLetters.has(initials) && !acronyms.has(initials)) {
        acronyms.set(initials, run.slice(s, e).map((w) => w.toLowerCase()).join(" "));
      }
    }
  }
}

/** Variants share their first letter, so each letter gets its own (smaller) fuzzy index, built on first use. */
function fuzzyNames(vocabulary: readonly string[]): { search(word: string, options: { limit: number }): Array<{ item: string }> } {
  const buckets = new Map<string, string[]>();
  for (const w of vocabulary) {
    const list = buckets.get(w[0]) ?? [];
    list.push(w);
    buckets.set(w[0], list);
  }
  const fuses = new Map<string, Fuse<string>>();
  return {
    search(word, options) {
      const list = buckets.get(word[0]);
      if (!list) return [];
      let f = fuses.get(word[0]);
      if (!f) {
        f = new Fuse(list, { threshold: 0.25, includeScore: true, ignoreLocation: true });
        fuses.set(word[0], f);
      }
      return f.search(word, options);
    },
  };
}

/** The lookup structures over learned data; cheap, so a persisted corpus rebuilds them at load. */
export function aliasTable(data: AliasData): AliasTable {
  const acronyms = new Map(data.acronyms);
  const variants = new Map(data.variants);
  const vocabulary = data.names.map(([w]) => w);
  const vocabSet = new Set(vocabulary);
  const fuse = fuzzyNames(vocabulary);
  const phraseKeys = new Map<string, string>();
  for (const [initials, phrase] of acronyms) if (!phraseKeys.has(phrase)) phraseKeys.set(phrase, `~${initials.toLowerCase()}`);
  const phraseIndex = new Map<string, Array<{ words: string[]; key: string }>>();
  for (const [phrase, key] of phraseKeys) {
    const words = phrase.split(" ");
    const list = phraseIndex.get(words[0]) ?? [];
    list.push({ words, key });
    list.sort((a, b) => b.words.length - a.words.length);
    phraseIndex.set(words[0], list);
  }
  const fuzzyMemo = new Map<string, string | undefined>();
  const canonical = new Set(variants.values());

  // `word` is asked of every word of every window that may be a name: the answers are kept, as `null` for none.
  const answers = new Map<string, string | null>();
  const word = (lower: string, raw: string): string | undefined => {
    const key = `${lower}\u0000${raw}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = wordUncached(lower, raw) ?? null;
      if (answers.size >= 100_000) answers.clear();
      answers.set(key, answer);
    }
    return answer ?? undefined;
  };
  const wordUncached = (lower: string, raw: string): string | undefined => {
    const bare = lower.replace(/\./g, "").replace(/['’]s$/, "");
    // Only an all-capital token is an acronym: "US" is, "us" is not.
    const letters = raw.replace(/\./g, "").replace(/['’]s$/, "");
    if (/^\p{Lu}{2,6}$/u.test(letters) && acronyms.has(letters)) return `~${bare}`;
    const variant = variants.get(bare) ?? (canonical.has(bare) ? bare : undefined);
    if (variant) return `~${variant}`;
    if (vocabSet.has(bare)) return undefined;
    if (bare.length < 6 || !/^\p{Lu}/u.test(raw) || !/^\p{L}+$/u.test(bare)) return undefined;
    // A draft may spell a name in a way no source does: find the corpus's spelling.
    if (!fuzzyMemo.has(bare)) {
      const hit = fuse.search(bare, { limit: 5 }).find((h) => areSpellingVariants(bare, h.item) && !isInflection(bare, h.item));
      fuzzyMemo.set(bare, hit ? `~${variants.get(hit.item) ?? hit.item}` : undefined);
    }
    return fuzzyMemo.get(bare);
  };

  const formsOf = new Map<string, string[]>();
  const addForm = (key: string, form: string) => {
    const list = formsOf.get(key) ?? [];
    if (!list.includes(form)) list.push(form);
    formsOf.set(key, list);
  };
  for (const [letters, phrase] of acronyms) {
    addForm(`~${letters.toLowerCase()}`, letters.toLowerCase());
    addForm(`~${letters.toLowerCase()}`, phrase);
  }
  for (const [variant, canon] of variants) {
    addForm(`~${canon}`, canon);
    addForm(`~${canon}`, variant);
  }

  return {
    acronyms,
    variants,
    isName: (lower) => vocabSet.has(lower),
    forms: (key) => formsOf.get(key) ?? (key.startsWith("~") ? [key.slice(1)] : []),
    word,
    phrase(words, i) {
      const list = phraseIndex.get(words[i]);
      if (list) {
        for (const p of list) {
          if (p.words.every((w, k) => words[i + k] === w)) return { length: p.words.length, key: p.key };
        }
      }
      return undefined;
    },
  };
}

/** "Russia" and "Russians" are not variants of one spelling but inflections: stems tell them apart. */
function isInflection(a: string, b: string): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return l.startsWith(s) && /^(s|es|'s|’s)$/.test(l.slice(s.length));
}
