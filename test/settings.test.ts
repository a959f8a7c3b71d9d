/**
 * The settings' declaration (`server/src/project/settings.ts`, `SETTINGS`)
 * against everything derived from it or written beside it: the extension's
 * manifest and the README's tables (written by `npm run gen:settings`), the
 * project file's JSON schema (its keys, defaults and values), and the two
 * readers (the editor's settings, the project file). A setting renamed or a
 * default changed in one place only fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEFAULT_SETTINGS, editorSettings, type SettingDeclaration, SETTINGS, withProject } from "../server/src/project/settings";
import { parseProjectConfig } from "../server/src/project/config";
import { generatedPackageJson, generatedReadme, manifestConfiguration, restrictedConfigurations } from "../scripts/generate-settings";

const DECLARED = SETTINGS as readonly SettingDeclaration[];
const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const schema = JSON.parse(readFileSync("schemas/grounded.schema.json", "utf8"));

/** The schema node of a dotted project key, `$ref`s followed. */
function schemaNode(key: string): { default?: unknown; enum?: string[]; $ref?: string } | undefined {
  let node = schema;
  for (const part of key.split(".")) node = node?.properties?.[part];
  if (node?.$ref) node = { ...schema.definitions[node.$ref.split("/").pop()], ...node };
  return node;
}

test("package.json's configuration and the README's tables are what `npm run gen:settings` writes", () => {
  assert.equal(readFileSync("package.json", "utf8"), generatedPackageJson(readFileSync("package.json", "utf8")), "package.json is out of date: run npm run gen:settings");
  assert.equal(readFileSync("README.md", "utf8"), generatedReadme(readFileSync("README.md", "utf8")), "README.md's settings tables are out of date: run npm run gen:settings");
});

test("the manifest contributes every editor setting as declared: type, default, values, bounds, scope, description", () => {
  assert.deepEqual(manifest.contributes.configuration, manifestConfiguration());
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, restrictedConfigurations());
});

test("the defaults are those Grounded has always had", () => {
  assert.deepEqual(DEFAULT_SETTINGS, {
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
  });
});

test("every project setting is in the schema, with the same default and values", () => {
  for (const d of DECLARED.filter((d) => d.project)) {
    const node = schemaNode(d.project!);
    assert.ok(node, `"${d.project}" is not in the schema`);
    if (!Array.isArray(d.default)) assert.deepEqual(node.default, d.default, `"${d.project}"'s default`);
    const values = d.kind.schema?.enum;
    if (values) assert.deepEqual(node.enum, values, `"${d.project}"'s values`);
  }
  const keys = new Set(DECLARED.filter((d) => d.project).map((d) => d.project!.split(".")[0]));
  assert.deepEqual(Object.keys(schema.properties).filter((k) => k !== "$schema").sort(), [...keys].sort());
});

test("the editor and the project file read a setting the same way, under their own names", () => {
  for (const d of DECLARED.filter((s) => s.editor && s.project)) {
    for (const value of [d.default, "nonsense", 42, ["x"], true]) {
      const problems: string[] = [];
      const nested = d.editor!.split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value);
      editorSettings(nested, problems);
      const projectNested = d.project!.split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value);
      const fromProject = parseProjectConfig(JSON.stringify(projectNested));
      const accepted = d.kind.parse(value) !== undefined;
      assert.equal(problems.length === 0, accepted, `${d.editor} = ${JSON.stringify(value)}`);
      assert.equal(fromProject.problems.length === 0, accepted, `${d.project} = ${JSON.stringify(value)}`);
    }
  }
  assert.deepEqual(editorSettings(undefined), DEFAULT_SETTINGS);
});

test("a project file's settings go over the editor's, its paths placed, an empty path saying nothing", () => {
  const editor = { ...DEFAULT_SETTINGS, bibliography: "editor.bib", maxDiagnostics: 5 };
  const { settings } = parseProjectConfig(`{ "corpus": "news", "severity": { "supported": "off" }, "bibliography": "", "csl": "apa", "citationStyle": "pandoc", "accepted": [{ "claim": "X.", "reason": "ok" }] }`);
  const s = withProject(editor, settings, "/p", (p) => `/p/${p}`);
  assert.deepEqual(s, {
    ...editor, corpusPaths: ["/p/news"], severity: { ...editor.severity, supported: "off" }, citationStyle: "pandoc", citationCsl: "apa",
    accepted: [{ claim: "X.", reason: "ok" }], projectRoot: "/p",
  });
  assert.equal(DEFAULT_SETTINGS.severity.supported, "hint", "the defaults are not changed");
  const placed = withProject(editor, parseProjectConfig(`{ "csl": "my.csl", "bibliography": "refs.bib" }`).settings, "/p", (p) => `/p/${p}`);
  assert.deepEqual([placed.citationCsl, placed.bibliography], ["/p/my.csl", "/p/refs.bib"]);
});
