/**
 * The registry of checks. Each check is one file of this folder that exports
 * its id (the diagnostic code, the `disabledChecks` name, the SARIF rule id,
 * the schema's enum value and the README's anchor), its description, its
 * README paragraph and its detector. Everything that lists codes reads it from
 * here; `scripts/generate.ts` writes the schema's enum and the README's section.
 */
import { citedSourceMismatch } from "./citedSourceMismatch";
import { projectFile, supported, tooManyClaims } from "./codes";
import { dateMismatch } from "./dates";
import { nameMismatch } from "./names";
import { negation } from "./negation";
import { numberMismatch } from "./numbers";
import { opposite } from "./opposites";
import { quoteMismatch } from "./quotes";
import { speakerMismatch } from "./speakers";
import type { CitationCheck, CodeInfo, ConflictCheck } from "./types";
import { unknownCitation } from "./unknownCitation";
import { unsupported } from "./unsupported";

/**
 * The disagreement checks the verifier runs on every window, in priority
 * order: a changed quotation, figure, date or name is the most specific reason
 * a writer can act on.
 */
export const CONFLICT_CHECKS = [quoteMismatch, speakerMismatch, numberMismatch, dateMismatch, nameMismatch, opposite, negation] as const satisfies readonly ConflictCheck[];

/** The id of a disagreement check: a `Conflict`'s `check`, and what the verdict model's per-check features and thresholds are named by. */
export type ConflictCheckId = (typeof CONFLICT_CHECKS)[number]["id"];

/** The checks of citations the writer made, in order: the first that reports a citation decides it. */
export const CITATION_CHECKS = [unknownCitation, citedSourceMismatch] as const satisfies readonly CitationCheck[];

const CHECK_LIST = [
  numberMismatch, dateMismatch, nameMismatch, quoteMismatch, speakerMismatch, opposite, negation, unsupported, ...CITATION_CHECKS,
] as const satisfies readonly CodeInfo[];

/** The id of a check a project may turn off. */
export type CheckId = (typeof CHECK_LIST)[number]["id"];

/** Every check a project may turn off (`disabledChecks`), in the README's order. */
export const CHECKS: readonly CodeInfo[] = CHECK_LIST;

/** Every diagnostic code, in the README's order: the verdicts, the checks, and the codes no project turns off. */
export const CODES: readonly CodeInfo[] = [supported, unsupported, ...CHECKS.filter((c) => c !== unsupported), projectFile, tooManyClaims];

/** The ids of `CHECKS`, for validating `disabledChecks` (strings from a project file). */
export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

const conflictIds: ReadonlySet<string> = new Set(CONFLICT_CHECKS.map((c) => c.id));

/** Whether a string (from model.json, say) is the id of a disagreement check. */
export function isConflictCheckId(id: string): id is ConflictCheckId {
  return conflictIds.has(id);
}

/**
 * The ids of the disagreement checks in the order of `CHECKS` (the README's),
 * not their priority: the order of the verdict model's features that name
 * them, and so of model.json's weights and per-check thresholds.
 */
export const CONFLICT_CHECK_IDS: readonly ConflictCheckId[] = CHECKS.flatMap((c) => (isConflictCheckId(c.id) ? [c.id] : []));

/** Where the codes are documented: the README, one section per code (the code is its anchor). */
export const DOCS_URL = "https://github.com/grounded-writing/grounded-writing/blob/main/README.md";

/** The documentation of one code. */
export function docsUrl(code: string): string {
  return `${DOCS_URL}#${code}`;
}

export type { CitationCheck, CitationContext, CodeInfo, Conflict, ConflictCheck } from "./types";
