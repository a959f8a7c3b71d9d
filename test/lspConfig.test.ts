/**
 * Protocol tests for `.grounded.jsonc` in the language server: the nearest
 * file per document over the editor's settings, nested files, checks turned
 * off, accepted claims, and a malformed file (diagnostics on the file itself,
 * the editor's settings instead, never a crash).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "./helpers/lspClient";

let ws: string;
let server: TestServer;
let version = 0;

const CONTRADICTED = "The CSTO operates a 5,000-soldier force.";
const UNSUPPORTED = "China announced a new investment fund for Central Asia.";
const DRAFT = `# Draft\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n`;
const uriOf = (path: string) => pathToFileURL(join(ws, path)).toString();
const byLine = (ds: Diagnostic[], line: number) => ds.find((d) => d.range.start.line === line);

function put(path: string, text: string): void {
  mkdirSync(join(ws, path, ".."), { recursive: true });
  writeFileSync(join(ws, path), text);
}

async function open(path: string, text: string): Promise<Diagnostic[]> {
  const uri = uriOf(path);
  const waiting = server.diagnostics(uri);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: ++version, text } });
  return (await waiting).diagnostics;
}

/** Tells the server a project file changed on disk; resolves with its diagnostics and the draft's next ones that `accept` takes. */
async function changed(configPath: string, draftPath: string, accept: (ds: Diagnostic[]) => boolean) {
  const onConfig = server.diagnostics(uriOf(configPath));
  const onDraft = server.diagnostics(uriOf(draftPath), (p) => accept(p.diagnostics));
  await server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: 2 }] });
  return { config: (await onConfig).diagnostics, draft: (await onDraft).diagnostics };
}

before(async () => {
  ws = mkdtempSync(join(tmpdir(), "grounded-lsp-config-"));
  // The sources are not in the editor's default folder: only the project file names them.
  cpSync("corpus", join(ws, "sources"), { recursive: true });
  put(".grounded.jsonc", `{\n  // the project\n  "corpus": ["sources"],\n  "severity": { "contradicted": "error" }\n}\n`);
  put("team/.grounded.jsonc", `{ "corpus": "../sources", "disabledChecks": ["number-mismatch"], "accepted": [{ "claim": ${JSON.stringify(UNSUPPORTED)}, "reason": "announced on air" }] }`);
  // The editor says where sources are by default and how unsupported claims look; the project file wins where it speaks.
  server = await startServer(ws, { corpus: { paths: ["nowhere"] }, severity: { unsupported: "warning", contradicted: "hint" } }, {
    initializationOptions: { cacheDir: join(ws, ".cache") },
  });
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

test("the project file's settings win; the editor's fill in what it leaves out", async () => {
  const ds = await open("draft.md", DRAFT);
  const contradicted = byLine(ds, 2);
  assert.equal(contradicted?.code, "number-mismatch", "the corpus comes from the project file");
  assert.equal(contradicted?.severity, 1, "contradicted: error, from the project file");
  assert.equal(byLine(ds, 4)?.severity, 2, "unsupported: warning, from the editor");
});

test("a nested project file applies to its folder: a check turned off, a claim accepted with its reason", async () => {
  const ds = await open("team/draft.md", DRAFT);
  assert.equal(ds.some((d) => d.code === "number-mismatch"), false, "number-mismatch is off");
  const accepted = byLine(ds, 4)!;
  assert.equal(accepted.severity, 4, "an accepted claim is a hint");
  assert.match(String(accepted.message), /^Accepted \(announced on air\): Unsupported: /);
});

test("a malformed project file: diagnostics on the file, the editor's settings meanwhile, and back when fixed", async () => {
  put("team/.grounded.jsonc", `{\n  "corpus": "../sources",\n  "disabledChecks": ["number-mismatch"]\n  "checkHeadings": true\n}`);
  const broken = await changed("team/.grounded.jsonc", "team/draft.md", (ds) => !ds.some((d) => d.code === "number-mismatch" || /^Accepted/.test(String(d.message))));
  assert.equal(broken.config.length, 1);
  assert.equal(broken.config[0].severity, 1);
  assert.equal(broken.config[0].source, "grounded");
  assert.deepEqual(broken.config[0].range.start, { line: 3, character: 2 }, "at the key after the missing comma");
  assert.match(String(broken.config[0].message), /a comma is expected here; the file is ignored until it is fixed/);
  // The editor's corpus ("nowhere") is empty: every claim is unsupported, shown as the editor says (warning), none accepted.
  const draft = server.published.filter((p) => p.uri === uriOf("team/draft.md")).at(-1)!.diagnostics;
  assert.deepEqual(draft.map((d) => [d.range.start.line, d.code, d.severity]), [[2, "unsupported", 2], [4, "unsupported", 2]]);

  put("team/.grounded.jsonc", `{ "corpus": "../sources", "disabledChecks": ["number-mismatch", "negations"] }`);
  const odd = await changed("team/.grounded.jsonc", "team/draft.md", (ds) => byLine(ds, 2) === undefined);
  assert.deepEqual(odd.config.map((d) => [d.severity, String(d.message).slice(0, 28)]), [[2, `unknown check "negations"; e`]]);
  assert.equal(byLine(odd.draft, 4)?.severity, 2, "the rest of the file applies: the claim is no longer accepted, nothing else changed");

  put("team/.grounded.jsonc", `{ "corpus": "../sources" }`);
  const fixed = await changed("team/.grounded.jsonc", "team/draft.md", (ds) => byLine(ds, 2)?.code === "number-mismatch");
  assert.deepEqual(fixed.config, [], "the file's diagnostics are cleared");
  assert.equal(byLine(fixed.draft, 2)?.severity, 4, "contradicted: the editor's hint (the nested file says nothing of severity)");
});

test("a project file created in a folder takes over there", async () => {
  put("fresh/draft.md", DRAFT);
  const before = await open("fresh/draft.md", DRAFT);
  assert.equal(byLine(before, 2)?.severity, 1, "the top file applies");
  put("fresh/.grounded.jsonc", `{ "corpus": "../sources", "severity": { "contradicted": "off" } }`);
  const onDraft = server.diagnostics(uriOf("fresh/draft.md"), (p) => byLine(p.diagnostics, 2) === undefined);
  await server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf("fresh/.grounded.jsonc"), type: 1 }] });
  const after = (await onDraft).diagnostics;
  assert.equal(byLine(after, 4)?.severity, 2);
});

test("ignored sources are left out of the editor's corpus", async () => {
  put("pruned/.grounded.jsonc", `{ "corpus": "../sources", "ignoreSources": ["../sources/001_*.txt"] }`);
  const ds = await open("pruned/draft.md", DRAFT);
  const claim = byLine(ds, 2);
  assert.ok(claim, "the claim is still checked");
  assert.notEqual(claim.code, "number-mismatch", "the source that gives 3,500 is left out");
  assert.equal((claim.relatedInformation ?? []).some((r) => /001_e3fd39bb26fc0bf8\.txt$/.test(r.location.uri)), false);
});
