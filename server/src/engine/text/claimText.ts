/**
 * A claim's text folded for comparison: Unicode-normalised, lower case, curly
 * quotes and dashes as ASCII ones, white space as single spaces. Fingerprints
 * and accepted claims (`project/rules.ts`) and ignore comments
 * (`markdown/ignore.ts`) compare claims through it.
 */
export function foldClaimText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}
