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
import Fuse from "fuse.js";
import type { AliasLookup } from "../nlp/analyze";

/** Function words skipped when reading a phrase's initials. */
const INITIAL_SKIP = new Set(["of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"]);

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*\.?/gu;

/** Edit distance, bounded: returns `limit + 1` as soon as it is exceeded. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
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

/** Learns aliases from the texts of a corpus (its passages). Deterministic. */
export function learnAliases(texts: Iterable<string>): AliasTable {
  // Capitalised words that do not start a sentence, with counts; all-caps acronyms.
  const names = new Map<string, number>();
  const acronymLetters = new Set<string>();
  const phraseCandidates: string[][] = [];
  for (const text of texts) {
    const words: Array<{ w: string; start: number }> = [];
    for (const m of text.matchAll(WORD)) words.push({ w: m[0].replace(/\.$/, ""), start: m.index ?? 0 });
    let run: string[] = [];
    const flush = () => {
      while (run.length && INITIAL_SKIP.has(run[run.length - 1].toLowerCase())) run.pop();
      if (run.length >= 2) phraseCandidates.push(run);
      run = [];
    };
    for (let i = 0; i < words.length; i++) {
      const { w, start } = words[i];
      const prevChar = text.slice(Math.max(0, start - 2), start).trim();
      const sentenceStart = i === 0 || /[.!?:"“]$/.test(prevChar);
      const letters = w.replace(/\./g, "");
      if (/^\p{Lu}{2,6}$/u.test(letters) && letters.length >= 2) acronymLetters.add(letters);
      if (/^\p{Lu}\p{Ll}/u.test(w)) {
        if (!sentenceStart) names.set(w.toLowerCase(), (names.get(w.toLowerCase()) ?? 0) + 1);
        run.push(w);
      } else if (run.length && INITIAL_SKIP.has(w.toLowerCase())) {
        run.push(w);
      } else {
        flush();
      }
    }
    flush();
  }

  // Acronyms: a capitalised phrase whose initials spell an acronym seen in the corpus.
  const acronyms = new Map<string, string>();
  const phraseKeys = new Map<string, string>();
  for (const run of phraseCandidates) {
    for (let s = 0; s < run.length; s++) {
      if (INITIAL_SKIP.has(run[s].toLowerCase())) continue;
      for (let e = run.length; e > s + 1; e--) {
        const part = run.slice(s, e);
        if (INITIAL_SKIP.has(part[part.length - 1].toLowerCase())) continue;
        const initials = part.filter((w) => !INITIAL_SKIP.has(w.toLowerCase())).map((w) => w[0]).join("").toUpperCase();
        if (initials.length >= 2 && acronymLetters.has(initials) && !acronyms.has(initials)) {
          const phrase = part.map((w) => w.toLowerCase()).join(" ");
          acronyms.set(initials, phrase);
          phraseKeys.set(phrase, `~${initials.toLowerCase()}`);
        }
      }
    }
  }

  // Spelling variants among names, clustered onto the most frequent spelling.
  const vocabulary = [...names.keys()].sort();
  const variants = new Map<string, string>();
  // Variants share their first letter, so each letter gets its own (smaller) fuzzy index.
  const buckets = new Map<string, string[]>();
  for (const w of vocabulary) {
    const list = buckets.get(w[0]) ?? [];
    list.push(w);
    buckets.set(w[0], list);
  }
  const fuses = new Map<string, Fuse<string>>();
  const fuse = {
    search(word: string, options: { limit: number }) {
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
  const byCount = [...vocabulary].sort((a, b) => (names.get(b)! - names.get(a)!) || a.localeCompare(b));
  for (const w of byCount) {
    if (variants.has(w) || w.length < 6) continue;
    for (const hit of fuse.search(w, { limit: 8 })) {
      const v = hit.item;
      if (v !== w && !variants.has(v) && areSpellingVariants(w, v) && !isInflection(w, v)) variants.set(v, w);
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

  const word = (lower: string, raw: string): string | undefined => {
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
