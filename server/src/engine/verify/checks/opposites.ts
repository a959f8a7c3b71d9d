/** Opposite words about the same event: "increase" / "decrease", "went ahead" / "fell through". */
import { areOpposites } from "../../nlp/lexicon";
import type { Alignment } from "../align";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

export const opposite: ConflictCheck = {
  id: "opposite",
  description: "The claim uses the opposite of the source's word for the same thing (increase/decrease, join/leave, went ahead/fell through).",
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (a.match[i] >= 0 || c.kind === "name" || c.kind === "number" || c.kind === "date") return;
      a.window.units.forEach((w, j) => {
        if (out.length || a.used[j] || w.kind === "name" || w.kind === "number" || w.kind === "date") return;
        const outcomes = c.kind === "outcome" && w.kind === "outcome" && c.polarity !== undefined && c.polarity === -(w.polarity ?? 0);
        const words = !c.negated && !w.negated && areOpposites(c.lemma, w.lemma);
        if (!outcomes && !words) return;
        out.push({
          check: "opposite", claimUnit: i, windowUnit: j,
          replacement: windowText(a, j), correctionKind: "word",
          reason: `the source says "${windowText(a, j)}", not "${claimText(a, i)}"`,
          substitution: false,
        });
      });
    });
    return out;
  },
};
