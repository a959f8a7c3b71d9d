/**
 * The editor while a cold index builds (issue #16): the server's parts run in
 * this process, over a real LSP connection in memory, with a workspace whose
 * build reports a part of the corpus and then waits until the test lets it
 * finish. The claims the part answers are shown first, the others are held
 * back (not shown as unsupported) and counted as pending, a hover on one says
 * it waits for the index, and once the whole corpus is in, every claim is shown.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { createConnection } from "vscode-languageserver/node";
import {
  createProtocolConnection, type Diagnostic, type Hover, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { buildCorpus } from "../server/src/engine";
import { parseArticle } from "../server/src/engine/corpus/ingest";
import type { StatusParams as Status } from "../server/src/lsp/diagnostics";
import { startServer } from "../server/src/lsp/server";
import type { CorpusLoadOptions } from "../server/src/project/workspace";
import { memoryWorkspace } from "./helpers/memoryWorkspace";

const HARBOUR = "/ws/corpus/a-harbour.txt";
const RAIL = "/ws/corpus/b-rail.txt";
const FILES = {
  [HARBOUR]: "Harbour News\n\nThe harbour of Zorland handled 900 ships in 2020, officials said.\n",
  [RAIL]: "Rail News\n\nThe railway of Vestmark carried 4 million passengers in 2019, the operator said.\n",
};
const DRAFT = [
  "The harbour of Zorland handled 900 ships in 2020.",
  "",
  "The railway of Vestmark carried 4 million passengers in 2019.",
  "",
  "The harbour of Zorland handled 700 ships in 2020.",
  "",
].join("\n");

/**
 * A workspace whose every corpus build reports the harbour article alone,
 * then waits until `finish` has been called once more than for the builds
 * before it, and gives both articles.
 */
function slowWorkspace() {
  const ws = memoryWorkspace(FILES);
  let allowed = 0;
  let builds = 0;
  const wake: Array<() => void> = [];
  const finish = () => {
    allowed++;
    wake.splice(0).forEach((w) => w());
  };
  const article = (path: string) => parseArticle(path, FILES[path as keyof typeof FILES], "txt");
  ws.loadCorpus = async (_paths: string[], options: CorpusLoadOptions) => {
    const build = ++builds;
    options.onPartialCorpus?.({ corpus: buildCorpus([article(HARBOUR)]), done: 1, total: 2 });
    while (allowed < build) await new Promise<void>((resolve) => wake.push(resolve));
    return { corpus: buildCorpus([article(HARBOUR), article(RAIL)]), stats: { reused: 0, reindexed: 2 } };
  };
  return { ws, finish };
}

/** The server on one end of a pair of in-memory streams, a protocol client on the other. */
async function connect(ws: ReturnType<typeof memoryWorkspace>) {
  const up = new PassThrough();
  const down = new PassThrough();
  startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)), ws, null);
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const published: PublishDiagnosticsParams[] = [];
  const statuses: Status[] = [];
  const waiters: Array<() => void> = [];
  const changed = () => waiters.splice(0).forEach((w) => w());
  client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => (published.push(p), changed()));
  client.onNotification("grounded/status", (s: Status) => (statuses.push(s), changed()));
  client.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => ({ corpus: { paths: ["corpus"] }, debounceMs: 0 })));
  client.onRequest("client/registerCapability", () => null);
  client.listen();
  await client.sendRequest("initialize", { processId: null, rootUri: "file:///ws", workspaceFolders: [{ uri: "file:///ws", name: "ws" }], capabilities: { workspace: { configuration: true } } });
  await client.sendNotification("initialized", {});
  /** Resolves once a status satisfies `accept` (statuses follow their publish). */
  const status = (accept: (s: Status) => boolean) =>
    new Promise<Status>((resolve) => {
      const look = () => {
        const found = statuses.find(accept);
        if (found) resolve(found);
        else waiters.push(look);
      };
      look();
    });
  return { client, published, status, close: () => (client.dispose(), up.end(), down.end()) };
}

const byLine = (ds: Diagnostic[]) => Object.fromEntries(ds.map((d) => [d.range.start.line, d.code]));

test("while a cold index builds: the claims the part indexed answers are shown first, the rest once the whole corpus is in", async () => {
  const { ws, finish } = slowWorkspace();
  const { client, published, status, close } = await connect(ws);
  try {
    const uri = "file:///ws/draft.md";
    await client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    const early = await status((s) => s.uri === uri && s.pending !== undefined);
    assert.deepEqual({ supported: early.supported, contradicted: early.contradicted, unsupported: early.unsupported, pending: early.pending }, { supported: 1, contradicted: 1, unsupported: 0, pending: 1 });
    const first = published.filter((p) => p.uri === uri).at(-1)!;
    assert.deepEqual(byLine(first.diagnostics), { 0: "supported", 4: "number-mismatch" }, "the rail claim is not shown as unsupported while its source may be indexed yet");
    const waiting = (await client.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 2, character: 5 } })) as Hover;
    assert.match((waiting.contents as { value: string }).value, /still indexing the sources \(1 of 2 files so far\)/);
    const answered = (await client.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 4, character: 5 } })) as Hover;
    assert.match((answered.contents as { value: string }).value, /Contradicted[\s\S]*still indexing/, "a verdict from the part says it is from the part");
    finish();
    const whole = await status((s) => s.uri === uri && s.pending === undefined);
    assert.deepEqual({ supported: whole.supported, contradicted: whole.contradicted, unsupported: whole.unsupported }, { supported: 2, contradicted: 1, unsupported: 0 });
    assert.deepEqual(byLine(published.filter((p) => p.uri === uri).at(-1)!.diagnostics), { 0: "supported", 2: "supported", 4: "number-mismatch" });
  } finally {
    close();
  }
});

test("a corpus already built is not replaced by a part of its rebuild", async () => {
  const { ws, finish } = slowWorkspace();
  finish();
  const { client, status, close } = await connect(ws);
  try {
    const uri = "file:///ws/draft.md";
    await client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    await status((s) => s.uri === uri && s.pending === undefined && s.supported === 2);
    // Reindexing reports a part again: the whole corpus of the last build answers until the new one is in.
    // The rebuild reports its part, then waits: the edit is checked meanwhile.
    await client.sendRequest("grounded/reindex");
    await client.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${DRAFT}\n` }] });
    const after = await status((s) => s.uri === uri && s.version === 2);
    assert.equal(after.pending, undefined, "checked against the whole corpus, not the part");
    assert.equal(after.supported, 2);
    // The rebuild done, the document is checked against it.
    finish();
    await status((s) => s.uri === uri && s.version === 2 && s !== after);
  } finally {
    close();
  }
});
