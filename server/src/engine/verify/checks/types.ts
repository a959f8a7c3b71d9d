/** The shape every disagreement check shares. */
import type { Alignment } from "../align";
import type { Correction } from "../../findings";

export interface Conflict {
  /** The check's id: also the diagnostic code. */
  check: string;
  /** Index of the disagreeing claim unit, or -1 when the claim has none (a negation in the source). */
  claimUnit: number;
  /** Index of the disagreeing window unit. */
  windowUnit: number;
  /** The disagreeing words of the claim when they are not one unit (a quotation). */
  claimSpan?: { start: number; end: number };
  /** The source's words when they are not one unit. */
  windowSpan?: { start: number; end: number };
  /** What the source says instead, for a correction quick fix. */
  replacement?: string;
  correctionKind?: Correction["kind"];
  /** A short sentence for the writer, e.g. "the source says 3,500, not 5,000". */
  reason: string;
  /** A figure, date or name in the same place: the claim is the source with one thing changed. */
  substitution: boolean;
}

export interface ConflictCheck {
  id: string;
  /** One line for the README and hovers. */
  description: string;
  detect(a: Alignment): Conflict[];
}

/** The source words of a window unit. */
export function windowText(a: Alignment, j: number): string {
  const u = a.window.units[j];
  return a.window.text.slice(u.start, u.end).replace(/\s+/g, " ");
}

/** The claim words of a claim unit. */
export function claimText(a: Alignment, i: number): string {
  const u = a.claim.units[i];
  return a.claim.text.slice(u.start, u.end).replace(/\s+/g, " ");
}
