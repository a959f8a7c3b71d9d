/**
 * `.grounded.jsonc`: the parser and validator the CLI and the server share,
 * its agreement with the shipped JSON schema, and finding the nearest file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import { parse, type ParseError } from "jsonc-parser";
import { parseProjectConfig } from "../server/src/project/config";
import { findProjectConfig as findFrom, readProjectConfig as readFrom } from "../server/src/project/config";
import { nodeWorkspace } from "../server/src/node/workspace";

const disk = nodeWorkspace({ indexInWorker: false });
const findProjectConfig = (from: string, stopAt?: string) => findFrom(from, disk, stopAt);
const readProjectConfig = (explicit: string | undefined, cwd: string) => readFrom(explicit, cwd, disk);

const schema = JSON.parse(readFileSync("schemas/grounded.schema.json", "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Each case: the file's text, the settings the parser keeps, and the problems (severity and a pattern) it reports. */
const CASES: Array<{ name: string; text: string; settings: object; problems: Array<[string, RegExp]>; schemaValid: boolean }> = [
  {
    name: "every key, with comments and a trailing comma",
    text: `{
      // sources
      "corpus": ["corpus", "archive/**/*.txt"],
      "severity": { "contradicted": "error", "unsupported": "off" },
      "citationStyle": "pandoc",
      "checkHeadings": true,
      "disabledChecks": ["opposite", "unknown-citation"],
      "ignoreSources": ["corpus/old/**"],
      "accepted": [
        { "claim": "The CSTO operates a 5,000-soldier force.", "reason": "The newer report says 5,000." },
        { "fingerprint": "abc123", "reason": "Checked by phone." },
      ],
    }`,
    settings: {
      corpus: ["corpus", "archive/**/*.txt"],
      severity: { contradicted: "error", unsupported: "off" },
      citationStyle: "pandoc",
      checkHeadings: true,
      disabledChecks: ["opposite", "unknown-citation"],
      ignoreSources: ["corpus/old/**"],
      accepted: [
        { claim: "The CSTO operates a 5,000-soldier force.", reason: "The newer report says 5,000." },
        { fingerprint: "abc123", reason: "Checked by phone." },
      ],
    },
    problems: [],
    schemaValid: true,
  },
  { name: "an empty object", text: "{}", settings: {}, problems: [], schemaValid: true },
  { name: "corpus as one string", text: `{ "corpus": "sources" }`, settings: { corpus: ["sources"] }, problems: [], schemaValid: true },
  {
    name: "an unknown key, with a suggestion",
    text: `{ "CheckHeadings": true, "corpus": ["c"] }`,
    settings: { corpus: ["c"] },
    problems: [["warning", /unknown setting "CheckHeadings" \(did you mean "checkHeadings"\?\)/]],
    schemaValid: false,
  },
  {
    name: "wrong types drop only their key",
    text: `{ "checkHeadings": "yes", "corpus": 3, "citationStyle": "apa", "severity": { "contradicted": "loud" }, "disabledChecks": ["numbers", "negation"] }`,
    settings: { severity: {}, disabledChecks: ["negation"] },
    problems: [
      ["warning", /"corpus" must be a folder/],
      ["warning", /"severity\.contradicted" must be one of/],
      ["warning", /"citationStyle" must be footnote, pandoc or link/],
      ["warning", /"checkHeadings" must be true or false/],
      ["warning", /unknown check "numbers"/],
    ],
    schemaValid: false,
  },
  {
    name: "an accepted claim without a reason is not accepted",
    text: `{ "accepted": [{ "claim": "X rose." }, { "reason": "no claim" }, { "claim": "Y fell.", "reason": " because " }] }`,
    settings: { accepted: [{ claim: "Y fell.", reason: "because" }] },
    problems: [["warning", /needs a "reason"/], ["warning", /needs its "claim" text or its "fingerprint"/]],
    schemaValid: false,
  },
  {
    name: "a syntax error: nothing of the file is used",
    text: `{ "corpus": ["corpus"] "checkHeadings": true }`,
    settings: {},
    problems: [["error", /a comma is expected here; the file is ignored until it is fixed/]],
    schemaValid: false,
  },
  { name: "not an object", text: `["corpus"]`, settings: {}, problems: [["error", /expected an object of settings/]], schemaValid: false },
];

for (const c of CASES) {
  test(`project file: ${c.name}`, () => {
    const { settings, problems } = parseProjectConfig(c.text);
    assert.deepEqual(settings, c.settings);
    assert.equal(problems.length, c.problems.length, problems.map((p) => p.message).join("\n"));
    for (const [i, [severity, pattern]] of c.problems.entries()) {
      assert.equal(problems[i].severity, severity);
      assert.match(problems[i].message, pattern);
      assert.ok(problems[i].span.start >= 0 && problems[i].span.end <= c.text.length && problems[i].span.end > problems[i].span.start);
    }
    // The schema VS Code validates with agrees with the parser: valid files have no problem, invalid ones at least one.
    // (A file that does not parse is not JSON the schema could judge.)
    const errors: ParseError[] = [];
    const data = parse(c.text, errors, { allowTrailingComma: true });
    if (!errors.length) assert.equal(validate(data), c.schemaValid, JSON.stringify(validate.errors));
    assert.equal(problems.length === 0, c.schemaValid);
  });
}

test("project file: a problem's span points at the offending value", () => {
  const text = `{\n  "checkHeadings": "yes"\n}`;
  const [p] = parseProjectConfig(text).problems;
  assert.equal(text.slice(p.span.start, p.span.end), `"yes"`);
});

test("project file discovery: the nearest file up the tree wins; nested folders have their own; a stop folder bounds the walk", async () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-config-"));
  mkdirSync(join(root, "docs", "team", "deep"), { recursive: true });
  mkdirSync(join(root, "other"), { recursive: true });
  writeFileSync(join(root, ".grounded.jsonc"), `{ "corpus": "corpus" }`);
  writeFileSync(join(root, "docs", "team", ".grounded.jsonc"), `{ "corpus": ["../../team-sources"], "checkHeadings": true }`);
  assert.equal(await findProjectConfig(join(root, "other")), join(root, ".grounded.jsonc"));
  assert.equal(await findProjectConfig(join(root, "docs")), join(root, ".grounded.jsonc"));
  assert.equal(await findProjectConfig(join(root, "docs", "team", "deep")), join(root, "docs", "team", ".grounded.jsonc"));
  assert.equal(await findProjectConfig(join(root, "docs", "team")), join(root, "docs", "team", ".grounded.jsonc"));
  assert.equal(await findProjectConfig(join(root, "docs"), join(root, "docs")), undefined, "not above the workspace folder");
  assert.equal(await findProjectConfig(tmpdir(), join(root, "docs")), undefined, "outside the workspace folder: none");

  // Corpus paths are relative to the file's folder, and come back relative to the current folder.
  const deep = join(root, "docs", "team", "deep");
  const nested = await readProjectConfig(undefined, deep);
  assert.equal(nested.file, join(root, "docs", "team", ".grounded.jsonc"));
  assert.equal(nested.dir, join(root, "docs", "team"));
  assert.equal(nested.checkHeadings, true);
  assert.deepEqual(nested.corpus?.map((p) => resolve(deep, p)), [join(root, "team-sources")]);
});

test("project file: a malformed file gives a located problem and the defaults, never a throw", async () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-config-"));
  const file = join(root, ".grounded.jsonc");
  writeFileSync(file, `{\n  "corpus": ["corpus"],\n  "checkHeadings": tru\n}`);
  const config = await readProjectConfig(undefined, root);
  assert.equal(config.corpus, undefined, "nothing of a file that does not parse is used");
  assert.match(config.problem ?? "", new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3:20: `));
  const unreadable = await readProjectConfig(join(root, "missing.jsonc"), root);
  assert.match(unreadable.problem ?? "", /cannot read the settings file \(ENOENT\)/);
});
