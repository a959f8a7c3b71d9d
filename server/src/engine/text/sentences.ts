/**
 * Sentence boundaries in plain English prose, as spans of the input string.
 *
 * Written by hand because the engine needs exact UTF-16 spans into the original
 * text (wink-nlp and compromise split well but give tokens, not offsets into the
 * caller's string), and because the rules are few: a sentence ends at `.`, `!`,
 * `?` or `…` (with any closing quotes and brackets) when white space and a
 * plausible sentence start follow, unless the word before the stop is a known
 * abbreviation, an initial or a dotted acronym ("U.S."). An abbreviation that
 * often ends a sentence ("etc.", "p.m.", "U.S.") or an initial does end one
 * when a common sentence opener follows ("… the U.S. The move …"); "No.", "p."
 * and the like are abbreviations only before a number; a quoted question or
 * exclamation followed by its speaker ("Why?" Putin asked.) stays one sentence.
 * These are general English rules, not rules for any corpus.
 */
import type { Span } from "../types";

/** General English abbreviations that are usually followed by more of the same sentence. */
const ABBREVIATIONS = new Set(
  [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gov", "sen", "rep", "col",
    "lt", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "vs", "v", "cf", "al", "approx", "est", "dept", "univ", "assn", "bros", "co", "corp", "inc", "ltd",
    "ave", "blvd", "rd", "e.g", "i.e", "etc", "ca", "c", "a.m", "p.m",
  ],
);

/** Abbreviations that stand before a number ("No. 5", "p. 3", "Art. 12"); elsewhere they are ordinary words. */
const NUMBER_ABBREVIATIONS = new Set(["no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "ch", "sec", "art", "para"]);

/** Abbreviations that often do end a sentence. */
const SOMETIMES_FINAL = new Set(["etc", "inc", "ltd", "co", "corp", "a.m", "p.m", "al"]);

/**
 * Words that commonly open an English sentence. After an abbreviation that may
 * end a sentence ("etc.", "p.m.", "U.S.") or an initial, one of these makes a
 * new sentence far more likely than a name would ("U.S. The move…" vs "U.S. President").
 */
const COMMON_OPENERS = new Set([
  "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "but", "and",
  "in", "on", "at", "his", "her", "its", "their", "our", "my", "there", "then", "however", "after", "before",
  "when", "while", "as", "some", "many", "most", "all", "both", "yet", "so", "for", "if", "what", "why", "how",
  "who", "such", "meanwhile", "still", "also", "later", "earlier", "today", "yesterday", "since", "although",
  "despite", "by", "from", "with", "under", "during", "one", "no", "not", "nor", "each", "every", "other",
  "another", "several", "few", "more", "less", "instead", "now", "once", "only", "even", "until",
]);

/** Verbs of saying that, right after a quotation, continue its sentence ("…?" Putin asked). */
const SPEECH_VERBS =
  /^\s+(?:[\p{Lu}][\p{L}'\u2019.-]*\s+){1,3}(?:said|says|asked|asks|told|added|adds|replied|answered|wrote|writes|shouted|insisted|declared|continued|explained|noted|recalled|warned|argued|countered|demanded|wondered|exclaimed|cried|whispered|remarked|responded|concluded|tweeted|joked|protested|complained|conceded|suggested|quipped)\b/u;

const CLOSERS = new Set(['"', "'", "\u201d", "\u2019", ")", "]", "*", "_", "\u00bb"]);
const OPENERS = /[\p{Lu}\p{N}"'\u201c\u2018(\[*_\u00ab\p{Lo}]/u;

function wordBefore(text: string, dot: number, from: number): string {
  let i = dot - 1;
  while (i >= from && /[\p{L}\p{N}.]/u.test(text[i])) i--;
  return text.slice(i + 1, dot);
}

function nextWord(text: string, j: number, to: number): string {
  let e = j;
  while (e < to && /[\p{L}']/u.test(text[e])) e++;
  return text.slice(j, e).toLowerCase();
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
  // A quotation closed by its stop and followed by its speaker ("Why?" Putin asked.) goes on.
  if (after > stop + 1 && /["\u201d\u2019'\u00bb]/.test(text.slice(stop + 1, after)) && SPEECH_VERBS.test(text.slice(after, Math.min(to, after + 80)))) {
    return false;
  }
  if (ch !== ".") {
    // "!" and "?" end a sentence unless a lower-case word continues it ("…?" she asked).
    return !/\p{Ll}/u.test(next) || sawBreak;
  }
  const word = wordBefore(text, stop, from);
  const lower = word.toLowerCase();
  // A short number before a number: a numbered list or a reference ("1. 2."), not a sentence end.
  if (/(?:^|\D)\d{1,2}$/.test(word) && /^\d/.test(next)) return false;
  if (!OPENERS.test(next)) return sawBreak && !/\p{Ll}/u.test(next);
  const opener = COMMON_OPENERS.has(nextWord(text, j, to)) && /\p{Lu}/u.test(next);
  // An initial ("J. K. Rowling") or a dotted acronym ("U.S.", "a.m.").
  if (/^\p{Lu}$/u.test(word)) return opener;
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return opener || (SOMETIMES_FINAL.has(lower) && sawBreak);
  if (NUMBER_ABBREVIATIONS.has(lower)) return !/\d/.test(next);
  if (ABBREVIATIONS.has(lower)) return SOMETIMES_FINAL.has(lower) && /\p{Lu}/u.test(next) && (opener || sawBreak);
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
