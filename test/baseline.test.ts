/** Claim fingerprints, accepted claims and baselines, as plain functions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { BaselineMatcher, buildBaseline, parseBaseline } from "../server/src/project/baseline";
import { acceptedEntry, claimFingerprint } from "../server/src/project/rules";

const BASE = { path: "docs/a.md", code: "number-mismatch", text: "The CSTO operates a 5,000-soldier force." };

/** Each case: a change to the claim's path, code or text, and whether the fingerprint stays the same. */
const FINGERPRINTS: Array<[string, Partial<typeof BASE>, boolean]> = [
  ["the same claim", {}, true],
  ["reflowed over two lines", { text: "The CSTO operates\n  a 5,000-soldier force." }, true],
  ["other case", { text: "the csto operates a 5,000-soldier force." }, true],
  ["curly quotes and dashes", { text: "The CSTO operates a 5,000\u2010soldier force." }, true],
  ["a path written with ./", { path: "./docs/a.md" }, true],
  ["a path written with backslashes", { path: "docs\\a.md" }, true],
  ["an edited figure", { text: "The CSTO operates a 6,000-soldier force." }, false],
  ["another file", { path: "docs/b.md" }, false],
  ["another check", { code: "unsupported" }, false],
];

for (const [name, change, same] of FINGERPRINTS) {
  test(`fingerprint: ${name} → ${same ? "the same" : "another"}`, () => {
    const c = { ...BASE, ...change };
    assert.equal(claimFingerprint(c.path, c.code, c.text) === claimFingerprint(BASE.path, BASE.code, BASE.text), same);
  });
}

test("accepted claims match by fingerprint or by text, not by a near miss", () => {
  const fp = claimFingerprint(BASE.path, BASE.code, BASE.text);
  const accepted = [{ claim: "THE CSTO OPERATES A 5,000-SOLDIER FORCE.", reason: "by text" }, { fingerprint: "0123", reason: "by fingerprint" }];
  assert.equal(acceptedEntry(accepted, BASE.text, fp)?.reason, "by text");
  assert.equal(acceptedEntry(accepted, "Something else.", "0123")?.reason, "by fingerprint");
  assert.equal(acceptedEntry(accepted, "The CSTO operates a 6,000-soldier force.", "4567"), undefined);
  assert.equal(acceptedEntry(undefined, BASE.text, fp), undefined);
});

test("baseline: counts cover identical claims one by one; what is left unmatched is reported", () => {
  const claim = { fingerprint: "aa", path: "a.md", code: "unsupported", verdict: "unsupported" as const, text: "X." };
  const { baseline, missingReason } = buildBaseline([claim, claim, { ...claim, fingerprint: "bb", text: "Y." }], undefined, "known");
  assert.equal(missingReason, 0);
  assert.deepEqual(baseline.claims.map((c) => [c.fingerprint, c.count, c.reason]), [["aa", 2, "known"], ["bb", 1, "known"]]);
  const m = new BaselineMatcher(baseline);
  assert.deepEqual(["aa", "aa", "aa", "cc"].map((f) => m.take(f)), ["known", "known", undefined, undefined]);
  assert.deepEqual(m.unmatched(), [{ fingerprint: "bb", count: 1 }]);
});

test("baseline: rewriting keeps reasons; a new claim without a reason is counted", () => {
  const previous = { version: 1 as const, claims: [{ fingerprint: "aa", path: "a.md", code: "unsupported", verdict: "unsupported" as const, text: "X.", count: 1, reason: "old reason" }] };
  const claims = [{ fingerprint: "aa", path: "a.md", code: "unsupported", verdict: "unsupported" as const, text: "X." }, { fingerprint: "bb", path: "a.md", code: "unsupported", verdict: "unsupported" as const, text: "Y." }];
  assert.equal(buildBaseline(claims, previous, undefined).missingReason, 1);
  assert.deepEqual(buildBaseline(claims, previous, "new reason").baseline.claims.map((c) => c.reason), ["old reason", "new reason"]);
});

const BAD_BASELINES: Array<[string, RegExp]> = [
  ["not json", /not valid JSON/],
  [`{"version": 2, "claims": []}`, /expected \{ "version": 1/],
  [`{"version": 1, "claims": [{"text": "X."}]}`, /claim 1 has no "fingerprint"/],
  [`{"version": 1, "claims": [{"fingerprint": "aa", "text": "X.", "reason": "  "}]}`, /claim 1 \("X\."\) has no "reason"/],
  [`{"version": 1, "claims": [{"fingerprint": "aa", "reason": "r", "count": 0}]}`, /"count" that is not a positive whole number/],
];

for (const [text, problem] of BAD_BASELINES) {
  test(`a baseline that cannot be used: ${text.slice(0, 50)}`, () => {
    const parsed = parseBaseline(text);
    assert.ok("problem" in parsed);
    assert.match(parsed.problem, problem);
  });
}

test("a baseline without counts counts one per entry", () => {
  const parsed = parseBaseline(`{"version": 1, "claims": [{"fingerprint": "aa", "reason": "r"}]}`);
  assert.ok("baseline" in parsed);
  assert.equal(parsed.baseline.claims[0].count, 1);
});
