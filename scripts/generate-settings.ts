/**
 * Writes what is derived from the settings' declaration
 * (`server/src/project/settings.ts`, `SETTINGS`): the extension manifest's
 * `contributes.configuration` and `restrictedConfigurations` in
 * `package.json`, and the README's two tables (the editor's settings, the
 * project file's keys). `npm run gen:settings` rewrites them;
 * `test/settings.test.ts` fails when any is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SETTINGS, type SettingDeclaration } from "../server/src/project/settings";

const DECLARED = SETTINGS as readonly SettingDeclaration[];

/** One setting as the manifest contributes it, its keys in the order VS Code's own manifests write them. */
function contributed(d: SettingDeclaration): Record<string, unknown> {
  const { minimum, maximum, ...type } = d.kind.schema ?? {};
  return {
    ...type,
    default: d.default,
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
    scope: d.scope,
    ...(d.enumDescriptions ? { enumDescriptions: d.enumDescriptions } : {}),
    [d.markdown ? "markdownDescription" : "description"]: d.description,
  };
}

/** The manifest's `contributes.configuration`: every setting the editor has. */
export function manifestConfiguration(): Record<string, unknown> {
  return {
    title: "Grounded",
    properties: Object.fromEntries(DECLARED.filter((d) => d.editor).map((d) => [`grounded.${d.editor}`, contributed(d)])),
  };
}

/** The settings an untrusted workspace restricts (paths that could lead outside it). */
export function restrictedConfigurations(): string[] {
  return DECLARED.filter((d) => d.editor && d.restricted).map((d) => `grounded.${d.editor}`);
}

/** `package.json` with its configuration and restricted settings written from the declaration (the rest as it is). */
export function generatedPackageJson(text: string): string {
  const manifest = JSON.parse(text);
  manifest.capabilities.untrustedWorkspaces.restrictedConfigurations = restrictedConfigurations();
  manifest.contributes.configuration = manifestConfiguration();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A default as the README shows it: a name bare, an empty text as `""`, anything else as JSON. */
function shownDefault(value: unknown): string {
  return typeof value === "string" && value ? value : JSON.stringify(value);
}

/** The README's table of the editor's settings. */
export function settingsTable(): string {
  const rows = DECLARED.filter((d) => d.editor && d.readme).map((d) => `| \`grounded.${d.editor}\` | \`${shownDefault(d.default)}\` | ${d.readme} |`);
  return ["| Setting | Default | What it does |", "| --- | --- | --- |", ...rows].join("\n");
}

/** The README's table of the project file's keys; a group's members are one row (`severity.contradicted`, `.unsupported`, …). */
export function projectKeysTable(): string {
  const groups = new Map<string, SettingDeclaration[]>();
  for (const d of DECLARED.filter((d) => d.project)) {
    const key = d.project!.split(".")[0];
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const rows = [...groups].map(([key, members]) => {
    const first = members[0];
    if (first.project === key) return `| \`${key}\` | ${first.editor ? `\`grounded.${first.editor}\`` : "—"} | ${first.projectReadme} |`;
    const names = members.map((d, i) => (i === 0 ? `\`${d.project}\`` : `\`.${d.project!.slice(key.length + 1)}\``)).join(", ");
    return `| ${names} | \`grounded.${first.editor!.split(".")[0]}.*\` | ${first.projectReadme} |`;
  });
  return ["| Key | Editor setting it overrides | What it does |", "| --- | --- | --- |", ...rows].join("\n");
}

const MARKERS = {
  settings: ["<!-- settings: written by `npm run gen:settings` from server/src/project/settings.ts; edit the declaration, not this -->", "<!-- end of settings -->"],
  projectKeys: ["<!-- project keys: written by `npm run gen:settings` from server/src/project/settings.ts; edit the declaration, not this -->", "<!-- end of project keys -->"],
} as const;

/** `text` with the part between a pair of markers written anew. */
function between(text: string, [begin, end]: readonly [string, string], body: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md: the markers ${begin} … ${end} are missing`);
  return `${text.slice(0, start)}${begin}\n\n${body}\n\n${text.slice(stop)}`;
}

/** The README with its settings and project keys tables written from the declaration. */
export function generatedReadme(readme: string): string {
  return between(between(readme, MARKERS.settings, settingsTable()), MARKERS.projectKeys, projectKeysTable());
}

if (process.argv[1]?.endsWith("generate-settings.ts")) {
  const files: Array<[string, (text: string) => string]> = [["package.json", generatedPackageJson], ["README.md", generatedReadme]];
  for (const [file, generate] of files) {
    const before = readFileSync(file, "utf8");
    const after = generate(before);
    if (after !== before) writeFileSync(file, after);
    console.error(`${file}: ${after === before ? "up to date" : "written"}`);
  }
}
