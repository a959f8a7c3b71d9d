/**
 * `npm run fit` reproduces the shipped model from the repository's data: the
 * fit (judging every claim, five folds, the shipped heads) runs here in check
 * mode and fails unless it writes server/src/engine/verify/model.json byte for
 * byte. The same run writes, for every FRANK sentence the checker takes for a
 * claim, the verdict the fit's decision gives it and the one the engine gives
 * it with model.json, and they must be the same; and the reading model's
 * verdicts, which the engine gives to a sample of them from the same score
 * table (model.reading.json, through `entailmentVerifier`). It takes about a
 * minute and a half on two cores.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus } from "../server/src/engine/corpus/corpus";
import { DEFAULT_MODEL } from "../server/src/engine/verify/model";
import { verifyClaim } from "../server/src/engine/verify/verify";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { loadFrank } from "../scripts/fit/frank";
import { loadScores, pairKey } from "../scripts/fit/entailment";
import { decisionFor, entailmentVerifier, lexicalDecision, READING_MODEL, type EntailmentScorer } from "../server/src/engine";

const root = fileURLToPath(new URL("..", import.meta.url));

let run: SpawnSyncReturns<string>;
let verdicts: Array<{ id: string; fit: string; engine: string | null; plain: string }>;
let readingVerdicts: Array<{ id: string; fit: string; plain: string }>;
const SCORES = "test/fixtures/fit/entailment-scores.jsonl.gz";

before(() => {
  const dir = mkdtempSync(join(tmpdir(), "grounded-fit-"));
  try {
    const file = join(dir, "verdicts.jsonl");
    run = spawnSync(process.execPath, ["--import", "tsx", "scripts/fit-model.ts", "--entailment", SCORES, "--check", "--verdicts", file], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
    const read = (f: string) => (run.status === 0 ? readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);
    verdicts = read(file);
    readingVerdicts = read(join(dir, "verdicts-reading.jsonl"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm run fit -- --check reproduces model.json", () => {
  assert.equal(run.status, 0, `the fit did not reproduce model.json:\n${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, /FRANK mean\s+BA=\d/, "the fit printed no held-out figures");
});

test("the fit's decision and the shipped engine's give every FRANK claim the same verdict", async () => {
  assert.ok(verdicts.length > 2000, `the fit wrote ${verdicts.length} FRANK verdicts`);
  const differ = verdicts.filter((v) => v.fit !== v.engine);
  assert.equal(differ.length, 0, `${differ.length} of ${verdicts.length} differ, e.g.\n${differ.slice(0, 8).map((v) => `${v.id}: fit ${v.fit}, engine ${v.engine}: ${v.plain}`).join("\n")}`);
  assert.ok(new Set(verdicts.map((v) => v.fit)).size === 3, "FRANK's verdicts are all three");
  // The engine's verdicts the fit wrote are verifyClaim's: a sample, checked here as the CLI checks them.
  const sentences = loadFrank(join(root, "test/fixtures/frank"));
  const { articles } = await loadCorpus([join(root, "test/fixtures/frank/corpus")]);
  const corpus = buildCorpus(articles);
  for (const v of verdicts.filter((_, i) => i % 50 === 0)) {
    const s = sentences[Number(v.id.split("#").pop())];
    assert.equal(s.plain, v.plain, v.id);
    assert.equal(verifyClaim(s.plain!, corpus, DEFAULT_MODEL, s.context).verdict, v.engine, `${v.id}: ${v.plain}`);
  }
});

test("the fit's reading decision and the engine's, from the same score table, give FRANK claims the same verdict", async () => {
  assert.ok(readingVerdicts.length > 2000, `the fit wrote ${readingVerdicts.length} reading verdicts`);
  assert.ok(new Set(readingVerdicts.map((v) => v.fit)).size === 3, "FRANK's reading verdicts are all three");
  const { table, model } = loadScores(join(root, SCORES));
  // The engine reads each pair from the table, as the runtime would score it with the model the table names.
  const scorer: EntailmentScorer = {
    name: "score table",
    score: async (pairs) => pairs.map((p) => {
      const s = table.get(pairKey(p.premise, p.hypothesis));
      if (!s) throw new Error(`the score table lacks the pair of "${p.hypothesis}"`);
      return s;
    }),
  };
  const decision = decisionFor(model);
  assert.ok(decision !== lexicalDecision, "the shipped reading decision names the model that scored the table");
  const verifier = entailmentVerifier(scorer, decision);
  const sentences = loadFrank(join(root, "test/fixtures/frank"));
  const { articles } = await loadCorpus([join(root, "test/fixtures/frank/corpus")]);
  const corpus = buildCorpus(articles);
  const sample = readingVerdicts.filter((_, i) => i % 10 === 0);
  const answers = await verifier.verify(sample.map((v) => {
    const s = sentences[Number(v.id.split("#").pop())];
    assert.equal(s.plain, v.plain, v.id);
    return { plain: s.plain!, context: s.context };
  }), corpus, READING_MODEL);
  const differ = sample.map((v, i) => ({ v, a: answers[i] })).filter(({ v, a }) => "error" in a || a.verdict !== v.fit);
  assert.equal(differ.length, 0, `${differ.length} of ${sample.length} differ, e.g.\n${differ.slice(0, 8).map(({ v, a }) => `${v.id}: fit ${v.fit}, engine ${"error" in a ? String(a.error) : a.verdict}: ${v.plain}`).join("\n")}`);
});
