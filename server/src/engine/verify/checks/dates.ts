/** A date in the claim where the source has another: a year, a day of the month, a month or a weekday. */
import { slotCandidates, type Alignment } from "../align";
import { compareDates, parseDateKey } from "../../nlp/dates";
import { isDateNumber, numberConflict } from "./numbers";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

/** A date unit of the claim (a month, a weekday, a full date) against another of the same kind in the source. */
function dateUnitConflict(a: Alignment, i: number): Conflict | undefined {
  const c = a.claim.units[i];
  if (c.kind !== "date" || a.match[i] >= 0) return undefined;
  const kind = c.key.split(":")[0];
  for (const j of slotCandidates(a, i)) {
    const w = a.window.units[j];
    if (w.kind !== "date" || w.key.split(":")[0] !== kind || w.key === c.key) continue;
    if (kind === "date" && compareDates(parseDateKey(c.key), parseDateKey(w.key)) >= 0) continue;
    const said = windowText(a, j);
    return {
      check: dateMismatch.id, claimUnit: i, windowUnit: j, replacement: said, correctionKind: "date",
      reason: `the source says ${said}, not ${claimText(a, i)}`, substitution: true,
    };
  }
  return undefined;
}

export const dateMismatch: ConflictCheck<"date-mismatch"> = {
  id: "date-mismatch",
  description: "A date in the claim differs from the date the source gives for the same event.",
  docs: `A date differs from the source's date for the same event: a year, a day or a
month. Relative dates in sources ("on Wednesday", "last year") are resolved
against the article's own date.`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    // Years and days of the month are numbers to the analysis; they are dates to the writer.
    a.claim.units.forEach((_, i) => {
      const conflict = isDateNumber(a, i) ? numberConflict(a, i, dateMismatch.id, "date") : undefined;
      if (conflict) out.push(conflict);
    });
    a.claim.units.forEach((_, i) => {
      const conflict = dateUnitConflict(a, i);
      if (conflict) out.push(conflict);
    });
    return out;
  },
};
