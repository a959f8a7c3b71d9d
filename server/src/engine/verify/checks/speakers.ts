/** Quotations given to someone other than the person the source says said them. */
import type { Analysis, Quote, Unit } from "../../nlp/analyze";
import { SAYING_VERBS } from "../../nlp/lexicon";
import type { Alignment } from "../align";
import { bestQuote, reproduces } from "./quotes";
import type { Conflict, ConflictCheck } from "./types";

/**
 * Who says a quotation: the name just before a verb of saying ("Peskov said")
 * or the last name of the phrase just after it ("said Putin spokesman Dmitry
 * Peskov"). A pronoun ("she said") leaves the speaker unknown.
 */
export function speakerOf(a: Analysis, quote: Quote): Unit | undefined {
  const unitAt = (tokenIndex: number) => {
    const t = a.tokens[tokenIndex];
    return t ? a.units.find((u) => u.kind === "name" && !u.quoted && u.start <= t.start && t.end <= u.end) : undefined;
  };
  // Only the verb of saying nearest the quotation, within a few words of it.
  const distance = (i: number) => {
    const t = a.tokens[i];
    return t.start >= quote.end ? t.start - quote.end : quote.start - t.end;
  };
  const verbs = a.tokens
    .map((t, i) => i)
    .filter((i) => {
      const t = a.tokens[i];
      return (SAYING_VERBS.has(t.lemma) || SAYING_VERBS.has(t.lower)) && !(t.start >= quote.start && t.start < quote.end) && distance(i) >= 0 && distance(i) < 60;
    })
    .sort((x, y) => distance(x) - distance(y))
    .slice(0, 1);
  for (const s of verbs) {
    const before = unitAt(s - 1) ?? (a.tokens[s - 1]?.pos === "ADV" ? unitAt(s - 2) : undefined);
    if (before) return before;
    let last: Unit | undefined;
    for (let k = s + 1; k < a.tokens.length && k <= s + 6; k++) {
      const u = unitAt(k);
      if (u) last = u;
      else if (!a.tokens[k].isWord || a.tokens[k].pos === "ADP" || a.tokens[k].pos === "PRON") break;
    }
    if (last) return last;
  }
  return undefined;
}

function sameName(a: string, b: string): boolean {
  const pa = a.toLowerCase().split(/\s+/);
  const pb = b.toLowerCase().split(/\s+/);
  return pa.every((w) => pb.includes(w)) || pb.every((w) => pa.includes(w));
}

export const speakerMismatch: ConflictCheck<"speaker-mismatch"> = {
  id: "speaker-mismatch",
  description: "A quotation in the claim is given to someone other than the source's speaker.",
  docs: `A quotation is attributed to someone other than the person the source says
said it.`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    for (const cq of a.claim.quotes) {
      const found = bestQuote(cq, a.window);
      // A quotation whose words differ is quote-mismatch's; only the same words can have another speaker.
      if (!found || !reproduces(cq.text, found.quote.text)) continue;
      const claimSpeaker = speakerOf(a.claim, cq);
      const sourceSpeaker = speakerOf(a.window, found.quote);
      if (!claimSpeaker || !sourceSpeaker) continue;
      const said = a.window.text.slice(sourceSpeaker.start, sourceSpeaker.end);
      const claimed = a.claim.text.slice(claimSpeaker.start, claimSpeaker.end);
      if (sameName(said, claimed) || sourceSpeaker.key === claimSpeaker.key) continue;
      out.push({
        check: speakerMismatch.id, claimUnit: a.claim.units.indexOf(claimSpeaker), windowUnit: a.window.units.indexOf(sourceSpeaker),
        replacement: said, correctionKind: "name",
        reason: `the source says ${said} said this, not ${claimed}`,
        substitution: true,
      });
    }
    return out;
  },
};
