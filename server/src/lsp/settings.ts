/** Settings per resource, validated: a wrong type or unknown value falls back to the default with a message. */
import type { CitationStyle } from "../engine/edits/citations";
import type { AcceptedClaim, SeverityName } from "../project/config";

export type { SeverityName };

export interface Settings {
  corpusPaths: string[];
  severity: { contradicted: SeverityName; unsupported: SeverityName; supported: SeverityName };
  citationStyle: CitationStyle;
  /** `grounded.bibliography`: a BibTeX, BibLaTeX or CSL-JSON file ("" for none; the draft's front matter may name one). */
  bibliography: string;
  /** `grounded.citation.csl`: a bundled CSL style's name or a .csl file ("" for Grounded's own format). */
  citationCsl: string;
  checkHeadings: boolean;
  maxDiagnostics: number;
  debounceMs: number;
  /** From `.grounded.jsonc` only: codes whose findings are not shown. */
  disabledChecks: string[];
  /** From `.grounded.jsonc` only: absolute globs of source files left out of the corpus. */
  ignoreSources: string[];
  /** From `.grounded.jsonc` only: claims accepted by hand, shown as hints with their reason. */
  accepted: AcceptedClaim[];
  /** The folder of the project file the settings came from, if any; fingerprints are relative to it. */
  projectRoot?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  corpusPaths: ["corpus"],
  severity: { contradicted: "warning", unsupported: "information", supported: "hint" },
  citationStyle: "footnote",
  bibliography: "",
  citationCsl: "",
  checkHeadings: false,
  maxDiagnostics: 1000,
  debounceMs: 300,
  disabledChecks: [],
  ignoreSources: [],
  accepted: [],
};

const SEVERITIES = ["error", "warning", "information", "hint", "off"];

/** Reads the `grounded` section as the client sends it; collects a message for each bad value. */
export function validateSettings(raw: unknown, problems: string[] = []): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (raw === null || raw === undefined) return s;
  if (typeof raw !== "object") {
    problems.push(`grounded: settings must be an object; using the defaults`);
    return s;
  }
  const r = raw as Record<string, unknown>;
  const get = (path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), r);
  const bad = (name: string, value: unknown, expected: string) =>
    problems.push(`grounded.${name}: ${JSON.stringify(value)} is not ${expected}; using the default`);

  const paths = get("corpus.paths");
  if (paths !== undefined) {
    if (Array.isArray(paths) && paths.every((p) => typeof p === "string" && p.trim())) s.corpusPaths = paths as string[];
    else if (typeof paths === "string" && paths.trim()) s.corpusPaths = [paths];
    else bad("corpus.paths", paths, "a list of folders");
  }
  for (const v of ["contradicted", "unsupported", "supported"] as const) {
    const value = get(`severity.${v}`);
    if (value === undefined) continue;
    if (typeof value === "string" && SEVERITIES.includes(value)) s.severity[v] = value as SeverityName;
    else bad(`severity.${v}`, value, `one of ${SEVERITIES.join(", ")}`);
  }
  const style = get("citation.style");
  if (style !== undefined) {
    if (style === "footnote" || style === "pandoc" || style === "link") s.citationStyle = style;
    else bad("citation.style", style, "footnote, pandoc or link");
  }
  for (const [name, key] of [["bibliography", "bibliography"], ["citation.csl", "citationCsl"]] as const) {
    const value = get(name);
    if (value === undefined) continue;
    if (typeof value === "string") s[key] = value.trim();
    else bad(name, value, "a path (or, for citation.csl, apa or chicago-author-date)");
  }
  const headings = get("check.headings");
  if (headings !== undefined) {
    if (typeof headings === "boolean") s.checkHeadings = headings;
    else bad("check.headings", headings, "true or false");
  }
  const max = get("maxDiagnostics");
  if (max !== undefined) {
    if (typeof max === "number" && Number.isInteger(max) && max > 0) s.maxDiagnostics = max;
    else bad("maxDiagnostics", max, "a positive whole number");
  }
  const debounce = get("debounceMs");
  if (debounce !== undefined) {
    if (typeof debounce === "number" && debounce >= 0 && debounce <= 10_000) s.debounceMs = debounce;
    else bad("debounceMs", debounce, "a number of milliseconds between 0 and 10000");
  }
  return s;
}
