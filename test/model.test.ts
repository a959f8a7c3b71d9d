/**
 * The shipped verdict model (server/src/engine/verify/model.json) against the
 * repository: fitted on the data that is here, with the features the engine
 * computes, and with thresholds a writer can read. test/fit.test.ts refits it
 * from that data (`npm run fit -- --check`) and fails unless the result is the
 * same file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURE_NAMES } from "../server/src/engine/verify/features";
import { DEFAULT_MODEL, calibrate, modelInputs, probability } from "../server/src/engine/verify/model";
import { dataDigest } from "../scripts/fit/dataset";

test("model.json was fitted on the repository's data and features", () => {
  assert.equal(DEFAULT_MODEL.fitted.data, dataDigest(FEATURE_NAMES), "the data or the features changed since the model was fitted: run `npm run fit -- --write --report docs/model.md`");
});

test("the model's heads take the engine's inputs and give probabilities", () => {
  const inputs = modelInputs(DEFAULT_MODEL, FEATURE_NAMES.map(() => 0.5));
  for (const head of [DEFAULT_MODEL.support, DEFAULT_MODEL.contradiction]) {
    const p = calibrate(probability(head, inputs), DEFAULT_MODEL.calibration.support);
    assert.ok(p > 0 && p < 1, `p = ${p}`);
  }
  const { supported, contradicted } = DEFAULT_MODEL.thresholds;
  assert.ok(supported > 0 && supported < 1 && contradicted >= 0.5 && contradicted <= 1, JSON.stringify(DEFAULT_MODEL.thresholds));
});
