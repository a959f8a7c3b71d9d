/**
 * Verdict quality, measured the way ../shared/eval/score.mjs measures it (every
 * claim a paragraph of one draft, checked in one run), on the labelled sets in
 * the repository: the dev set (a copy of ../shared/eval/dev-claims.jsonl, never
 * fitted on), the hand-labelled claims of test/fixtures/eval, and claims
 * generated from each corpus. The floors are the figures the shipped model
 * reaches less a small margin: a change that makes verdicts worse fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCorpus } from "../server/src/engine";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { readClaims, scoreSet, type SetScore } from "../scripts/eval";
import { leftOutClaims, perturb } from "../scripts/perturb";

async function score(claims: string, dir: string): Promise<SetScore> {
  const { articles } = await loadCorpus([dir]);
  return scoreSet(readClaims(claims), buildCorpus(articles));
}

const why = (s: SetScore) => `${JSON.stringify(s.confusion)}\n${s.misses.join("\n")}`;

interface Floor {
  claims: string;
  corpus: string;
  macroF1: number;
  sourceAccuracy: number;
  noise: number;
}

const FLOORS: Floor[] = [
  { claims: "test/fixtures/eval/dev-claims.jsonl", corpus: "corpus", macroF1: 0.85, sourceAccuracy: 0.95, noise: 0.1 },
  { claims: "test/fixtures/eval/heldout-claims.jsonl", corpus: "test/fixtures/eval/corpus", macroF1: 0.85, sourceAccuracy: 0.95, noise: 0 },
];

for (const f of FLOORS) {
  test(`${f.claims} against ${f.corpus}: macro-F1 ≥ ${f.macroF1}, right source first ≥ ${f.sourceAccuracy}, non-claims flagged ≤ ${f.noise}`, async () => {
    const s = await score(f.claims, f.corpus);
    assert.ok(s.macroF1 >= f.macroF1, `macro-F1 ${s.macroF1.toFixed(3)}\n${why(s)}`);
    assert.ok(s.sourceAccuracy >= f.sourceAccuracy, `source accuracy ${s.sourceAccuracy.toFixed(3)}\n${why(s)}`);
    assert.ok(s.noise <= f.noise, `noise ${s.noise.toFixed(3)}\n${why(s)}`);
  });
}

for (const dir of ["corpus", "test/fixtures/corpora/mixed"]) {
  test(`claims generated from ${dir} (sentences, swapped names and figures, an article left out): macro-F1 ≥ 0.85`, async () => {
    const { articles } = await loadCorpus([dir]);
    // The last article is left out of the corpus: its sentences are claims nothing supports.
    const kept = articles.slice(0, -1);
    const claims = [...perturb(kept, 3, 20), ...leftOutClaims(articles[articles.length - 1], 10)];
    assert.ok(claims.length >= 20, `only ${claims.length} generated claims`);
    const s = scoreSet(claims, buildCorpus(kept));
    assert.ok(s.macroF1 >= 0.85, `macro-F1 ${s.macroF1.toFixed(3)}\n${why(s)}`);
  });
}
