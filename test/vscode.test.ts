/**
 * The extension's integration suite (client/src/test) inside a real VS Code:
 * code-server 4.100.3 driven by Debian's Chromium, installed on demand by
 * scripts/setup-code-server.sh. With VSCODE_EXECUTABLE set, a desktop build runs
 * it through @vscode/test-electron instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runInCodeServer, runInDesktop } from "../scripts/vscode-suite";

test("the integration suite passes inside VS Code", { timeout: 900_000 }, async () => {
  assert.ok(existsSync("out/test/index.js") && existsSync("dist/extension.js"), 'the bundles are missing: run "npm run build" first');
  if (process.env.VSCODE_EXECUTABLE) {
    assert.equal(await runInDesktop(process.env.VSCODE_EXECUTABLE), 0);
    return;
  }
  const { code, log } = await runInCodeServer();
  const summary = log.filter((l) => /passing|failing|\d+\) /.test(l)).join("\n");
  assert.equal(code, 0, `the suite failed inside code-server:\n${log.join("\n").slice(-4000)}`);
  assert.match(summary, /passing/, "the suite reported no passing test");
});
