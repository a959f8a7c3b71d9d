/**
 * Fuzzing (issue #7): random and mutated Markdown drafts and source articles
 * through claim finding, ingestion and position mapping, for a bounded time.
 * `npm test` gives each target a second and a half (GROUNDED_FUZZ_MS, in total);
 * `npm run fuzz` runs them for minutes with a fresh seed. A failure prints the
 * seed and the shrunk input: rerun with GROUNDED_FUZZ_SEED=<seed>.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import { buildCorpus, checkDocument, type Corpus, LineIndex } from "../server/src/engine";
import { decodeSource, parseArticle } from "../server/src/engine/corpus/ingest";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import type { Span } from "../server/src/engine/types";

const TOTAL_MS = Number(process.env.GROUNDED_FUZZ_MS ?? 6000);
const SEED = process.env.GROUNDED_FUZZ_SEED ? Number(process.env.GROUNDED_FUZZ_SEED) : process.env.GROUNDED_FUZZ_MS ? Date.now() : 20261123;
const TARGETS = 4;
const budget = { interruptAfterTimeLimit: TOTAL_MS / TARGETS, numRuns: Number.MAX_SAFE_INTEGER, seed: SEED, includeErrorInReport: true };

const read = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => readFileSync(join(e.parentPath, e.name)));
const DRAFTS = [readFileSync("examples/draft.md", "utf8"), ...read("test/fixtures/markdown").map((b) => b.toString("utf8"))];
const SOURCES = [...read("corpus"), ...read("test/fixtures/corpora/mixed")];

/** Pieces that have broken Markdown parsers and sentence splitters before. */
const HOSTILE = [
  "\r\n", "\r", "\n\n", "```", "~~~", "> ", "- ", "1. ", "    ", "\t", "# ", "---\n", "**", "__", "*", "_", "~~", "`", "[", "]", "(", ")", "[^1]", "[^1]: x",
  "[@k]", "<!--", "-->", "<!-- grounded-ignore-next-line -->", "<!-- grounded-disable -->", '<!-- grounded-ignore: "The…" #00000000 -->', "<!-- grounded-ignore: \"", "<b>", "</b>", "&amp;", "&#x1F600;", "\\", "|", "|---|",
  "\u{1F389}", "\u{1F44F}\u{1F3FD}", "\u200d", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "\u202E", "\ufeff", "\ud800", "\udc00", "\0",
  "U.S.", "3.5", "5,000", "Dr.", "...", "?", "!", "\u201c", "\u201d", "\"", "https://x.y/z?a=(b)", "<https://x.y>", "<html>", "<script>", "</p>",
];

/** A mutation of `text`: pieces inserted, spans deleted or duplicated, characters replaced. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const op = fc.tuple(fc.constantFrom("insert", "delete", "duplicate", "replace"), fc.nat(), fc.nat({ max: 400 }), fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 8 }));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(op, { maxLength: 12 })).map(([seed, ops]) => {
    let t = seed;
    for (const [kind, a, n, piece, random] of ops) {
      const at = t.length ? a % (t.length + 1) : 0;
      if (kind === "insert") t = t.slice(0, at) + piece + t.slice(at);
      else if (kind === "delete") t = t.slice(0, at) + t.slice(at + n);
      else if (kind === "duplicate") t = t.slice(0, at + n) + t.slice(at, at + n) + t.slice(at + n);
      else t = t.slice(0, at) + random + t.slice(at + random.length);
    }
    return t;
  });
}

/** Random text from hostile pieces, words and raw code units. */
const randomText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.constantFrom("The port", " reopened", " in May", ". ", "It handled 900 ships."), fc.string({ unit: "binary", maxLength: 6 })), { maxLength: 80 }).map((p) => p.join(""));

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Whether `offset` falls between the halves of a surrogate pair. */
const splitsPair = (text: string, offset: number) => offset > 0 && isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1));
/** Whether `offset` falls between the CR and the LF of a CRLF. */
const splitsCrlf = (text: string, offset: number) => offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13;

function assertSpan(text: string, span: Span, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: ${JSON.stringify(span)} outside 0..${text.length}`);
  assert.ok(!splitsPair(text, span.start) && !splitsPair(text, span.end), `${what}: ${JSON.stringify(span)} splits a surrogate pair`);
  const lines = new LineIndex(text);
  if (!splitsCrlf(text, span.start) && !splitsCrlf(text, span.end)) assert.deepEqual(lines.spanOf(lines.rangeOf(span)), span, `${what}: position round trip`);
}

let corpus: Corpus;
before(() => {
  corpus = buildCorpus(SOURCES.slice(0, 5).map((b, i) => parseArticle(`corpus/${i}.txt`, b.toString("utf8"))));
});

test(`fuzz: claim finding on random and mutated drafts (seed ${SEED})`, () => {
  let runs = 0;
  fc.assert(
    fc.property(fc.oneof(mutated(DRAFTS), randomText), fc.boolean(), (draft, headings) => {
      runs++;
      const a = analyzeDraft(draft, { checkHeadings: headings });
      let previous = 0;
      for (const s of a.sentences) {
        assertSpan(draft, s.span, "sentence");
        assert.ok(s.span.start >= previous, "sentences in order");
        previous = s.span.start;
        assert.equal(s.offsets.length, s.plain.length + 1);
        for (const o of s.offsets) assert.ok(o >= s.span.start && o <= s.span.end, "plain text maps inside its sentence");
        for (const c of s.citations) assertSpan(draft, c.span, "citation");
      }
      for (const f of a.footnotes) assertSpan(draft, f.span, "footnote");
      if (a.frontMatter) assertSpan(draft, a.frontMatter, "front matter");
    }),
    budget,
  );
  assert.ok(runs >= 3, `only ${runs} drafts in the time given`);
});

test(`fuzz: checking mutated drafts against a corpus (seed ${SEED})`, () => {
  let runs = 0;
  fc.assert(
    fc.property(mutated(DRAFTS.map((d) => d.slice(0, 1500))), (draft) => {
      runs++;
      const result = checkDocument({ path: "draft.md", text: draft }, corpus);
      for (const f of result.findings) {
        assertSpan(draft, f.span, "finding");
        assert.ok(["supported", "contradicted", "unsupported"].includes(f.verdict));
        if (f.correction) {
          assertSpan(draft, f.correction.span, "correction");
          assert.ok(f.correction.span.start >= f.span.start && f.correction.span.end <= f.span.end, "a correction stays inside its claim");
        }
        for (const e of f.evidence) {
          const article = corpus.article(e.articleId)!;
          assertSpan(article.text, e.span, "evidence");
          assert.equal(e.quote, article.text.slice(e.span.start, e.span.end).replace(/\s+/g, " "), "the quote is the source's own words");
        }
      }
      for (const c of result.citations) assertSpan(draft, c.span, "citation finding");
    }),
    budget,
  );
  assert.ok(runs > 0);
});

test(`fuzz: ingestion of random bytes and mutated articles (seed ${SEED})`, () => {
  let runs = 0;
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.tuple(fc.constantFrom(...SOURCES), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([b, at, junk]) => {
      const out = Uint8Array.from(b);
      out.set(junk.slice(0, Math.max(0, out.length - (at % (out.length || 1)))), at % (out.length || 1));
      return out;
    }),
    mutated(SOURCES.map((b) => b.toString("utf8"))).map((t) => new TextEncoder().encode(t)),
  );
  fc.assert(
    fc.property(bytes, fc.constantFrom("txt", "md", "html") as fc.Arbitrary<"txt" | "md" | "html">, (raw, format) => {
      runs++;
      const decoded = decodeSource(`source.${format}`, raw);
      if ("problem" in decoded) {
        assert.equal(decoded.problem.file, `source.${format}`, "the problem names the file");
        return;
      }
      const article = parseArticle(`source.${format}`, decoded.text, format);
      assert.equal(article.text, decoded.text, "the article keeps the text as decoded");
      let previous = 0;
      for (const p of article.passages) {
        assertSpan(article.text, p.span, "passage");
        assert.ok(p.span.start >= previous && p.span.end > p.span.start, "passages in order, never empty");
        previous = p.span.end;
      }
      for (const field of [article.title, article.outlet, article.byline, article.date, article.url]) assert.ok(field === null || typeof field === "string");
      if (article.date) assert.match(article.date, /^\d{4}-\d{2}-\d{2}$/);
    }),
    budget,
  );
  assert.ok(runs >= 3, `only ${runs} sources in the time given`);
});

test(`fuzz: position mapping agrees with the editor's text document (seed ${SEED})`, () => {
  let runs = 0;
  fc.assert(
    fc.property(fc.oneof(randomText, mutated(DRAFTS.map((d) => d.slice(0, 3000)))), fc.array(fc.nat(), { maxLength: 50 }), (text, picks) => {
      runs++;
      const lines = new LineIndex(text);
      const doc = TextDocument.create("file:///x.md", "markdown", 1, text);
      assert.equal(lines.lineCount, doc.lineCount);
      for (const pick of picks) {
        const offset = pick % (text.length + 1);
        if (splitsCrlf(text, offset)) continue;
        const p = lines.positionAt(offset);
        assert.deepEqual(p, doc.positionAt(offset), `positionAt(${offset})`);
        assert.equal(lines.offsetAt(p), offset);
        assert.equal(doc.offsetAt(p), offset);
      }
      // Positions past a line's end or the document's end are clamped, as editors do.
      const last = lines.positionAt(text.length);
      assert.equal(lines.offsetAt({ line: last.line + 5, character: 3 }), text.length);
      assert.equal(lines.offsetAt({ line: 0, character: 1e9 }), lines.lineEnd(0));
    }),
    budget,
  );
  assert.ok(runs >= 3, `only ${runs} texts in the time given`);
});
