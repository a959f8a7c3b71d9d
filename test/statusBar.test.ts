/** The client's status bar text and tooltip (`client/src/statusBar.ts`): the claims ignore comments cover are never ignored unseen. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTally, tallyTooltip } from "../client/src/statusBar";

const tally = (ignored: number) => ({ uri: "file:///d.md", version: 1, supported: 3, contradicted: 1, unsupported: 2, ignored });

test("the status bar shows the tally; its tooltip counts the claims ignored by comments", () => {
  assert.equal(formatTally(tally(0)), "✓ 3 · ✗ 1 · ? 2");
  assert.equal(tallyTooltip(tally(0)), "Grounded: claims supported · contradicted · unsupported\nClick for the Problems view.");
  assert.equal(tallyTooltip(tally(1)).split("\n")[1], "1 claim not checked: ignore comments in the draft cover it");
  assert.equal(tallyTooltip(tally(4)).split("\n")[1], "4 claims not checked: ignore comments in the draft cover them");
});

test("the status bar names what decided the verdicts: the lexical checks, or the reading model", () => {
  assert.equal(formatTally({ ...tally(0), verifier: "lexical" }), "✓ 3 · ✗ 1 · ? 2 · lexical");
  assert.equal(formatTally({ ...tally(0), verifier: "nli-37b65019" }), "✓ 3 · ✗ 1 · ? 2 · nli-37b65019");
  assert.match(tallyTooltip({ ...tally(0), verifier: "lexical" }).split("\n")[1], /^Verdicts: the lexical checks alone/);
  assert.equal(tallyTooltip({ ...tally(2), verifier: "nli-37b65019" }).split("\n")[1], "Verdicts: the reading model nli-37b65019 with the lexical checks");
});
