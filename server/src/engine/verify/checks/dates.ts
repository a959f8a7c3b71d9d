/** A month or weekday in the claim where the source has another. */
import { slotCandidates, type Alignment } from "../align";
import { compareDates, parseDateKey } from "../../nlp/dates";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

export const dateMismatch: ConflictCheck = {
  id: "date-mismatch",
  description: "A date in the claim differs from the date the source gives for the same event.",
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (c.kind !== "date" || a.match[i] >= 0) return;
      const kind = c.key.split(":")[0];
      for (const j of slotCandidates(a, i)) {
        const w = a.window.units[j];
        if (w.kind !== "date" || w.key.split(":")[0] !== kind || w.key === c.key) continue;
        if (kind === "date" && compareDates(parseDateKey(c.key), parseDateKey(w.key)) >= 0) continue;
        const said = windowText(a, j);
        out.push({
          check: "date-mismatch", claimUnit: i, windowUnit: j, replacement: said, correctionKind: "date",
          reason: `the source says ${said}, not ${claimText(a, i)}`, substitution: true,
        });
        return;
      }
    });
    return out;
  },
};
