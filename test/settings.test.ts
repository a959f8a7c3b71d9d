/**
 * The one settings model (`server/src/project/settings.ts`) against what is
 * written elsewhere about the same settings: the extension's manifest (the
 * editor's settings, their defaults and values) and the project file's JSON
 * schema (its keys and defaults). A setting renamed or a default changed in
 * one place only fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CITATION_STYLES, DEFAULT_SETTINGS, editorSettings, SETTINGS, SEVERITY_NAMES } from "../server/src/project/settings";
import { parseProjectConfig } from "../server/src/project/config";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const editor: Record<string, { default?: unknown; enum?: string[] }> = manifest.contributes.configuration.properties;
const schema = JSON.parse(readFileSync("schemas/grounded.schema.json", "utf8"));

/** The schema node of a dotted project key, `$ref`s followed. */
function schemaNode(key: string): { default?: unknown; enum?: string[]; $ref?: string } | undefined {
  let node = schema;
  for (const part of key.split(".")) node = node?.properties?.[part];
  if (node?.$ref) node = { ...schema.definitions[node.$ref.split("/").pop()], ...node };
  return node;
}

const valuesOf = (expected: string) => (expected.includes("footnote") ? CITATION_STYLES : expected.includes("warning") ? SEVERITY_NAMES : undefined);

test("every editor setting of the model is in the manifest, with the same default and values", () => {
  for (const spec of SETTINGS.filter((s) => s.editor)) {
    const p = editor[`grounded.${spec.editor}`];
    assert.ok(p, `grounded.${spec.editor} is not contributed`);
    assert.deepEqual(p.default, spec.default, `grounded.${spec.editor}'s default`);
    const values = valuesOf(spec.expected);
    if (values) assert.deepEqual(p.enum, values, `grounded.${spec.editor}'s values`);
  }
  // The three the model does not hold are the server's own, one per window: the archive, the reading model and the protocol trace.
  const modelled = new Set(SETTINGS.filter((s) => s.editor).map((s) => `grounded.${s.editor}`));
  assert.deepEqual(Object.keys(editor).filter((k) => !modelled.has(k)).sort(), ["grounded.archive.url", "grounded.model", "grounded.trace.server"]);
});

test("every project setting of the model is in the schema, with the same default and values", () => {
  for (const spec of SETTINGS.filter((s) => s.project)) {
    const node = schemaNode(spec.project!);
    assert.ok(node, `"${spec.project}" is not in the schema`);
    if (spec.project !== "corpus") assert.deepEqual(node.default, spec.default, `"${spec.project}"'s default`);
    const values = valuesOf(spec.expected);
    if (values) assert.deepEqual(node.enum, values, `"${spec.project}"'s values`);
  }
});

test("the editor and the project file read a setting the same way, under their own names", () => {
  for (const spec of SETTINGS.filter((s) => s.editor && s.project)) {
    for (const value of [spec.default, "nonsense", 42, ["x"], true]) {
      const problems: string[] = [];
      const nested = spec.editor!.split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value);
      const fromEditor = editorSettings(nested, problems);
      const projectNested = spec.project!.split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value);
      const fromProject = parseProjectConfig(JSON.stringify(projectNested));
      const accepted = spec.parse(value) !== undefined;
      assert.equal(problems.length === 0, accepted, `${spec.editor} = ${JSON.stringify(value)}`);
      assert.equal(fromProject.problems.length === 0, accepted, `${spec.project} = ${JSON.stringify(value)}`);
    }
  }
  assert.deepEqual(editorSettings(undefined), DEFAULT_SETTINGS);
});
