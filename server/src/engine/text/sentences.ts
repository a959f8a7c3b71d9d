/**
 * Sentence boundaries in plain English prose, as spans of the input string.
 *
 * Written by hand because the engine needs exact UTF-16 spans into the original
 * text (wink-nlp and compromise split well but give tokens, not offsets into the
 * caller's string), and because the rules are few: a sentence ends at `.`, `!`,
 * `?` or `…` (with any closing quotes and brackets) when white space and a
 * plausible sentence start follow, unless the word before the stop is a known
 * abbreviation, an initial or a dotted acronym ("U.S."). These are general
 * English rules, not rules for any corpus.
 */
import type { Span } from "../types";

/** General English abbreviations that are usually followed by more of the same sentence. */
const ABBREVIATIONS = new Set(
  [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gov", "sen", "rep", "col",
    "lt", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "ch", "sec", "art", "para",
    "vs", "v", "cf", "al", "approx", "est", "dept", "univ", "assn", "bros", "co", "corp", "inc", "ltd",
    "ave", "blvd", "rd", "e.g", "i.e", "etc", "ca", "c", "a.m", "p.m",
  ],
);

/** Abbreviations that often do end a sentence when a capital follows. */
const SOMETIMES_FINAL = new Set(["etc", "inc", "ltd", "co", "corp", "a.m", "p.m", "al"]);

const CLOSERS = new Set(['"', "'", "\u201d", "\u2019", ")", "]", "*", "_", "\u00bb"]);
const OPENERS = /[\p{Lu}\p{N}"'\u201c\u2018(\[*_\u00ab\p{Lo}]/u;

function wordBefore(text: string, dot: number, from: number): string {
  let i = dot - 1;
  while (i >= from && /[\p{L}\p{N}.]/u.test(text[i])) i--;
  return text.slice(i + 1, dot);
}

function isBoundary(text: string, stop: number, after: number, from: number, to: number): boolean {
  const ch = text[stop];
  // Skip white space to find what follows.
  let j = after;
  let sawSpace = false;
  let sawBreak = false;
  while (j < to && /\s/.test(text[j])) {
    sawSpace = true;
    if (text[j] === "\n") sawBreak = true;
    j++;
  }
  if (j >= to) return true;
  if (!sawSpace) return false;
  const next = text[j];
  if (ch !== ".") {
    // "!" and "?" end a sentence unless a lower-case word continues it ("…?" she asked).
    return !/\p{Ll}/u.test(next) || sawBreak;
  }
  const word = wordBefore(text, stop, from);
  const lower = word.toLowerCase();
  if (/\d$/.test(word) && /^\d/.test(next)) return false;
  if (!OPENERS.test(next)) return sawBreak && !/\p{Ll}/u.test(next);
  // An initial ("J. K. Rowling") or a dotted acronym ("U.S.", "a.m.").
  if (/^\p{Lu}$/u.test(word)) return false;
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return SOMETIMES_FINAL.has(lower) && sawBreak;
  if (ABBREVIATIONS.has(lower)) return SOMETIMES_FINAL.has(lower) && /\p{Lu}/u.test(next) && sawBreak;
  return true;
}

/**
 * Splits `text[from, to)` into sentences. Leading and trailing white space is
 * excluded from each span; a blank line always ends a sentence.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "\n") {
      // A blank line ends the sentence.
      let j = i + 1;
      while (j < to && (text[j] === " " || text[j] === "\t" || text[j] === "\r")) j++;
      if (j < to && text[j] === "\n") {
        push(i);
        start = j;
        i = j;
      }
      continue;
    }
    if (c !== "." && c !== "!" && c !== "?" && c !== "\u2026") continue;
    // Ellipses and runs of stops belong together.
    let k = i + 1;
    while (k < to && (text[k] === "." || text[k] === "!" || text[k] === "?" || text[k] === "\u2026")) k++;
    while (k < to && CLOSERS.has(text[k])) k++;
    if (isBoundary(text, i, k, from, to)) {
      push(k);
      start = k;
    }
    i = k - 1;
  }
  push(to);
  return spans;
}
