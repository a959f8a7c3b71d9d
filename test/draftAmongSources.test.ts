/**
 * A draft saved among its own sources (a corpus folder that holds the draft,
 * or `corpus: ["."]`) is not evidence for itself: every claim would be
 * "supported" by its own words, a changed figure included. The CLI and the
 * language server (through its check worker) leave the draft's own file out
 * of its evidence; any other file may still cite it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "./helpers/lspClient";

const SOURCE = "The harbour of Zorland handled 800 ships in 2020, the port authority said on Monday. Its new crane was built in Finland.\n";
const DRAFT = "# Harbour\n\nThe harbour of Zorland handled 900 ships in 2020.\n\nIts new crane was built in Finland.\n\nThe port authority employs 300 dockworkers.\n";
const VERDICTS = ["contradicted", "supported", "unsupported"];

let ws: string;
let server: TestServer | undefined;

before(() => {
  ws = mkdtempSync(join(tmpdir(), "grounded-own-draft-"));
  mkdirSync(join(ws, "corpus"));
  writeFileSync(join(ws, "corpus", "harbour.txt"), SOURCE);
  writeFileSync(join(ws, "corpus", "draft.md"), DRAFT);
  writeFileSync(join(ws, "outside.md"), DRAFT);
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

function check(file: string): Array<{ verdict: string; sources: string[] }> {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "check", "--corpus", "corpus", "--format", "json", "--no-exit", file], { cwd: ws, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { files: Array<{ claims: Array<{ verdict: string; evidence: Array<{ source: string }> }> }> };
  return report.files[0].claims.map((c) => ({ verdict: c.verdict, sources: c.evidence.map((e) => e.source) }));
}

test("the CLI: a draft inside its corpus gets the verdicts its sources give, none of its evidence itself; a copy elsewhere may cite it", () => {
  const inside = check("corpus/draft.md");
  assert.deepEqual(inside.map((c) => c.verdict), VERDICTS);
  for (const c of inside) assert.ok(!c.sources.some((s) => s.endsWith("draft.md")), `evidence from the draft itself: ${c.sources.join(", ")}`);
  // Only the draft's own file is left out: for another file, the draft in the corpus is a source like any other.
  const outside = check("outside.md");
  assert.deepEqual(outside.map((c) => c.verdict), ["supported", "supported", "supported"]);
  assert.ok(outside.every((c) => c.sources[0] === "corpus/draft.md"), JSON.stringify(outside));
});

test("the language server: a draft inside its corpus is contradicted where the source differs, not supported by itself", async () => {
  server = await startServer(ws, () => ({ corpus: { paths: ["corpus"] } }));
  const uri = pathToFileURL(join(ws, "corpus", "draft.md")).toString();
  const waiting = server.diagnostics(uri, (p) => p.diagnostics.length > 0);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
  const diagnostics: Diagnostic[] = (await waiting).diagnostics;
  const figure = diagnostics.find((d) => d.range.start.line === 2);
  assert.equal(figure?.code, "number-mismatch", JSON.stringify(diagnostics));
  assert.match(typeof figure!.message === "string" ? figure!.message : figure!.message.value, /800, not 900/);
});
