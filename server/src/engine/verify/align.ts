/**
 * Alignment of a claim with a window of source text: which of the claim's units
 * the window says too, and where. Conflict checks read the alignment to find a
 * figure, date, name or polarity that stands where the claim has another.
 */
import type { Analysis, Unit } from "../nlp/analyze";
import { areSpellingVariants } from "../corpus/aliases";
import { compareDates, parseDateKey } from "../nlp/dates";
import { areOpposites, areSynonyms, implies } from "../nlp/lexicon";

export interface Alignment {
  claim: Analysis;
  window: Analysis;
  /** For each claim unit, the index of the window unit it matches, or -1. */
  match: number[];
  /** For each claim unit, how well it matches (0..1). */
  similarity: number[];
  /** Window units matched by some claim unit. */
  used: boolean[];
  /** Weighted share of the claim's units that the window says, 0..1. */
  coverage: number;
}

function isYear(v: number | undefined): boolean {
  return v !== undefined && Number.isInteger(v) && v >= 1000 && v <= 2199;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Names match when one contains the other ("Putin" / "President Vladimir
 * Putin"), word by word, allowing spelling variants; "Soviet Union" and
 * "European Union" share a word but neither contains the other.
 */
/** A name's words without full stops, a run of initials as one word: "U. S." and "U.S." are both "us". */
export function nameWords(parts: readonly string[]): string[] {
  const out: string[] = [];
  let initials = "";
  for (const p of parts) {
    const bare = p.replace(/[.~]/g, "");
    if (bare.length === 1) {
      initials += bare;
      continue;
    }
    if (initials) out.push(initials);
    initials = "";
    out.push(bare);
  }
  if (initials) out.push(initials);
  return out;
}

function nameSimilarity(c: Unit, w: Unit): number {
  const a = nameWords(c.parts ?? [c.key]);
  const b = nameWords(w.parts ?? [w.key]);
  const lemmasA = c.lemma.split(" ");
  const lemmasB = w.lemma.split(" ");
  const has = (keys: string[], lemmas: string[], key: string, lemma: string) =>
    keys.includes(key) || lemmas.some((l) => areSpellingVariants(l, lemma));
  const aInB = a.every((k, i) => has(b, lemmasB, k, lemmasA[i] ?? k));
  const bInA = b.every((k, i) => has(a, lemmasA, k, lemmasB[i] ?? k));
  if (aInB && bInA) return a.length === b.length && a.every((k, i) => k === b[i]) ? 1 : 0.95;
  if (aInB || bInA) return 0.9;
  // An acronym and the words it abbreviates ("PM" / "Prime Minister"), by their initials.
  return isAcronymOf(c, w) || isAcronymOf(w, c) ? 0.9 : 0;
}

const SKIPPED_IN_ACRONYMS = new Set(["of", "the", "and", "for", "&"]);

/** Whether unit `a` is written in capitals and spells the initials of name `b`'s words. */
function isAcronymOf(a: Unit, b: Unit): boolean {
  const letters = a.lemma.replace(/[.\s]/g, "");
  if (letters.length < 2 || letters.length > 6 || a.parts?.length) return false;
  const words = b.lemma.split(/\s+/).filter((w) => !SKIPPED_IN_ACRONYMS.has(w));
  return words.length === letters.length && words.every((w, i) => w[0] === letters[i]);
}

/**
 * A relative date's words as a writer means them: "on Tuesday evening," and
 * "Tuesday" are one day, "last year" is "last year".
 */
function relativeWords(s: string): string {
  return s.toLowerCase()
    // The time of day does not change the day: "at around 9 pm Thursday night" is Thursday.
    .replace(/\b(at\s+)?(around\s+|about\s+)?\d{1,2}([:.]\d\d)?\s*(am|pm|a\.m\.|p\.m\.)/g, " ")
    .replace(/[.,;:]+/g, " ")
    .replace(/^\s*(on|in|at)\s+/, "")
    .replace(/\s+(morning|afternoon|evening|night)\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** How well a window unit stands for a claim unit, 0..1. */
export function unitSimilarity(c: Unit, w: Unit): number {
  if (c.kind === "number" || w.kind === "number") {
    // A bare year against a date of that year ("in 2012" / "this year" in an article of 2012).
    const [n, d] = c.kind === "number" ? [c, w] : [w, c];
    if (d.key.startsWith("date:") && isYear(n.value) && !n.ordinal) {
      // Only a date that fixes no more than its year: "1991" does not say "November 1991".
      const date = parseDateKey(d.key);
      return date.year === n.value && date.month === undefined ? 1 : 0;
    }
    if (c.kind !== "number" || w.kind !== "number") return 0;
    if (!!c.ordinal !== !!w.ordinal || !!c.percent !== !!w.percent) return 0;
    if (c.value === w.value) return 1;
    // "tens of thousands" stands for any figure of that order.
    const [a, b] = [c.value ?? 0, w.value ?? 0];
    if ((c.approx || w.approx) && Math.max(a, b) / Math.max(1, Math.min(a, b)) < 10) return 0.8;
    return 0;
  }
  if (c.key === w.key) return 1;
  if (c.key.startsWith("date:") && w.key.startsWith("date:")) return compareDates(parseDateKey(c.key), parseDateKey(w.key)) > 0 ? 1 : 0;
  // "last year" in the draft against a source's resolved "last year".
  if (c.key.startsWith("rel:") && w.kind === "date") return relativeWords(c.key.slice(4)) === relativeWords(w.lemma) ? 1 : 0;
  if (c.kind === "date" || w.kind === "date") return 0;
  if (c.kind === "name" && w.kind === "name") return nameSimilarity(c, w);
  // A negated opposite says the same thing: "not far" for "near", "not unlikely" for "likely".
  if (c.negated !== w.negated && areOpposites(c.lemma, w.lemma)) return 0.8;
  // Other words for the same thing ("say" / "tell").
  if (c.kind !== "name" && w.kind !== "name" && areSynonyms(c.lemma, w.lemma)) return 0.8;
  // What the source's word entails, causes or is a kind of ("was killed" says "died").
  if (c.kind !== "name" && w.kind !== "name" && implies(w.lemma, c.lemma)) return 0.7;
  // Derivations the stemmer leaves apart ("stabilise" / "stability").
  const p = commonPrefix(c.key, w.key);
  if (p >= 5 && p >= 0.75 * Math.min(c.key.length, w.key.length)) return 0.6;
  return 0;
}

/**
 * What `unitSimilarity` reads of each unit of an analysis, as one number per
 * unit: two units with the same one are equally similar to any other unit.
 * The number stands for a string of those fields (`signature`), the same
 * number for the same string while `interned` is not emptied (at its limit,
 * when `generation` moves on). Kept per analysis, since a window's analysis is
 * shared by every claim it is aligned with.
 */
function signatureIds(a: Analysis): Int32Array {
  const known = signatures.get(a);
  if (known && known.generation === generation) return known.ids;
  if (interned.size + a.units.length > INTERNED_LIMIT) {
    interned.clear();
    generation++;
  }
  const ids = new Int32Array(a.units.length);
  a.units.forEach((u, j) => {
    const key = signature(u);
    let id = interned.get(key);
    if (id === undefined) interned.set(key, (id = interned.size));
    ids[j] = id;
  });
  signatures.set(a, { generation, ids });
  return ids;
}
const signatures = new WeakMap<Analysis, { generation: number; ids: Int32Array }>();
const interned = new Map<string, number>();
const INTERNED_LIMIT = 200_000;
let generation = 0;

function signature(u: Unit): string {
  return `${u.kind}\u0001${u.key}\u0001${u.lemma}\u0001${u.negated ? 1 : 0}${u.approx ? 1 : 0}${u.ordinal ? 1 : 0}${u.percent ? 1 : 0}\u0001${u.value ?? ""}\u0001${u.parts?.join("\u0002") ?? "\u0003"}`;
}

/**
 * The similarities of one claim's units to window units already met, by the
 * window unit's signature (`signatureIds`): the windows of one claim repeat the
 * same words, names and figures (near-copies of a sentence most of all), so
 * each pair is worked out once. One row per signature, with the similarity to
 * each claim unit, worked out whole when the signature is first met. Made per
 * claim (`similarityMemo`) and dropped with it; emptied if the signatures'
 * numbering starts again meanwhile.
 */
export interface SimilarityMemo {
  generation: number;
  rows: Map<number, SimilarityRow>;
}

/** A window unit's similarities to each of the claim's units, and whether any is above 0. */
interface SimilarityRow {
  sims: number[];
  any: boolean;
}

export function similarityMemo(): SimilarityMemo {
  return { generation, rows: new Map<number, SimilarityRow>() };
}

/** The memo's row for a window unit, worked out when its signature is new. */
function rowOf(memo: SimilarityMemo, id: number, claim: Analysis, w: Unit): SimilarityRow {
  let row = memo.rows.get(id);
  if (!row) {
    const sims = claim.units.map((c) => unitSimilarity(c, w));
    row = { sims, any: sims.some((x) => x > 0) };
    memo.rows.set(id, row);
  }
  return row;
}

/**
 * Matches each claim unit to the most similar window unit, preferring, among
 * equals, the one closest after the previous match (so that repeated words
 * align in order). `memo` (for this claim) saves working out a pair again.
 * Most window units are like none of the claim's (99 in 100 pairs): only the
 * others are visited, in order, which finds the same matches.
 */
export function align(claim: Analysis, window: Analysis, memo: SimilarityMemo = similarityMemo()): Alignment {
  const match = new Array<number>(claim.units.length).fill(-1);
  const similarity = new Array<number>(claim.units.length).fill(0);
  const used = new Array<boolean>(window.units.length).fill(false);
  let expected = 0;
  let total = 0;
  let got = 0;
  const units = window.units;
  const ids = signatureIds(window);
  if (memo.generation !== generation) {
    memo.rows.clear();
    memo.generation = generation;
  }
  const like: number[] = [];
  const rows: number[][] = [];
  for (let j = 0; j < units.length; j++) {
    const row = rowOf(memo, ids[j], claim, units[j]);
    if (!row.any) continue;
    like.push(j);
    rows.push(row.sims);
  }
  for (let i = 0; i < claim.units.length; i++) {
    const c = claim.units[i];
    let best = -1;
    let bestSim = 0;
    let bestRank = 0;
    let bestDist = Infinity;
    for (let k = 0; k < like.length; k++) {
      const j = like[k];
      const w = units[j];
      // Each word of the source stands for one word of the claim: "poor … poor"
      // is not matched twice by one "poor".
      // A long name may stand for several of the claim's ("Ukrainian President Viktor Yanukovych").
      if (used[j] && w.kind !== "name") continue;
      const s = rows[k][i];
      if (s <= 0) continue;
      // The same word under the other polarity is a worse match than another word for it under the
      // same one: "no fans" is "no supporters", not the "fans" of the next clause.
      const rank = s - (c.negated !== w.negated ? 0.25 : 0);
      const dist = j >= expected ? j - expected : (expected - j) * 2;
      if (rank > bestRank || (rank === bestRank && dist < bestDist)) {
        best = j;
        bestSim = s;
        bestRank = rank;
        bestDist = dist;
      }
    }
    total += c.weight;
    if (best >= 0) {
      match[i] = best;
      similarity[i] = bestSim;
      used[best] = true;
      got += c.weight * bestSim;
      expected = best + 1;
    }
  }
  return { claim, window, match, similarity, used, coverage: total ? got / total : 0 };
}

/** A sentence's end in a window's text: a full stop (or ! or ?) before a capital, or a blank line. */
export const SENTENCE_BREAK = /[.!?]["”’)]?\s+["“(]?\p{Lu}|\n\s*\n/u;

/** Whether two units of an analysis stand in one sentence (no sentence end or blank line between them). */
export function sameSentence(window: Analysis, x: number, y: number): boolean {
  const [p, q] = x < y ? [window.units[x], window.units[y]] : [window.units[y], window.units[x]];
  return !SENTENCE_BREAK.test(window.text.slice(p.end, q.start));
}

/**
 * Where claim unit `i` would stand in the window: between the window
 * positions of its nearest matched neighbours, or within `reach` units beside
 * either of them; each range [from, to] (which may run past the window's
 * ends) with the neighbour's position that places it.
 */
export function slotRanges(a: Alignment, i: number, reach = 3): Array<{ from: number; to: number; anchor: number }> {
  let left = -1;
  for (let k = i - 1; k >= 0; k--) if (a.match[k] >= 0) { left = a.match[k]; break; }
  let right = -1;
  for (let k = i + 1; k < a.match.length; k++) if (a.match[k] >= 0) { right = a.match[k]; break; }
  if (left >= 0 && right >= 0 && left < right && right - left - 1 <= reach + 2) return [{ from: left + 1, to: right - 1, anchor: left }];
  const out: Array<{ from: number; to: number; anchor: number }> = [];
  if (left >= 0) out.push({ from: left + 1, to: left + reach, anchor: left });
  if (right >= 0) out.push({ from: right - reach, to: right - 1, anchor: right });
  return out;
}

/**
 * The window units that stand where claim unit `i` stands (`slotRanges`),
 * unmatched, each in the same sentence as the neighbour that places it.
 */
export function slotCandidates(a: Alignment, i: number, reach = 3): number[] {
  const n = a.window.units.length;
  const out = new Set<number>();
  for (const { from, to, anchor } of slotRanges(a, i, reach)) {
    for (let j = Math.max(0, from); j <= Math.min(n - 1, to); j++) if (!a.used[j] && sameSentence(a.window, anchor, j)) out.add(j);
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * Window units near where claim unit `i` would stand: within `reach` units of
 * the window positions of its nearest matched neighbours, on either side, in
 * the same sentence. Looser than `slotCandidates`, for words whose order varies
 * ("the deal went ahead" / "the deal … fell through").
 */
export function nearCandidates(a: Alignment, i: number, reach = 4): number[] {
  const anchors: number[] = [];
  for (let k = i - 1; k >= 0; k--) if (a.match[k] >= 0) { anchors.push(a.match[k]); break; }
  for (let k = i + 1; k < a.match.length; k++) if (a.match[k] >= 0) { anchors.push(a.match[k]); break; }
  const units = a.window.units;
  const out = new Set<number>();
  for (const anchor of anchors) {
    for (let j = Math.max(0, anchor - reach); j <= Math.min(units.length - 1, anchor + reach); j++) {
      if (!a.used[j] && j !== anchor && sameSentence(a.window, anchor, j)) out.add(j);
    }
  }
  return [...out].sort((x, y) => x - y);
}
