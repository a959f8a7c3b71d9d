/** Opposite words about the same event: "increase" / "decrease", "went ahead" / "fell through". */
import { areOpposites } from "../../nlp/lexicon";
import { nearCandidates, sameSentence, type Alignment } from "../align";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

export const opposite: ConflictCheck<"opposite"> = {
  id: "opposite",
  description: "The claim uses the opposite of the source's word for the same thing (increase/decrease, join/leave, went ahead/fell through).",
  docs: `The claim uses the opposite of the source's word for the same thing: increase
and decrease, join and leave, accepted and rejected, formal and informal, went
ahead and fell through. The opposites come from WordNet, from a short list of
general English pairs, and from negating prefixes (un-, in-, non-…).`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (a.match[i] >= 0 || c.kind === "name" || c.kind === "number" || c.kind === "date") return;
      // The opposite word must stand near the claim word's neighbours, not anywhere in the window; an outcome
      // ("went ahead", "fell through") is said of the whole event, so anywhere in a sentence the claim's words are matched in.
      const candidates = c.kind === "outcome" ? outcomeCandidates(a) : nearCandidates(a, i);
      for (const j of candidates) {
        const w = a.window.units[j];
        if (out.length || w.kind === "name" || w.kind === "number" || w.kind === "date") continue;
        const outcomes = c.kind === "outcome" && w.kind === "outcome" && c.polarity !== undefined && c.polarity === -(w.polarity ?? 0);
        const words = !c.negated && !w.negated && areOpposites(c.lemma, w.lemma);
        if (!outcomes && !words) continue;
        out.push({
          check: opposite.id, claimUnit: i, windowUnit: j,
          replacement: windowText(a, j), correctionKind: "word",
          reason: `the source says "${windowText(a, j)}", not "${claimText(a, i)}"`,
          substitution: false,
        });
      }
    });
    return out;
  },
};

/** The window's outcome units not matched by the claim, in a sentence where at least two of the claim's units are matched. */
function outcomeCandidates(a: Alignment): number[] {
  const matched = a.match.filter((m) => m >= 0);
  return a.window.units.flatMap((u, j) =>
    u.kind === "outcome" && !a.used[j] && matched.filter((m) => sameSentence(a.window, m, j)).length >= 2 ? [j] : []);
}
