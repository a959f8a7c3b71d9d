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
import { dirname, join, relative, resolve } from "node:path";
import { LineIndex, type Span, type Verdict } from "../engine";
import { CHECK_IDS } from "../engine/verify/checks";
import { isInside } from "./paths";
import { type CitationStyleName, placeProjectPaths, SETTINGS, type SeverityName, VERDICTS } from "./settings";
import { readText, type Workspace } from "./workspace";

export type { CitationStyleName, SeverityName } from "./settings";

export const CONFIG_FILE = ".grounded.jsonc";

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

type Warn = (node: Node, message: string) => void;

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
  const warn: Warn = (node, message) => problems.push({ span: nodeSpan(node), message, severity: "warning" });
  checkKeys(root, warn);
  readValues(root, settings, warn);
  readLists(root, settings, warn);
  return { settings, problems };
}

/** An unknown key is a warning, with the key it was probably meant to be. */
function checkKeys(root: Node, warn: Warn): void {
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (KEYS.includes(key)) continue;
    const near = KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    warn(keyNode, `unknown setting "${key}"${near ? ` (did you mean "${near}"?)` : ""}; expected one of ${KEYS.slice(1).join(", ")}`);
  }
}

/** The settings with one value each, validated by the settings model (`settings.ts`). */
function readValues(root: Node, settings: ProjectSettings, warn: Warn): void {
  const severity = findNodeAtLocation(root, ["severity"]);
  if (severity && severity.type !== "object") warn(severity, `"severity" must be an object such as { "contradicted": "error" }`);
  if (severity?.type === "object") settings.severity = {};
  for (const property of severity?.type === "object" ? (severity.children ?? []) : []) {
    const k = property.children?.[0];
    if (k && !(VERDICTS as readonly string[]).includes(k.value as string)) {
      warn(k, `unknown verdict "${k.value}" in "severity"; expected contradicted, unsupported or supported`);
    }
  }
  for (const spec of SETTINGS) {
    if (!spec.project) continue;
    const path = spec.project.split(".");
    if (path[0] === "severity" && severity?.type !== "object") continue;
    const node = findNodeAtLocation(root, path);
    if (!node) continue;
    const value = spec.parse(nodeValue(node));
    if (value === undefined) warn(node, `"${spec.project}" must be ${spec.expected}`);
    else if (path[0] === "severity") settings.severity![path[1] as Verdict] = value as SeverityName;
    else (settings as Record<string, unknown>)[spec.project] = value;
  }
}

/**
 * A list of the project file, item by item: `item` gives an item's value, or
 * warns and gives none, so that a bad item is dropped and the others kept.
 * Undefined when the key is absent or not a list (with a warning).
 */
function readList<T>(root: Node, key: string, example: string, warn: Warn, item: (node: Node) => T[]): T[] | undefined {
  const list = findNodeAtLocation(root, [key]);
  if (!list) return undefined;
  if (list.type === "array") return (list.children ?? []).flatMap(item);
  warn(list, `"${key}" must be a list of ${example}`);
  return undefined;
}

/** The project file's lists: checks turned off, sources left out, claims accepted. */
function readLists(root: Node, settings: ProjectSettings, warn: Warn): void {
  const disabled = readList(root, "disabledChecks", `codes, such as ["opposite"]`, warn, (item) => {
    if (typeof item.value === "string" && CHECK_IDS.includes(item.value)) return [item.value];
    warn(item, `unknown check ${JSON.stringify(nodeValue(item))}; expected one of ${CHECK_IDS.join(", ")}`);
    return [];
  });
  const ignore = readList(root, "ignoreSources", `globs, such as ["corpus/drafts/**"]`, warn, (item) => {
    if (typeof item.value === "string" && item.value.trim()) return [item.value as string];
    warn(item, `each entry of "ignoreSources" must be a glob`);
    return [];
  });
  const accepted = readList(root, "accepted", `{ "claim" or "fingerprint", "reason" }`, warn, (item) => acceptedClaim(item, warn));
  if (disabled) settings.disabledChecks = disabled;
  if (ignore) settings.ignoreSources = ignore;
  if (accepted) settings.accepted = accepted;
}

/** One entry of `accepted`, or none (with a warning) when it lacks its claim or its reason. */
function acceptedClaim(item: Node, warn: Warn): AcceptedClaim[] {
  const entry = nodeValue(item) as Record<string, unknown> | null;
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
    warn(item, `each accepted claim must be an object { "claim" or "fingerprint", "reason" }`);
    return [];
  }
  const unknown = Object.keys(entry).filter((k) => k !== "claim" && k !== "fingerprint" && k !== "reason");
  if (unknown.length) warn(item, `unknown key ${unknown.map((k) => `"${k}"`).join(", ")} in an accepted claim; expected claim, fingerprint, reason`);
  const claim = typeof entry.claim === "string" && entry.claim.trim() ? entry.claim : undefined;
  const fingerprint = typeof entry.fingerprint === "string" && entry.fingerprint.trim() ? entry.fingerprint : undefined;
  const reason = typeof entry.reason === "string" ? entry.reason.trim() : "";
  if (!claim && !fingerprint) warn(item, `an accepted claim needs its "claim" text or its "fingerprint"`);
  else if (!reason) warn(item, `an accepted claim needs a "reason": why the team accepts it`);
  else return [{ ...(claim ? { claim } : {}), ...(fingerprint ? { fingerprint } : {}), reason }];
  return [];
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

/** A project file as the CLI reads it: its settings, with its paths (corpus, bibliography, a style's file) relative to the current folder. */
export interface ProjectConfig extends ProjectSettings {
  /** The file the settings came from. */
  file?: string;
  /** The file's folder: ignored sources and fingerprints are relative to it. */
  dir?: string;
  /** Every problem of the file, as `file:line:col: message`. */
  messages?: string[];
  /** The first problem that makes the file unusable (it does not parse, or cannot be read); the caller reports it. */
  problem?: string;
}

/** The nearest project file from the folder `from` upwards, not above `stopAt` when given (the editor's workspace folder). */
export async function findProjectConfig(from: string, ws: Pick<Workspace, "exists">, stopAt?: string): Promise<string | undefined> {
  let dir = resolve(from);
  const top = stopAt ? resolve(stopAt) : undefined;
  if (top && !isInside(top, dir)) return undefined;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (await ws.exists(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir || dir === top) return undefined;
    dir = up;
  }
}

/** `file:line:col: message`, 1-based, as compilers print it. */
export function formatConfigProblem(file: string, text: string, p: ConfigProblem): string {
  const pos = new LineIndex(text).positionAt(p.span.start);
  return `${file}:${pos.line + 1}:${pos.character + 1}: ${p.message}`;
}

/** Parses a project file's text into settings whose paths (corpus, bibliography, a style's file) are relative to `cwd`. */
export function projectConfigFromText(file: string, text: string, cwd: string): ProjectConfig {
  const { settings, problems } = parseProjectConfig(text);
  const dir = dirname(resolve(file));
  const messages = problems.map((p) => formatConfigProblem(file, text, p));
  const fatal = problems.findIndex((p) => p.severity === "error");
  const config: ProjectConfig = { ...settings, file, dir, messages, ...(fatal >= 0 ? { problem: messages[fatal] } : {}) };
  return { ...config, ...placeProjectPaths(settings, (p) => relative(cwd, resolve(dir, p)) || ".") };
}

/** Reads a project file, or the nearest one from `cwd` when none is named; a missing default file is no problem. */
export async function readProjectConfig(explicit: string | undefined, cwd: string, ws: Pick<Workspace, "exists" | "readFile">): Promise<ProjectConfig> {
  const file = explicit ?? (await findProjectConfig(cwd, ws));
  if (!file) return {};
  let text: string;
  try {
    text = await readText(ws, file);
  } catch (e) {
    const problem = `${file}: cannot read the settings file (${(e as { code?: string }).code ?? (e as Error).message})`;
    return { file, dir: dirname(resolve(file)), problem, messages: [problem] };
  }
  return projectConfigFromText(file, text, cwd);
}
