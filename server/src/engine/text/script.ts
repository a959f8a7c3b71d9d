/**
 * The writing system of a sentence, from Unicode's script property: the
 * engine's tests read English words and grammar, so a sentence written mostly
 * in another script is handled apart (a claim whatever its grammar, and its
 * reason says when no source passage found for it is in its script).
 */

/** Scripts named in a reason, most widely written first; a sentence in a script not listed has no script named (and its reason says nothing of scripts). */
const SCRIPTS = [
  "Han", "Arabic", "Devanagari", "Cyrillic", "Bengali", "Hiragana", "Katakana", "Hangul", "Thai", "Greek",
  "Hebrew", "Tamil", "Telugu", "Gujarati", "Kannada", "Malayalam", "Gurmukhi", "Ethiopic", "Armenian", "Georgian",
  "Khmer", "Lao", "Myanmar", "Sinhala", "Tibetan", "Thaana", "Syriac", "Mongolian",
] as const;
export type ScriptName = (typeof SCRIPTS)[number];

const LETTER = /\p{L}/gu;
const LATIN = /\p{Script=Latin}/gu;
const PATTERNS = new Map<ScriptName, { all: RegExp; one: RegExp }>(SCRIPTS.map((s) => [s, { all: new RegExp(`\\p{Script=${s}}`, "gu"), one: new RegExp(`\\p{Script=${s}}`, "u") }]));

/**
 * The script most of a text's letters (at least four) are written in when it
 * is not Latin: `{ script }`, with `script` undefined for a script not in the
 * list; undefined for a text mostly in Latin letters or with fewer than four.
 */
export function otherScript(text: string): { script?: ScriptName } | undefined {
  const letters = text.match(LETTER)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (letters < 4 || latin * 2 >= letters) return undefined;
  let best: { script?: ScriptName; n: number } = { n: 0 };
  for (const [script, re] of PATTERNS) {
    const n = text.match(re.all)?.length ?? 0;
    if (n > best.n) best = { script, n };
  }
  return { script: best.script };
}

/** Whether a text has a letter in `script`. */
export function hasScript(text: string, script: ScriptName): boolean {
  return PATTERNS.get(script)!.one.test(text);
}

/**
 * Letters of the scripts written without spaces between words (Chinese,
 * Japanese, Thai, Lao, Khmer, Burmese): a run of them is a phrase or a whole
 * sentence, not a word. No code point of theirs is below U+0E00.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const FIRST_UNSPACED = 0x0e00;
let segmenter: Intl.Segmenter | undefined;

/** Whether `text` from `start` to `end` has a letter of a script written without spaces (`UNSPACED`). */
export function hasUnspaced(text: string, start = 0, end = text.length): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= FIRST_UNSPACED) return UNSPACED.test(text.slice(start, end));
  return false;
}

/**
 * Calls `each(start, end)` for every word of `text` from `start` to `end` as
 * ICU's word segmentation (`Intl.Segmenter`, with its dictionaries for Chinese,
 * Japanese and Thai) finds them: the words of a run written without spaces.
 * Only what it takes for a word (a letter or number in it) is given.
 */
export function segmentWords(text: string, start: number, end: number, each: (start: number, end: number) => void): void {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "word" });
  for (const s of segmenter.segment(text.slice(start, end))) {
    if (s.isWordLike) each(start + s.index, start + s.index + s.segment.length);
  }
}
