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
export const CONFLICT_CHECKS: readonly ConflictCheck[] = [quoteMismatch, speakerMismatch, numberMismatch, dateMismatch, nameMismatch, opposite, negation];

/** The checks of citations the writer made, in order: the first that reports a citation decides it. */
export const CITATION_CHECKS: readonly CitationCheck[] = [unknownCitation, citedSourceMismatch];

/** Every check a project may turn off (`disabledChecks`). */
export const CHECKS: readonly CodeInfo[] = [
  numberMismatch, dateMismatch, nameMismatch, quoteMismatch, speakerMismatch, opposite, negation, unsupported, ...CITATION_CHECKS,
];

/** Every diagnostic code, in the README's order: the verdicts, the checks, and the codes no project turns off. */
export const CODES: readonly CodeInfo[] = [supported, unsupported, ...CHECKS.filter((c) => c !== unsupported), projectFile, tooManyClaims];

/** The ids of `CHECKS`, for validating `disabledChecks`. */
export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

/** Where the codes are documented: the README, one section per code (the code is its anchor). */
export const DOCS_URL = "https://github.com/grounded-writing/grounded-writing/blob/main/README.md";

/** The documentation of one code. */
export function docsUrl(code: string): string {
  return `${DOCS_URL}#${code}`;
}

export type { CitationCheck, CitationContext, CodeInfo, Conflict, ConflictCheck } from "./types";
