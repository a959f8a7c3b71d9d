/**
 * What a project decides about findings, shared by the CLI and the language
 * server: claim fingerprints, checks turned off, and claims accepted by hand.
 */
import { createHash } from "node:crypto";
import type { AcceptedClaim } from "./config";

/** A claim's text as fingerprints and accepted claims compare it: case, quotes, dashes and spacing folded. */
export function normalizeClaim(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

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
