/** A figure in the claim where the source has another: "5,000" against "3,500". */
import { slotCandidates, type Alignment } from "../align";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

const isYear = (v: number | undefined) => v !== undefined && Number.isInteger(v) && v >= 1000 && v <= 2199;

function nextToMonth(units: Alignment["claim"]["units"], i: number): boolean {
  return units[i - 1]?.key.startsWith("month:") || units[i + 1]?.key.startsWith("month:") || false;
}

/** Whether the claim's number unit `i` is part of a date (a year, or a day beside a month): `date-mismatch` judges those. */
export function isDateNumber(a: Alignment, i: number): boolean {
  return isYear(a.claim.units[i].value) || nextToMonth(a.claim.units, i);
}

/**
 * The first number of the source that stands where the claim's number unit `i`
 * stands and differs from it, as a conflict of check `check`; shared by
 * `number-mismatch` and `date-mismatch`, which differ only in what they call it.
 */
export function numberConflict(a: Alignment, i: number, check: string, correctionKind: "figure" | "date"): Conflict | undefined {
  const c = a.claim.units[i];
  if (c.kind !== "number" || a.match[i] >= 0) return undefined;
  for (const j of slotCandidates(a, i)) {
    const w = a.window.units[j];
    if (w.kind !== "number" || !!w.ordinal !== !!c.ordinal || w.value === c.value) continue;
    // A share ("41%", "nine in ten") is only ever replaced by a share: "£17 a month" is not "nine in ten".
    if (!!w.percent !== !!c.percent) continue;
    // A year is only ever replaced by a year, a day of the month by a day.
    if (isYear(c.value) !== isYear(w.value)) continue;
    if (nextToMonth(a.claim.units, i) !== nextToMonth(a.window.units, j)) continue;
    const said = windowText(a, j);
    return { check, claimUnit: i, windowUnit: j, replacement: said, correctionKind, reason: `the source says ${said}, not ${claimText(a, i)}`, substitution: true };
  }
  return undefined;
}

export const numberMismatch: ConflictCheck = {
  id: "number-mismatch",
  description: "A figure in the claim differs from the figure the source gives in the same place.",
  docs: `A figure in the claim differs from the figure the source gives in the same place
("the source says 3,500, not 5,000"). Figures may be digits or words ("seven",
"tens of thousands", "21-month"). The quick fix uses the source's figure.`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((_, i) => {
      if (isDateNumber(a, i)) return;
      const conflict = numberConflict(a, i, numberMismatch.id, "figure");
      if (conflict) out.push(conflict);
    });
    return out;
  },
};
