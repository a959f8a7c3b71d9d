/**
 * The LSP layer's pure conversions, with hand-made findings: diagnostics and
 * their fix data, quick fixes built from `code` + `data` alone, escaped hovers,
 * and the citation marker under the cursor.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Diagnostic, TextEdit } from "vscode-languageserver/node";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import { type Article, LineIndex, type Finding } from "../server/src/engine";
import { applyEdits } from "../server/src/engine/edits/citations";
import { escapeMarkdown } from "../server/src/engine/text/escape";
import { codeActionsFor } from "../server/src/lsp/codeActions";
import { toDiagnostic } from "../server/src/lsp/diagnostics";
import { citationHover, hoverFor } from "../server/src/lsp/hover";
import { citationAt } from "../server/src/lsp/markers";
import { citedArticle } from "../server/src/project/citing";
import { DEFAULT_SETTINGS, editorSettings } from "../server/src/project/settings";
import { memoryCorpus } from "./helpers/memoryCorpus";

const ARTICLE = "Harbour Report\n\nThe harbour handled 900 ships in 2020, said [officials](command:evil) <b>today</b>.\n";
const corpus = memoryCorpus(["sources/harbour.txt", ARTICLE, { title: "Harbour *Report*", outlet: "The Ledger", date: "2021-01-02", url: "https://example.org/h" }]);
const keys = new Map([["sources/harbour.txt", "ledger-2021-01-02"]]);
const cite = (a: Article) => citedArticle(a, keys);
/** Evidence opens in files under /ws (the client shows no extracted text). */
const LINKS = { root: "/ws", extractedText: false };
const article = corpus.article("sources/harbour.txt")!;
const passage = article.passages.find((p) => ARTICLE.slice(p.span.start, p.span.end).includes("900"))!;
const at = (s: string) => ({ start: ARTICLE.indexOf(s), end: ARTICLE.indexOf(s) + s.length });

const DRAFT = "# Port\n\nThe harbour handled 700 ships in 2020. It was busy.\n";
const claim = { start: DRAFT.indexOf("The harbour"), end: DRAFT.indexOf("2020.") + 5 };
const finding: Finding = {
  span: claim,
  text: "The harbour handled 700 ships in 2020.",
  verdict: "contradicted",
  score: 0.9,
  reason: "number mismatch: the claim says 700; the source says 900",
  code: "number-mismatch",
  evidence: [{ articleId: article.id, passage: passage.index, span: passage.span, quote: ARTICLE.slice(passage.span.start, passage.span.end), score: 0.9, matched: [at("harbour"), at("ships")], conflict: at("900") }],
  correction: { span: { start: DRAFT.indexOf("700"), end: DRAFT.indexOf("700") + 3 }, replacement: "900", kind: "figure" },
  citations: [],
};

function diagnostic(f: Finding, version = 7): Diagnostic {
  return toDiagnostic(f, new LineIndex(DRAFT), corpus, cite, DEFAULT_SETTINGS, version, LINKS)!;
}

function editsOf(action: { edit?: { documentChanges?: unknown[] } }): TextEdit[] {
  return (action.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
}

function applyLsp(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ span: lines.spanOf(e.range), newText: e.newText })));
}

test("a finding becomes a diagnostic with code, link, related passage and fix data", () => {
  const d = diagnostic(finding);
  assert.equal(d.severity, 2);
  assert.equal(d.source, "grounded");
  assert.equal(d.code, "number-mismatch");
  assert.match(d.codeDescription!.href, /#number-mismatch$/);
  assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 38 } });
  assert.equal(d.relatedInformation![0].location.uri, "file:///ws/sources/harbour.txt");
  assert.deepEqual(d.relatedInformation![0].location.range.start, new LineIndex(ARTICLE).positionAt(ARTICLE.indexOf("900")));
  assert.equal((d.data as { version: number }).version, 7);
  assert.equal(toDiagnostic(finding, new LineIndex(DRAFT), corpus, cite, { ...DEFAULT_SETTINGS, severity: { ...DEFAULT_SETTINGS.severity, contradicted: "off" } }, 7, LINKS), undefined, "off hides it");
});

test("quick fixes come from code and data alone, only for the version they were made for", () => {
  const d = diagnostic(finding);
  const actions = codeActionsFor(d, "file:///ws/d.md", DRAFT, 7, "footnote");
  assert.deepEqual(actions.map((a) => a.title), ['Use the source\'s figure: "900"', "Quote the source", "Ignore this claim"]);
  assert.equal(applyLsp(DRAFT, editsOf(actions[0])), DRAFT.replace("700", "900"));
  assert.equal((actions[0].edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, 7);
  const quoted = applyLsp(DRAFT, editsOf(actions[1]));
  assert.match(quoted, /It was busy\.\n\n> The harbour handled 900 ships in 2020, said \\\[officials\\\]\\\(command:evil\\\) \\<b\\>today\\<\/b\\>\.\[\^ledger-2021-01-02\]\n\n\[\^ledger-2021-01-02\]: Harbour \\\*Report\\\*\. \*The Ledger\*, 2021-01-02\. <https:\/\/example\.org\/h>\n$/);
  assert.equal(applyLsp(DRAFT, editsOf(actions[2])), DRAFT.replace("The harbour", '<!-- grounded-ignore: "The harbour handled 700 ships in 2020." -->\nThe harbour'));
  assert.deepEqual(codeActionsFor(d, "file:///ws/d.md", DRAFT, 8, "footnote"), [], "a newer version gets no stale fixes");
  assert.deepEqual(codeActionsFor({ ...d, source: "other" }, "file:///ws/d.md", DRAFT, 7, "footnote"), []);
});

test("an unsupported claim offers Search the sources for this claim, with its text, where the client runs that command", () => {
  const unsupported: Finding = { ...finding, verdict: "unsupported", code: "unsupported", correction: undefined };
  const d = diagnostic(unsupported);
  assert.equal((d.data as { text: string }).text, "The harbour handled 700 ships in 2020.");
  const title = "Search the sources for this claim";
  assert.deepEqual(codeActionsFor(d, "file:///ws/d.md", DRAFT, 7, "footnote").map((a) => a.title), ["Ignore this claim"], "a client that runs no command of ours");
  const actions = codeActionsFor(d, "file:///ws/d.md", DRAFT, 7, "footnote", undefined, undefined, new Set(["grounded.searchSources"]));
  assert.deepEqual(actions.map((a) => a.title), [title, "Ignore this claim"]);
  assert.deepEqual(actions[0].command, { title, command: "grounded.searchSources", arguments: ["The harbour handled 700 ships in 2020."] });
  assert.equal(actions[0].edit, undefined, "it edits nothing");
});

test("a supported claim can be cited in each style", () => {
  const supported: Finding = { ...finding, verdict: "supported", code: "supported", correction: undefined, text: "The harbour handled 900 ships in 2020." };
  const text = DRAFT.replace("700", "900");
  const d = diagnostic(supported);
  const cite = (style: "footnote" | "pandoc" | "link") => applyLsp(text, editsOf(codeActionsFor(d, "file:///ws/d.md", text, 7, style).find((a) => a.title === "Cite The Ledger")!));
  assert.equal(cite("footnote"), text.replace("2020.", "2020.[^ledger-2021-01-02]") + "\n[^ledger-2021-01-02]: Harbour \\*Report\\*. *The Ledger*, 2021-01-02. <https://example.org/h>\n");
  assert.equal(cite("pandoc"), text.replace("2020.", "2020. [@ledger-2021-01-02]"), "without a references file, only the marker");
  assert.equal(cite("link"), text.replace("2020.", "2020. ([The Ledger](<https://example.org/h>))"));
  const pandoc = codeActionsFor(d, "file:///ws/d.md", text, 7, "pandoc", { uri: "file:///ws/references.json", text: "[]", version: 3 }).find((a) => a.title.startsWith("Cite"))!;
  const changes = pandoc.edit!.documentChanges as Array<{ textDocument?: { uri: string; version: number | null }; edits?: TextEdit[]; kind?: string }>;
  assert.ok(!changes.some((c) => c.kind === "create"), "an existing file is not created again");
  assert.equal(changes[1].textDocument!.version, 3, "the open references file's version");
  assert.equal(JSON.parse(changes[1].edits![0].newText)[0]["container-title"], "The Ledger");
});

test("hovers escape everything that comes from a source", () => {
  const value = hoverFor(finding, corpus, LINKS).value;
  assert.match(value, /✗ Contradicted/);
  assert.match(value, /\*\*\*900\*\*\*/, "the conflicting figure is highlighted");
  assert.match(value, /\*\*harbour\*\*/, "matched words are bold");
  assert.doesNotMatch(value, /\]\(command:/);
  assert.doesNotMatch(value, /<b>/);
  assert.match(value, /Harbour \\\*Report\\\* · The Ledger · 2021\\-01\\-02/);
  assert.match(value, /\[source\]\(<https:\/\/example\.org\/h>\)/);
  assert.match(value, /\(file:\/\/\/ws\/sources\/harbour\.txt#L3\)/);
  const hostile = { ...article, url: "javascript:alert(1)", title: "[x](command:y)" };
  const cited = citationHover("k", hostile, undefined, LINKS).value;
  assert.doesNotMatch(cited, /javascript:|\]\(command:/);
  assert.match(citationHover("no`pe", undefined, undefined, LINKS).value, /Unknown citation.*`nope`/);
  assert.equal(escapeMarkdown("<script>&lt;"), "\\<script\\>\\&lt;");
});

test("the citation marker under the cursor", () => {
  const text = "Ships came [see @ledger; @other, p. 3]. Boats left.[^ledger-2021-01-02]\n\n[^ledger-2021-01-02]: Def.\n";
  const analysis = analyzeDraft(text, { checkHeadings: false });
  assert.equal(citationAt(text, analysis, text.indexOf("@other") + 2)?.key, "other");
  assert.equal(citationAt(text, analysis, text.indexOf("@ledger") + 2)?.key, "ledger");
  assert.equal(citationAt(text, analysis, text.indexOf("[^ledger") + 3)?.key, "ledger-2021-01-02");
  assert.equal(citationAt(text, analysis, text.lastIndexOf("[^ledger") + 3)?.key, "ledger-2021-01-02", "a definition's label");
  assert.equal(citationAt(text, analysis, 2), undefined);
  const heading = "# Title[^h]\n";
  assert.equal(citationAt(heading, analyzeDraft(heading, { checkHeadings: false }), 9)?.key, "h", "markers the Markdown layer does not see");
});

test("settings: wrong types and unknown values fall back, one message each", () => {
  const problems: string[] = [];
  const s = editorSettings({ corpus: { paths: [3] }, severity: { contradicted: "loud" }, citation: { style: "apa" }, maxDiagnostics: 0, debounceMs: -1, check: { headings: "yes" } }, problems);
  assert.deepEqual(s, DEFAULT_SETTINGS);
  assert.equal(problems.length, 6);
  assert.deepEqual(editorSettings({ corpus: { paths: "src/**/*.txt" } }).corpusPaths, ["src/**/*.txt"]);
});
