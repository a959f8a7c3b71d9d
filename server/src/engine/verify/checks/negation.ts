/** The source says the claim's predicate is not so, or the other way round. */
import { slotCandidates, type Alignment } from "../align";
import type { Analysis, Unit } from "../../nlp/analyze";
import { WARNING_WORDS } from "../../nlp/lexicon";
import { claimText, windowText, type Conflict, type ConflictCheck } from "./types";

const PREDICATE = new Set(["ADJ", "VERB", "NOUN"]);

export const negation: ConflictCheck<"negation"> = {
  id: "negation",
  description: "The source negates what the claim asserts (or asserts what the claim negates).",
  docs: `The source negates what the claim asserts, or asserts what it negates ("did not
strike" against "went on strike"; "have no brains" against "are wise").`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (c.kind === "number" || c.kind === "date") return;
      const j = a.match[i];
      // A name can be negated too: "neither Belarus nor Kazakhstan has…", "no Russian official…".
      if (c.kind === "name" && j < 0) return;
      if (j >= 0) {
        const w = a.window.units[j];
        if (w.negated !== c.negated && a.similarity[i] >= 0.9 && inPlace(a, i) && !inWarning(a.claim, c) && !inWarning(a.window, w)) {
          out.push({
            check: negation.id, claimUnit: i, windowUnit: j,
            reason: w.negated
              ? `the source says the opposite: "${sourcePhrase(a, j)}"`
              : `the source says "${windowText(a, j)}", without the claim's negation`,
            substitution: false,
          });
        }
        return;
      }
      // Only a predicate word ("wise", "attend") can be what a negation stands in place of; never a title or a name.
      if (c.negated || c.kind !== "word" || !PREDICATE.has(c.pos ?? "")) return;
      // "are wise" where the source has "have no brains": only when that word is
      // the one thing of weight the source does not say, so the negation stands in its place.
      const unmatched = a.claim.units.filter((u, k) => a.match[k] < 0 && u.weight >= 0.5);
      if (unmatched.length !== 1) return;
      // The negated word must be the one that stands in the claim word's place: the
      // first word of weight there ("the tip of the famous attraction, and it didn't
      // stop there" does not negate "the tip of the tower").
      for (const k of slotCandidates(a, i, 3)) {
        const w = a.window.units[k];
        if (w.weight < 0.5) continue;
        if (!w.negated || w.kind === "name" || w.kind === "number") return;
        out.push({
          check: negation.id, claimUnit: i, windowUnit: k,
          reason: `the source says "${sourcePhrase(a, k)}", not "${claimText(a, i)}"`,
          substitution: false,
        });
        return;
      }
    });
    return out;
  },
};

/**
 * Whether claim unit `i`'s match stands where the claim puts it: within a few
 * units of the match of a neighbouring claim unit. A word said again in
 * another clause ("no fans present … after the club backed their fans") is
 * not the claim's predicate turned round.
 */
function inPlace(a: Alignment, i: number, reach = 4): boolean {
  const j = a.match[i];
  const near = [a.match[i - 1], a.match[i + 1]].filter((m): m is number => m !== undefined && m >= 0);
  return !near.length || near.some((m) => Math.abs(m - j) <= reach);
}

/**
 * Whether a unit is what a warning is about ("a warning about wasting time",
 * "warned against raising taxes"): its polarity is the warning's, not asserted.
 */
function inWarning(an: Analysis, u: Unit): boolean {
  const tokens = an.tokens;
  for (let k = u.token - 1; k >= 1 && k >= u.token - 3; k--) {
    if (ABOUT.has(tokens[k].lower) && (WARNING_WORDS.has(tokens[k - 1].lemma) || WARNING_WORDS.has(tokens[k - 1].lower))) return true;
  }
  return false;
}

const ABOUT = new Set(["about", "against", "of", "over"]);

/** The negated words of the source with their negation ("no brains"). */
function sourcePhrase(a: Alignment, j: number): string {
  const w = a.window.units[j];
  const before = a.window.negations.filter((n) => n < w.start).pop();
  const start = before !== undefined && w.start - before < 40 ? before : w.start;
  return a.window.text.slice(start, w.end).replace(/\s+/g, " ");
}
