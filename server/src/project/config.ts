/**
 * The project file, `.grounded.jsonc`: its keys, and the one parser and
 * validator that the CLI and the language server share. Pure: text in, the
 * settings and the problems (with their spans in the text) out. A problem never
 * throws; a file that does not parse gives no settings at all (the defaults),
 * a bad value drops only that key.
 *
 * `schemas/grounded.schema.json` describes the same keys for VS Code's JSON
 * validation; `test/projectConfig.test.ts` checks that the two agree.
 */
import { findNodeAtLocation, type Node, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { Span, Verdict } from "../engine";

export const CONFIG_FILE = ".grounded.jsonc";

export type SeverityName = "error" | "warning" | "information" | "hint" | "off";
export const SEVERITY_NAMES: readonly SeverityName[] = ["error", "warning", "information", "hint", "off"];
export type CitationStyleName = "footnote" | "pandoc" | "link";

/** The codes a project may turn off: the checks' ids and the citation checks. */
export const CHECK_CODES = [
  "number-mismatch", "date-mismatch", "name-mismatch", "quote-mismatch", "speaker-mismatch", "opposite", "negation",
  "unsupported", "unknown-citation", "cited-source-mismatch",
] as const;

/** A claim the team accepted by hand: its text (as the JSON report gives it) or its fingerprint, and why. */
export interface AcceptedClaim {
  claim?: string;
  fingerprint?: string;
  reason: string;
}

/** What a project file says; every key is optional, and editor settings fill in the rest. */
export interface ProjectSettings {
  /** Corpus folders or globs, as written (relative to the file's folder). */
  corpus?: string[];
  severity?: Partial<Record<Verdict, SeverityName>>;
  citationStyle?: CitationStyleName;
  /** A BibTeX, BibLaTeX or CSL-JSON file, as written (relative to the file's folder). */
  bibliography?: string;
  /** A bundled CSL style's name, or a .csl file as written (relative to the file's folder). */
  csl?: string;
  checkHeadings?: boolean;
  /** Codes whose findings are not reported. */
  disabledChecks?: string[];
  /** Globs of source files (relative to the file's folder) left out of the corpus. */
  ignoreSources?: string[];
  accepted?: AcceptedClaim[];
}

export interface ConfigProblem {
  /** Where in the file, as UTF-16 offsets. */
  span: Span;
  message: string;
  /** `error` when the file cannot be read as JSON (nothing of it is used); `warning` for a key that is dropped. */
  severity: "error" | "warning";
}

export interface ParsedConfig {
  settings: ProjectSettings;
  problems: ConfigProblem[];
}

const KEYS = ["$schema", "corpus", "severity", "citationStyle", "bibliography", "csl", "checkHeadings", "disabledChecks", "ignoreSources", "accepted"];

/** Parses and validates a project file's text. */
export function parseProjectConfig(text: string): ParsedConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\uFEFF/, " "), errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    return {
      settings: {},
      problems: errors.map((e) => ({
        span: { start: e.offset, end: e.offset + Math.max(1, e.length) },
        message: `${describeParseError(printParseErrorCode(e.error))}; the file is ignored until it is fixed`,
        severity: "error",
      })),
    };
  }
  if (!root || root.type !== "object") {
    return { settings: {}, problems: [{ span: root ? nodeSpan(root) : { start: 0, end: 0 }, message: "expected an object of settings; the file is ignored until it is fixed", severity: "error" }] };
  }
  const problems: ConfigProblem[] = [];
  const settings: ProjectSettings = {};
  const warn = (node: Node, message: string) => problems.push({ span: nodeSpan(node), message, severity: "warning" });

  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (!KEYS.includes(key)) {
      const near = KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      warn(keyNode, `unknown setting "${key}"${near ? ` (did you mean "${near}"?)` : ""}; expected one of ${KEYS.slice(1).join(", ")}`);
    }
  }
  const at = (key: string) => findNodeAtLocation(root, [key]);
  const value = (n: Node): unknown => nodeValue(n);

  const corpus = at("corpus");
  if (corpus) {
    const v = value(corpus);
    const list = typeof v === "string" ? [v] : v;
    if (Array.isArray(list) && list.length && list.every((p) => typeof p === "string" && p.trim())) settings.corpus = list as string[];
    else warn(corpus, `"corpus" must be a folder or a list of folders (or globs); using the editor's or the default corpus`);
  }

  const severity = at("severity");
  if (severity) {
    if (severity.type !== "object") warn(severity, `"severity" must be an object such as { "contradicted": "error" }`);
    else {
      settings.severity = {};
      for (const property of severity.children ?? []) {
        const [k, v] = property.children ?? [];
        if (!k || !v) continue;
        const verdict = k.value as string;
        if (verdict !== "contradicted" && verdict !== "unsupported" && verdict !== "supported") {
          warn(k, `unknown verdict "${verdict}" in "severity"; expected contradicted, unsupported or supported`);
        } else if (typeof v.value === "string" && (SEVERITY_NAMES as readonly string[]).includes(v.value)) {
          settings.severity[verdict] = v.value as SeverityName;
        } else {
          warn(v, `"severity.${verdict}" must be one of ${SEVERITY_NAMES.join(", ")}`);
        }
      }
    }
  }

  const style = at("citationStyle");
  if (style) {
    if (style.value === "footnote" || style.value === "pandoc" || style.value === "link") settings.citationStyle = style.value;
    else warn(style, `"citationStyle" must be footnote, pandoc or link`);
  }

  for (const key of ["bibliography", "csl"] as const) {
    const node = at(key);
    if (!node) continue;
    if (typeof node.value === "string" && node.value.trim()) settings[key] = node.value.trim();
    else warn(node, key === "csl" ? `"csl" must be apa, chicago-author-date or the path of a .csl file` : `"bibliography" must be the path of a .bib or CSL-JSON file`);
  }

  const headings = at("checkHeadings");
  if (headings) {
    if (typeof headings.value === "boolean") settings.checkHeadings = headings.value;
    else warn(headings, `"checkHeadings" must be true or false`);
  }

  const disabled = at("disabledChecks");
  if (disabled) {
    if (disabled.type !== "array") warn(disabled, `"disabledChecks" must be a list of codes, such as ["opposite"]`);
    else {
      settings.disabledChecks = [];
      for (const item of disabled.children ?? []) {
        if (typeof item.value === "string" && (CHECK_CODES as readonly string[]).includes(item.value)) settings.disabledChecks.push(item.value);
        else warn(item, `unknown check ${JSON.stringify(value(item))}; expected one of ${CHECK_CODES.join(", ")}`);
      }
    }
  }

  const ignore = at("ignoreSources");
  if (ignore) {
    if (ignore.type !== "array") warn(ignore, `"ignoreSources" must be a list of globs, such as ["corpus/drafts/**"]`);
    else {
      settings.ignoreSources = [];
      for (const item of ignore.children ?? []) {
        if (typeof item.value === "string" && item.value.trim()) settings.ignoreSources.push(item.value);
        else warn(item, `each entry of "ignoreSources" must be a glob`);
      }
    }
  }

  const accepted = at("accepted");
  if (accepted) {
    if (accepted.type !== "array") warn(accepted, `"accepted" must be a list of { "claim" or "fingerprint", "reason" }`);
    else {
      settings.accepted = [];
      for (const item of accepted.children ?? []) {
        const entry = value(item) as Record<string, unknown> | null;
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
          warn(item, `each accepted claim must be an object { "claim" or "fingerprint", "reason" }`);
          continue;
        }
        const unknown = Object.keys(entry).filter((k) => k !== "claim" && k !== "fingerprint" && k !== "reason");
        if (unknown.length) warn(item, `unknown key ${unknown.map((k) => `"${k}"`).join(", ")} in an accepted claim; expected claim, fingerprint, reason`);
        const claim = typeof entry.claim === "string" && entry.claim.trim() ? entry.claim : undefined;
        const fingerprint = typeof entry.fingerprint === "string" && entry.fingerprint.trim() ? entry.fingerprint : undefined;
        const reason = typeof entry.reason === "string" ? entry.reason.trim() : "";
        if (!claim && !fingerprint) warn(item, `an accepted claim needs its "claim" text or its "fingerprint"`);
        else if (!reason) warn(item, `an accepted claim needs a "reason": why the team accepts it`);
        else settings.accepted.push({ ...(claim ? { claim } : {}), ...(fingerprint ? { fingerprint } : {}), reason });
      }
    }
  }
  return { settings, problems };
}

function nodeSpan(n: Node): Span {
  return { start: n.offset, end: n.offset + n.length };
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case "object":
      return Object.fromEntries((n.children ?? []).map((p) => [p.children?.[0]?.value as string, p.children?.[1] ? nodeValue(p.children[1]) : undefined]));
    case "array":
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

/** jsonc-parser's codes (`CommaExpected`) as words (`a comma is expected`). */
function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const m = /^(.*) expected$/.exec(words);
  return m ? `${/^[aeiou]/.test(m[1]) ? "an" : "a"} ${m[1]} is expected here` : words;
}
