/**
 * Ignoring one claim in the editor (issue #24), through the built server and
 * a real LSP client, against a corpus written for this test: the quick fix
 * ignores that sentence alone, the paragraph's other findings stay, an edit to
 * another sentence keeps the ignore, an edit to the ignored one brings its
 * finding back, and the status tally counts the claims ignored. An
 * unsupported claim also offers *Search the sources for this claim*, where
 * the client has said it runs that command.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import type { StatusParams } from "../server/src/lsp/diagnostics";
import { startServer, type TestServer } from "./helpers/lspClient";

const SOURCE = `The Port Authority of Valmora approved a budget of 48 million euros on Tuesday. The Port Authority (PA) said the money would pay for two new cranes and a dredging programme.

Harbour master Elena Vasquez said the dredging would begin in March 2024. "We cannot keep turning away the largest ships," Vasquez said.
`;

const UNSUPPORTED = "Dockworkers demanded higher pay from the Port Authority of Valmora.";
const CONTRADICTED = "The Port Authority of Valmora approved a budget of 58 million euros.";
const SUPPORTED = "Harbour master Elena Vasquez said the dredging would begin in March 2024.";
const DRAFT = `# Port\n\n${UNSUPPORTED} ${CONTRADICTED} ${SUPPORTED}\n`;

let ws: string;
let server: TestServer;
let version = 0;
/** Waiters for the status tally of a document version (sent after its diagnostics). */
const statusWaiters: Array<{ uri: string; version: number; resolve: (s: StatusParams) => void }> = [];
const tallies = new Map<string, StatusParams>();

before(async () => {
  ws = mkdtempSync(join(tmpdir(), "grounded-ignore-"));
  mkdirSync(join(ws, "corpus"));
  writeFileSync(join(ws, "corpus", "harbour.txt"), SOURCE);
  server = await startServer(ws, { corpus: { paths: ["corpus"] } });
  server.connection.onNotification("grounded/status", (s: StatusParams) => {
    for (const w of statusWaiters.filter((x) => x.uri === s.uri && x.version === s.version)) w.resolve(s);
  });
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

/** Sends the document's text (opening it the first time) and waits for the diagnostics and the status tally of that version. */
async function send(uri: string, text: string): Promise<Diagnostic[]> {
  const v = ++version;
  const waiting = server.diagnostics(uri, (p) => p.version === v);
  const status = new Promise<StatusParams>((resolve) => statusWaiters.push({ uri, version: v, resolve }));
  if (v === 1) await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: v, text } });
  else await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  const { diagnostics } = await waiting;
  tallies.set(uri, await status);
  return diagnostics;
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  for (const e of [...edits].reverse()) text = text.slice(0, offset(e.range.start.line, e.range.start.character)) + e.newText + text.slice(offset(e.range.end.line, e.range.end.character));
  return text;
}

const actionsFor = async (uri: string, d: Diagnostic) =>
  (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];

/** The findings of a check, by the sentence each is on, without their positions (which move when a comment is added). */
function findings(text: string, ds: Diagnostic[]): Map<string, string> {
  const lines = text.split("\n");
  return new Map(ds.map((d) => [lines[d.range.start.line].slice(d.range.start.character, d.range.end.character), `${d.code}: ${d.message}`]));
}

test("ignoring one sentence of a line leaves the others' findings; an edit to another sentence keeps it, an edit to it brings it back", async () => {
  const uri = pathToFileURL(join(ws, "port.md")).toString();
  const before = await send(uri, DRAFT);
  const was = findings(DRAFT, before);
  assert.deepEqual([...was.keys()], [UNSUPPORTED, CONTRADICTED, SUPPORTED], JSON.stringify([...was]));
  assert.match(was.get(CONTRADICTED)!, /^number-mismatch/);

  const ignore = (await actionsFor(uri, before.find((d) => d.code === "unsupported")!)).find((a) => a.title === "Ignore this claim")!;
  const ignored = apply(DRAFT, (ignore.edit!.documentChanges![0] as { edits: TextEdit[] }).edits);
  assert.equal(ignored, DRAFT.replace(UNSUPPORTED, `<!-- grounded-ignore: "Dockworkers demanded higher pay from the Port Authority…" #${/#([0-9a-f]{8})/.exec(ignored)?.[1]} -->\n${UNSUPPORTED}`));
  const after = findings(ignored, await send(uri, ignored));
  assert.deepEqual([...after], [...was].filter(([sentence]) => sentence !== UNSUPPORTED), "the other sentences' findings are those they had");
  assert.equal(tallies.get(uri)?.ignored, 1, "the status tally counts the ignored claim");
  const report = (await server.connection.sendRequest("grounded/report", { uri })) as { markdown: string };
  assert.match(report.markdown, /^1 claim not checked: ignore comments in the draft cover it\.$/m, "the claim report says so");

  const otherEdited = ignored.replace("March 2024", "May 2024");
  const keep = findings(otherEdited, await send(uri, otherEdited));
  assert.ok(!keep.has(UNSUPPORTED), "an edit to another sentence keeps the ignore");
  assert.match(keep.get(SUPPORTED.replace("March", "May"))!, /^date-mismatch/);

  const itselfEdited = otherEdited.replace(`${UNSUPPORTED} `, `${UNSUPPORTED.replace("higher pay", "shorter shifts")} `);
  const back = findings(itselfEdited, await send(uri, itselfEdited));
  assert.match(back.get(UNSUPPORTED.replace("higher pay", "shorter shifts")) ?? "", /^unsupported/, "an edit to the ignored sentence brings its finding back");
  assert.equal(tallies.get(uri)?.ignored, 0);
});

test("an unsupported claim offers Search the sources for this claim, once the client names the command", async () => {
  const uri = pathToFileURL(join(ws, "search.md")).toString();
  const text = `${UNSUPPORTED} ${CONTRADICTED}\n`;
  version = 0;
  const ds = await send(uri, text);
  const unsupported = ds.find((d) => d.code === "unsupported")!;
  const title = "Search the sources for this claim";
  assert.ok(!(await actionsFor(uri, unsupported)).some((a) => a.title === title), "not offered to a client that has not named the command");
  await server.connection.sendNotification("grounded/clientCommands", { commands: ["grounded.searchSources"] });
  const search = (await actionsFor(uri, unsupported)).find((a) => a.title === title);
  assert.deepEqual(search?.command, { title, command: "grounded.searchSources", arguments: [UNSUPPORTED] });
  assert.ok(!(await actionsFor(uri, ds.find((d) => d.code === "number-mismatch")!)).some((a) => a.title === title), "a contradicted claim has the source's figure instead");
});
