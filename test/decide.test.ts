/**
 * `decide` is pure: it turns judged windows into a verdict without changing
 * them (the judgements may be shared with other readers, and `check.ts` reads
 * only what it returns). The judgements and the model are frozen, deeply, and
 * the verdict must be the one decided on judgements never frozen.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MODEL } from "../server/src/engine/verify/model";
import { decide, judgeClaim, type Verification } from "../server/src/engine/verify/verify";
import { memoryCorpus } from "./helpers/memoryCorpus";

const corpus = memoryCorpus(
  [
    "news/harbour.txt",
    `The Port Authority of Valmora approved a budget of 48 million euros on Tuesday. The Port Authority (PA) said the money would pay for two new cranes and a dredging programme.

Harbour master Elena Vasquez said the dredging would begin in March 2024. "We cannot keep turning away the largest ships," Vasquez said.`,
    { date: "2023-11-14" },
  ],
  ["news/harbour-2.txt", `The Port Authority of Valmora approved a budget of 52 million euros, the city council said.`, { date: "2023-11-15" }],
);

/** Freezes an object and everything it reaches (typed arrays, which cannot be frozen, aside). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== "object" || seen.has(value) || ArrayBuffer.isView(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key], seen);
  return Object.freeze(value);
}

/** What a caller reads of a verification: the verdict, its reason and the evidence with its scores. */
function summary(v: Verification) {
  return {
    verdict: v.verdict, score: v.score, code: v.code, reason: v.reason, probabilities: v.probabilities,
    evidence: v.evidence.map((e) => ({ article: e.window.article, first: e.window.first, last: e.window.last, support: e.support, contradiction: e.contradiction })),
  };
}

const claims = [
  "The Port Authority of Valmora approved a budget of 48 million euros on Tuesday.",
  "Harbour master Elena Vasquez said the dredging would begin in March 2025.",
  "Harbour master Elena Vasquez said the dredging would begin in March 2024.",
  "The money would pay for two new cranes.",
  "Lighthouse keepers in Norvik went on strike.",
];

test("decide changes none of its inputs: frozen judgements and model give the verdict unfrozen ones do", () => {
  const verdicts = new Set<string>();
  for (const claim of claims) {
    const expected = summary(decide(judgeClaim(claim, corpus), corpus, DEFAULT_MODEL));
    // The judgements of the claim, judged afresh, frozen with everything they reach (the claim's and the windows' analyses too).
    const judged = deepFreeze(judgeClaim(claim, corpus));
    const model = deepFreeze(structuredClone(DEFAULT_MODEL));
    const v = decide(judged, corpus, model);
    assert.deepEqual(summary(v), expected, claim);
    verdicts.add(v.verdict);
    // The scores are on copies: the judgements themselves carry none.
    for (const j of judged.judgements) assert.ok(!("support" in j) && !("contradiction" in j), claim);
    for (const e of v.evidence) assert.ok(!judged.judgements.includes(e), claim);
  }
  assert.deepEqual([...verdicts].sort(), ["contradicted", "supported", "unsupported"], "the claims reach every branch of decide");
});
