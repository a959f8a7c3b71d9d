/**
 * The server in real editors: Neovim's built-in LSP client, headless. The
 * editor is installed from Debian's packages on demand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ensureDebianPackages } from "./helpers/debian";

const DRAFT = "# Draft\n\nThe CSTO operates a 5,000-soldier force.\n\nChina announced a new investment fund for Central Asia.\n";

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), "grounded-editor-"));
  cpSync("corpus", join(ws, "corpus"), { recursive: true });
  writeFileSync(join(ws, "draft.md"), DRAFT);
  return ws;
}

test("Neovim 0.7 receives diagnostics, a hover and code actions", () => {
  assert.ok(existsSync("dist/server.js"), 'dist/server.js is missing: run "npm run build" first');
  ensureDebianPackages("nvim", ["neovim"]);
  const ws = workspace();
  const out = join(ws, "result.json");
  const r = spawnSync("nvim", ["--headless", "-u", "NONE", "-c", `luafile ${resolve("test/editors/neovim.lua")}`], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, GROUNDED_WS: ws, GROUNDED_OUT: out, GROUNDED_SERVER: resolve("dist/server.js"), HOME: ws, XDG_STATE_HOME: ws, XDG_DATA_HOME: ws },
  });
  assert.ok(existsSync(out), `Neovim wrote no result (exit ${r.status}): ${r.stderr}`);
  const result = JSON.parse(readFileSync(out, "utf8"));
  const contradicted = result.diagnostics.find((d: { line: number }) => d.line === 2);
  assert.ok(contradicted, JSON.stringify(result.diagnostics));
  assert.equal(contradicted.code, "number-mismatch");
  assert.match(contradicted.message, /3,500/);
  assert.ok(result.diagnostics.some((d: { line: number }) => d.line === 4), "the unsupported claim");
  assert.match(result.hover, /Contradicted/);
  assert.ok(result.actions.some((t: string) => /source's figure/.test(t)), JSON.stringify(result.actions));
});

test("Emacs with eglot receives diagnostics, a hover and code actions", () => {
  assert.ok(existsSync("dist/server.js"), 'dist/server.js is missing: run "npm run build" first');
  ensureDebianPackages("emacs", ["emacs-nox", "elpa-eglot"]);
  const ws = workspace();
  const out = join(ws, "result.json");
  const r = spawnSync("emacs", ["-Q", "--batch", "-l", resolve("test/editors/eglot.el")], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, GROUNDED_WS: ws, GROUNDED_OUT: out, GROUNDED_SERVER: resolve("dist/server.js"), HOME: ws },
  });
  assert.ok(existsSync(out), `Emacs wrote no result (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(readFileSync(out, "utf8"));
  const contradicted = result.diagnostics.find((d: { line: number }) => d.line === 2);
  assert.ok(contradicted, JSON.stringify(result.diagnostics));
  assert.match(contradicted.message, /3,500/);
  assert.match(result.hover, /Contradicted/);
  assert.ok(result.actions.some((t: string) => /source's figure/.test(t)), JSON.stringify(result.actions));
});
