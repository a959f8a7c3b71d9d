/** A name in the claim where the source names someone or somewhere else. */
import { slotCandidates, type Alignment } from "../align";
import { claimText, type Conflict, type ConflictCheck } from "./types";

export const nameMismatch: ConflictCheck = {
  id: "name-mismatch",
  description: "A person, place or organisation in the claim differs from the one the source names in the same role.",
  docs: `A person, place or organisation differs from the one the source names in the
same role ("the source names Belarus, not Kazakhstan").`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (c.kind !== "name" || a.match[i] >= 0) return;
      // Only the first name in the slot, and close by: a name further on is about something else.
      for (const j of slotCandidates(a, i, 2)) {
        const w = a.window.units[j];
        if (w.kind !== "name") continue;
        // Extend to the whole name in the source ("Sergei Lavrov").
        let k = j;
        while (k + 1 < a.window.units.length && a.window.units[k + 1].kind === "name" && !a.used[k + 1] &&
          /^\s*$/.test(a.window.text.slice(a.window.units[k].end, a.window.units[k + 1].start))) k++;
        const said = a.window.text.slice(w.start, a.window.units[k].end);
        out.push({
          check: nameMismatch.id, claimUnit: i, windowUnit: j, replacement: said, correctionKind: "name",
          reason: `the source names ${said}, not ${claimText(a, i)}`, substitution: true,
        });
        return;
      }
    });
    return out;
  },
};
