/**
 * Every setting of Grounded, declared once (`SETTINGS`): its names in the
 * editor (under `grounded.`) and in `.grounded.jsonc`, its kind (type,
 * values, validation), its default, its scope and its docs. Everything else
 * is derived from the declaration: the `Settings` and `ProjectSettings`
 * types, `DEFAULT_SETTINGS`, the reading of the editor's settings
 * (`editorSettings`) and of the project file (`config.ts`), the project file
 * over the editor (`withProject`), and, written by `npm run gen:settings`
 * (`scripts/generate-settings.ts`, held by `test/settings.test.ts`), the
 * extension manifest's `contributes.configuration` and the README's tables.
 * The declaration is in the manner of rust-analyzer's `config_data!`.
 *
 * A bad value falls back to the default, with a message; it never stops
 * anything.
 */
import { CHECK_IDS, type Verdict } from "../engine";

export type SeverityName = "error" | "warning" | "information" | "hint" | "off";
export const SEVERITY_NAMES: readonly SeverityName[] = ["error", "warning", "information", "hint", "off"];
export type CitationStyleName = "footnote" | "pandoc" | "link";
export const CITATION_STYLES: readonly CitationStyleName[] = ["footnote", "pandoc", "link"];
export const VERDICTS: readonly Verdict[] = ["contradicted", "unsupported", "supported"];
/** The CSL styles Grounded ships (`styles/`); any other `citation.csl` value is the path of a `.csl` file. */
export const BUNDLED_STYLES: readonly string[] = ["apa", "chicago-author-date"];

/** A claim the team accepted by hand: its text (as the JSON report gives it) or its fingerprint, and why. */
export interface AcceptedClaim {
  claim?: string;
  fingerprint?: string;
  reason: string;
}

/** What a setting's value is: how it is read, what a message says a valid one is, and its JSON schema in the manifest. */
export interface Kind<T> {
  /** What a valid value is, for messages ("footnote, pandoc or link"). */
  expected: string;
  /** The value to use, or undefined when `value` is not valid. */
  parse(value: unknown): T | undefined;
  /** The manifest's schema of the value (`type`, `items`, `enum`, `minimum`, `maximum`). */
  schema?: Record<string, unknown>;
  /** For the project file's lists, read item by item: an item's values, or none with a message (the item is dropped, the others kept). */
  item?(value: unknown, warn: (message: string) => void): unknown[];
}

/** How a path a project file gives, relative to its folder, becomes one the caller reads. */
export type Placing = "path" | "paths" | "style";

/**
 * One setting. `field` is its place in `Settings` (dotted for a member of a
 * group: `severity.contradicted`); a setting without one is the editor's
 * own, read by another part (the archive, the language client).
 */
export interface SettingDeclaration<F extends string = string, P extends string = string, T = unknown> {
  field?: F;
  /** Its key under `grounded.` in the editor, if the editor has it. */
  editor?: string;
  /** Its key in `.grounded.jsonc` (dotted for a group's member), if the project file has it. */
  project?: P;
  kind: Kind<T>;
  default: T;
  /** The editor's scope: per resource (every document its own) or per window. */
  scope?: "resource" | "window";
  /** A path in an untrusted workspace is limited to it (the manifest's `restrictedConfigurations`). */
  restricted?: boolean;
  /** How a path the project file gives is placed (relative to the file's folder). */
  place?: Placing;
  /** The manifest's description, and whether it is Markdown. */
  description: string;
  markdown?: boolean;
  /** The manifest's description of each value of an enum. */
  enumDescriptions?: string[];
  /** What it does, in the README's table of editor settings. */
  readme?: string;
  /** What it does, in the README's table of project keys. */
  projectReadme?: string;
}

const words = (names: readonly string[]) => `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;

const oneOf = <T extends string>(names: readonly T[], expected = words(names)): Kind<T> => ({
  expected,
  parse: (v) => (typeof v === "string" && (names as readonly string[]).includes(v) ? (v as T) : undefined),
  schema: { type: "string", enum: [...names] },
});
const text = (expected: string): Kind<string> => ({ expected, parse: (v) => (typeof v === "string" ? v.trim() : undefined), schema: { type: "string" } });
const paths: Kind<string[]> = {
  expected: "a folder or a list of folders (or globs)",
  parse(v) {
    const list = typeof v === "string" ? [v] : v;
    return Array.isArray(list) && list.length && list.every((p) => typeof p === "string" && p.trim()) ? (list as string[]) : undefined;
  },
  schema: { type: "array", items: { type: "string" } },
};
const yesNo: Kind<boolean> = { expected: "true or false", parse: (v) => (typeof v === "boolean" ? v : undefined), schema: { type: "boolean" } };
const positiveInteger: Kind<number> = {
  expected: "a positive whole number",
  parse: (v) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined),
  schema: { type: "integer", minimum: 1 },
};
const milliseconds = (max: number): Kind<number> => ({
  expected: `a number of milliseconds between 0 and ${max}`,
  parse: (v) => (typeof v === "number" && v >= 0 && v <= max ? v : undefined),
  schema: { type: "number", minimum: 0, maximum: max },
});
/** A list of the project file, read item by item by `item`. */
const listOf = <T>(example: string, item: (value: unknown, warn: (message: string) => void) => T[]): Kind<T[]> => ({
  expected: `a list of ${example}`,
  parse: (v) => (Array.isArray(v) ? v.flatMap((x) => item(x, () => undefined)) : undefined),
  item,
});

const severities = oneOf(SEVERITY_NAMES, `one of ${SEVERITY_NAMES.join(", ")}`);
const citationStyles = oneOf(CITATION_STYLES);
const checkIds = listOf<string>(`codes, such as ["opposite"]`, (v, warn) => {
  if (typeof v === "string" && CHECK_IDS.includes(v)) return [v];
  warn(`unknown check ${JSON.stringify(v)}; expected one of ${CHECK_IDS.join(", ")}`);
  return [];
});
const globs = listOf<string>(`globs, such as ["corpus/drafts/**"]`, (v, warn) => {
  if (typeof v === "string" && v.trim()) return [v];
  warn(`each entry of "ignoreSources" must be a glob`);
  return [];
});
const acceptedClaims = listOf<AcceptedClaim>(`{ "claim" or "fingerprint", "reason" }`, acceptedClaim);

/** One entry of `accepted`, or none (with a warning) when it lacks its claim or its reason. */
function acceptedClaim(value: unknown, warn: (message: string) => void): AcceptedClaim[] {
  const entry = value as Record<string, unknown> | null;
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
    warn(`each accepted claim must be an object { "claim" or "fingerprint", "reason" }`);
    return [];
  }
  const unknown = Object.keys(entry).filter((k) => k !== "claim" && k !== "fingerprint" && k !== "reason");
  if (unknown.length) warn(`unknown key ${unknown.map((k) => `"${k}"`).join(", ")} in an accepted claim; expected claim, fingerprint, reason`);
  const claim = typeof entry.claim === "string" && entry.claim.trim() ? entry.claim : undefined;
  const fingerprint = typeof entry.fingerprint === "string" && entry.fingerprint.trim() ? entry.fingerprint : undefined;
  const reason = typeof entry.reason === "string" ? entry.reason.trim() : "";
  if (!claim && !fingerprint) warn(`an accepted claim needs its "claim" text or its "fingerprint"`);
  else if (!reason) warn(`an accepted claim needs a "reason": why the team accepts it`);
  else return [{ ...(claim ? { claim } : {}), ...(fingerprint ? { fingerprint } : {}), reason }];
  return [];
}

/** A declaration whose field and project key keep their literal types, so that the types below can be derived from them. */
const setting = <const F extends string, T, const P extends string = never>(d: Omit<SettingDeclaration<F, P, T>, "default"> & { field: F; default: NoInfer<T> }): SettingDeclaration<F, P, T> & { field: F } => d;
/** A setting of the editor that `Settings` does not hold: another part reads it (the archive, the language client). */
const editorOwn = <T>(d: Omit<SettingDeclaration<never, never, T>, "field" | "project"> & { default: NoInfer<T> }): SettingDeclaration<never, never, T> => d;

const severity = <const V extends Verdict>(verdict: V, byDefault: SeverityName, readme: string) =>
  setting({
    field: `severity.${verdict}`, editor: `severity.${verdict}`, project: `severity.${verdict}`,
    kind: severities, default: byDefault, scope: "resource",
    description: `How ${verdict} claims are shown in the Problems view (\`off\` hides them).`,
    readme, projectReadme: "`error`, `warning`, `information`, `hint` or `off`.",
  });

/** Every setting, in the order of the manifest and the README. */
export const SETTINGS = [
  setting({
    field: "corpusPaths", editor: "corpus.paths", project: "corpus", kind: paths, default: ["corpus"], scope: "resource", restricted: true, place: "paths",
    description: "Folders of source articles (.txt, .md, .html, .pdf, .docx), or globs such as `sources/**/*.txt`, relative to the workspace folder. Files added, changed or removed there are re-indexed without a restart.",
    readme: "Folders of sources (`.txt`, `.md`, `.html`, `.pdf`, `.docx`), relative to the workspace folder.",
    projectReadme: "Folders, files or globs of sources, relative to the project file.",
  }),
  editorOwn({
    editor: "archive.url", kind: text("a postgres:// URL or env:NAME"), default: "", scope: "window", markdown: true,
    description: "A shared archive in PostgreSQL to check against, as `postgres://user@host:port/database`, or `env:NAME` to read the URL from the environment variable `NAME` (so no password sits in a settings file). Use the archive's read-only role. Empty: the local corpus only. When the archive does not answer within 4 s, the local corpus is used and the status bar says so.",
    readme: "A shared archive in PostgreSQL (`postgres://user@host:port/db`, or `env:NAME` to read the URL from an environment variable). Empty: the local corpus only. See [A shared archive in PostgreSQL](docs/archive.md).",
  }),
  severity("contradicted", "warning", "`error`, `warning`, `information`, `hint` or `off`."),
  severity("unsupported", "information", "Same values."),
  severity("supported", "hint", "Same values."),
  setting({
    field: "citationStyle", editor: "citation.style", project: "citationStyle", kind: citationStyles, default: "footnote", scope: "resource",
    description: "How the Cite quick fix cites a source.",
    enumDescriptions: [
      "A footnote reference [^key] and a footnote definition at the end of the document.",
      "A pandoc citation [@key].",
      "An inline link to the source's URL.",
    ],
    readme: "`footnote` (`[^key]` plus a definition), `pandoc` (`[@key]`, plus its entry in the bibliography the draft names, a `.bib` or CSL-JSON file, unless the key is there already; when it names none, in a CSL-JSON `references.json` beside the draft, created or updated, with `bibliography: references.json` in the front matter), or `link` (an inline link to the URL).",
    projectReadme: "`footnote`, `pandoc` or `link`.",
  }),
  setting({
    field: "bibliography", editor: "bibliography", project: "bibliography", kind: text("the path of a BibTeX, BibLaTeX or CSL-JSON file"), default: "",
    scope: "resource", restricted: true, place: "path", markdown: true,
    description: "A BibTeX, BibLaTeX or CSL-JSON file (a Zotero or Better BibTeX export), relative to the workspace folder. A source matched to an entry (by the entry's `file` field, DOI, URL or title) cites with the entry's key and metadata; completion after `[@` lists the entries. Empty: the draft's front matter `bibliography:`, if it names one.",
    readme: "A BibTeX, BibLaTeX or CSL-JSON file (a Zotero or Better BibTeX export), relative to the workspace folder. Empty: the draft's front matter `bibliography:`, if any. See [A bibliography](#a-bibliography).",
    projectReadme: "A BibTeX, BibLaTeX or CSL-JSON file, relative to the project file.",
  }),
  setting({
    field: "citationCsl", editor: "citation.csl", project: "csl", kind: text(`${words(BUNDLED_STYLES)}, or the path of a .csl file`), default: "",
    scope: "resource", restricted: true, place: "style", markdown: true,
    description: "The CSL style in which footnote definitions, inserted quotations and the claim report cite sources: `apa` or `chicago-author-date` (bundled), or the path of any `.csl` file (relative to the workspace folder). Empty: Grounded's own format, `Title. *Outlet*, date. <url>`.",
    readme: "The CSL style of footnote definitions, inserted quotations and the claim report: `apa`, `chicago-author-date`, or the path of any `.csl` file. Empty: Grounded's own format. See [Citations in a CSL style](#citations-in-a-csl-style).",
    projectReadme: "`apa`, `chicago-author-date`, or a `.csl` file relative to the project file.",
  }),
  setting({
    field: "checkHeadings", editor: "check.headings", project: "checkHeadings", kind: yesNo, default: false, scope: "resource",
    description: "Check headings as claims too.", readme: "Check headings as claims too.", projectReadme: "Check headings as claims too.",
  }),
  setting({
    field: "maxDiagnostics", editor: "maxDiagnostics", kind: positiveInteger, default: 1000, scope: "resource",
    description: "At most this many findings per document; beyond it, one message says how many are not shown.",
    readme: "At most this many findings per document. If a document has more, one message at the top says how many are not shown.",
  }),
  setting({
    field: "debounceMs", editor: "debounceMs", kind: milliseconds(10_000), default: 300, scope: "resource",
    description: "Milliseconds to wait after typing before checking again.", readme: "How long to wait after typing before checking again.",
  }),
  editorOwn({
    editor: "model", kind: oneOf(["auto", "off"]), default: "auto", scope: "window",
    description: "Whether verdicts use the entailment model that reads each claim against its sources (run on the language server's check worker, on the CPU; nothing is downloaded).",
    enumDescriptions: [
      "Read each claim against its best source passages with the entailment model shipped in the extension (models/nli/), when it loads; otherwise the lexical checks alone, said in the status bar and the output.",
      "The lexical checks alone.",
    ],
    readme: "`auto`: verdicts read each claim against its best source passages with the entailment model shipped in the extension (`models/nli/`), run in the server's check worker on the CPU; `off`: the lexical checks alone. A model that cannot be loaded is one message, and the lexical checks decide; the status bar names what decided (`lexical`, or the model's name). One per window.",
  }),
  editorOwn({
    editor: "trace.server", kind: oneOf(["off", "messages", "verbose"]), default: "off", scope: "window",
    description: "Traces the communication between VS Code and the Grounded language server.", readme: "Trace the protocol messages (`messages`, `verbose`).",
  }),
  setting({
    field: "disabledChecks", project: "disabledChecks", kind: checkIds, default: [],
    description: "Checks turned off: their findings are not reported and never fail a run.",
    projectReadme: `Diagnostic codes whose findings are not reported and never fail a run: ${CHECK_IDS.map((id) => `\`${id}\``).join(", ")}.`,
  }),
  setting({
    field: "ignoreSources", project: "ignoreSources", kind: globs, default: [],
    description: "Globs, relative to the project file, of source files left out of the corpus.",
    projectReadme: "Globs of source files left out of the corpus.",
  }),
  setting({
    field: "accepted", project: "accepted", kind: acceptedClaims, default: [],
    description: "Claims accepted by hand, with their reason.",
    projectReadme: "Claims accepted by hand, each `{ \"claim\" or \"fingerprint\", \"reason\" }`. The editor shows them as hints, `Accepted (reason): …`; the CLI reports them as accepted and does not fail on them.",
  }),
] as const;

type Declared = (typeof SETTINGS)[number];
type ValueOf<D> = D extends { kind: Kind<infer T> } ? T : never;
/** A declaration's name in `Settings` ("field") or in the project file ("project"). */
type NameOf<D, By extends "field" | "project"> = D extends { [K in By]?: infer N } ? Extract<N, string> : never;
type Flat<By extends "field" | "project"> = { [D in Declared as NameOf<D, By> extends `${string}.${string}` ? never : NameOf<D, By>]: ValueOf<D> };
type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
/** A member's name in its group (distributive, so that a declaration with no name is in no group). */
type MemberOf<N, G extends string> = N extends `${G}.${infer M}` ? M : never;
type Grouped<By extends "field" | "project"> = {
  [G in GroupOf<NameOf<Declared, By>>]: { [D in Declared as MemberOf<NameOf<D, By>, G>]: ValueOf<D> };
};

/** The settings of one document, as every part of Grounded reads them. */
export type Settings = Flat<"field"> & Grouped<"field"> & {
  /** The folder of the project file the settings came from, if any: fingerprints and `ignoreSources` are relative to it. */
  projectRoot?: string;
};
export type SeverityMap = Settings["severity"];

/** What a project file says: every key is optional, and editor settings fill in the rest. Paths are as written, relative to the file's folder. */
export type ProjectSettings = Partial<Flat<"project">> & { [G in keyof Grouped<"project">]?: Partial<Grouped<"project">[G]> };

/** Reads a dotted key of a plain object. */
export function get(o: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);
}

/** Sets a dotted key of a plain object; a group's object is copied, never changed, so that settings can share it. */
export function setField(o: object, key: string, value: unknown): void {
  const [head, tail] = key.split(".");
  const r = o as Record<string, unknown>;
  if (tail) r[head] = { ...(r[head] as object | undefined), [tail]: value };
  else r[head] = value;
}

export const DEFAULT_SETTINGS: Settings = (() => {
  const s = {};
  for (const d of SETTINGS as readonly SettingDeclaration[]) if (d.field) setField(s, d.field, d.default);
  return s as Settings;
})();

/** The editor's `grounded` section as the client sends it; a message in `problems` for each bad value, which keeps its default. */
export function editorSettings(raw: unknown, problems: string[] = []): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (raw === null || raw === undefined) return s;
  if (typeof raw !== "object") {
    problems.push(`grounded: settings must be an object; using the defaults`);
    return s;
  }
  for (const d of SETTINGS as readonly SettingDeclaration[]) {
    if (!d.editor || !d.field) continue;
    const value = get(raw, d.editor);
    if (value === undefined) continue;
    const parsed = d.kind.parse(value);
    if (parsed === undefined) problems.push(`grounded.${d.editor}: ${JSON.stringify(value)} is not ${d.kind.expected}; using the default`);
    else setField(s, d.field, parsed);
  }
  return s;
}

/** Whether a `citation.csl` value names a bundled style (rather than a file). */
export function isBundledStyle(value: string): boolean {
  return BUNDLED_STYLES.includes(value);
}

/** A path the project file gives, placed by `place`; a bundled style's name stays a name. */
function placed(how: Placing, value: unknown, place: (path: string) => string): unknown {
  if (how === "paths") return (value as string[]).map(place);
  return how === "style" && isBundledStyle(value as string) ? value : place(value as string);
}

/**
 * The paths a project file gives, written relative to its folder (the
 * settings declared with `place`: its corpus, its bibliography and a style
 * given as a file), each made into the path the caller reads by `place`.
 * Only the keys the file has (and not empty) are returned.
 */
export function placeProjectPaths(project: ProjectSettings, place: (path: string) => string): ProjectSettings {
  const out: ProjectSettings = {};
  for (const d of SETTINGS as readonly SettingDeclaration[]) {
    const value = d.project && d.place ? get(project, d.project) : undefined;
    if (value) setField(out, d.project!, placed(d.place!, value, place));
  }
  return out;
}

/**
 * `base` with a project file's settings over it (the file wins where it says
 * something). `place` turns the file's paths (`placeProjectPaths`), written
 * relative to its folder `dir`, into the paths the caller reads: absolute in
 * the editor; in the CLI, where `projectConfigFromText` has already made them
 * relative to the current folder, the paths as they are.
 */
export function withProject(base: Settings, project: ProjectSettings, dir: string, place: (path: string) => string): Settings {
  const s: Settings = { ...base };
  const paths = placeProjectPaths(project, place);
  for (const d of SETTINGS as readonly SettingDeclaration[]) {
    if (!d.field || !d.project) continue;
    // A path setting the file leaves empty ("bibliography": "") says nothing: the editor's stands.
    const value = d.place ? get(paths, d.project) : get(project, d.project);
    if (value !== undefined) setField(s, d.field, value);
  }
  s.projectRoot = dir;
  return s;
}
