/** A figure in the claim where the source has another: "5,000" against "3,500". */
import { slotCandidates, type Alignment } from "../align";
import type { Analysis, Unit } from "../../nlp/analyze";
import { areSynonyms, implies, STOP_WORDS } from "../../nlp/lexicon";
import { stemOf } from "../../nlp/stem";
import { claimText, windowText, type Conflict, type ConflictCheck, type ConflictCheckId } from "./types";

const isYear = (v: number | undefined) => v !== undefined && Number.isInteger(v) && v >= 1000 && v <= 2199;

/** Whether a number unit is a year as news writes one: four digits, no separator ("2012"; "1,500" and "fifteen hundred" are counts). */
function isYearUnit(an: Analysis, u: Unit): boolean {
  return isYear(u.value) && /^\d{4}$/.test(an.text.slice(u.start, u.end));
}

function nextToMonth(units: Alignment["claim"]["units"], i: number): boolean {
  return units[i - 1]?.key.startsWith("month:") || units[i + 1]?.key.startsWith("month:") || false;
}

/**
 * The word a figure counts or measures, as a lemma: the last word of weight in
 * the compound it is written in ("5,000-soldier", "mother-of-six", "six-hour",
 * "47-year-old"), else the first noun
 * after it across adjectives ("three new cranes", "42 million euros"); none
 * when nothing says ("the vote was 8 to 3").
 */
function countedOf(an: Analysis, u: Unit): string | undefined {
  const tokens = an.tokens;
  let last = u.token;
  while (last + 1 < tokens.length && tokens[last + 1].end <= u.end) last++;
  // The compound the figure is written in: tokens that touch, joined by hyphens.
  const touches = (k: number) => tokens[k + 1].start === tokens[k].end;
  let first = u.token;
  while (first >= 2 && tokens[first - 1].text === "-" && touches(first - 1) && touches(first - 2)) first -= 2;
  let end = last;
  while (end + 2 < tokens.length && tokens[end + 1].text === "-" && touches(end) && touches(end + 1)) end += 2;
  const compound = [...tokens.slice(first, u.token), ...tokens.slice(last + 1, end + 1)].filter((t) => t.isWord && !STOP_WORDS.has(t.lower));
  if (compound.length) return compound[compound.length - 1].lemma;
  for (let k = end + 1; k < tokens.length && k <= end + 3; k++) {
    const t = tokens[k];
    if (t.pos === "NOUN" || t.pos === "PROPN") return t.lemma;
    if (t.pos !== "ADJ") return undefined;
  }
  return undefined;
}

/** Whether two figures' counted words may be one thing (either unknown, the same, or related in WordNet). */
function sameCounted(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === b) return true;
  if (stemOf(a) === stemOf(b)) return true;
  return areSynonyms(a, b) || implies(a, b) || implies(b, a);
}

/** Whether the claim's number unit `i` is part of a date (a year, or a day beside a month): `date-mismatch` judges those. */
export function isDateNumber(a: Alignment, i: number): boolean {
  return isYearUnit(a.claim, a.claim.units[i]) || nextToMonth(a.claim.units, i);
}

/**
 * The first number of the source that stands where the claim's number unit `i`
 * stands and differs from it, as a conflict of check `check`; shared by
 * `number-mismatch` and `date-mismatch`, which differ only in what they call it.
 */
export function numberConflict(a: Alignment, i: number, check: ConflictCheckId, correctionKind: "figure" | "date"): Conflict | undefined {
  const c = a.claim.units[i];
  if (c.kind !== "number" || a.match[i] >= 0) return undefined;
  for (const j of slotCandidates(a, i)) {
    const w = a.window.units[j];
    if (w.kind !== "number" || !!w.ordinal !== !!c.ordinal || w.value === c.value) continue;
    // A share ("41%", "nine in ten") is only ever replaced by a share: "£17 a month" is not "nine in ten".
    if (!!w.percent !== !!c.percent) continue;
    // A year is only ever replaced by a year, a day of the month by a day.
    if (isYearUnit(a.claim, c) !== isYearUnit(a.window, w)) continue;
    // Figures of different things are not one figure changed: "mother-of-six" is not "a size 24 dress".
    if (!sameCounted(countedOf(a.claim, c), countedOf(a.window, w))) continue;
    if (nextToMonth(a.claim.units, i) !== nextToMonth(a.window.units, j)) continue;
    const said = windowText(a, j);
    return { check, claimUnit: i, windowUnit: j, replacement: said, correctionKind, reason: `the source says ${said}, not ${claimText(a, i)}`, substitution: true };
  }
  return undefined;
}

export const numberMismatch: ConflictCheck<"number-mismatch"> = {
  id: "number-mismatch",
  description: "A figure in the claim differs from the figure the source gives in the same place.",
  docs: `A figure in the claim differs from the figure the source gives in the same place
("the source says 3,500, not 5,000"). Figures may be digits or words ("seven",
"tens of thousands", "21-month"); a share ("41%", "nine in ten") is compared
only with a share, a figure only with one that counts the same thing, and the
two figures of a tally ("8 to 3") are one. A year is four digits as written
("2012", date-mismatch); "1,500" is a count. The quick fix uses the source's figure.`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((_, i) => {
      if (isDateNumber(a, i)) return;
      const conflict = numberConflict(a, i, numberMismatch.id, "figure");
      if (conflict) out.push(conflict);
    });
    return joinTallies(a, out);
  },
};

/** Words that join two figures into one: a tally or a score ("8 to 3", "3-1"), a range ("between 5 and 10"). */
const FIGURE_JOIN = /^\s*(?:to|-|–|—|and|or|by)\s*$/i;

/**
 * Two changed figures of one tally ("8 to 3" where the source has "7 to 4")
 * are one thing that differs: one conflict over both, whose fix puts the
 * source's whole tally in.
 */
function joinTallies(a: Alignment, conflicts: Conflict[]): Conflict[] {
  const joined = (an: Analysis, x: number, y: number) => y === x + 1 && FIGURE_JOIN.test(an.text.slice(an.units[x].end, an.units[y].start));
  const out: Conflict[] = [];
  for (const c of conflicts) {
    const prev = out[out.length - 1];
    // The second figure's slot holds the first's match too: its own is the source figure after that.
    const next = prev ? prev.windowUnit + 1 : -1;
    if (prev && !prev.claimSpan && joined(a.claim, prev.claimUnit, c.claimUnit) && a.window.units[next]?.kind === "number" && joined(a.window, prev.windowUnit, next)) {
      const claimSpan = { start: a.claim.units[prev.claimUnit].start, end: a.claim.units[c.claimUnit].end };
      const windowSpan = { start: a.window.units[prev.windowUnit].start, end: a.window.units[next].end };
      const said = a.window.text.slice(windowSpan.start, windowSpan.end).replace(/\s+/g, " ");
      out[out.length - 1] = { ...prev, claimSpan, windowSpan, replacement: said, reason: `the source says ${said}, not ${a.claim.text.slice(claimSpan.start, claimSpan.end).replace(/\s+/g, " ")}` };
    } else out.push(c);
  }
  return out;
}
