/**
 * No passage says what the claim says. The verifier (`verify.ts`) decides it
 * when no window supports or contradicts the claim; this file documents the code.
 */
import type { CodeInfo } from "./types";

export const unsupported: CodeInfo<"unsupported"> = {
  id: "unsupported",
  description: "No source passage says what the claim says.",
  docs: `No passage says it. The reason names the closest passage and what it lacks,
or, where it has another noun or verb in the place of one of the claim's, both
words: the passage says "hospitals" where the claim says "schools".`,
};
