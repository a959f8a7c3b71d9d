/**
 * The shipped verdict model (server/src/engine/verify/model.json) against the
 * repository: fitted on the data that is here, with the features the engine
 * computes, and with thresholds a writer can read. test/fit.test.ts refits it
 * from that data (`npm run fit -- --check`) and fails unless the result is the
 * same file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCorpus } from "../server/src/engine/corpus/corpus";
import { parseArticle } from "../server/src/engine/corpus/ingest";
import { FEATURE_NAMES, type FeatureName, type FeatureValues } from "../server/src/engine/verify/features";
import { DEFAULT_MODEL, calibrate, checkModel, modelInputs, probability, type Thresholds, type VerdictModel } from "../server/src/engine/verify/model";
import { verifyClaim } from "../server/src/engine/verify/verify";
import { dataDigest } from "../scripts/fit/dataset";

test("model.json was fitted on the repository's data and features", () => {
  assert.equal(DEFAULT_MODEL.fitted.data, dataDigest(FEATURE_NAMES), "the data or the features changed since the model was fitted: run `npm run fit -- --write --report docs/model.md`");
});

test("the model's heads take the engine's inputs and give probabilities", () => {
  const inputs = modelInputs(DEFAULT_MODEL, Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0.5])) as FeatureValues);
  for (const head of [DEFAULT_MODEL.support, DEFAULT_MODEL.contradiction]) {
    const p = calibrate(probability(head, inputs), DEFAULT_MODEL.calibration.support);
    assert.ok(p > 0 && p < 1, `p = ${p}`);
  }
  const { supported, contradicted } = DEFAULT_MODEL.thresholds;
  assert.ok(supported > 0 && supported < 1 && contradicted >= 0.5 && contradicted <= 1, JSON.stringify(DEFAULT_MODEL.thresholds));
});

test("a model whose feature names are not the engine's is refused, naming each feature that differs", () => {
  assert.equal(checkModel(DEFAULT_MODEL), DEFAULT_MODEL);
  const renamed: VerdictModel = { ...DEFAULT_MODEL, features: DEFAULT_MODEL.features.map((n) => (n === "missing_names" ? ("missing_nmaes" as FeatureName) : n)) };
  assert.throws(() => checkModel(renamed), (e: Error) => /unknown feature "missing_nmaes"/.test(e.message) && /missing feature "missing_names"/.test(e.message) && /npm run fit/.test(e.message));
  const fewer: VerdictModel = { ...DEFAULT_MODEL, features: DEFAULT_MODEL.features.filter((n) => n !== "claim_hedged") };
  assert.throws(() => checkModel(fewer), /missing feature "claim_hedged"/);
  const gate: VerdictModel = { ...DEFAULT_MODEL, gate: "bigram" as FeatureName };
  assert.throws(() => checkModel(gate), /unknown gate feature "bigram"/);
  const check: VerdictModel = { ...DEFAULT_MODEL, thresholds: { ...DEFAULT_MODEL.thresholds, byCheck: { ...DEFAULT_MODEL.thresholds.byCheck, "figure-mismatch": 0.5 } as Thresholds["byCheck"] } };
  assert.throws(() => checkModel(check), /a threshold for "figure-mismatch"/);
  // A decision refuses such a model rather than reading its rules' features as 0.
  const corpus = buildCorpus([parseArticle("a.txt", "Title: A\n\nThe council approved the budget on Tuesday.")]);
  assert.throws(() => verifyClaim("The council approved the budget on Tuesday.", corpus, renamed), /unknown feature "missing_nmaes"/);
  assert.equal(verifyClaim("The council approved the budget on Tuesday.", corpus, DEFAULT_MODEL).verdict, "supported");
});

test("a rule reads its features by name, and a name the engine does not compute is a compile error", () => {
  const f = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureValues;
  assert.equal(f.missing_names, 0);
  // @ts-expect-error: no feature is called missing_nmaes (`npm test` type-checks this file).
  assert.equal(f.missing_nmaes, undefined);
});
