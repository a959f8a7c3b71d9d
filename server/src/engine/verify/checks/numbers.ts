/** A figure in the claim where the source has another: "5,000" against "3,500". */
import { slotCandidates, type Alignment } from "../align";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

const isYear = (v: number | undefined) => v !== undefined && Number.isInteger(v) && v >= 1000 && v <= 2199;

function nextToMonth(units: Alignment["claim"]["units"], i: number): boolean {
  return units[i - 1]?.key.startsWith("month:") || units[i + 1]?.key.startsWith("month:") || false;
}

export const numberMismatch: ConflictCheck = {
  id: "number-mismatch",
  description: "A figure in the claim differs from the figure the source gives in the same place.",
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (c.kind !== "number" || a.match[i] >= 0) return;
      for (const j of slotCandidates(a, i)) {
        const w = a.window.units[j];
        if (w.kind !== "number" || !!w.ordinal !== !!c.ordinal || w.value === c.value) continue;
        // A year is only ever replaced by a year, a day of the month by a day.
        if (isYear(c.value) !== isYear(w.value)) continue;
        const dateLike = isYear(c.value) || nextToMonth(a.claim.units, i);
        if (nextToMonth(a.claim.units, i) !== nextToMonth(a.window.units, j)) continue;
        const said = windowText(a, j);
        out.push({
          check: dateLike ? "date-mismatch" : "number-mismatch",
          claimUnit: i,
          windowUnit: j,
          replacement: said,
          correctionKind: dateLike ? "date" : "figure",
          reason: `the source says ${said}, not ${claimText(a, i)}`,
          substitution: true,
        });
        return;
      }
    });
    return out;
  },
};
