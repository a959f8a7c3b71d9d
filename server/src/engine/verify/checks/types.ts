/** The shapes every check of the registry shares (see `index.ts`). */
import type { Alignment } from "../align";
import type { CitationFinding, CitationMarker, Correction, Finding } from "../../findings";
import type { Article } from "../../types";
import type { ConflictCheckId } from "./index";

export type { ConflictCheckId };

/**
 * What every diagnostic code documents about itself. The `id` is the
 * diagnostic code, the `disabledChecks` name, the SARIF rule id, the JSON
 * schema's enum value and the README's anchor: `scripts/generate.ts` writes
 * the schema's enum and the README's section from these, and
 * `test/checks.test.ts` checks that they agree.
 */
export interface CodeInfo<Id extends string = string> {
  /** A literal type in each check's file (`ConflictCheck<"number-mismatch">`), so the registry's ids are a union type (`index.ts`). */
  id: Id;
  /** One line: SARIF's short description. */
  description: string;
  /** The README's paragraph under the code's heading (Markdown). */
  docs: string;
}

export interface Conflict {
  /** The id of the check that found it: also the diagnostic code. */
  check: ConflictCheckId;
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

/** A check of a claim against one aligned window of source text: the verifier runs every one on every window. */
export interface ConflictCheck<Id extends string = string> extends CodeInfo<Id> {
  detect(a: Alignment): Conflict[];
}

/** A citation the writer made, with the finding of its sentence and the article its key resolved to (if any). */
export interface CitationContext {
  marker: CitationMarker;
  finding: Finding;
  article: Article | undefined;
  /** Whether the key is an entry of the draft's bibliography (which, with no article, matches no source). */
  inBibliography: boolean;
}

/** A check of a citation the writer already made; the first check that reports a citation decides it. */
export interface CitationCheck<Id extends string = string> extends CodeInfo<Id> {
  detect(c: CitationContext): CitationFinding | undefined;
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
