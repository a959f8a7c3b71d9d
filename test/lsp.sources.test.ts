/**
 * Protocol tests of issue #15 against the built server: a PDF source's page in
 * the hover and the Cite fix, its extracted text as a `grounded-source:`
 * document, a BibTeX bibliography's keys in completion, citations and the Cite
 * fix, an APA footnote definition through citeproc, and a bibliography with a
 * syntax error reported once by name while the draft is still checked.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CodeAction, CompletionItem, Diagnostic, Hover, Location, TextEdit } from "vscode-languageserver-protocol";
import { makePdf, REPORT } from "./helpers/documents";
import { startServer, type TestServer } from "./helpers/lspClient";

let ws: string;
let server: TestServer;
let version = 0;
const settings: Record<string, unknown> = { corpus: { paths: ["corpus"] }, bibliography: "references.bib", citation: { csl: "apa" } };

const BIB = `@report{roe2021harbour,
  title  = {Harbour Report 2020},
  author = {Roe, Jane},
  date   = {2021-03-04},
  institution = {Zorland Port Authority},
  file   = {Full Text PDF:corpus/report.pdf:application/pdf},
}
@article{doe2019bridges,
  title   = {Bridges of the North},
  author  = {Doe, John},
  journal = {Engineering Quarterly},
  year    = {2019},
}
`;

before(async () => {
  ws = mkdtempSync(join(tmpdir(), "grounded-lsp-sources-"));
  mkdirSync(join(ws, "corpus"));
  writeFileSync(join(ws, "corpus", "report.pdf"), await makePdf(REPORT));
  writeFileSync(join(ws, "references.bib"), BIB);
  writeFileSync(join(ws, "broken.bib"), "@article{bad,\n  title = {Unclosed,\n");
  server = await startServer(ws, () => settings, { initializationOptions: { sourceText: true } });
});

after(async () => {
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
});

async function open(name: string, text: string, accept: (d: Diagnostic[]) => boolean = (d) => d.length > 0): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(join(ws, name)).toString();
  const waiting = server.diagnostics(uri, (p) => accept(p.diagnostics));
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: ++version, text } });
  return { uri, diagnostics: (await waiting).diagnostics };
}

const CLAIM = "The harbour of Zorland handled 900 ships in 2020.";

test("a PDF source: p. 2 in the hover, its extracted text as a read-only document, the passage's range in it", async () => {
  const { uri, diagnostics } = await open("pdf.md", `${CLAIM}\n`);
  const d = diagnostics.find((x) => x.code === "supported")!;
  assert.ok(d, JSON.stringify(diagnostics));
  const related = d.relatedInformation![0].location;
  assert.match(related.uri, /^grounded-source:\/.*\/corpus\/report\.pdf\.txt$/);
  const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 5 } })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /Harbour Report 2020 · 2021\\-03\\-04 · p\. 2/);
  assert.match(value, /\]\(file:\/\/\/.*\/corpus\/report\.pdf\)/, "a link to the file itself");
  assert.match(value, /\[text, line \d+\]\(grounded-source:/, "a link to the extracted text, the passage selected");
  const text = (await server.connection.sendRequest("grounded/sourceText", { uri: related.uri })) as string;
  const lines = text.split("\n");
  assert.match(lines[related.range.start.line], /^The harbour of Zorland handled 900 ships in 2020/);
  assert.equal(await server.connection.sendRequest("grounded/sourceText", { uri: "grounded-source:/nowhere/x.pdf.txt" }), null);
});

test("the bibliography's key and APA style: the Cite fix cites the entry with its page", async () => {
  const { uri, diagnostics } = await open("cite.md", `${CLAIM}\n`);
  const d = diagnostics.find((x) => x.code === "supported")!;
  const actions = (await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
  })) as CodeAction[];
  const cite = actions.find((a) => a.title.startsWith("Cite"))!;
  const edits = (cite.edit!.documentChanges![0] as { edits: TextEdit[] }).edits.map((e) => e.newText);
  assert.deepEqual(edits[0], "[^roe2021harbour-p2]");
  assert.match(edits[1], /^\n\[\^roe2021harbour-p2\]: Roe, J\. \\\(2021\\\)\. \*Harbour Report 2020\*.*\(p\. 2\)\.\n$/);
});

test("completion after [@ lists the bibliography's entries; one without a source is marked not checkable", async () => {
  const text = `${CLAIM} [@`;
  const { uri } = await open("complete.md", text, () => true);
  const items = (await server.connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionItem[];
  const byLabel = new Map(items.map((i) => [i.label, i]));
  assert.ok(byLabel.has("roe2021harbour"), items.map((i) => i.label).join(", "));
  assert.doesNotMatch(byLabel.get("roe2021harbour")!.detail ?? "", /not checkable/);
  assert.match(byLabel.get("doe2019bridges")?.detail ?? "", /not checkable/);
});

test("citations by bibliography key resolve to their source; an entry without one cannot be checked", async () => {
  const { uri, diagnostics } = await open("cited.md", `${CLAIM} [@roe2021harbour]\n\nThe bridge over the river Zor was built in 1850 [@doe2019bridges].\n`, (d) => d.some((x) => x.code === "unknown-citation"));
  const unknown = diagnostics.filter((x) => x.code === "unknown-citation");
  assert.equal(unknown.length, 1);
  assert.match(String(unknown[0].message), /"doe2019bridges" is in the bibliography, but no source in the corpus matches it/);
  assert.ok(!diagnostics.some((x) => x.code === "cited-source-mismatch"), JSON.stringify(diagnostics));
  const at = CLAIM.length + 4;
  const loc = (await server.connection.sendRequest("textDocument/definition", { textDocument: { uri }, position: { line: 0, character: at } })) as Location;
  assert.match(loc.uri, /^grounded-source:.*report\.pdf\.txt$/);
});

test("a bibliography with a syntax error: one message naming the file and the line; the draft is still checked", async () => {
  settings.bibliography = "broken.bib";
  const uri = pathToFileURL(join(ws, "pdf.md")).toString();
  const waiting = server.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "supported"));
  await server.connection.sendNotification("workspace/didChangeConfiguration", { settings: {} });
  await waiting;
  const shown = server.shown.filter((m) => m.includes("broken.bib"));
  assert.equal(shown.length, 1, server.shown.join("\n"));
  assert.match(shown[0], /broken\.bib: bibliography: syntax error at line \d+, column \d+: .*; its entries are not used$/);
  settings.bibliography = "references.bib";
});

test("in an untrusted workspace a bibliography outside its folder is not read; a client without grounded-source: documents gets the PDF", async () => {
  const outside = mkdtempSync(join(tmpdir(), "grounded-outside-"));
  writeFileSync(join(outside, "refs.bib"), BIB);
  const untrusted = await startServer(ws, () => ({ ...settings, bibliography: join(outside, "refs.bib") }), { initializationOptions: { untrusted: true } });
  try {
    const uri = pathToFileURL(join(ws, "outside.md")).toString();
    const waiting = untrusted.diagnostics(uri);
    await untrusted.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: `${CLAIM} [@roe2021harbour]\n` } });
    const { diagnostics } = await waiting;
    assert.ok(diagnostics.some((d) => d.code === "unknown-citation"), "the entry's key means nothing: the file was not read");
    // This client shows no grounded-source: documents: the evidence points at the PDF itself, at its start.
    const related = diagnostics.find((d) => d.code === "supported")!.relatedInformation![0].location;
    assert.match(related.uri, /^file:\/\/.*\/corpus\/report\.pdf$/);
    assert.deepEqual(related.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.ok(untrusted.shown.some((m) => m.includes(join(outside, "refs.bib")) && /not trusted; it is not read/.test(m)), untrusted.shown.join("\n"));
  } finally {
    await untrusted.stop();
    rmSync(outside, { recursive: true, force: true });
  }
});
