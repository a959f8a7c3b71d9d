/**
 * `npm run fit` reproduces the shipped model from the repository's data: the
 * fit (judging every claim, five folds, the shipped heads) runs here in check
 * mode and fails unless it writes server/src/engine/verify/model.json byte for
 * byte. It takes about a minute and a half on two cores.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test("npm run fit -- --check reproduces model.json", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/fit-model.ts", "--check"], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, `the fit did not reproduce model.json:\n${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, /FRANK mean\s+BA=\d/, "the fit printed no held-out figures");
});
