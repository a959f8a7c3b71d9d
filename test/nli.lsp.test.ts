/**
 * The reading model in the language server: it runs in the check worker
 * (loaded from `models/nli/` beside the server's bundle), the status bar's
 * tally names what decided the verdicts, `grounded.model: "off"` leaves it
 * out, and a model that cannot be used is one log line and one window
 * message, with the lexical verdicts, named "lexical".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { StatusParams } from "../server/src/lsp/diagnostics";
import { startServer } from "./helpers/lspClient";
import { packageCopy, requireModel } from "./helpers/nliModel";

const root = mkdtempSync(join(tmpdir(), "grounded-nli-lsp-"));
test.after(() => rmSync(root, { recursive: true, force: true }));
const ws = join(root, "ws");
cpSync("corpus", join(ws, "corpus"), { recursive: true });

const TEXT = "The CSTO operates a 5,000-soldier force.\n\nKazakhstan hosted the summit in Astana in 2022.\n";

/** Opens two drafts in a server and returns their diagnostics' codes, the status notifications, the logs and the messages shown. */
async function run(model: "auto" | "off", serverFile?: string) {
  const server = await startServer(ws, { corpus: { paths: ["corpus"] }, model }, { serverFile, initializationOptions: { cacheDir: null } });
  try {
    const statuses: StatusParams[] = [];
    server.connection.onNotification("grounded/status", (s: StatusParams) => void statuses.push(s));
    const codes: string[][] = [];
    const hovers: string[] = [];
    for (const name of ["a.md", "b.md"]) {
      const uri = pathToFileURL(join(ws, name)).toString();
      writeFileSync(join(ws, name), TEXT);
      const waiting = server.diagnostics(uri);
      await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: TEXT } });
      codes.push((await waiting).diagnostics.map((d) => String(d.code)));
      const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 5 } })) as { contents: { value: string } } | null;
      hovers.push(hover?.contents.value ?? "");
    }
    // The status follows the diagnostics.
    while (statuses.length < 2) await new Promise((r) => setTimeout(r, 20));
    return { codes, hovers, statuses, logs: server.logs.slice(), shown: server.shown.slice() };
  } finally {
    await server.stop();
  }
}

test("the check worker reads with the model shipped beside the bundle; the status names it; the hover shows its reading; the same claims are flagged", async () => {
  const model = await requireModel();
  const on = await run("auto");
  const off = await run("off");
  assert.deepEqual(on.statuses.map((s) => s.verifier), [model.name, model.name]);
  assert.ok(on.logs.includes(`grounded: the reading model ${model.name} is loaded`), on.logs.join("\n"));
  assert.deepEqual(on.shown, []);
  assert.deepEqual(off.statuses.map((s) => s.verifier), ["lexical", "lexical"]);
  assert.ok(!off.logs.some((l) => /reading model/.test(l)), "not loaded when off");
  assert.deepEqual(on.codes, off.codes);
  assert.ok(on.codes[0].includes("number-mismatch"));
  for (const h of on.hovers) assert.match(h, /\*Reading model:\* entails \d+ %, contradicts \d+ %, neither \d+ % \(most entailing passage: /);
  for (const h of off.hovers) assert.ok(h.includes("Contradicted") && !h.includes("Reading model"), h);
});

test("a model file that is missing: one log line and one window message for the whole session, the lexical verdicts, named lexical", async () => {
  await requireModel();
  const pkg = packageCopy(root, "missing", "missing");
  const missing = await run("auto", join(pkg, "dist/server.js"));
  const off = await run("off");
  const file = join(pkg, "models/nli/model.int8.onnx");
  assert.deepEqual(missing.logs.filter((l) => l.includes(file)), [`grounded: ${file}: missing; verdicts are the lexical checks' alone`]);
  assert.deepEqual(missing.shown, [`Grounded: ${file}: missing; verdicts are the lexical checks' alone`]);
  assert.deepEqual(missing.statuses.map((s) => s.verifier), ["lexical", "lexical"]);
  assert.deepEqual(missing.codes, off.codes);
});
