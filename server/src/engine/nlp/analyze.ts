/**
 * The analysis shared by claims and source passages: tokens with exact offsets,
 * lemmas (wink-nlp), stems (Porter2), numbers in digits and words, negation
 * scope, quotations, and "units" (the content words, names, figures and alias
 * phrases that alignment compares).
 */
import { wink as getNlp } from "./wink";
import { stemOf } from "./stem";
import { BoundedMemo } from "../memo";
import { hasUnspaced, segmentWords } from "../text/script";
export { stemOf };
import {
  EXISTENCE_OUTCOMES, FAILURE_WORDS, MULTIPLIERS, NEGATING_VERBS, NEGATIONS, NUMBER_WORDS, ORDINAL_WORDS, SAYING_VERBS, STOP_WORDS,
  SUCCESS_WORDS, WEEKDAYS, isEnglishWord, monthOf,
} from "./lexicon";
import { dateKey, findDates, needsReference, type DateMention } from "./dates";


/** Spelling variants and acronyms learned from a corpus; see `corpus/aliases.ts`. */
export interface AliasLookup {
  /** The canonical key of one lower-case word, if it has a learned variant. */
  word(lower: string, raw: string): string | undefined;
  /** The longest learned phrase starting at `words[i]`: how many words it spans and its key. */
  phrase(words: readonly string[], i: number): { length: number; key: string } | undefined;
  /** Whether the corpus writes this word capitalised in mid-sentence, as a name. */
  isName(lower: string): boolean;
}

export const noAliases: AliasLookup = { word: () => undefined, phrase: () => undefined, isName: () => false };

export interface Token {
  text: string;
  /** Offsets into the analysed string. */
  start: number;
  end: number;
  lower: string;
  lemma: string;
  pos: string;
  isWord: boolean;
  isCapitalized: boolean;
}

export type UnitKind = "name" | "number" | "date" | "word" | "outcome";

/** A content unit of a sentence: what alignment compares. */
export interface Unit {
  kind: UnitKind;
  /** Matching key: alias key, month/weekday key, number value, or stem of the lemma. */
  key: string;
  /** The lemma (for opposites) or the normalised phrase. */
  lemma: string;
  /** Offsets into the analysed string. */
  start: number;
  end: number;
  /** Index of the first token. */
  token: number;
  weight: number;
  /** In the scope of a negation ("did not sign", "no longer cooperated"). */
  negated: boolean;
  /** Inside a quotation. */
  quoted: boolean;
  /** For numbers. */
  value?: number;
  approx?: boolean;
  ordinal?: boolean;
  /** "41%", "41 percent": a share, never equal to a count of 41. */
  percent?: boolean;
  /** For outcome phrases: +1 happened, -1 did not. */
  polarity?: number;
  /** Whether the unit came from an alias phrase or acronym. */
  alias?: boolean;
  /** For a name of several words ("Sergei Lavrov"), the key of each word. */
  parts?: string[];
  /** The part of speech wink-nlp gives a one-word unit (NOUN, VERB, ADJ…). */
  pos?: string;
}

export interface Quote {
  /** The quoted words, offsets exclusive of the quotation marks. */
  start: number;
  end: number;
  text: string;
}

export interface Analysis {
  text: string;
  tokens: Token[];
  units: Unit[];
  quotes: Quote[];
  /** Offsets of negation markers. */
  negations: number[];
}

const WEIGHT: Record<UnitKind, number> = { name: 1.5, number: 1.6, date: 1.3, word: 1, outcome: 0.8 };
/** The weight of words that say little of their own: verbs of saying, and outcomes that say only that something happened. */
const LIGHT_WEIGHT = 0.3;
const POS_WEIGHT: ReadonlyMap<string, number> = new Map(Object.entries({ NOUN: 1, PROPN: 1.5, VERB: 0.75, ADJ: 0.8, ADV: 0.5, NUM: 1.6 }));

const OUTCOME_PHRASES = new Map<string, number>();
for (const w of FAILURE_WORDS) OUTCOME_PHRASES.set(w, -1);
for (const w of SUCCESS_WORDS) OUTCOME_PHRASES.set(w, 1);
/** The first words of the two-word outcome phrases ("fall" of "fall through"): only after one of them is a phrase looked up. */
const OUTCOME_STARTS = new Set([...OUTCOME_PHRASES.keys()].filter((p) => p.includes(" ")).map((p) => p.slice(0, p.indexOf(" "))));
const WEEKDAY_WORDS = new Set(WEEKDAYS);

/** An outcome's weight: little for one that says only that the event happened ("took place"). */
const outcomeWeight = (lemma: string) => (EXISTENCE_OUTCOMES.has(lemma) ? LIGHT_WEIGHT : WEIGHT.outcome);

const TEMPORAL = new Set(["before", "after", "until", "since"]);

const OPEN_QUOTES = new Set(['"', "\u201c", "\u00ab", "\u201e"]);
const CLOSE_QUOTES = new Set(['"', "\u201d", "\u00bb", "\u201c"]);

const commonWords = new BoundedMemo<boolean>(50_000);
/** Whether a capitalised word that starts a sentence is an ordinary word ("Members") rather than a name. */
function isCommonWord(lower: string): boolean {
  return commonWords.get(lower, taggedCommon);
}

function taggedCommon(lower: string): boolean {
  const its = getNlp().its;
  const pos = getNlp().readDoc(lower).tokens().out(its.pos) as string[];
  return pos.length === 1 && pos[0] !== "PROPN";
}

/** A token of a script wink-nlp does not read: a word (tagged X, as wink tags such words) or the punctuation between words. */
function otherToken(text: string, start: number, end: number, word: boolean): Token {
  const v = text.slice(start, end);
  return { text: v, start, end, lower: v.toLowerCase(), lemma: v.toLowerCase(), pos: word ? "X" : "PUNCT", isWord: word, isCapitalized: false };
}

/** A letter of any script. */
const LETTER = /\p{L}/u;

/** Tokenises with wink-nlp and recovers each token's offsets in `text`. */
function tokenize(text: string): Token[] {
  const doc = getNlp().readDoc(text);
  const its = getNlp().its;
  const all = doc.tokens();
  const values = all.out(its.value) as string[];
  // wink-nlp's typings reject its own lemma helper in `out`; it works at run time.
  const lemmas = all.out(its.lemma as never) as string[];
  const pos = all.out(its.pos) as string[];
  const types = all.out(its.type) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let at = text.indexOf(v, cursor);
    if (at < 0) {
      // wink expands some contractions; fall back to the next non-space character.
      at = cursor;
      while (at < text.length && /\s/.test(text[at])) at++;
    }
    const end = Math.min(text.length, at + v.length);
    cursor = end;
    // A run of Chinese, Japanese or Thai is split into its words as index terms split it (`segmentWords`).
    if (types[i] === "unk" && hasUnspaced(text, at, end)) {
      let last = at;
      segmentWords(text, at, end, (s, e) => {
        if (s > last) tokens.push(otherToken(text, last, s, false));
        tokens.push(otherToken(text, s, e, true));
        last = e;
      });
      if (end > last) tokens.push(otherToken(text, last, end, false));
      continue;
    }
    // wink-nlp's English tokenizer types a word in another script (Cyrillic, Greek, Han) "unk": it is a word all
    // the same, which a source must say for the claim to be supported (else a Russian sentence would be
    // "supported" by any source with its one figure).
    const isWord = types[i] === "word" || types[i] === "number" || (types[i] === "unk" && LETTER.test(v));
    tokens.push({
      text: v,
      start: at,
      end,
      lower: v.toLowerCase(),
      lemma: (lemmas[i] || v).toLowerCase(),
      pos: pos[i],
      isWord,
      isCapitalized: /^\p{Lu}/u.test(v),
    });
  }
  return tokens;
}

function parseDigits(s: string): number | undefined {
  const clean = s.replace(/[,\u00a0\u202f](?=\d{3}\b)/g, "");
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  return Number(clean);
}

/** Reads a number starting at token `i`: digits, words, multipliers, "tens of thousands". */
function readNumber(tokens: Token[], i: number): { value: number; approx: boolean; ordinal: boolean; percent: boolean; length: number } | undefined {
  const t = tokens[i];
  let value: number | undefined;
  let ordinal = false;
  let approx = false;
  let j = i + 1;
  // Every form read from digits below has a digit: a word without one skips their patterns.
  const digit = /\d/.test(t.lower);
  const ord = digit ? /^(\d+)(st|nd|rd|th)$/.exec(t.lower) : null;
  if (ord) {
    value = Number(ord[1]);
    ordinal = true;
  } else if (ORDINAL_WORDS.has(t.lower)) {
    value = ORDINAL_WORDS.get(t.lower)!;
    ordinal = true;
  } else {
    const digits = digit ? parseDigits(t.lower) : undefined;
    // "1.7m", "£50bn", "14million": a multiplier written onto the digits.
    const joined = digit && digits === undefined ? /^(\d[\d,]*(?:\.\d+)?)(\p{L}+)$/u.exec(t.lower) : null;
    const times = joined ? MULTIPLIERS.get(joined[2]) : undefined;
    if (digits !== undefined) value = digits;
    else if (joined && times !== undefined && parseDigits(joined[1]) !== undefined) value = parseDigits(joined[1])! * times;
    else if (NUMBER_WORDS.has(t.lower) && t.lower !== "both" && t.lower !== "half") {
      value = NUMBER_WORDS.get(t.lower)!;
      // "twenty-one", "twenty one"
      const a = tokens[j];
      const b = tokens[j + 1];
      if (value >= 20 && value < 100 && a?.text === "-" && b && (NUMBER_WORDS.get(b.lower) ?? 10) < 10) {
        value += NUMBER_WORDS.get(b.lower)!;
        j += 2;
      }
    } else if ((t.lower === "tens" || t.lower === "hundreds" || t.lower === "thousands" || t.lower === "dozens") && tokens[j]?.lower === "of") {
      // "tens of thousands": an approximate order of magnitude.
      const base = t.lower === "tens" ? 10 : t.lower === "dozens" ? 12 : t.lower === "hundreds" ? 100 : 1000;
      const m = tokens[j + 1] && MULTIPLIERS.get(tokens[j + 1].lower);
      value = m ? base * m : base;
      approx = true;
      j += m ? 2 : 1;
      return { value, approx, ordinal, percent: false, length: j - i };
    } else if (t.lower === "thousands" || t.lower === "millions" || t.lower === "hundreds") {
      return { value: MULTIPLIERS.get(t.lower.slice(0, -1))!, approx: true, ordinal: false, percent: false, length: 1 };
    }
  }
  if (value === undefined) return undefined;
  // "10 billion", "3.5 million", "two hundred"
  while (j < tokens.length && !ordinal) {
    // "1.7m." at a sentence's end comes as "1.7" and "m.".
    const word = tokens[j].start === tokens[j - 1].end ? tokens[j].lower.replace(/\.$/, "") : tokens[j].lower;
    const times = MULTIPLIERS.get(word);
    if (times === undefined) break;
    if ((word === "m" || word === "k") && tokens[j].start !== tokens[j - 1].end) break;
    value *= times;
    j++;
  }
  // "41%", "41 percent" and "41 per cent" are one figure, and a share is not a count.
  let percent = false;
  if (!ordinal && (tokens[j]?.text === "%" || tokens[j]?.lower === "percent" || tokens[j]?.lower === "pct")) {
    percent = true;
    j++;
  } else if (!ordinal && tokens[j]?.lower === "per" && tokens[j + 1]?.lower === "cent") {
    percent = true;
    j += 2;
  } else if (!ordinal) {
    // "nine in ten", "one out of five": a share, the same as "90%" and "20%".
    const share = shareOf(tokens, j, value);
    if (share) {
      value = share.value;
      percent = true;
      j += share.length;
    }
  }
  return { value, approx, ordinal, percent, length: j - i };
}

/**
 * The share that "in ten" or "out of five" after a count of `count` makes, as a
 * percentage, and its length in tokens. The denominator is a number word or
 * digits no smaller than the count and below 1,000, so "three in 2012" is not one.
 */
function shareOf(tokens: Token[], j: number, count: number): { value: number; length: number } | undefined {
  const skip = tokens[j]?.lower === "in" ? 1 : tokens[j]?.lower === "out" && tokens[j + 1]?.lower === "of" ? 2 : 0;
  const t = skip ? tokens[j + skip] : undefined;
  if (!t) return undefined;
  const of = /^\d+$/.test(t.lower) ? Number(t.lower) : NUMBER_WORDS.get(t.lower);
  if (of === undefined || !Number.isInteger(of) || of < count || of < 2 || of >= 1000) return undefined;
  return { value: Math.round((count / of) * 1000) / 10, length: skip + 1 };
}

/** The quotations of a text, and whether one is still open at its end. */
function findQuotes(text: string): { quotes: Quote[]; open: boolean } {
  const quotes: Quote[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open < 0 && OPEN_QUOTES.has(c)) {
      open = i;
    } else if (open >= 0 && CLOSE_QUOTES.has(c) && i > open + 1) {
      quotes.push({ start: open + 1, end: i, text: text.slice(open + 1, i) });
      open = -1;
    }
  }
  return { quotes, open: open >= 0 };
}

const analysisCache = new Map<string, Analysis>();
const CACHE_LIMIT = 20_000;

/**
 * Analyses a sentence or a short window of sentences. Memoised on the text and
 * the alias table, because the same passages come back for many claims.
 */
export function analyze(text: string, aliases: AliasLookup = noAliases, reference: string | null = null): Analysis {
  return memoised(text, aliases, reference, () => analyzeUncached(text, aliases, reference));
}

/** The analysis of `text` from the cache, else `compute`d and kept. The cache belongs to one alias table. */
function memoised(text: string, aliases: AliasLookup, reference: string | null, compute: () => Analysis): Analysis {
  // The same sentence in articles of different dates is one analysis unless a weekday or "last year" needs the date.
  const cacheKey = `${reference && needsReference(text) ? reference : ""}\u0000${text}`;
  const cached = aliases === lastAliases ? analysisCache.get(cacheKey) : undefined;
  if (cached) return cached;
  if (aliases !== lastAliases) {
    analysisCache.clear();
    lastAliases = aliases;
  }
  const result = compute();
  if (analysisCache.size >= CACHE_LIMIT) analysisCache.clear();
  analysisCache.set(cacheKey, result);
  return result;
}
let lastAliases: AliasLookup | undefined;

/**
 * Analyses a window of consecutive source sentences. The costly layer (wink
 * tokens and tags, chrono dates) is computed per sentence and memoised, so
 * overlapping windows and repeated retrievals share it; the rest (quotations,
 * negation scope, units) is what `analyze` would give for the whole window,
 * put together from each sentence's own analysis where nothing reaches across
 * (`fromSentences`), else worked out over the whole window (`wholeWindow`).
 * `cuts` are the offsets in `text` where one sentence ends and the next begins.
 */
export function analyzeWindow(text: string, cuts: readonly number[], aliases: AliasLookup = noAliases, reference: string | null = null): Analysis {
  return memoised(text, aliases, reference, () => fromSentences(text, cuts, aliases, reference) ?? wholeWindow(text, cuts, aliases, reference));
}

/** The window's analysis worked out over its whole text; `fromSentences` must give the same (the tests hold them to each other). */
export function wholeWindow(text: string, cuts: readonly number[], aliases: AliasLookup = noAliases, reference: string | null = null): Analysis {
  const tokens: Token[] = [];
  const dates: DateMention[] = [];
  let from = 0;
  for (const to of [...cuts, text.length]) {
    const part = lexical(text.slice(from, to), reference);
    // The first sentence's tokens and dates stand where they stood: shared, not copied (nothing changes them).
    for (const t of part.tokens) tokens.push(from ? moved(t, from) : t);
    for (const d of part.dates) dates.push(from ? moved(d, from) : d);
    from = to;
  }
  return analyzeTokens(text, tokens, dates, aliases);
}

/** A copy of something with offsets, `by` further on: copied whole, then moved (quicker in V8 than a spread with the two offsets in it). */
function moved<T extends { start: number; end: number }>(x: T, by: number): T {
  const y = { ...x };
  y.start += by;
  y.end += by;
  return y;
}

/**
 * Analyses made by `analyzeTokens` that end with no quotation open and met no
 * placeholder: another sentence's analysis may be put after them (`fromSentences`).
 */
const sealed = new WeakSet<Analysis>();

/** The last tokens of a sentence that nothing of the analysis reads past. */
const SENTENCE_ENDS = new Set([".", "!", "?"]);

/**
 * A window's analysis put together from its sentences' memoised analyses, the
 * later ones' offsets and token numbers moved, where that is what the whole
 * window's analysis is; else undefined. It is when every sentence but the last
 * ends with a full stop, question or exclamation mark (a negation's scope, a
 * figure's multiplier or "per cent", an alias phrase and a two-word outcome all
 * stop at it, and the next sentence's first word opens a sentence either way),
 * no quotation is open at a sentence's end, only white space stands between
 * the sentences, no sentence has a placeholder (a name beside one is dropped),
 * and no sentence ending in a name is followed by one starting with a name
 * (a short abbreviation's full stop joins two names: "Acme Inc. Smith").
 */
function fromSentences(text: string, cuts: readonly number[], aliases: AliasLookup, reference: string | null): Analysis | undefined {
  if (!cuts.length) return undefined;
  const bounds = [0, ...cuts, text.length];
  const parts: Array<{ at: number; analysis: Analysis; gap: Token[] }> = [];
  for (let k = 0; k + 1 < bounds.length; k += 2) {
    let gap: Token[] = [];
    if (k > 0) {
      const space = text.slice(bounds[k - 1], bounds[k]);
      if (!/^\s*$/.test(space)) return undefined;
      // The space between is tokens of the whole window (a paragraph break is one): nothing but space.
      const between = lexical(space, reference);
      if (between.dates.length || between.tokens.some((t) => t.isWord)) return undefined;
      gap = between.tokens.map((t) => moved(t, bounds[k - 1]));
    }
    const sentence = text.slice(bounds[k], bounds[k + 1]);
    // After a full stop or a paragraph break its first word opens a sentence, as it does alone.
    const analysis = analyzeWindow(sentence, [], aliases, reference);
    if (!sealed.has(analysis)) return undefined;
    const last = analysis.tokens[analysis.tokens.length - 1];
    if (k + 2 < bounds.length && !(last && SENTENCE_ENDS.has(last.text))) return undefined;
    const before = parts[parts.length - 1]?.analysis;
    if (before && before.units[before.units.length - 1]?.kind === "name" && analysis.units[0]?.kind === "name") return undefined;
    parts.push({ at: bounds[k], analysis, gap });
  }
  const tokens: Token[] = [];
  const units: Unit[] = [];
  const quotes: Quote[] = [];
  const negations: number[] = [];
  for (const { at, analysis, gap } of parts) {
    for (const t of gap) tokens.push(t);
    const shift = tokens.length;
    // The first sentence's tokens and units stand where they stood: shared, not copied (nothing changes them).
    for (const t of analysis.tokens) tokens.push(at ? moved(t, at) : t);
    for (const u of analysis.units) {
      if (!at) units.push(u);
      else {
        const v = moved(u, at);
        v.token += shift;
        units.push(v);
      }
    }
    for (const q of analysis.quotes) quotes.push(at ? moved(q, at) : q);
    for (const n of analysis.negations) negations.push(n + at);
  }
  return { text, tokens, units, quotes, negations };
}

/** One sentence's tokens and dates: the costly layer of its analysis (wink-nlp, chrono). */
export interface Lexical {
  tokens: Token[];
  dates: DateMention[];
}

const lexicalCache = new Map<string, Lexical>();
/** The keys of `lexicalCache` read or made since it was last cleared, for `lexicalEntries`. */
const lexicalUsed = new Set<string>();
/** The keys `seedLexical` put in. */
const seeded = new Set<string>();

/** Tokens and dates of one sentence, memoised (the date only matters for weekdays and relative words). */
function lexical(text: string, reference: string | null): Lexical {
  const key = `${reference && needsReference(text) ? reference : ""}\u0000${text}`;
  let hit = lexicalCache.get(key);
  if (!hit) {
    hit = { tokens: tokenize(text), dates: findDates(text, reference) };
    if (lexicalCache.size >= CACHE_LIMIT) {
      lexicalCache.clear();
      lexicalUsed.clear();
      seeded.clear();
    }
    lexicalCache.set(key, hit);
  }
  lexicalUsed.add(key);
  return hit;
}

/**
 * The memo of source sentences' tokens and dates as plain data, so that a
 * caller can keep it between runs (`seedLexical`): the entries this process
 * read or made first, then the others, at most `limit`. Keys are opaque.
 */
export function lexicalEntries(limit: number): Array<[string, Lexical]> {
  const out: Array<[string, Lexical]> = [];
  for (const key of lexicalUsed) {
    const hit = lexicalCache.get(key);
    if (hit && out.length < limit) out.push([key, hit]);
  }
  for (const [key, hit] of lexicalCache) if (!lexicalUsed.has(key) && out.length < limit) out.push([key, hit]);
  return out;
}

/** Whether this process made a sentence's tokens and dates anew, that `seedLexical` had not given. */
export function lexicalMadeAnew(): boolean {
  for (const key of lexicalUsed) if (!seeded.has(key)) return true;
  return false;
}

/**
 * Puts entries kept by `lexicalEntries` back into the memo, as many as it has
 * room for. They must come from this same code (the caller keys what it
 * keeps by the code's identity): they are taken as they are.
 */
export function seedLexical(entries: Iterable<[string, Lexical]>): void {
  for (const [key, hit] of entries) {
    if (lexicalCache.size >= CACHE_LIMIT / 2) break;
    if (lexicalCache.has(key)) continue;
    lexicalCache.set(key, hit);
    seeded.add(key);
  }
}

function analyzeUncached(text: string, aliases: AliasLookup, reference: string | null): Analysis {
  // Through the sentences' memo, so that a claim checked again (a draft re-checked by the CLI: `node/sentenceCache.ts`) is not tokenised again.
  const { tokens, dates } = lexical(text, reference);
  return analyzeTokens(text, tokens, dates, aliases);
}

/** The analysis of a text from its tokens and dates. */
function analyzeTokens(text: string, tokens: Token[], dates: DateMention[], aliases: AliasLookup): Analysis {
  const { quotes, open } = findQuotes(text);
  const inQuote = (offset: number) => quotes.some((q) => offset >= q.start && offset < q.end);
  const { negated, marker, negations } = negationScope(tokens);
  const scan: TokenScan = { text, tokens, lowers: tokens.map((t) => t.lower), dates, aliases, negated, units: [], placeholders: [] };
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i].isWord || marker[i]) continue;
    const quoted = inQuote(tokens[i].start);
    // A unit over several tokens takes them all; else the token is a unit of its own, or none.
    const last = spanUnitAt(scan, i, quoted);
    if (last !== undefined) i = last;
    else wordUnitAt(scan, i, quoted);
  }
  const analysis = { text, tokens, units: withoutPartNames(text, mergeNames(text, scan.units), scan.placeholders), quotes, negations };
  if (!open && !scan.placeholders.length) sealed.add(analysis);
  return analysis;
}

/** A text's tokens as `analyzeTokens` reads units from them, and what it has read so far. */
interface TokenScan {
  text: string;
  tokens: Token[];
  lowers: string[];
  dates: DateMention[];
  aliases: AliasLookup;
  /** Tokens in a negation's scope (`negationScope`). */
  negated: boolean[];
  units: Unit[];
  /** Placeholders for words a machine-written text did not know (`isPlaceholder`). */
  placeholders: Token[];
}

/**
 * The negations of a text: where each starts, the tokens that mark one
 * ("not", "n't", "no longer", "stopped" before a verb) and the tokens
 * negated by a preceding negation, up to the next punctuation or the first content word.
 */
function negationScope(tokens: Token[]): { negated: boolean[]; marker: boolean[]; negations: number[] } {
  const negations: number[] = [];
  const negated = new Array<boolean>(tokens.length).fill(false);
  const marker = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let isNegation = NEGATIONS.has(t.lower) || t.lower === "n't" || t.lower === "n’t";
    if (t.lower === "no" && tokens[i + 1]?.lower === "longer") marker[i + 1] = true;
    if (!isNegation && NEGATING_VERBS.has(t.lemma)) {
      // "stopped cooperating", "ceased to exist", "refused to sign"
      const n = tokens[i + 1];
      const n2 = tokens[i + 2];
      if ((n && /ing$/.test(n.lower) && n.pos === "VERB") || (n?.lower === "to" && n2?.pos === "VERB")) isNegation = true;
    }
    if (!isNegation) continue;
    marker[i] = true;
    negations.push(t.start);
    // The scope is the first content word after the negation ("did not sign",
    // "have no brains", "stopped cooperating").
    let content = 0;
    for (let k = i + 1; k < tokens.length && content < 1; k++) {
      const u = tokens[k];
      if (!u.isWord && u.text !== "-" && u.text !== "'s") break;
      if (/^(but|and|or|which|who|that|while|although)$/.test(u.lower)) break;
      negated[k] = true;
      // "no longer", "not officially": the scope reaches past the marker and adverbs to the word negated.
      if (u.isWord && !STOP_WORDS.has(u.lower) && !marker[k] && !(u.pos === "ADV" && /ly$/.test(u.lower))) content++;
    }
  }
  return { negated, marker, negations };
}

/**
 * The unit of several tokens that starts at token `i`, if one does (a date
 * expression, a learned alias phrase, a two-word outcome, a number): added to
 * the scan's units, and the index of its last token returned.
 */
function spanUnitAt(s: TokenScan, i: number, quoted: boolean): number | undefined {
  const { text, tokens, negated } = s;
  const t = tokens[i];
  const date = s.dates.find((d) => t.start >= d.start && t.start < d.end);
  if (date) {
    // One unit for the whole date expression ("May 15, 2012", "on Wednesday").
    let k = i;
    while (k + 1 < tokens.length && tokens[k + 1].start < date.end) k++;
    s.units.push(unit("date", dateKey(date), text.slice(date.start, date.end), tokens[i].start, tokens[k].end, i, WEIGHT.date, negated[i], quoted));
    return k;
  }
  // Learned alias phrases ("Collective Security Treaty Organization") and acronyms ("CSTO").
  const phrase = s.aliases.phrase(s.lowers, i);
  if (phrase && phrase.length > 1) {
    const last = tokens[i + phrase.length - 1];
    // The phrase's own words too, so "Allan Johnston" still finds the source's "Johnston".
    const words = tokens.slice(i, i + phrase.length).filter((x) => x.isWord && !STOP_WORDS.has(x.lower)).map((x) => stemOf(x.lemma));
    s.units.push(unit("name", phrase.key, phrase.key, t.start, last.end, i, WEIGHT.name, negated[i], quoted, { alias: true, parts: words.length > 1 ? words : undefined }));
    return i + phrase.length - 1;
  }
  // Two-word outcome phrases ("fell through", "went ahead", "called off").
  const next = tokens[i + 1];
  if (next && next.isWord && (OUTCOME_STARTS.has(t.lemma) || t.lemma.includes(" "))) {
    const two = `${t.lemma} ${next.lemma === "through" ? "through" : next.lower}`;
    const polarity = OUTCOME_PHRASES.get(two);
    if (polarity !== undefined && two.includes(" ")) {
      s.units.push(unit("outcome", two, two, t.start, next.end, i, outcomeWeight(two), negated[i], quoted, { polarity: negated[i] ? -polarity : polarity }));
      return i + 1;
    }
  }
  const num = readNumber(tokens, i);
  if (num) {
    const last = tokens[i + num.length - 1];
    s.units.push(unit("number", `#${num.value}`, t.lower, t.start, last.end, i, WEIGHT.number, negated[i], quoted, {
      value: num.value, approx: num.approx, ordinal: num.ordinal, percent: num.percent || undefined,
    }));
    return i + num.length - 1;
  }
  return undefined;
}

/**
 * The unit of token `i` alone, if it makes one (a month, a weekday, a word of
 * time order, an outcome, a name, a content word), added to the scan's units;
 * a placeholder is set aside, and words that carry no content make none.
 */
function wordUnitAt(s: TokenScan, i: number, quoted: boolean): void {
  const t = s.tokens[i];
  const negated = s.negated[i];
  const time = timeWordUnit(s.tokens, i, negated, quoted);
  if (time) {
    s.units.push(time);
    return;
  }
  // A machine-written text's placeholder for a word it did not know says nothing either way.
  if (isPlaceholder(t, s.text)) {
    s.placeholders.push(t);
    return;
  }
  if (STOP_WORDS.has(t.lower) || STOP_WORDS.has(t.lemma) || t.pos === "AUX" || t.pos === "DET" || t.pos === "PRON" || t.pos === "ADP" || t.pos === "CCONJ" || t.pos === "PART" || t.pos === "SCONJ") return;
  // One letter is no word in an alphabet; in Chinese or Japanese it is one ("京", "说").
  if (t.lower.length < 2 && !/\d/.test(t.lower) && !hasUnspaced(t.lower)) return;
  const { isName, alias } = nameOf(s.tokens, i, s.aliases);
  const outcome = OUTCOME_PHRASES.get(t.lemma);
  if (outcome !== undefined && !isName) {
    s.units.push(unit("outcome", stemOf(t.lemma), t.lemma, t.start, t.end, i, outcomeWeight(t.lemma), negated, quoted, { polarity: negated ? -outcome : outcome }));
    return;
  }
  let weight = isName ? WEIGHT.name : (POS_WEIGHT.get(t.pos) ?? 0.7);
  if (SAYING_VERBS.has(t.lemma) || SAYING_VERBS.has(t.lower)) weight = LIGHT_WEIGHT;
  const key = alias ?? stemOf(t.lemma.replace(/[’']s$/, ""));
  s.units.push(unit(isName ? "name" : "word", key, t.lemma, t.start, t.end, i, weight, negated, quoted, { alias: alias !== undefined, pos: t.pos }));
}

/** The unit of token `i` if it is a word of time: a month, a weekday, a preposition of time order. */
function timeWordUnit(tokens: Token[], i: number, negated: boolean, quoted: boolean): Unit | undefined {
  const t = tokens[i];
  const month = monthOf(t.lower);
  const isMonthWord = month > 0 && (t.isCapitalized || t.lower.endsWith(".")) && !(t.lower === "may" && !t.isCapitalized);
  if (isMonthWord && !(t.lower === "may" && (tokens[i + 1]?.pos === "VERB" || tokens[i + 1]?.pos === "AUX"))) {
    return unit("date", `month:${month}`, t.lower, t.start, t.end, i, WEIGHT.date, negated, quoted);
  }
  if (WEEKDAY_WORDS.has(t.lower)) return unit("date", `day:${t.lower}`, t.lower, t.start, t.end, i, WEIGHT.date * 0.5, negated, quoted);
  // Prepositions of time order carry meaning ("before" / "after" the collapse).
  if (TEMPORAL.has(t.lower)) return unit("word", t.lower, t.lower, t.start, t.end, i, 0.5, negated, quoted);
  return undefined;
}

/** Whether token `i` is a name, and the learned alias it stands for, if any. */
function nameOf(tokens: Token[], i: number, aliases: AliasLookup): { isName: boolean; alias: string | undefined } {
  const t = tokens[i];
  // A paragraph break (a token of space in a window) ends a sentence as a full stop does: "…sold.\n\nPolice said…".
  const sentenceStart = i === 0 || /^(?:[.!?:;"“‘'(\[—–-]|\s+)$/.test(tokens[i - 1].text);
  const allCaps = /^\p{Lu}{2,}$/u.test(t.text);
  // An English word is a name only where it is written as one: capitalised in mid-sentence ("Rose",
  // "Bank of England") or in capitals. In small letters or opening a sentence, "more", "man" and
  // "Going" are words, even when the corpus also has a "More" or a "Mann" (spelling variants).
  const ordinary = !allCaps && (!t.isCapitalized || sentenceStart) && (isEnglishWord(t.lower) || isEnglishWord(t.lemma));
  const alias = ordinary ? undefined : aliases.word(t.lower, t.text);
  const isName =
    alias !== undefined ||
    allCaps ||
    (t.isCapitalized && (!sentenceStart || (aliases.isName(t.lower) && !ordinary) || (t.pos === "PROPN" && !isCommonWord(t.lower)))) ||
    // A name that lost its capitals ("kilmarnock"): the corpus writes it as a name, and English has no such word.
    (!t.isCapitalized && (t.pos === "NOUN" || t.pos === "PROPN") && /^\p{Ll}{3,}$/u.test(t.lower) && aliases.isName(t.lower) && !ordinary);
  return { isName, alias };
}

/** What some units have and others do not. */
type UnitExtras = Pick<Unit, "value" | "approx" | "ordinal" | "percent" | "polarity" | "alias" | "parts" | "pos">;
const NO_EXTRAS: UnitExtras = {};

/**
 * A unit with every field of `Unit`, in one order, those it does not have left
 * undefined: one shape of object for all units, so that the verifier's hottest
 * loops (alignment, the checks), which read units of every kind, meet one.
 */
function unit(kind: UnitKind, key: string, lemma: string, start: number, end: number, token: number, weight: number, negated: boolean, quoted: boolean, more: UnitExtras = NO_EXTRAS): Unit {
  return {
    kind, key, lemma, start, end, token, weight, negated, quoted,
    value: more.value, approx: more.approx, ordinal: more.ordinal, percent: more.percent, polarity: more.polarity, alias: more.alias, parts: more.parts, pos: more.pos,
  };
}

/** Names beside a placeholder ("Stan UNK"): part of a name whose rest is unknown, so no name to check. */
function withoutPartNames(text: string, units: Unit[], placeholders: readonly Token[]): Unit[] {
  if (!placeholders.length) return units;
  const beside = (u: Unit) =>
    placeholders.some((p) => (p.start >= u.end && /^\s*$/.test(text.slice(u.end, p.start))) || (p.end <= u.start && /^\s*$/.test(text.slice(p.end, u.start))));
  return units.filter((u) => u.kind !== "name" || !beside(u));
}

/**
 * The tokens summarisers and translation systems write for a word out of their
 * vocabulary ("UNK", "<unk>", "[UNK]"). A reader takes them for "some word";
 * the checker must not take them for a name no source has.
 */
function isPlaceholder(t: Token, text: string): boolean {
  // "<unk>" may come as "<", "unk", ">".
  return t.text === "UNK" || /^[<[]unk[>\]]$/i.test(t.text) || (t.lower === "unk" && /[<[]$/.test(text.slice(0, t.start)));
}

/**
 * The particles of European and Arabic names, written in small letters inside a name ("Louis van Gaal",
 * "Charles de Gaulle", "Osama bin Laden"): closed-class words of how names are written, not of a corpus.
 */
const NAME_PARTICLE = "(?:van|von|de|der|den|del|della|di|da|du|des|la|le|bin|ibn|al)";
const PARTICLE_GAP = new RegExp(`^[ \\t]+${NAME_PARTICLE}(?:[ \\t]+${NAME_PARTICLE})?[ \\t]+$`);

/**
 * Joins adjacent name words into one name ("President Vladimir Putin", "St. Petersburg", "Louis van Gaal").
 * The units are the caller's own, made for this analysis: a name is extended in place.
 */
function mergeNames(text: string, all: Unit[]): Unit[] {
  // A particle between two names is part of the name, not a word of its own.
  const units = all.filter((u, k) => !(u.kind === "word" && all[k - 1]?.kind === "name" && all[k + 1]?.kind === "name" &&
    PARTICLE_GAP.test(text.slice(all[k - 1].end, all[k + 1].start))));
  const out: Unit[] = [];
  for (const u of units) {
    const prev = out[out.length - 1];
    if (!(prev && prev.kind === "name" && u.kind === "name" && prev.negated === u.negated)) {
      out.push(u);
      continue;
    }
    const gap = text.slice(prev.end, u.start);
    const particle = PARTICLE_GAP.test(gap);
    if (
      // Only a space between them (or a name's particle), or the full stop of a short abbreviation ("St. Petersburg").
      (/^[ \t]+$|^[ \t]*\r?\n[ \t]*$/.test(gap) || particle ||
        (/^\.[ \t]*$/.test(gap) && /^\p{Lu}\p{Ll}{0,2}$/u.test(text.slice(prev.start, prev.end))))
    ) {
      const particles = particle ? gap.trim().split(/[ \t]+/) : [];
      prev.parts = [...(prev.parts ?? [prev.key]), ...particles, ...(u.parts ?? [u.key])];
      prev.key = prev.parts.join(" ");
      prev.lemma = `${prev.lemma} ${u.lemma}`;
      prev.end = u.end;
      prev.alias = prev.alias || u.alias;
      continue;
    }
    out.push(u);
  }
  return out;
}
