/**
 * Nothing of the writer's text is lost (issue #7): for generated drafts, every
 * quick fix the server's code action builder offers is applied. Each edit is
 * tied to the version it was made for, only inserts or replaces the span it
 * names (a correction's figure, name or date inside the claim), the rest of the
 * draft survives character for character, and the result parses and checks
 * again with the fix taking effect.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CodeAction, Diagnostic, TextEdit as LspTextEdit } from "vscode-languageserver/node";
import { type Article, buildCorpus, checkDocument, type Corpus, type Finding, LineIndex } from "../server/src/engine";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import { codeActionsFor } from "../server/src/lsp/codeActions";
import { type FixData, toDiagnostic } from "../server/src/lsp/diagnostics";
import { citedArticle } from "../server/src/project/citing";
import { DEFAULT_SETTINGS } from "../server/src/project/settings";
import { loadCorpus } from "../server/src/node/corpusLoader";

let corpus: Corpus;
const cite = (a: Article) => citedArticle(a, corpus.citationKeys);
const LINKS = { root: "/ws", extractedText: false };

before(async () => {
  corpus = buildCorpus((await loadCorpus(["corpus"])).articles);
});

const URI = "file:///ws/draft.md";
const REFERENCES = "file:///ws/references.json";

/** Claims the sample corpus supports, contradicts and does not cover, and the awkward text around them. */
const piece = fc.constantFrom(
  "The CSTO operates a 5,000-soldier force.",
  "The Collective Security Treaty Organization operates a 3,500-soldier force.",
  "China announced a new investment fund for Central Asia.",
  "Putin hosted leaders of former Soviet states in Moscow.",
  // A figure whose corrected sentence does not check as supported (before issue #24, its fix was offered all the same).
  "The Soviet Union existed for around 50 years.",
  " ", "\n", "\r\n", "\n\n", "\r\n\r\n", "> ", "- ", "1. ", "# ", "**", "_", "`", "[^x]", "[@y]", "\u{1F389}", "\u05E9\u05DC\u05D5\u05DD.", "\t",
  "<!-- note -->", "```\n", "| a | b |\n|---|---|\n| c | d |\n", "[link](https://example.org)", "\u0645\u0631\u062D\u0628\u0627.", "Why?",
);
const draftArb = fc.tuple(fc.boolean(), fc.array(piece, { minLength: 1, maxLength: 14 }), fc.constantFrom("\n", "\r\n", ""))
  .map(([frontMatter, parts, end]) => (frontMatter ? "---\ntitle: Draft\n---\n\n" : "") + parts.join("") + end);

/** The draft's edits of an action, for the version they name. */
function draftEdits(action: CodeAction): { version: number | null; edits: LspTextEdit[] } {
  const changes = (action.edit?.documentChanges ?? []) as Array<{ textDocument?: { uri: string; version: number | null }; edits?: LspTextEdit[] }>;
  const mine = changes.filter((c) => c.textDocument?.uri === URI);
  assert.equal(mine.length, 1, `${action.title}: one change to the draft`);
  return { version: mine[0].textDocument!.version, edits: mine[0].edits! };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Applies non-overlapping edits and checks that every character of `text` outside the replaced spans is in the result, in place. */
function applyKeeping(text: string, edits: Array<{ start: number; end: number; newText: string }>): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    assert.ok(e.start >= at, "edits do not overlap");
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

function checkFix(text: string, version: number, f: Finding, d: Diagnostic, action: CodeAction, style: string): void {
  const data = d.data as FixData;
  const { version: editVersion, edits } = draftEdits(action);
  assert.equal(editVersion, version, `${action.title}: the edit names the version it was computed for`);
  const lines = new LineIndex(text);
  const spans = edits.map((e) => {
    const span = lines.spanOf(e.range);
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${action.title}: edit inside the draft`);
    for (const o of [span.start, span.end]) assert.ok(!(isLow(text.charCodeAt(o)) && isHigh(text.charCodeAt(o - 1))), `${action.title}: edit splits a surrogate pair`);
    assert.deepEqual(lines.rangeOf(span), e.range, `${action.title}: the range is a real position in the draft`);
    return { ...span, newText: e.newText };
  });
  const replaced = spans.filter((s) => s.end > s.start);
  if (/^Use the source's/.test(action.title)) {
    // The one replacement: the correction's span, inside the claim, with the source's value.
    assert.equal(replaced.length, 1);
    assert.deepEqual({ start: replaced[0].start, end: replaced[0].end }, data.correction!.span);
    assert.ok(f.span.start <= replaced[0].start && replaced[0].end <= f.span.end, "the corrected span is inside the claim");
    assert.equal(replaced[0].newText, data.correction!.replacement);
  } else {
    assert.deepEqual(replaced, [], `${action.title}: only inserts`);
  }
  const out = applyKeeping(text, spans);
  // The result parses (every sentence inside it) and checks again.
  const again = analyzeDraft(out, { checkHeadings: false });
  for (const s of again.sentences) assert.ok(s.span.start >= 0 && s.span.end <= out.length);
  const result = checkDocument({ path: "draft.md", text: out }, corpus);
  if (/^Cite|^Quote/.test(action.title) && style !== "link") {
    const added = data.sources.map((x) => x.key);
    const unknown = result.citations.filter((c) => c.code === "unknown-citation" && added.some((k) => out.slice(c.span.start, c.span.end).includes(k)));
    assert.deepEqual(unknown, [], `${action.title} (${style}): the added citation resolves\n${out}`);
  }
  if (action.title === "Ignore this claim") {
    const claimText = text.slice(f.span.start, f.span.end);
    assert.ok(!result.findings.some((g) => g.text === f.text && out.slice(g.span.start, g.span.end) === claimText && g.span.start === f.span.start + (out.length - text.length)),
      "the ignored claim is not checked again");
    // It ignores that claim alone: every other sentence keeps its finding (a sentence of the same text may go with it).
    const rest = (findings: Finding[]) => findings.filter((g) => g.text !== f.text).map((g) => `${g.verdict} ${g.code} ${g.text}`);
    assert.deepEqual(rest(result.findings), rest(checkDocument({ path: "draft.md", text }, corpus).findings), "the other claims are checked as before");
  }
  if (/^Use the source's/.test(action.title)) {
    // A fix never writes a new error: the corrected sentence checks as supported (issue #24).
    const fixed = result.findings.find((g) => g.span.start === f.span.start);
    assert.equal(fixed?.verdict, "supported", `${action.title} makes "${fixed?.text}": ${fixed?.verdict} (${fixed?.reason})`);
  }
}

test("property: every quick fix on generated drafts keeps the writer's text and checks again", () => {
  let offered = 0;
  const titles = new Set<string>();
  fc.assert(
    fc.property(draftArb, fc.constantFrom("footnote", "pandoc", "link") as fc.Arbitrary<"footnote" | "pandoc" | "link">, fc.integer({ min: 1, max: 1000 }), (text, style, version) => {
      const { findings } = checkDocument({ path: "draft.md", text }, corpus);
      const lines = new LineIndex(text);
      const settings = { ...DEFAULT_SETTINGS, citationStyle: style };
      for (const f of findings) {
        const d = toDiagnostic(f, lines, corpus, cite, settings, version, LINKS);
        if (!d) continue;
        assert.deepEqual(codeActionsFor(d, URI, text, version + 1, style), [], "no fix for another version");
        const actions = codeActionsFor(d, URI, text, version, style, style === "pandoc" ? { uri: REFERENCES, text: null } : undefined);
        for (const action of actions) {
          offered++;
          titles.add(action.title.replace(/ .*/, ""));
          checkFix(text, version, f, d, action, style);
          if (style === "pandoc" && /^Cite|^Quote/.test(action.title)) {
            const refs = (action.edit!.documentChanges as Array<{ textDocument?: { uri: string }; edits?: LspTextEdit[] }>).find((c) => c.textDocument?.uri === REFERENCES);
            assert.ok(refs && Array.isArray(JSON.parse(refs.edits![0].newText)), "references.json is valid CSL-JSON");
          }
        }
      }
    }),
    { numRuns: Number(process.env.GROUNDED_FIX_RUNS ?? 60), seed: Number(process.env.GROUNDED_SEED ?? 1107), includeErrorInReport: true },
  );
  // The property must have exercised every kind of fix.
  assert.deepEqual([...titles].sort(), ["Cite", "Ignore", "Quote", "Use"], `offered ${offered} fixes`);
});
