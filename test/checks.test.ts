/**
 * The registry of checks (`server/src/engine/verify/checks/`): one snapshot
 * fixture per code (a draft, a source, the code and reason expected), so that
 * one check getting worse fails by name; every conflict a check reports
 * carries that check's id; and everything that lists the codes (the project
 * file's validator, the JSON schema, SARIF's rules, the README) agrees with it.
 *
 * `GROUNDED_UPDATE_SNAPSHOTS=1` rewrites the fixtures' reasons from what the engine says now.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkDocument } from "../server/src/engine";
import { analyze, analyzeWindow } from "../server/src/engine/nlp/analyze";
import { align } from "../server/src/engine/verify/align";
import { CHECK_IDS, CHECKS, CODES, CONFLICT_CHECK_IDS, CONFLICT_CHECKS, isConflictCheckId } from "../server/src/engine/verify/checks";
import { conflictFeature, FEATURE_NAMES } from "../server/src/engine/verify/features";
import { supported } from "../server/src/engine/verify/checks/codes";
import { generatedReadme, generatedSchema } from "../scripts/generate";
import { memoryCorpus } from "./helpers/memoryCorpus";

interface CheckFixture {
  draft: string;
  source: { path: string; text: string; title?: string; outlet?: string; date?: string; url?: string };
  code: string;
  reason: string;
}

const DIR = "test/fixtures/checks";
const update = process.env.GROUNDED_UPDATE_SNAPSHOTS === "1";

function run(f: CheckFixture): { code: string; reason: string } {
  const { path, text, ...meta } = f.source;
  const result = checkDocument({ path: "draft.md", text: f.draft }, memoryCorpus([path, text, meta]));
  const citation = result.citations[0];
  if (citation) return { code: citation.code, reason: citation.message };
  const finding = result.findings[0];
  assert.ok(finding, "the draft has a claim");
  return { code: finding.code, reason: finding.reason };
}

for (const info of [supported, ...CHECKS]) {
  test(`check ${info.id}: its fixture gives its code and reason`, () => {
    const file = join(DIR, `${info.id}.json`);
    assert.ok(existsSync(file), `${file} is missing: every check has a fixture`);
    const fixture = JSON.parse(readFileSync(file, "utf8")) as CheckFixture;
    assert.equal(fixture.code, info.id);
    const got = run(fixture);
    if (update) writeFileSync(file, JSON.stringify({ ...fixture, reason: got.reason }, null, 2) + "\n");
    assert.deepEqual(got, { code: fixture.code, reason: update ? got.reason : fixture.reason });
  });
}

test("every conflict a check reports carries that check's id", () => {
  let seen = 0;
  for (const info of CONFLICT_CHECKS) {
    const fixture = JSON.parse(readFileSync(join(DIR, `${info.id}.json`), "utf8")) as CheckFixture;
    const claim = analyze(fixture.draft, undefined);
    for (const paragraph of fixture.source.text.split(/\n\n/)) {
      for (const check of CONFLICT_CHECKS) {
        for (const conflict of check.detect(align(claim, analyzeWindow(paragraph, [], undefined, fixture.source.date ?? null)))) {
          assert.equal(conflict.check, check.id);
          seen++;
        }
      }
    }
  }
  assert.ok(seen >= CONFLICT_CHECKS.length, `only ${seen} conflicts seen`);
});

test("ids are unique, and the project file accepts exactly the checks", () => {
  const ids = CODES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(CHECK_IDS, CHECKS.map((c) => c.id));
  for (const c of CODES) assert.match(c.id, /^[a-z]+(-[a-z]+)*$/, c.id);
});

test("every conflict check is a check a project may turn off, and the verdict model has one feature naming it", () => {
  assert.deepEqual([...CONFLICT_CHECK_IDS].sort(), CONFLICT_CHECKS.map((c) => c.id).sort());
  for (const id of CONFLICT_CHECK_IDS) {
    assert.ok(isConflictCheckId(id) && CHECK_IDS.includes(id), id);
    assert.equal(FEATURE_NAMES.filter((n) => n === conflictFeature(id)).length, 1, `no feature names ${id}`);
  }
  assert.ok(!isConflictCheckId("unsupported") && !isConflictCheckId("constructor"));
});

test("the JSON schema's disabledChecks and the README's codes are generated from the registry (npm run generate)", () => {
  assert.equal(readFileSync("schemas/grounded.schema.json", "utf8"), generatedSchema(readFileSync("schemas/grounded.schema.json", "utf8")));
  assert.equal(readFileSync("README.md", "utf8"), generatedReadme(readFileSync("README.md", "utf8")));
  const schema = JSON.parse(readFileSync("schemas/grounded.schema.json", "utf8"));
  assert.deepEqual(schema.properties.disabledChecks.items.enum, CHECK_IDS);
  const readme = readFileSync("README.md", "utf8");
  for (const c of CODES) assert.ok(readme.includes(`\n### ${c.id}\n${c.docs}\n`), `README lacks the section of ${c.id}`);
});
