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
import { LineIndex, type Span } from "../engine";
import { isInside } from "./paths";
import { get, placeProjectPaths, type ProjectSettings, type SettingDeclaration, SETTINGS, setField, VERDICTS } from "./settings";
import { readText, type Workspace } from "./workspace";

export type { AcceptedClaim, CitationStyleName, ProjectSettings, SeverityName } from "./settings";

export const CONFIG_FILE = ".grounded.jsonc";

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

/** The settings the project file has, and its keys (a group's members under one key), as `settings.ts` declares them. */
const DECLARED = (SETTINGS as readonly SettingDeclaration[]).filter((d) => d.project);
const KEYS = ["$schema", ...new Set(DECLARED.map((d) => d.project!.split(".")[0]))];

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

/** Every declared setting of the file, validated as `settings.ts` declares it; a bad value (or a bad item of a list) is dropped with a warning. */
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
  for (const d of DECLARED) {
    const path = d.project!.split(".");
    if (path[0] === "severity" && severity?.type !== "object") continue;
    const node = findNodeAtLocation(root, path);
    if (!node) continue;
    const value = d.kind.item ? readList(node, d, warn) : d.kind.parse(nodeValue(node));
    if (value === undefined) warn(node, `"${d.project}" must be ${d.kind.expected}`);
    else setField(settings, d.project!, value);
  }
}

/** A list of the project file, item by item: a bad item is dropped with a warning on it, the others kept. Undefined when it is not a list. */
function readList(list: Node, d: SettingDeclaration, warn: Warn): unknown[] | undefined {
  if (list.type !== "array") return undefined;
  return (list.children ?? []).flatMap((item) => d.kind.item!(nodeValue(item), (message) => warn(item, message)));
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
