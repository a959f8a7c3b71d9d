/**
 * Quotations: the draft's quotation is compared word for word with the
 * source's quotation that it reproduces. `speakers.ts` compares who said it.
 */
import type { Analysis, Quote } from "../../nlp/analyze";
import type { Alignment } from "../align";
import type { Conflict, ConflictCheck } from "./types";

/** The words of a quotation, lower case, for comparing them. */
export const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((w) => w.replace(/’/g, "'"));

/**
 * What a writer may put into a quotation in place of the speaker's words: an
 * ellipsis for words left out ("...", "…", "[…]") and words of the writer's own
 * in square brackets ("[the port]").
 */
const GAP = /\[[^\]]*\]|…|(?:\.\s*){3}/u;

/**
 * Whether a quotation reproduces the source's words: each stretch of it
 * between gaps is a run of the source quotation's words, in order ("We
 * cannot keep turning away ... ships" of "We cannot keep turning away the
 * largest ships"). Words left out without an ellipsis are a misquotation.
 */
export function reproduces(claimQuote: string, sourceQuote: string): boolean {
  const source = ` ${words(sourceQuote).join(" ")} `;
  let from = 0;
  for (const stretch of claimQuote.split(GAP)) {
    const run = words(stretch).join(" ");
    if (!run) continue;
    const at = source.indexOf(` ${run} `, from);
    if (at < 0) return false;
    from = at + run.length + 1;
  }
  return true;
}

function overlap(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const setB = new Set(b);
  return a.filter((w) => setB.has(w)).length / a.length;
}

/** The source quotation that the claim's quotation reproduces, if any. */
export function bestQuote(claimQuote: Quote, window: Analysis): { quote: Quote; score: number } | undefined {
  const cw = words(claimQuote.text);
  if (cw.length < 3) return undefined;
  let best: { quote: Quote; score: number } | undefined;
  for (const q of window.quotes) {
    const qw = words(q.text);
    // The claim may quote part of a longer quotation.
    const score = overlap(cw, qw);
    if (score >= 0.6 && (!best || score > best.score)) best = { quote: q, score };
  }
  return best;
}

export const quoteMismatch: ConflictCheck<"quote-mismatch"> = {
  id: "quote-mismatch",
  description: "A quotation in the claim differs from the source's words.",
  docs: `A quotation in the draft differs from the source's quotation, word for word;
an ellipsis ("...", "…", "[…]") may mark words left out, and words in square
brackets are the writer's own, but nothing else may differ.
The quick fix uses the source's words.`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    for (const cq of a.claim.quotes) {
      const found = bestQuote(cq, a.window);
      if (!found || reproduces(cq.text, found.quote.text)) continue;
      out.push({
        check: quoteMismatch.id, claimUnit: -1, windowUnit: -1,
        claimSpan: { start: cq.start, end: cq.end }, windowSpan: { start: found.quote.start, end: found.quote.end },
        replacement: found.quote.text, correctionKind: "quote",
        reason: `the source's words are "${found.quote.text.replace(/\s+/g, " ")}"`,
        substitution: true,
      });
    }
    return out;
  },
};
