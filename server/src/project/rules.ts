/**
 * What a project decides about findings, in one place for the CLI and the
 * language server: claim fingerprints, checks turned off, and claims accepted
 * by hand.
 */
import { createHash } from "node:crypto";
import { foldClaimText, type Finding } from "../engine";
import type { AcceptedClaim } from "./config";
import { relativeIfInside } from "./paths";

/** A claim's text as fingerprints and accepted claims compare it: case, quotes, dashes and spacing folded. */
export const normalizeClaim = foldClaimText;

/**
 * A claim's identity across edits elsewhere in the file: the file (relative to
 * the project root, with `/`), the check's code and the normalised text. The
 * line is left out, so a moved claim keeps its fingerprint; an edited figure
 * changes the text, hence the fingerprint.
 */
export function claimFingerprint(path: string, code: string, text: string): string {
  const file = path.replace(/\\/g, "/").replace(/^\.\//, "");
  return createHash("sha256").update(`grounded/v1\u0000${file}\u0000${code}\u0000${normalizeClaim(text)}`).digest("hex").slice(0, 20);
}

/** The accepted entry that covers a claim, by fingerprint or by its text. */
export function acceptedEntry(accepted: readonly AcceptedClaim[] | undefined, text: string, fingerprint: string): AcceptedClaim | undefined {
  if (!accepted?.length) return undefined;
  const norm = normalizeClaim(text);
  return accepted.find((a) => a.fingerprint === fingerprint || (a.claim !== undefined && normalizeClaim(a.claim) === norm));
}

/** What a project says about its drafts' findings. */
export interface ProjectRules {
  /** The folder fingerprints are relative to: the project file's, else the workspace folder or the current folder. */
  root: string;
  disabledChecks: readonly string[];
  accepted: readonly AcceptedClaim[];
}

/** What the rules decide about one finding. */
export interface Ruling {
  fingerprint: string;
  /** Its check is turned off: not shown, never failing a run. */
  checkOff: boolean;
  /** Accepted in the project file, with the team's reason (never a supported claim, nor one whose check is off). */
  accepted?: string;
}

/** A draft's path as fingerprints use it: relative to the rules' root when inside it, with `/`. */
export function projectPath(documentPath: string, rules: Pick<ProjectRules, "root">): string {
  return relativeIfInside(rules.root, documentPath);
}

/** The project's ruling on one finding of the draft at `path` (as `projectPath` gives it). */
export function rule(finding: Pick<Finding, "code" | "text" | "verdict">, rules: ProjectRules, path: string): Ruling {
  const fingerprint = claimFingerprint(path, finding.code, finding.text);
  const checkOff = rules.disabledChecks.includes(finding.code);
  if (checkOff || finding.verdict === "supported") return { fingerprint, checkOff };
  const entry = acceptedEntry(rules.accepted, finding.text, fingerprint);
  return entry ? { fingerprint, checkOff, accepted: entry.reason } : { fingerprint, checkOff };
}
