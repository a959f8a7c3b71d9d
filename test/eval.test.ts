/**
 * Verdict quality, measured the way ../shared/eval/score.mjs measures it, on
 * the shared dev set and on claims generated from each corpus in the repository.
 * The floors are the targets; a change that drops below them fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { buildCorpus } from "../server/src/engine";
import { decide } from "../server/src/engine/verify/verify";
import { DEFAULT_MODEL } from "../server/src/engine/verify/model";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { generatedCases, macroF1 } from "../scripts/fit-model";
import { readClaims, scoreSet } from "../scripts/eval";

const DEV = "../shared/eval/dev-claims.jsonl";

test("shared dev set: macro-F1 ≥ 0.85, right source first ≥ 95 %, non-claims flagged ≤ 10 %", async () => {
  assert.ok(existsSync(DEV), `${DEV} is missing: the repository is meant to be checked out beside shared/`);
  const { articles } = await loadCorpus(["corpus"]);
  const s = scoreSet(readClaims(DEV), buildCorpus(articles));
  assert.ok(s.macroF1 >= 0.85, `macro-F1 ${s.macroF1.toFixed(3)}\n${s.misses.join("\n")}`);
  assert.ok(s.sourceAccuracy >= 0.95, `source accuracy ${s.sourceAccuracy.toFixed(3)}\n${s.misses.join("\n")}`);
  assert.ok(s.noise <= 0.1, `noise ${s.noise.toFixed(3)}`);
});

for (const dir of ["corpus", "test/fixtures/corpora/mixed"]) {
  test(`claims generated from ${dir}: macro-F1 ≥ 0.9`, async () => {
    const { articles } = await loadCorpus([dir]);
    const cases = generatedCases(articles);
    assert.ok(cases.length >= 10, `only ${cases.length} generated claims`);
    const pairs = cases.map((c) => ({ gold: c.claim.label, predicted: decide(c.judged, c.corpus, DEFAULT_MODEL).verdict }));
    const f1 = macroF1(pairs);
    const wrong = cases.flatMap((c, i) => (pairs[i].gold === pairs[i].predicted ? [] : [`${c.claim.label}/${c.claim.kind}: ${c.claim.claim} → ${pairs[i].predicted}`]));
    assert.ok(f1 >= 0.9, `macro-F1 ${f1.toFixed(3)}\n${wrong.join("\n")}`);
  });
}

test("hand-labelled claims on a corpus in other domains (test/fixtures/eval): macro-F1 ≥ 0.85, right source first ≥ 95 %", async () => {
  const { articles } = await loadCorpus(["test/fixtures/eval/corpus"]);
  const s = scoreSet(readClaims("test/fixtures/eval/heldout-claims.jsonl"), buildCorpus(articles));
  assert.ok(s.macroF1 >= 0.85, `macro-F1 ${s.macroF1.toFixed(3)}\n${s.misses.join("\n")}`);
  assert.ok(s.sourceAccuracy >= 0.95, `source accuracy ${s.sourceAccuracy.toFixed(3)}\n${s.misses.join("\n")}`);
  assert.equal(s.noise, 0, s.misses.join("\n"));
});
