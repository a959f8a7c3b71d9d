/**
 * Word scanning without a regular expression per word. Indexing a corpus
 * tokenises every passage (index terms, alias statistics, word counts of
 * blocks); with the pattern `[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*` (flags
 * `gu`) and `matchAll` that was a fifth of a cold build, spent building match
 * objects and testing Unicode property classes on ASCII text.
 *
 * `scanWords` finds exactly what such a pattern finds — runs of letters and
 * numbers (`\p{L}`, `\p{N}`, by code point), joined by single joiner
 * characters that have a letter or number on both sides, and optionally one
 * trailing full stop — leftmost first, as the regex with the `u` and `g`
 * flags does (the pattern never backtracks: its greedy loops are final,
 * since nothing follows them). ASCII is classified by ranges; any other code
 * point by the regex's own class, memoised for the Basic Multilingual Plane.
 * One exception: a run with a letter of a script written without spaces
 * (Chinese, Japanese, Thai, …) is split into the words ICU's segmentation finds
 * (`segmentWords`), since the whole run is a phrase or a sentence.
 */

import { hasUnspaced, segmentWords } from "../text/script";

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** 0: not yet known, 1: a letter or number, 2: not; per BMP code unit. */
const bmp = new Uint8Array(65536);

/** Whether a code point is in `\p{L}` or `\p{N}`. */
export function isLetterOrNumber(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || ((cp | 32) >= 97 && (cp | 32) <= 122);
  if (cp < 65536) {
    let v = bmp[cp];
    if (!v) {
      // A lone surrogate is no letter: the regex sees it as a code point of its own, too.
      v = LETTER_OR_NUMBER.test(String.fromCharCode(cp)) ? 1 : 2;
      bmp[cp] = v;
    }
    return v === 1;
  }
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/** 1 for an ASCII letter or digit, 0 for any other ASCII character. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (isLetterOrNumber(c) ? 1 : 0));

/**
 * The length in code units of the letter or number at `i` (2 for an astral
 * one), or 0 when `i` holds none. ASCII is answered from a table.
 */
function wordCharAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  const cp = text.codePointAt(i)!;
  return isLetterOrNumber(cp) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** The end of the run of letters and numbers that starts at `i` (or `i` itself when none starts there). */
function runEnd(text: string, i: number): number {
  for (let w = wordCharAt(text, i); w; w = wordCharAt(text, i)) i += w;
  return i;
}

export interface ScanOptions {
  /** Characters that join two runs into one word ("'’.,-" for index terms). */
  joiners: string;
  /** Whether one full stop right after a word belongs to it ("U.S."). */
  trailingStop?: boolean;
}

/**
 * Calls `each(start, end)` for every word of `text`, in order (see the file's
 * comment); a run with a letter of a script written without spaces is split
 * into its words (`segmentWords`).
 */
export function scanWords(text: string, options: ScanOptions, each: (start: number, end: number) => void): void {
  const { joiners, trailingStop = false } = options;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!wordCharAt(text, i)) {
      // Not a word: step over one code point (a surrogate pair is one).
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let end = runEnd(text, i);
    while (end + 1 < n && joiners.includes(text[end]) && wordCharAt(text, end + 1)) end = runEnd(text, end + 1);
    if (hasUnspaced(text, start, end)) segmentWords(text, start, end, each);
    else {
      if (trailingStop && text.charCodeAt(end) === 46) end++;
      each(start, end);
    }
    i = end;
  }
}

/** How many runs of letters and numbers `text` has: the length of `text.match(/[\p{L}\p{N}]+/gu)`. */
export function countWords(text: string): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const w = wordCharAt(text, i);
    if (w) {
      count++;
      i = runEnd(text, i);
    } else {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return count;
}
