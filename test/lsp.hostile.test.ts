/**
 * The language server under hostile input (issue #7): a failing request is
 * answered with an error and the next one works, a 5 MB draft of every awkward
 * shape is checked end to end with ranges inside the document, an edit during a
 * check cancels it, and an untrusted workspace reads no source outside itself.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, Hover } from "vscode-languageserver-protocol";
import { LineIndex } from "../server/src/engine";
import { startServer, type TestServer } from "./helpers/lspClient";

let ws: string;
let server: TestServer;

before(async () => {
  ws = mkdtempSync(join(tmpdir(), "grounded-hostile-"));
  cpSync("corpus", join(ws, "corpus"), { recursive: true });
  // No persisted index: nothing of these tests is left in the user's cache.
  server = await startServer(ws, { corpus: { paths: ["corpus"] } }, { initializationOptions: { cacheDir: null } });
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

const uriOf = (name: string) => pathToFileURL(join(ws, name)).toString();

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Every range inside the document, start before end, and no end of a range between the halves of a surrogate pair. */
function assertRangesInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = new LineIndex(text);
  const end = lines.positionAt(text.length);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.character >= 0 && (p.line < end.line || (p.line === end.line && p.character <= end.character)), `${JSON.stringify(d.range)} is outside the document`);
      const offset = lines.offsetAt(p);
      assert.equal(lines.positionAt(offset).character, p.character, `${JSON.stringify(p)} is past the end of its line`);
      assert.ok(!(isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1))), `${JSON.stringify(p)} splits a surrogate pair`);
    }
    assert.ok(lines.offsetAt(d.range.start) <= lines.offsetAt(d.range.end));
  }
}

/** A draft of about `size` characters with every awkward shape in it, and claims the sample corpus decides. */
function hostileDraft(size: number): string {
  const base = readFileSync("examples/draft.md", "utf8");
  const parts = [
    "---\ntitle: Hostile\n---\n\n",
    "The CSTO operates a 5,000-soldier force. Fans cheered \u{1F389}\u{1F44F}.\r\n\r\n",
    "\u05D4\u05E0\u05DE\u05DC \u05E0\u05E4\u05EA\u05D7. \u0645\u0631\u062D\u0628\u0627 \u0628\u0643\u0645.\r\nMixed\rline\nendings here.\n\n",
    "| Year | Event |\n|---|---|\n" + Array.from({ length: 10_000 }, (_, i) => `| ${1900 + (i % 120)} | Row ${i} \u{1F600} |`).join("\n") + "\n\n",
    "The port reopened in May ".repeat(8_000) + "and the line ends here.\n\n",
    ">".repeat(200) + " deep quote.\n\n" + Array.from({ length: 200 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n") + "\n\n",
  ];
  let text = parts.join("");
  while (text.length < size) text += base + "\n\n";
  return text + "```\nan unterminated fence. The ship sank.\n";
}

/** The server's peak resident memory so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

test("a failing request is answered with an error and logged; the next request works", async () => {
  const uri = uriOf("fail.md");
  const text = "The CSTO operates a 5,000-soldier force.\n";
  const first = server.diagnostics(uri);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  await first;
  // A position of null makes the hover handler throw inside the server.
  await assert.rejects(
    server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: null }),
    (e: Error & { code?: number }) => e.code === -32603 && /grounded: hover failed/.test(e.message),
  );
  await assert.rejects(server.connection.sendRequest("textDocument/definition", { textDocument: { uri }, position: null }), /grounded: definition failed/);
  assert.ok(server.logs.some((l) => /grounded: hover failed: TypeError/.test(l)), server.logs.join("\n"));
  const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 5 } })) as Hover;
  assert.match((hover.contents as { value: string }).value, /Contradicted/);
  assert.equal(server.process.exitCode, null);
});

test("a 5 MB draft of every awkward shape is checked end to end; ranges stay inside it", async () => {
  const text = hostileDraft(5 * 1024 * 1024);
  assert.ok(text.length >= 5 * 1024 * 1024);
  const uri = uriOf("huge.md");
  const started = performance.now();
  const waiting = server.diagnostics(uri, (p) => p.version === 1, 300_000);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  const { diagnostics } = await waiting;
  const seconds = (performance.now() - started) / 1000;
  assert.equal(diagnostics.length, 1000, "grounded.maxDiagnostics");
  assert.equal(diagnostics[0].code, "too-many-claims");
  assert.ok(diagnostics.some((d) => d.code === "number-mismatch" && d.range.start.line === 4), "the contradiction is found");
  assertRangesInside(text, diagnostics);
  // The report has every claim; their ranges too stay inside the draft.
  const report = (await server.connection.sendRequest("grounded/report", { uri })) as { version: number; claims: Diagnostic[] };
  assert.equal(report.version, 1);
  assert.ok(report.claims.length > 10_000, `only ${report.claims.length} claims`);
  assertRangesInside(text, report.claims);
  assert.ok(report.claims.some((c) => /too long to check \(200,0\d\d characters/.test((c as unknown as { reason: string }).reason)), "the 200,000-character line is reported, not verified");
  const peak = peakRssMb(server.process.pid!);
  console.log(`# 5 MB draft (${text.length} characters): checked in ${seconds.toFixed(1)} s; server peak RSS ${peak} MB`);
  assert.ok(peak < 2048, `server peak RSS ${peak} MB`);
  // The server still answers: a hover on a claim it reported gives that claim's verdict.
  const claim = diagnostics.find((d) => !["too-many-claims", "unknown-citation", "cited-source-mismatch"].includes(String(d.code)))!;
  const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: claim.range.start })) as Hover | null;
  assert.ok(hover, `no hover at ${JSON.stringify(claim.range.start)}`);
  assert.match((hover.contents as { value: string }).value, /^\*\*(✓ Supported|✗ Contradicted|\? Unsupported)\*\*/);
});

test("while a long draft is parsed and checked, off the server's thread, hovers and completions are answered", async () => {
  // A short draft checked first: a hover on it has a verdict to give.
  const small = uriOf("small.md");
  const checked = server.diagnostics(small);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: small, languageId: "markdown", version: 1, text: "The CSTO operates a 5,000-soldier force.\n" } });
  await checked;
  const text = hostileDraft(2 * 1024 * 1024);
  const uri = uriOf("long.md");
  const begun = server.nextProgress((p) => p.value.kind === "begin" && /checking/.test(p.value.title ?? ""));
  const published = server.diagnostics(uri, (p) => p.version === 1, 300_000);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  const { token } = await begun;
  const parsed = () => server.progress.some((p) => p.token === token && p.value.kind === "report" && /^parsed/.test(p.value.message ?? ""));
  const marker = text.indexOf("[^") + 2;
  const at = new LineIndex(text).positionAt(marker);
  const [hover, completion, other] = await Promise.all([
    server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 4, character: 5 } }),
    server.connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: at }) as Promise<Array<{ label: string }>>,
    server.connection.sendRequest("textDocument/hover", { textDocument: { uri: small }, position: { line: 0, character: 5 } }) as Promise<Hover>,
  ]);
  // Answered before the long draft's Markdown was even parsed: the parse does not hold the thread that answers.
  assert.equal(parsed(), false, "the draft was parsed before the requests were answered");
  assert.equal(server.published.some((p) => p.uri === uri), false, "its diagnostics came before the answers");
  assert.equal(hover, null, "no claim is known before the check");
  assert.ok(completion.length > 0, "the sources are offered after [^");
  assert.match((other.contents as { value: string }).value, /Contradicted/);
  const { diagnostics } = await published;
  assert.ok(parsed(), "the check reports the draft parsed");
  assert.ok(diagnostics.some((d) => d.code === "number-mismatch" && d.range.start.line === 4));
});

test("an edit while a long check runs cancels it: only the new version is published, its ranges inside it", async () => {
  const text = hostileDraft(2 * 1024 * 1024);
  const uri = uriOf("edited.md");
  const begun = server.nextProgress((p) => p.value.kind === "begin" && /checking/.test(p.value.title ?? ""));
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  const { token } = await begun;
  // The check of version 1 is under way: replace the text.
  const edited = "The CSTO operates a 5,000-soldier force.\n\n\u{1F389} The Collective Security Treaty Organization operates a 3,500-soldier force.\n";
  const ended = server.nextProgress((p) => p.token === token && p.value.kind === "end");
  const waiting = server.diagnostics(uri, (p) => p.version === 2);
  await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
  const { diagnostics } = await waiting;
  await ended;
  assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [[0, "number-mismatch"], [2, "supported"]]);
  assertRangesInside(edited, diagnostics);
  const mine = server.published.filter((p) => p.uri === uri);
  assert.equal(mine.at(-1)!.version, 2, "nothing published after the new version");
  for (const p of mine.filter((x) => x.version === 1)) assertRangesInside(text, p.diagnostics);
});

test("untrusted workspace: corpus paths outside it are not read, with a message; trust lifts the limit", async () => {
  const outside = mkdtempSync(join(tmpdir(), "grounded-outside-"));
  writeFileSync(join(outside, "zorland.txt"), "Harbour News\n\nThe harbour of Zorland handled 900 ships in 2020, officials said.\n");
  mkdirSync(join(ws, "links"), { recursive: true });
  symlinkSync(outside, join(ws, "links", "outside"));
  const other = await startServer(ws, { corpus: { paths: ["corpus", outside, "links/outside", `${outside}/**/*.txt`] } }, { initializationOptions: { untrusted: true, cacheDir: null } });
  try {
    const uri = uriOf("trust.md");
    const text = "The harbour of Zorland handled 900 ships in 2020.\n";
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    assert.equal((await waiting).diagnostics[0]?.code, "unsupported", "the source outside the workspace was read");
    for (const p of [outside, "links/outside", `${outside}/**/*.txt`]) {
      const message = (l: string) => l.includes(`"${p}" is outside the workspace folder`) && /not trusted/.test(l);
      assert.equal(other.logs.filter(message).length, 1, `no message in the log for ${p}:\n${other.logs.join("\n")}`);
      assert.equal(other.shown.filter(message).length, 1, `no message shown for ${p}`);
    }
    const trusted = other.diagnostics(uri, (p) => p.diagnostics[0]?.code === "supported");
    await other.connection.sendNotification("grounded/trusted");
    assert.equal((await trusted).diagnostics[0].code, "supported", "once trusted, the outside folder is read");
    assert.ok(other.logs.some((l) => l.includes(`"${outside}" is outside the workspace folder; it is read because the workspace is trusted`)), other.logs.join("\n"));
  } finally {
    await other.stop();
    rmSync(outside, { recursive: true, force: true });
    rmSync(join(ws, "links"), { recursive: true, force: true });
  }
});

test("untrusted workspace: a project file's corpus outside the workspace is not read either", async () => {
  const outside = mkdtempSync(join(tmpdir(), "grounded-outside-"));
  writeFileSync(join(outside, "zorland.txt"), "Harbour News\n\nThe harbour of Zorland handled 900 ships in 2020, officials said.\n");
  mkdirSync(join(ws, "proj"), { recursive: true });
  writeFileSync(join(ws, "proj", ".grounded.jsonc"), JSON.stringify({ corpus: [outside] }));
  const other = await startServer(ws, { corpus: { paths: ["corpus"] } }, { initializationOptions: { untrusted: true, cacheDir: null } });
  try {
    const uri = pathToFileURL(join(ws, "proj", "draft.md")).toString();
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: "The harbour of Zorland handled 900 ships in 2020.\n" } });
    assert.equal((await waiting).diagnostics[0]?.code, "unsupported", "the project file's outside corpus was read");
    assert.ok(other.logs.some((l) => /is outside the workspace folder, and this workspace is not trusted/.test(l)), other.logs.join("\n"));
  } finally {
    await other.stop();
    rmSync(outside, { recursive: true, force: true });
    rmSync(join(ws, "proj"), { recursive: true, force: true });
  }
});

test("the manifest restricts corpus paths, the bibliography and the CSL style in untrusted workspaces; the client sends no request to the network", () => {
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, "limited");
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ["grounded.corpus.paths", "grounded.bibliography", "grounded.citation.csl"]);
  const client = readFileSync("client/src/extension.ts", "utf8");
  assert.match(client, /untrusted: !vscode\.workspace\.isTrusted/);
  assert.match(client, /onDidGrantWorkspaceTrust/);
  // The claim report's webview shows the HTML report, whose policy forbids everything by default; no command URI runs from it.
  const view = readFileSync("client/src/reportView.ts", "utf8");
  assert.match(view, /createWebviewPanel/);
  assert.match(view, /enableCommandUris: false/);
  assert.match(view, /localResourceRoots: \[\]/);
  assert.match(readFileSync("server/src/report/html.ts", "utf8"), /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-/);
  assert.doesNotMatch(client + view, /enableCommandUris:\s*true/, "no command URI runs from a webview");
  const sources = ["client/src", "server/src/lsp", "server/src/project", "server/src/report"].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f)));
  assert.ok(sources.length > 10, sources.join(", "));
  for (const file of sources) {
    assert.doesNotMatch(readFileSync(file, "utf8"), /\bfetch\(|node:https?"|require\("https?"\)|XMLHttpRequest|WebSocket/, `${file} reaches the network`);
  }
});
