/**
 * Diagnostic codes that are not checks: a verdict of support, and the
 * editor's notices. They have README anchors like the checks, but no project
 * can turn them off.
 */
import type { CodeInfo } from "./types";

export const supported: CodeInfo = {
  id: "supported",
  description: "A source passage says what the claim says.",
  docs: `A passage says what the claim says, perhaps in other words. Synonyms come from
WordNet. Acronyms and spelling variants are learned from the corpus. Relative
dates in the source are resolved against the article's date. A pronoun may be
resolved by the sentence before. Every name, figure and date of the claim must
be found.`,
};

export const projectFile: CodeInfo = {
  id: "project-file",
  description: "A problem in a .grounded.jsonc project file.",
  docs: `A problem in a \`.grounded.jsonc\`, shown on the file itself: an error where it
does not parse (the file is then ignored), a warning on an unknown key or a
value of the wrong type (that key is ignored).`,
};

export const tooManyClaims: CodeInfo = {
  id: "too-many-claims",
  description: "A document has more findings than grounded.maxDiagnostics.",
  docs: `A document has more findings than \`grounded.maxDiagnostics\`. This message
says how many are not shown.`,
};
