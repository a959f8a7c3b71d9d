/**
 * Protocol tests: the built server (dist/server.js --stdio) driven by a real LSP
 * client over a temporary workspace holding a copy of the sample corpus.
 */
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CodeAction, CompletionItem, Diagnostic, Hover, Location, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "./helpers/lspClient";

let ws: string;
let server: TestServer;
let version = 0;

const DRAFT = [
  "# Draft",
  "",
  "The CSTO operates a 5,000-soldier force.",
  "",
  "The Collective Security Treaty Organization operates a 3,500-soldier force.",
  "",
  "China announced a new investment fund for Central Asia.",
  "",
  "Why does any of this matter?",
  "",
].join("\n");

/** Applies LSP text edits as an editor does: insertions at one position keep their array order. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  const spans = edits.map((e, i) => ({ i, start: offset(e.range.start.line, e.range.start.character), end: offset(e.range.end.line, e.range.end.character), newText: e.newText }));
  spans.sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const e of spans) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** Opens a document and returns its first diagnostics (or the first that `accept` takes). */
async function open(name: string, text: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(join(ws, name)).toString();
  const waiting = server.diagnostics(uri, accept);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: ++version, text } });
  return { uri, diagnostics: (await waiting).diagnostics };
}

async function change(uri: string, text: string): Promise<Diagnostic[]> {
  const v = ++version;
  const waiting = server.diagnostics(uri, (p) => p.version === v);
  await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  return (await waiting).diagnostics;
}

before(async () => {
  ws = mkdtempSync(join(tmpdir(), "grounded-lsp-"));
  cpSync("corpus", join(ws, "corpus"), { recursive: true });
  server = await startServer(ws, { corpus: { paths: ["corpus"] } });
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

const byLine = (ds: Diagnostic[], line: number) => ds.find((d) => d.range.start.line === line);

test("diagnostics for each verdict, with code, source, severity and related evidence", async () => {
  const { diagnostics } = await open("draft.md", DRAFT);
  const contradicted = byLine(diagnostics, 2)!;
  assert.equal(contradicted.severity, 2);
  assert.equal(contradicted.source, "grounded");
  assert.equal(contradicted.code, "number-mismatch");
  assert.match(String(contradicted.message), /3,500/);
  assert.match(contradicted.codeDescription!.href, /#number-mismatch$/);
  assert.match(contradicted.relatedInformation![0].location.uri, /001_e3fd39bb26fc0bf8\.txt$/);
  assert.equal(byLine(diagnostics, 4)?.severity, 4, "supported is a hint");
  assert.equal(byLine(diagnostics, 6)?.severity, 3, "unsupported is information");
  assert.equal(byLine(diagnostics, 8), undefined, "a question is not a claim");
  const kinds = server.progress.map((p) => p.value.kind);
  assert.deepEqual([kinds[0], kinds.at(-1)], ["begin", "end"], "indexing reports its progress");
  assert.match(server.progress[0].value.title ?? "", /indexing/);
});

test("hover shows the verdict, the reason and the escaped passage", async () => {
  const uri = pathToFileURL(join(ws, "draft.md")).toString();
  const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 2, character: 5 } })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /Contradicted/);
  assert.match(value, /3,500/);
  assert.match(value, /The Moscow Times/);
});

test("quick fixes: use the source's figure, cite, ignore; the writer's text survives", async () => {
  const uri = pathToFileURL(join(ws, "draft.md")).toString();
  const diagnostics = server.published.filter((p) => p.uri === uri).at(-1)!.diagnostics;
  const actions = (await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri }, range: byLine(diagnostics, 2)!.range, context: { diagnostics },
  })) as CodeAction[];
  const fix = actions.find((a) => /source's figure/.test(a.title))!;
  assert.ok(fix, actions.map((a) => a.title).join(", "));
  const change0 = (fix.edit!.documentChanges![0] as { textDocument: { version: number }; edits: TextEdit[] });
  assert.equal(change0.textDocument.version, version, "edits are tied to the document version");
  const fixed = apply(DRAFT, change0.edits);
  assert.equal(fixed, DRAFT.replace("5,000", "3,500"));
  const after = await change(uri, fixed);
  assert.equal(byLine(after, 2)?.code, "supported");

  const cite = ((await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri }, range: byLine(after, 2)!.range, context: { diagnostics: after },
  })) as CodeAction[]).find((a) => a.title.startsWith("Cite"))!;
  const cited = apply(fixed, (cite.edit!.documentChanges![0] as { edits: TextEdit[] }).edits);
  assert.match(cited, /operates a 3,500-soldier force\.\[\^moscowtimes-2012-05-15\]/);
  assert.match(cited, /\n\[\^moscowtimes-2012-05-15\]: Putin Looks to Strengthen Ties With Former Soviet Neighbors\. \*The Moscow Times\*, 2012-05-15\. <https:/);
  assert.equal(cited.replace(/\[\^[^\]]+\](: .*\n)?/g, "").trimEnd(), fixed.trimEnd(), "only the citation was added");
  const recheck = await change(uri, cited);
  assert.equal(byLine(recheck, 2)?.code, "supported");

  const more = ((await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri }, range: byLine(recheck, 2)!.range, context: { diagnostics: recheck },
  })) as CodeAction[]);
  const quote = more.find((a) => a.title === "Quote the source")!;
  const quoted = apply(cited, (quote.edit!.documentChanges![0] as { edits: TextEdit[] }).edits);
  assert.match(quoted, /\n\n> .*3,500-soldier force.*\[\^moscowtimes-2012-05-15\]\n/);
  const ignore = more.find((a) => a.title === "Ignore this claim")!;
  const ignored = apply(cited, (ignore.edit!.documentChanges![0] as { edits: TextEdit[] }).edits);
  assert.equal(ignored, cited.replace("The CSTO operates", '<!-- grounded-ignore: "The CSTO operates a 3,500-soldier force." -->\nThe CSTO operates'));
  const afterIgnore = await change(uri, ignored);
  assert.ok(!afterIgnore.some((d) => d.range.start.line === 3 && d.code !== "unknown-citation"), "the ignored claim is not checked");
  assert.ok(!afterIgnore.some((d) => d.code === "unknown-citation" || d.code === "cited-source-mismatch"), "the citation resolves");
});

test("citations in the editor: an unknown key and a source that does not say it", async () => {
  const { diagnostics } = await open("cites.md", "China announced a new investment fund for Central Asia.[^moscowtimes-2012-05-15]\n\nThe CSTO was founded in 1992.[^nosuchkey]\n");
  assert.equal(diagnostics.find((d) => d.code === "cited-source-mismatch")?.range.start.line, 0);
  assert.equal(diagnostics.find((d) => d.code === "unknown-citation")?.range.start.line, 2);
});

test("a stale version is never published", async () => {
  const uri = pathToFileURL(join(ws, "stale.md")).toString();
  await open("stale.md", "China announced a new investment fund for Central Asia.\n");
  const first = ++version;
  await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: first }, contentChanges: [{ text: "The CSTO operates a 5,000-soldier force.\n" }] });
  const last = ++version;
  const waiting = server.diagnostics(uri, (p) => p.version === last);
  await server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: last }, contentChanges: [{ text: "The CSTO operates a 3,500-soldier force.\n" }] });
  await waiting;
  assert.ok(!server.published.some((p) => p.uri === uri && p.version === first), "the intermediate version was published");
});

test("completion after [^ offers sources and adds the definition; definition goes to the article", async () => {
  const text = "The CSTO was founded in 1992.[^\n";
  const { uri } = await open("cite.md", text);
  const items = (await server.connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line: 0, character: 31 } })) as CompletionItem[];
  const item = items.find((i) => i.label === "moscowtimes-2012-05-15")!;
  assert.ok(item, items.map((i) => i.label).join(", "));
  assert.match(item.additionalTextEdits![0].newText, /\[\^moscowtimes-2012-05-15\]: /);
  const withKey = "The CSTO was founded in 1992.[^moscowtimes-2012-05-15]\n";
  await change(uri, withKey);
  const marker = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 35 } })) as Hover;
  assert.match((marker.contents as { value: string }).value, /Putin Looks to Strengthen Ties/, "hover on a citation shows the cited article");
  const loc = (await server.connection.sendRequest("textDocument/definition", { textDocument: { uri }, position: { line: 0, character: 35 } })) as Location;
  assert.match(loc.uri, /001_e3fd39bb26fc0bf8\.txt$/);
  await change(uri, `${withKey}\n[^moscowtimes-2012-05-15]: Title. *The Moscow Times*, 2012-05-15. <https://example.org/a>\n`);
  const links = (await server.connection.sendRequest("textDocument/documentLink", { textDocument: { uri } })) as Array<{ target: string }>;
  assert.deepEqual(links.map((l) => l.target), ["https://example.org/a"]);
});

test("hover escapes source text: no link, HTML or command URI becomes active", async () => {
  writeFileSync(join(ws, "corpus", "evil.txt"), "Hostile Page\n\nThe harbour of Zorland handled [free money](command:workbench.action.terminal.new) and <script>alert(1)</script> 900 ships in 2020, said officials.\n");
  await server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(ws, "corpus", "evil.txt")).toString(), type: 1 }] });
  // Checked at once against the corpus already built, then again once the new file is indexed.
  const { uri, diagnostics } = await open("evil.md", "The harbour of Zorland handled 900 ships in 2020.\n", (p) => p.diagnostics[0]?.code === "supported");
  assert.equal(diagnostics[0]?.code, "supported", "a corpus file added while running is indexed");
  const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 4 } })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.doesNotMatch(value, /\]\(command:/);
  assert.doesNotMatch(value, /<script>/);
});

test("a failing request is answered and the server goes on", async () => {
  // Malformed parameters: whatever the answer (an error or nothing), the server must go on.
  const answer = await server.connection.sendRequest("textDocument/hover", { textDocument: { uri: 42 }, position: null }).then(
    (r) => ({ result: r }),
    (e: Error) => ({ error: e.message }),
  );
  assert.ok("error" in answer || answer.result === null);
  assert.equal(server.process.exitCode, null, "the server is still running");
  const { diagnostics } = await open("after.md", "The CSTO operates a 5,000-soldier force.\n");
  assert.equal(diagnostics[0]?.code, "number-mismatch");
});

test("custom requests: passage search and the claim report", async () => {
  const uri = pathToFileURL(join(ws, "draft.md")).toString();
  const hits = (await server.connection.sendRequest("grounded/searchPassages", { uri, query: "soldier force NATO" })) as Array<{ articleId: string; quote: string; key: string }>;
  assert.ok(hits.length > 0);
  assert.match(hits[0].quote, /3,500-soldier force/);
  assert.equal(hits[0].key, "moscowtimes-2012-05-15");
  const report = (await server.connection.sendRequest("grounded/report", { uri })) as { claims: Array<{ verdict: string }> };
  assert.ok(report.claims.length >= 2, JSON.stringify(report));
  assert.ok(report.claims.every((c) => ["supported", "contradicted", "unsupported"].includes(c.verdict)));
});

test("a corpus file removed is dropped from the evidence", async () => {
  rmSync(join(ws, "corpus", "evil.txt"));
  const uri = pathToFileURL(join(ws, "evil.md")).toString();
  const waiting = server.diagnostics(uri, (p) => p.diagnostics[0]?.code === "unsupported");
  await server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(ws, "corpus", "evil.txt")).toString(), type: 3 }] });
  assert.equal((await waiting).diagnostics[0].code, "unsupported");
});

test("settings: a wrong type falls back with a message; a document over the limit says so", async () => {
  const other = await startServer(ws, { corpus: { paths: ["corpus"] }, maxDiagnostics: 2, severity: { supported: 42 } });
  try {
    const uri = pathToFileURL(join(ws, "limit.md")).toString();
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    const { diagnostics } = await waiting;
    assert.equal(diagnostics.length, 2);
    assert.equal(diagnostics[0].code, "too-many-claims");
    assert.match(String(diagnostics[0].message), /1 of 3 findings; 2 more are not shown/);
    assert.ok(other.logs.some((l) => /grounded\.severity\.supported: 42 is not one of/.test(l)), other.logs.join("\n"));
  } finally {
    await other.stop();
  }
});

test("pandoc style: [@key], a references.json beside the draft and its bibliography entry", async () => {
  const other = await startServer(ws, { corpus: { paths: ["corpus"] }, citation: { style: "pandoc" } });
  try {
    const uri = pathToFileURL(join(ws, "pandoc.md")).toString();
    const text = "The Collective Security Treaty Organization operates a 3,500-soldier force.\n";
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    const { diagnostics } = await waiting;
    const actions = (await other.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
    const cite = actions.find((a) => a.title.startsWith("Cite"))!;
    const changes = cite.edit!.documentChanges as Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: TextEdit[] }>;
    const draftEdit = changes.find((c) => c.textDocument?.uri === uri)!;
    assert.equal(apply(text, draftEdit.edits!), "---\nbibliography: references.json\n---\n\nThe Collective Security Treaty Organization operates a 3,500-soldier force. [@moscowtimes-2012-05-15]\n");
    assert.ok(changes.some((c) => c.kind === "create" && c.uri!.endsWith("/references.json")));
    const refs = changes.find((c) => c.textDocument?.uri.endsWith("/references.json"))!;
    assert.equal(JSON.parse(refs.edits![0].newText)[0].id, "moscowtimes-2012-05-15");
  } finally {
    await other.stop();
  }
});

test("pandoc style with a .bib the front matter names: the entry goes there, once, and no references.json is written", async () => {
  const other = await startServer(ws, { corpus: { paths: ["corpus"] }, citation: { style: "pandoc" } });
  try {
    const bib = "@book{other2020,\n  title = {Another Book},\n}\n";
    writeFileSync(join(ws, "refs.bib"), bib);
    const cite = async (name: string) => {
      const uri = pathToFileURL(join(ws, name)).toString();
      const text = "---\nbibliography: refs.bib\n---\n\nThe Collective Security Treaty Organization operates a 3,500-soldier force.\n";
      const waiting = other.diagnostics(uri);
      await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
      const { diagnostics } = await waiting;
      const supported = diagnostics.filter((d) => d.code === "supported");
      assert.equal(supported.length, 1, JSON.stringify(diagnostics));
      const actions = (await other.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: supported[0].range, context: { diagnostics: supported } })) as CodeAction[];
      const changes = actions.find((a) => a.title.startsWith("Cite"))!.edit!.documentChanges as Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: TextEdit[] }>;
      assert.ok(!changes.some((c) => (c.uri ?? c.textDocument?.uri ?? "").endsWith("/references.json")), "no references.json");
      const draft = changes.find((c) => c.textDocument?.uri === uri)!;
      assert.equal(apply(text, draft.edits!), text.replace("force.", "force. [@moscowtimes-2012-05-15]"), "the front matter is left as it is");
      return changes.filter((c) => c.textDocument?.uri.endsWith("/refs.bib") || c.uri?.endsWith("/refs.bib"));
    };
    const [added] = await cite("pandoc-bib.md");
    const after = apply(bib, added.edits!);
    assert.match(after, /^@book\{other2020,\n  title = \{Another Book\},\n\}\n\n@article\{moscowtimes-2012-05-15,\n  title = \{Putin Looks/);
    assert.match(after, /  journal = \{The Moscow Times\},\n  author = \{\{[^{}]+\}\},\n  date = \{2012-05-15\},\n  url = \{https:[^}]+\},\n\}\n$/);
    writeFileSync(join(ws, "refs.bib"), after);
    assert.deepEqual(await cite("pandoc-bib-again.md"), [], "the key is there: no file is written");
  } finally {
    rmSync(join(ws, "refs.bib"), { force: true });
    await other.stop();
  }
});

test("the status notification carries the document's tally", async () => {
  const uri = pathToFileURL(join(ws, "tally.md")).toString();
  const tally = new Promise<Record<string, unknown>>((resolve) => {
    server.connection.onNotification("grounded/status", (p: Record<string, unknown>) => {
      if (p.uri === uri) resolve(p);
    });
  });
  await open("tally.md", DRAFT);
  const t = await tally;
  assert.deepEqual({ supported: t.supported, contradicted: t.contradicted, unsupported: t.unsupported }, { supported: 1, contradicted: 1, unsupported: 1 });
});

test("search sources and quote a passage at the cursor, with its citation", async () => {
  const text = "Intro paragraph.\n\n\n\nLast paragraph.\n";
  const { uri } = await open("quote.md", text);
  const [hit] = (await server.connection.sendRequest("grounded/searchPassages", { uri, query: "3,500-soldier force" })) as Array<{ articleId: string; passage: number; key: string }>;
  const edit = (await server.connection.sendRequest("grounded/quoteEdit", { uri, position: { line: 2, character: 0 }, articleId: hit.articleId, passage: hit.passage })) as WorkspaceEdit;
  const change0 = edit.documentChanges![0] as { textDocument: { version: number }; edits: TextEdit[] };
  assert.equal(change0.textDocument.version, version);
  const quoted = apply(text, change0.edits);
  assert.match(quoted, /^Intro paragraph\.\n\n> .*3,500-soldier force.*\[\^moscowtimes-2012-05-15\]\n\nLast paragraph\.\n\n\[\^moscowtimes-2012-05-15\]: Putin Looks/);
  const afterQuote = await change(uri, quoted);
  assert.ok(!afterQuote.some((d) => d.code === "unknown-citation"), "the quote's citation resolves");
});

test("link style: the Cite fix adds an inline link to the source", async () => {
  const other = await startServer(ws, { corpus: { paths: ["corpus"] }, citation: { style: "link" } });
  try {
    const uri = pathToFileURL(join(ws, "link.md")).toString();
    const text = "The Collective Security Treaty Organization operates a 3,500-soldier force. More.\n";
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    const { diagnostics } = await waiting;
    const actions = (await other.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
    const cite = actions.find((a) => a.title.startsWith("Cite"))!;
    const cited = apply(text, (cite.edit!.documentChanges![0] as { edits: TextEdit[] }).edits);
    assert.match(cited, /^The Collective Security Treaty Organization operates a 3,500-soldier force\. \(\[The Moscow Times\]\(<https:\/\/[^>]+>\)\) More\.\n$/);
  } finally {
    await other.stop();
  }
});

test("multi-root: settings per folder, a glob as the corpus path", async () => {
  const second = mkdtempSync(join(tmpdir(), "grounded-lsp-second-"));
  cpSync("test/fixtures/lsp/second", second, { recursive: true });
  const secondUri = pathToFileURL(second).toString();
  const other = await startServer(ws, (scopeUri) =>
    scopeUri?.startsWith(secondUri + "/")
      ? { corpus: { paths: ["sources/**/*.txt"] }, severity: { supported: "information" } }
      : { corpus: { paths: ["corpus"] } },
  { moreFolders: [second] });
  try {
    const claims = "The harbour of Zorland handled 900 ships in 2020.\n\nThe lighthouse of Vemark was built in 1871.\n";
    const inSecond = pathToFileURL(join(second, "draft.md")).toString();
    const inFirst = pathToFileURL(join(ws, "multi.md")).toString();
    const w2 = other.diagnostics(inSecond);
    const w1 = other.diagnostics(inFirst);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: inSecond, languageId: "markdown", version: 1, text: claims } });
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: inFirst, languageId: "markdown", version: 1, text: claims } });
    const [d2, d1] = [(await w2).diagnostics, (await w1).diagnostics];
    assert.equal(byLine(d2, 0)?.code, "supported", "the second folder's corpus has Zorland");
    assert.equal(byLine(d2, 0)?.severity, 3, "the second folder's severity setting");
    assert.equal(byLine(d2, 2)?.code, "unsupported", "vemark.md is outside the glob");
    assert.match(byLine(d2, 0)!.relatedInformation![0].location.uri, /\/sources\/port\/zorland\.txt$/);
    assert.equal(byLine(d1, 0)?.code, "unsupported", "the first folder's corpus does not");
    // A source file added under the glob is indexed.
    writeFileSync(join(second, "sources", "port", "vemark.txt"), readFileSync(join(second, "sources", "port", "vemark.md")));
    const again = other.diagnostics(inSecond, (p) => byLine(p.diagnostics, 2)?.code === "supported");
    await other.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(second, "sources", "port", "vemark.txt")).toString(), type: 1 }] });
    assert.equal(byLine((await again).diagnostics, 2)?.code, "supported");
  } finally {
    await other.stop();
    rmSync(second, { recursive: true, force: true });
  }
});

test("hovers never wait for indexing; a bad setting is reported once", async () => {
  const other = await startServer(ws, { corpus: { paths: ["corpus"] }, debounceMs: "soon" });
  try {
    const uri = pathToFileURL(join(ws, "early.md")).toString();
    const waiting = other.diagnostics(uri);
    await other.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    const early = (await other.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 2, character: 5 } })) as Hover;
    assert.match((early.contents as { value: string }).value, /indexing/);
    await waiting;
    const reindexed = other.diagnostics(uri);
    await other.connection.sendRequest("grounded/reindex");
    const during = (await other.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 2, character: 5 } })) as Hover;
    assert.match((during.contents as { value: string }).value, /Contradicted/, "answered from the corpus the findings came from");
    await reindexed;
    assert.equal(other.logs.filter((l) => /grounded\.debounceMs: "soon"/.test(l)).length, 1, other.logs.join("\n"));
  } finally {
    await other.stop();
  }
});

test("the quote fix in a CRLF document keeps its line breaks", async () => {
  const text = "The CSTO operates a 5,000-soldier force.\r\nIt grew.\r\n\r\nNext.\r\n";
  const { uri, diagnostics } = await open("crlf.md", text);
  const d = diagnostics.find((x) => x.range.start.line === 0)!;
  const actions = (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics } })) as CodeAction[];
  const quote = actions.find((a) => a.title === "Quote the source")!;
  const edits = (quote.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
  assert.deepEqual(edits[0].range.start, { line: 1, character: 8 }, "after the paragraph, before the blank line");
  assert.match(edits[0].newText, /^\r\n\r\n> /);
  assert.ok(!/[^\r]\n/.test(edits.map((e) => e.newText).join("")), "no bare LF in a CRLF document");
});

test("the claim report of a document changed since its check keeps the checked version's lines", async () => {
  // A long debounce: the edit below is not checked again before the report is asked for.
  const slow = await startServer(ws, { corpus: { paths: ["corpus"] }, debounceMs: 10_000 });
  try {
    const uri = pathToFileURL(join(ws, "report-lines.md")).toString();
    const first = slow.diagnostics(uri);
    await slow.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    await first;
    await slow.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: `\n\n\n${DRAFT}` }] });
    const report = (await slow.connection.sendRequest("grounded/report", { uri })) as { version: number; claims: Array<{ range: Diagnostic["range"] }>; markdown: string };
    assert.equal(report.version, 1);
    assert.deepEqual(report.claims.map((c) => c.range.start.line), [2, 4, 6], "the lines of version 1, where the findings are");
    assert.match(report.markdown, /^\| 3 \| The CSTO operates a 5,000\\-soldier force\\\. \| ✗ contradicted \|/m);
  } finally {
    await slow.stop();
  }
});

test("the server starts from the persisted index grounded check wrote for the same sources, whatever its workspace folder", async () => {
  const ws = mkdtempSync(join(tmpdir(), "grounded-lsp-shared-"));
  const cache = mkdtempSync(join(tmpdir(), "grounded-lsp-cache-"));
  const sources = join(process.cwd(), "corpus");
  const draft = join(ws, "draft.md");
  writeFileSync(draft, DRAFT);
  const cli = spawnSync(process.execPath, ["dist/cli.js", "check", "--corpus", sources, "--cache-dir", cache, "--format", "json", draft], { encoding: "utf8" });
  assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
  const server = await startServer(ws, { corpus: { paths: [sources] } }, { initializationOptions: { cacheDir: cache } });
  try {
    const uri = pathToFileURL(draft).toString();
    const first = server.diagnostics(uri);
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    await first;
    const indexed = server.logs.filter((l) => /^grounded: indexed \d+ articles/.test(l));
    assert.match(indexed.join("\n"), /\(\d+ from the index cache, 0 read anew\)/, "no source is read again");
    assert.equal(readdirSync(cache).filter((f) => f.startsWith("corpus-")).length, 1, "one persisted index for both");
  } finally {
    await server.stop();
    rmSync(ws, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
});

test("a glob corpus: a file added is indexed alone, into the same persisted index", async () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-lsp-glob-"));
  const cache = mkdtempSync(join(tmpdir(), "grounded-lsp-cache-"));
  cpSync("corpus", join(root, "sources"), { recursive: true });
  const globbed = await startServer(root, { corpus: { paths: ["sources/**/*.txt"] } }, { initializationOptions: { cacheDir: cache } });
  try {
    const uri = pathToFileURL(join(root, "draft.md")).toString();
    const first = globbed.diagnostics(uri);
    await globbed.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: DRAFT } });
    await first;
    const added = join(root, "sources", "added.txt");
    writeFileSync(added, "Harbour News\n\nThe harbour of Valmora reopened on Tuesday after a month of repairs.\n");
    const indexed = () => globbed.logs.filter((l) => /^grounded: indexed /.test(l));
    const again = globbed.diagnostics(uri, () => indexed().length >= 2);
    await globbed.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(added).toString(), type: 1 }] });
    await again;
    assert.match(indexed()[1], /\(\d+ from the index cache, 1 read anew\)/, indexed().join("\n"));
    assert.equal(readdirSync(cache).filter((f) => f.startsWith("corpus-")).length, 1, "one persisted index for the glob, whatever it expands to");
  } finally {
    await globbed.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
});
