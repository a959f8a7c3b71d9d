/**
 * Who does what: whether the claim's subject is the subject of the window's
 * sentence, so that a figure, date or name the window gives there is the
 * claim's subject's and not someone else's. "NATO operates a 5,000-soldier
 * force" is not the source's "The CSTO … operates a 3,500-soldier force with a
 * structure resembling that of NATO" with one figure changed: NATO does not
 * operate that force. wink-nlp tags parts of speech but parses no syntax, so
 * the subject is read from word order: the noun or name right before the
 * claim's verb, hanging from no preposition.
 */
import type { Analysis, Unit } from "../nlp/analyze";
import { SENTENCE_BREAK, sameSentence, unitSimilarity, type Alignment } from "./align";
import type { Conflict } from "./checks";

const BE = new Set(["be", "is", "are", "was", "were", "been", "being", "'s", "’s", "'re", "’re"]);

/** Whether a verb is passive: a form of "be" right before it ("was", "was not", "is also"). */
function passive(an: Analysis, v: Unit): boolean {
  for (let t = v.token - 1; t >= 0 && t >= v.token - 3; t--) {
    const tok = an.tokens[t];
    if (BE.has(tok.lower)) return true;
    if (tok.pos !== "ADV" && tok.pos !== "PART") return false;
  }
  return false;
}

/** The preposition a unit's phrase hangs from ("of" in "that of NATO", "to" in "to China"), or "" for none. */
function governing(an: Analysis, u: Unit): string {
  for (let t = u.token - 1; t >= 0 && t >= u.token - 4; t--) {
    const tok = an.tokens[t];
    if (tok.pos === "ADP" || tok.lower === "to") return tok.lower;
    if (tok.pos === "DET" || tok.pos === "ADJ" || tok.pos === "PART" || tok.pos === "NUM") continue;
    return "";
  }
  return "";
}

/** Punctuation that sets a name apart from the verb after it: "Rod Temperton, who wrote …, has died". */
const APART = /[,;:()[\]—–"“”]/;

/**
 * Whether conflict `c`, a figure, date or name that differs, belongs in the
 * window to another subject than the claim's: the claim's subject (a noun or
 * name before its verb, in one clause) is matched in the window after that
 * verb, in the verb's sentence, and not as its agent ("… resembling that of
 * NATO", "… to China"). Then the claim is not the source with one thing
 * changed, and its figure is no contradiction the source's figure can correct.
 */
export function subjectElsewhere(a: Alignment, c: Conflict): boolean {
  if (c.claimUnit < 0 || c.windowUnit < 0 || c.claimSpan) return false;
  const units = a.claim.units;
  return units.some((u, k) => {
    const noun = u.kind === "name" || (u.kind === "word" && (u.pos === "NOUN" || u.pos === "PROPN"));
    if (!noun || k === c.claimUnit || a.match[k] < 0 || governing(a.claim, u) !== "") return false;
    let vi = k + 1;
    while (vi < units.length && units[vi].pos === "ADV") vi++;
    const v = units[vi];
    if (!v || v.pos !== "VERB" || a.match[vi] < 0 || vi === c.claimUnit) return false;
    // "the deal was signed": the subject of a passive verb is what the verb is done to.
    if (APART.test(a.claim.text.slice(u.end, v.start)) || passive(a.claim, v)) return false;
    const m = a.match[k];
    const mv = a.match[vi];
    if (!sameSentence(a.window, mv, c.windowUnit)) return false;
    // Matched in another sentence, the subject may still be named after the verb in the verb's own ("… a month to China").
    const after = sameSentence(a.window, mv, m) ? m : laterMention(a, u, mv);
    if (after < mv) return false;
    // "… is operated by the CSTO": the agent of a passive verb.
    return !(governing(a.window, a.window.units[after]) === "by" && passive(a.window, a.window.units[mv]));
  });
}

/** The first window unit after verb `mv`, in its sentence, that names what claim unit `u` names; -1 if none. */
function laterMention(a: Alignment, u: Unit, mv: number): number {
  const units = a.window.units;
  // Unit by unit, so a long window is read once: the sentence ends at the first gap with a sentence end
  // (the capital that opens the next sentence may be the unit's own first letter).
  for (let j = mv + 1; j < units.length && !SENTENCE_BREAK.test(a.window.text.slice(units[j - 1].end, units[j].start + 1)); j++) {
    if (unitSimilarity(u, units[j]) >= 0.9) return j;
  }
  return -1;
}
