/**
 * The language server's document scheduler (`server/src/lsp/scheduler.ts`),
 * on mocked timers: a check waits for the debounce, a newer edit cancels the
 * check under way and replaces the one waiting, and a closed document is not
 * checked again.
 */
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import type { CancellationToken } from "../server/src/engine";
import { DocumentScheduler } from "../server/src/lsp/scheduler";

function recording() {
  const runs: Array<{ uri: string; token: CancellationToken }> = [];
  const scheduler = new DocumentScheduler(async (uri, token) => void runs.push({ uri, token }), 300);
  return { runs, scheduler };
}

test("scheduler: a check waits for the document's debounce; edits meanwhile give one check", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { runs, scheduler } = recording();
    scheduler.schedule("a");
    mock.timers.tick(200);
    scheduler.schedule("a");
    mock.timers.tick(299);
    assert.equal(runs.length, 0, "still typing");
    mock.timers.tick(1);
    assert.deepEqual(runs.map((r) => r.uri), ["a"]);
    scheduler.setDebounce("a", 50);
    scheduler.schedule("a");
    mock.timers.tick(50);
    assert.equal(runs.length, 2, "the document's own debounce");
  } finally {
    mock.timers.reset();
  }
});

test("scheduler: a newer edit cancels the check under way; a closed document is not checked", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { runs, scheduler } = recording();
    scheduler.schedule("a", 0);
    scheduler.schedule("b", 0);
    mock.timers.tick(0);
    const [a, b] = runs;
    assert.equal(a.token.isCancellationRequested, false);
    scheduler.schedule("a");
    assert.equal(a.token.isCancellationRequested, true, "the edit makes a's check stale");
    assert.equal(b.token.isCancellationRequested, false, "b is not touched");
    scheduler.close("a");
    mock.timers.tick(1000);
    assert.equal(runs.length, 2, "a closed document is not checked");
    scheduler.scheduleAll();
    mock.timers.tick(0);
    assert.deepEqual(runs.slice(2).map((r) => r.uri), ["b"], "every open document, now");
    assert.equal(b.token.isCancellationRequested, true);
  } finally {
    mock.timers.reset();
  }
});
