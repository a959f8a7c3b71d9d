/**
 * The check session (`engine/session.ts`): one loop for every host, with an
 * injected verifier that may answer later and in batches. A verifier that
 * answers on a later turn gives the findings `checkDocument` gives at once;
 * the cache, the batches, the pauses, a failing claim and cancellation
 * behave as the hosts rely on.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkDocument, CheckSession, type CheckProgress, type ClaimRequest, lexicalVerifier, type Verifier, type VerifierAnswer } from "../server/src/engine";
import { memoryCorpus } from "./helpers/memoryCorpus";

const corpus = memoryCorpus(
  ["harbour.txt", "The Valmora harbour authority bought eleven cranes in 1997, its director said on Monday.\n\nThe cranes cost 4.2 million euros.\n", { outlet: "Valmora Post", date: "2019-03-04" }],
  ["rail.txt", "A new rail line opened between Ostrava and Brno in May 2020.\n\nIt carries 12,000 passengers a day.\n", { outlet: "Rail Weekly", date: "2020-06-01" }],
);

const draft = {
  path: "draft.md",
  text: [
    "# Notes",
    "",
    "The Valmora harbour authority bought twelve cranes in 1997. The cranes cost 4.2 million euros.",
    "",
    "A new rail line opened between Ostrava and Brno in May 2020. It carries 12,000 passengers a day.",
    "",
    "The Valmora harbour authority bought twelve cranes in 1997.",
    "",
    "The mayor resigned in 2003 after a long dispute over parking fees.",
    "",
  ].join("\n"),
};

/** A verifier that answers on a later turn of the event loop, recording the batches it was handed. */
function laterVerifier(batches: string[][]): Verifier {
  return {
    name: "later",
    verify: async (claims, c, model) => {
      batches.push(claims.map((q) => q.plain));
      await new Promise((r) => setImmediate(r));
      return lexicalVerifier.verify(claims, c, model) as readonly VerifierAnswer[];
    },
  };
}

test("a verifier that answers later, in batches, gives the findings checkDocument gives at once", async () => {
  const now = checkDocument(draft, corpus);
  const batches: string[][] = [];
  const session = new CheckSession(corpus, { verifier: laterVerifier(batches) });
  const later = await session.checkDocument(draft, { checkHeadings: false });
  assert.ok(later);
  assert.deepEqual(later.findings, now.findings);
  assert.deepEqual(later.citations, now.citations);
  assert.equal(now.findings.length, 6, "six claims, one of them twice");
  assert.ok(now.findings.some((f) => f.verdict === "contradicted"), "the changed figure is found");
  // The repeated sentence is verified once: five claims go to the verifier, in batches of at most ten,
  // and then the sentence the correction makes (it checks as supported, so the fix is offered).
  assert.deepEqual(batches, [
    [
      "The Valmora harbour authority bought twelve cranes in 1997.", "The cranes cost 4.2 million euros.",
      "A new rail line opened between Ostrava and Brno in May 2020.", "It carries 12,000 passengers a day.",
      "The mayor resigned in 2003 after a long dispute over parking fees.",
    ],
    ["The Valmora harbour authority bought eleven cranes in 1997."],
  ]);
  assert.equal(now.findings[0].correction?.replacement, "eleven");
});

test("the verdict cache answers a sentence checked before: an edit re-verifies only what it changed", async () => {
  const batches: string[][] = [];
  const session = new CheckSession(corpus, { verifier: laterVerifier(batches) });
  await session.check(draft, { checkHeadings: false });
  batches.length = 0;
  const edited = { ...draft, text: draft.text.replace("The mayor resigned in 2003", "The mayor resigned in 2004") };
  const checked = await session.check(edited, { checkHeadings: false });
  assert.deepEqual(batches, [["The mayor resigned in 2004 after a long dispute over parking fees."]]);
  // A cached finding moves with its sentence: the same claim further down the draft has its own span.
  const moved = { ...draft, text: `Intro.\n\n${draft.text}` };
  const again = await session.check(moved, { checkHeadings: false });
  assert.deepEqual(batches.length, 1, "nothing new to verify");
  assert.deepEqual(again!.findings.map((f) => f.span.start), checked!.findings.map((f) => f.span.start + 8));
  const contradicted = again!.findings.find((f) => f.correction)!;
  assert.equal(moved.text.slice(contradicted.correction!.span.start, contradicted.correction!.span.end), "twelve");
});

test("a batch ends at each pause: freshPerPause claims verified anew, progress told in order, drained when asked", async () => {
  const batches: string[][] = [];
  const told: CheckProgress[] = [];
  let pauses = 0;
  const session = new CheckSession(corpus, { verifier: laterVerifier(batches) });
  const drained: string[] = [];
  const checked = await session.check(draft, { checkHeadings: false }, undefined, {
    freshPerPause: 2,
    drain: true,
    pause: async () => void pauses++,
    progress: (p) => {
      told.push({ ...p, findings: [...p.findings] });
      drained.push(...p.findings.map((f) => f.text));
    },
  });
  // Two claims, then the sentence the first one's correction makes; two claims; the last.
  assert.deepEqual(batches.map((b) => b.length), [2, 1, 2, 1]);
  assert.equal(pauses, 3, "after parsing, then after each full batch");
  assert.deepEqual(told.map((p) => p.checked), [0, 2, 4]);
  // Drained: what was told is not in the result, and together they are every finding, in order.
  assert.deepEqual([...drained, ...checked!.findings.map((f) => f.text)], checkDocument(draft, corpus).findings.map((f) => f.text));
});

test("a claim the verifier cannot verify is one problem and an unsupported finding; the rest are checked", async () => {
  const failing: Verifier = {
    name: "failing",
    verify: (claims, c, model) => claims.map((q: ClaimRequest) => (q.plain.includes("rail") ? { error: new Error("no model for this") } : (lexicalVerifier.verify([q], c, model) as readonly VerifierAnswer[])[0])),
  };
  const checked = await new CheckSession(corpus, { verifier: failing }).check(draft, { checkHeadings: false });
  const failed = checked!.findings.filter((f) => f.reason.includes("no model for this"));
  assert.equal(failed.length, 1);
  assert.equal(failed[0].verdict, "unsupported");
  assert.equal(checked!.problems.length, 1);
  assert.match(checked!.problems[0].message, /no model for this.*rail line/);
  assert.equal(checked!.findings.length, 6);
});

test("a cancelled check stops at its next pause and gives nothing", async () => {
  let cancelled = false;
  const batches: string[][] = [];
  const session = new CheckSession(corpus, { verifier: laterVerifier(batches) });
  const checked = await session.check(draft, { checkHeadings: false }, { get isCancellationRequested() { return cancelled; } }, {
    freshPerPause: 1,
    pause: async () => {
      if (batches.length > 0) cancelled = true;
    },
  });
  assert.equal(checked, undefined);
  assert.deepEqual(batches, [["The Valmora harbour authority bought twelve cranes in 1997."], ["The Valmora harbour authority bought eleven cranes in 1997."]]);
});

test("checkNow refuses a verifier that answers later, naming it", () => {
  const session = new CheckSession(corpus, { verifier: laterVerifier([]) });
  assert.throws(() => session.checkNow(draft, { checkHeadings: false }), /the later verifier answers later: use CheckSession\.check/);
});

test("a correction is offered only when the sentence it makes checks as supported: a figure the source gives for something else is not (issue #24)", () => {
  // The source's only figure near the claim is the man's age; the claim's is the victim's.
  const source = memoryCorpus([
    "dunmore.txt",
    "Man held over marina assault\n\nHarbour Police said the man, 34, from Dunmore, was arrested on Friday and had now been bailed after being questioned by detectives. " +
      "The latest arrest is in connection with the assault of the teenager near the marina at around 23:00 on 3 May, police said.\n",
  ]);
  const text = [
    "A man has been arrested in connection with the assault of a 15-year-old boy in Dunmore, police have said.",
    "",
    "A man, 29, from Dunmore was arrested on Friday, police said.",
    "",
  ].join("\n");
  const [victim, age] = checkDocument({ path: "d.md", text }, source).findings;
  assert.equal(victim.code, "number-mismatch");
  assert.equal(victim.correction, undefined, "\"a 34-year-old boy\" is no fix");
  // The same figure in its own role is corrected, and the corrected sentence checks as supported.
  assert.equal(age.correction?.replacement, "34");
  const fixed = text.slice(0, age.correction!.span.start) + age.correction!.replacement + text.slice(age.correction!.span.end);
  assert.equal(checkDocument({ path: "d.md", text: fixed }, source).findings[1].verdict, "supported");
});
