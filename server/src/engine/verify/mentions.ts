/**
 * Whether the passages shown to the writer have a word or phrase of the
 * claim. An unsupported claim's reason names what "the closest passage does
 * not mention"; it must name only what no shown passage has, or the writer
 * reads a passage that plainly says the word and stops trusting the reasons.
 * Words compare by lemma and by Porter2 stem, and a compound whatever its
 * hyphens and spaces ("ceasefire", "cease-fire", "cease fire").
 */
import type { Analysis, Unit } from "../nlp/analyze";
import { stemOf } from "../nlp/stem";

/** A phrase of n words is also looked for in runs of up to n + 2 passage words: a compound written in parts. */
const EXTRA_PARTS = 2;

/**
 * A text's words for comparison: lower case, accents and a possessive "'s"
 * taken off, split at anything that is not a letter or a digit (hyphens,
 * spaces, apostrophes, full stops).
 */
export function comparableWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['\u2019]s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The words of the passages shown with a finding, to test the claim's units against. */
export class ShownWords {
  private readonly words: string[][];
  private readonly lemmas = new Set<string>();
  private readonly keys = new Set<string>();

  constructor(passages: readonly Analysis[]) {
    this.words = passages.map((p) => comparableWords(p.text));
    for (const p of passages) {
      for (const t of p.tokens) if (t.isWord) this.lemmas.add(t.lemma.toLowerCase());
      for (const u of p.units) this.keys.add(`${u.kind}\u0000${u.key}`);
    }
  }

  /** Whether some shown passage has the claim's unit: the same key (a name's alias, a number's value), lemma, stem or compound. */
  has(claim: Analysis, unit: Unit): boolean {
    if (this.keys.has(`${unit.kind}\u0000${unit.key}`)) return true;
    const phrase = comparableWords(claim.text.slice(unit.start, unit.end));
    if (!phrase.length) return false;
    if (phrase.length === 1 && unit.kind === "word" && this.lemmas.has(unit.lemma.toLowerCase())) return true;
    return this.words.some((words) => hasRun(words, phrase));
  }
}

/**
 * Whether `words` hold `phrase` as a run: its words one by one (by stem), or
 * the run written together equal to the phrase written together (exactly or
 * by stem), so that "cease fire" and "ceasefire" are one word.
 */
function hasRun(words: readonly string[], phrase: readonly string[]): boolean {
  const joined = phrase.join("");
  const joinedStem = stemOf(joined);
  const stems = phrase.map(stemOf);
  const longest = phrase.length + EXTRA_PARTS;
  for (let i = 0; i < words.length; i++) {
    let concat = "";
    for (let k = 1; k <= longest && i + k <= words.length; k++) {
      concat += words[i + k - 1];
      if (concat.length > joined.length + 8) break;
      if (concat === joined || stemOf(concat) === joinedStem) return true;
      if (k === phrase.length && stems.every((s, m) => stemOf(words[i + m]) === s)) return true;
    }
  }
  return false;
}
