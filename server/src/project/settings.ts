/**
 * The one settings model: every setting's names (in `.grounded.jsonc` and in
 * the editor, under `grounded.`), its default and its validation, shared by
 * the CLI, the language server, the project file's parser and (tested
 * against it) the JSON schema and the extension's manifest. A bad value
 * falls back to the default, with a message; it never stops anything.
 */
import type { Verdict } from "../engine";
import type { AcceptedClaim } from "./config";

export type SeverityName = "error" | "warning" | "information" | "hint" | "off";
export const SEVERITY_NAMES: readonly SeverityName[] = ["error", "warning", "information", "hint", "off"];
export type CitationStyleName = "footnote" | "pandoc" | "link";
export const CITATION_STYLES: readonly CitationStyleName[] = ["footnote", "pandoc", "link"];
export const VERDICTS: readonly Verdict[] = ["contradicted", "unsupported", "supported"];
/** The CSL styles Grounded ships (`styles/`); any other `citation.csl` value is the path of a `.csl` file. */
export const BUNDLED_STYLES: readonly string[] = ["apa", "chicago-author-date"];

export type SeverityMap = Record<Verdict, SeverityName>;

/** The settings of one document, as every part of Grounded reads them. */
export interface Settings {
  /** Folders, files or globs of sources. */
  corpusPaths: string[];
  severity: SeverityMap;
  citationStyle: CitationStyleName;
  /** A BibTeX, BibLaTeX or CSL-JSON file ("" for none: the draft's front matter may name one). */
  bibliography: string;
  /** A bundled CSL style's name or a `.csl` file ("" for Grounded's own citation format). */
  citationCsl: string;
  checkHeadings: boolean;
  maxDiagnostics: number;
  debounceMs: number;
  /** From `.grounded.jsonc` only: codes whose findings are not shown. */
  disabledChecks: string[];
  /** From `.grounded.jsonc` only: globs, relative to `projectRoot`, of source files left out of the corpus. */
  ignoreSources: string[];
  /** From `.grounded.jsonc` only: claims accepted by hand, with their reason. */
  accepted: AcceptedClaim[];
  /** The folder of the project file the settings came from, if any: fingerprints and `ignoreSources` are relative to it. */
  projectRoot?: string;
}

/** A setting that has a value of its own in the editor, the project file, or both. */
export interface SettingSpec<K extends string = string> {
  /** Its field in `Settings` (for severities, `severity.<verdict>`). */
  field: K;
  /** Its key in `.grounded.jsonc` (a dotted path for nested keys), if the project file has it. */
  project?: string;
  /** Its key under `grounded.` in the editor, if the editor has it. */
  editor?: string;
  default: unknown;
  /** What a valid value is, for messages ("footnote, pandoc or link"). */
  expected: string;
  /** The value to use, or undefined when `value` is not valid. */
  parse(value: unknown): unknown;
}

const oneOf = <T extends string>(names: readonly T[]) => (v: unknown) => (typeof v === "string" && (names as readonly string[]).includes(v) ? (v as T) : undefined);
const words = (names: readonly string[]) => `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
const text = (v: unknown) => (typeof v === "string" ? v.trim() : undefined);
const paths = (v: unknown) => {
  const list = typeof v === "string" ? [v] : v;
  return Array.isArray(list) && list.length && list.every((p) => typeof p === "string" && p.trim()) ? (list as string[]) : undefined;
};

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

/** The settings with a single value; the project file's lists (`disabledChecks`, `ignoreSources`, `accepted`) are read item by item in `config.ts`. */
export const SETTINGS: readonly SettingSpec[] = [
  { field: "corpusPaths", project: "corpus", editor: "corpus.paths", default: DEFAULT_SETTINGS.corpusPaths, expected: "a folder or a list of folders (or globs)", parse: paths },
  ...VERDICTS.map((v): SettingSpec => ({
    field: `severity.${v}`, project: `severity.${v}`, editor: `severity.${v}`, default: DEFAULT_SETTINGS.severity[v],
    expected: `one of ${SEVERITY_NAMES.join(", ")}`, parse: oneOf(SEVERITY_NAMES),
  })),
  { field: "citationStyle", project: "citationStyle", editor: "citation.style", default: DEFAULT_SETTINGS.citationStyle, expected: words(CITATION_STYLES), parse: oneOf(CITATION_STYLES) },
  {
    field: "bibliography", project: "bibliography", editor: "bibliography", default: DEFAULT_SETTINGS.bibliography,
    expected: "the path of a BibTeX, BibLaTeX or CSL-JSON file", parse: text,
  },
  {
    field: "citationCsl", project: "csl", editor: "citation.csl", default: DEFAULT_SETTINGS.citationCsl,
    expected: `${words(BUNDLED_STYLES)}, or the path of a .csl file`, parse: text,
  },
  { field: "checkHeadings", project: "checkHeadings", editor: "check.headings", default: DEFAULT_SETTINGS.checkHeadings, expected: "true or false", parse: (v) => (typeof v === "boolean" ? v : undefined) },
  {
    field: "maxDiagnostics", editor: "maxDiagnostics", default: DEFAULT_SETTINGS.maxDiagnostics, expected: "a positive whole number",
    parse: (v) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined),
  },
  {
    field: "debounceMs", editor: "debounceMs", default: DEFAULT_SETTINGS.debounceMs, expected: "a number of milliseconds between 0 and 10000",
    parse: (v) => (typeof v === "number" && v >= 0 && v <= 10_000 ? v : undefined),
  },
];

/** Sets a field of `Settings` by its spec's name (`severity.contradicted` reaches into `severity`). */
export function setField(s: Settings, field: string, value: unknown): void {
  const [head, tail] = field.split(".");
  if (tail) (s[head as "severity"] as Record<string, unknown>)[tail] = value;
  else (s as unknown as Record<string, unknown>)[head] = value;
}

/** Reads a dotted key of a plain object. */
function get(o: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);
}

/** The editor's `grounded` section as the client sends it; a message in `problems` for each bad value, which keeps its default. */
export function editorSettings(raw: unknown, problems: string[] = []): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (raw === null || raw === undefined) return s;
  if (typeof raw !== "object") {
    problems.push(`grounded: settings must be an object; using the defaults`);
    return s;
  }
  for (const spec of SETTINGS) {
    if (!spec.editor) continue;
    const value = get(raw, spec.editor);
    if (value === undefined) continue;
    const parsed = spec.parse(value);
    if (parsed === undefined) problems.push(`grounded.${spec.editor}: ${JSON.stringify(value)} is not ${spec.expected}; using the default`);
    else setField(s, spec.field, parsed);
  }
  return s;
}

/** Whether a `citation.csl` value names a bundled style (rather than a file). */
export function isBundledStyle(value: string): boolean {
  return BUNDLED_STYLES.includes(value);
}

/**
 * The paths a project file gives, written relative to its folder: its corpus,
 * its bibliography and a style given as a file, each made into the path the
 * caller reads by `place` (a bundled style's name stays a name). Only the keys
 * the file has are returned.
 */
export function placeProjectPaths(project: ProjectSettingsLike, place: (path: string) => string): Pick<ProjectSettingsLike, "corpus" | "bibliography" | "csl"> {
  return {
    ...(project.corpus ? { corpus: project.corpus.map(place) } : {}),
    ...(project.bibliography ? { bibliography: place(project.bibliography) } : {}),
    ...(project.csl ? { csl: isBundledStyle(project.csl) ? project.csl : place(project.csl) } : {}),
  };
}

/**
 * `base` with a project file's settings over it (the file wins where it says
 * something). `place` turns the file's paths (`placeProjectPaths`), written
 * relative to its folder `dir`, into the paths the caller reads: absolute in
 * the editor; in the CLI, where `projectConfigFromText` has already made them
 * relative to the current folder, the paths as they are.
 */
export function withProject(base: Settings, project: ProjectSettingsLike, dir: string, place: (path: string) => string): Settings {
  const placed = placeProjectPaths(project, place);
  return {
    ...base,
    corpusPaths: placed.corpus ?? base.corpusPaths,
    severity: { ...base.severity, ...project.severity },
    citationStyle: project.citationStyle ?? base.citationStyle,
    bibliography: placed.bibliography ?? base.bibliography,
    citationCsl: placed.csl ?? base.citationCsl,
    checkHeadings: project.checkHeadings ?? base.checkHeadings,
    disabledChecks: project.disabledChecks ?? base.disabledChecks,
    ignoreSources: project.ignoreSources ?? base.ignoreSources,
    accepted: project.accepted ?? base.accepted,
    projectRoot: dir,
  };
}

/** What `withProject` reads of a project file (`config.ts`'s `ProjectSettings`). */
interface ProjectSettingsLike {
  corpus?: string[];
  severity?: Partial<SeverityMap>;
  citationStyle?: CitationStyleName;
  bibliography?: string;
  csl?: string;
  checkHeadings?: boolean;
  disabledChecks?: string[];
  ignoreSources?: string[];
  accepted?: AcceptedClaim[];
}
