/**
 * Sources as writers keep them (issue #15): PDF and Word files, built here
 * (test/helpers/documents.ts), read with their text in order, running headers
 * and page numbers out of the evidence, pages and metadata; broken files each
 * one named problem while the rest of the corpus is checked; the persisted
 * index keeps their extracted text; the CLI's evidence names the page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { articleFromExtracted, layoutPdf, pageAt, type PdfPage } from "../server/src/engine/corpus/extracted";
import type { Article } from "../server/src/engine/types";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { loadIndexedCorpus } from "../server/src/node/corpusCache";
import { articleFromBytes } from "../server/src/node/sources";
import { makeDocx, makePdf, makeScannedPdf, REPORT } from "./helpers/documents";

const passages = (a: Article) => a.passages.map((p) => a.text.slice(p.span.start, p.span.end));
const spans = (a: Article, list: Article["boilerplate"]) => list.map((s) => a.text.slice(s.start, s.end));

async function article(path: string, bytes: Uint8Array): Promise<Article> {
  const r = await articleFromBytes(path, bytes);
  assert.ok("article" in r, JSON.stringify(r));
  return r.article;
}

test("a two-page PDF: text in order, hyphenation undone, header and page numbers out of the evidence, pages and metadata", async () => {
  const a = await article("report.pdf", await makePdf(REPORT));
  assert.deepEqual(passages(a), [
    "The port of Zorland was rebuilt after the storm of 2015 by a consortium of local firms, and it reopened for everyone who works on the docks in 2017.",
    "The harbour of Zorland handled 900 ships in 2020, officials said on Monday.",
    "Cargo volumes rose by a fifth over the year, the authority said.",
  ]);
  assert.deepEqual(spans(a, a.boilerplate), ["Zorland Port Authority - Annual Report", "1", "Zorland Port Authority - Annual Report", "2"]);
  assert.deepEqual([a.title, a.byline, a.date, a.outlet, a.url, a.extractedFrom], ["Harbour Report 2020", "Jane Roe", "2021-03-04", null, null, "pdf"]);
  assert.equal(a.pages?.length, 2);
  assert.deepEqual(a.passages.map((p) => pageAt(a, p.span.start)), [1, 2, 2]);
  // The pages tile the text: every character is on exactly one page.
  assert.equal(a.pages![0].start, 0);
  assert.equal(a.pages![1].end, a.text.length);
});

test("a PDF without metadata: the title is the first page's largest text", async () => {
  const a = await article("plain.pdf", await makePdf({ titleLines: ["Tides of Zorland"], pages: [["By Ann Writer", "", "May 15, 2012", "", "The tide at Zorland rises by two metres in spring, the harbour master said."]] }));
  assert.deepEqual([a.title, a.byline, a.date], ["Tides of Zorland", "Ann Writer", "2012-05-15"]);
  const none = await article("bare.pdf", await makePdf({ pages: [["the tide at Zorland rises by two metres in spring, the harbour master said."]] }));
  assert.deepEqual([none.title, none.byline, none.date], [null, null, null]);
  assert.deepEqual(passages(a), ["The tide at Zorland rises by two metres in spring, the harbour master said."]);
});

test("a PDF's date: the one printed on its first page, over the metadata's (the day the file was made or printed)", async () => {
  const printed = await article("printed.pdf", await makePdf({
    info: { title: "Tsunami Situation Report", created: new Date("2019-06-30T00:00:00Z") },
    pages: [["23 December 2004", "", "The waves struck the coast of Zorland on Sunday morning, the ministry said."], ["Relief flights began on the third day, officials said."]],
  }));
  assert.deepEqual([printed.title, printed.date], ["Tsunami Situation Report", "2004-12-23"]);
  const undated = await article("undated.pdf", await makePdf({ info: { created: new Date("2019-06-30T00:00:00Z") }, pages: [["The waves struck the coast of Zorland in 2004, the ministry said."]] }));
  assert.equal(undated.date, "2019-06-30", "no date line on the page: the metadata's");
});

/** Lines as a text layer gives them, at 12 pt, 14 pt apart. */
const page = (...texts: string[]): PdfPage => ({ lines: texts.map((text, i) => ({ text, x: 50, y: 700 - 14 * i, width: 480, height: 12 })) });

test("hyphens at line ends: dropped inside a word, kept where the document writes the compound elsewhere", () => {
  const cases: Array<[PdfPage[], string]> = [
    [[page("It was a plan for every-", "one at the port.")], "It was a plan for everyone at the port."],
    [[page("It was a long-", "term plan, and long-term plans take time.")], "It was a long-term plan, and long-term plans take time."],
    [[page("It was a plan for the Anglo-", "Saxon port.")], "It was a plan for the Anglo- Saxon port."],
    [[page("A soft hyphen splits Zor\u00ad", "land here.")], "A soft hyphen splits Zorland here."],
  ];
  for (const [pages, expected] of cases) {
    const a = articleFromExtracted("x.pdf", "pdf", layoutPdf(pages), {});
    assert.deepEqual(passages(a), [expected]);
  }
});

test("a Word file: paragraphs in order, footnotes apart from the body, metadata from docProps/core.xml", async () => {
  const bytes = await makeDocx({
    title: "Bridge Minutes", creator: "Ann Author", heading: "Minutes of the council",
    paragraphs: [{ text: "The mayor of Zorland opened the new bridge over the river Zor.", note: "The council voted for the bridge on 3 May 2019." }, { text: "The bridge cost 12 million crowns." }],
  });
  const a = await article("minutes.docx", bytes);
  assert.deepEqual(passages(a), [
    "The mayor of Zorland opened the new bridge over the river Zor.",
    "The bridge cost 12 million crowns.",
    "The council voted for the bridge on 3 May 2019.",
  ]);
  // The note is its own paragraph after the body, and the body keeps no note marker.
  assert.ok(a.text.indexOf("Notes") > a.text.indexOf("12 million"));
  assert.equal(new Set(a.passages.map((p) => p.paragraph)).size, 3);
  assert.deepEqual([a.title, a.byline, a.extractedFrom, a.pages], ["Bridge Minutes", "Ann Author", "docx", undefined]);
  assert.match(a.date ?? "", /^\d{4}-\d{2}-\d{2}$/);
});

/** A folder with a good PDF and Word file, a text article, and each kind of broken document. */
async function corpusFolder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "grounded-sources-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  const report = await makePdf(REPORT);
  writeFileSync(join(corpus, "report.pdf"), report);
  writeFileSync(join(corpus, "minutes.docx"), await makeDocx({ title: "Bridge Minutes", paragraphs: [{ text: "The mayor of Zorland opened the new bridge over the river Zor." }] }));
  writeFileSync(join(corpus, "note.txt"), "Port News\n\nThe lighthouse of Zorland was built in 1890, the museum says.\n");
  copyFileSync("test/fixtures/sources/encrypted.pdf", join(corpus, "encrypted.pdf"));
  writeFileSync(join(corpus, "truncated.pdf"), report.slice(0, Math.floor(report.length / 3)));
  writeFileSync(join(corpus, "scanned.pdf"), await makeScannedPdf());
  writeFileSync(join(corpus, "notazip.docx"), "This is plain text with a .docx name.\n");
  writeFileSync(join(dir, "draft.md"), "# Draft\n\nThe harbour of Zorland handled 900 ships in 2020.\n\nThe mayor of Zorland opened the new bridge over the river Zor.\n\nThe lighthouse of Zorland was built in 1890.\n");
  return dir;
}

const BROKEN: Record<string, RegExp> = {
  "encrypted.pdf": /^encrypted PDF \(it needs a password to open\), skipped$/,
  "truncated.pdf": /^not a valid PDF \(.*truncated\), skipped$/,
  "scanned.pdf": /^no text layer; run OCR first, skipped$/,
  "notazip.docx": /^not a Word file \(a \.docx is a zip archive; this one is not\), skipped$/,
};

test("broken PDFs and Word files: one problem each naming the file, the rest of the corpus loads", async () => {
  const dir = await corpusFolder();
  const { articles, problems } = await loadCorpus([join(dir, "corpus")]);
  assert.deepEqual(articles.map((a) => a.id.split("/").pop()).sort(), ["minutes.docx", "note.txt", "report.pdf"]);
  assert.deepEqual(problems.map((p) => p.file.split("/").pop()).sort(), Object.keys(BROKEN).sort());
  for (const p of problems) assert.match(p.message, BROKEN[p.file.split("/").pop()!], p.file);
});

test("the CLI checks a corpus of text, PDF and Word sources: the right file, title and page in the evidence", async () => {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const dir = await corpusFolder();
  const r = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "check", "--no-cache", "--format", "json", "draft.md"], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const claims = JSON.parse(r.stdout).files[0].claims as Array<{ verdict: string; evidence: Array<Record<string, unknown>> }>;
  assert.deepEqual(claims.map((c) => c.verdict), ["supported", "supported", "supported"]);
  const [pdf, docx, txt] = claims.map((c) => c.evidence[0]);
  assert.deepEqual([pdf.source, pdf.title, pdf.page, pdf.date], ["corpus/report.pdf", "Harbour Report 2020", 2, "2021-03-04"]);
  assert.deepEqual([docx.source, docx.title, "page" in docx], ["corpus/minutes.docx", "Bridge Minutes", false]);
  assert.deepEqual([txt.source, "page" in txt], ["corpus/note.txt", false]);
  // Each broken file is one line on stderr naming it.
  const lines = r.stderr.trim().split("\n");
  for (const name of Object.keys(BROKEN)) assert.equal(lines.filter((l) => l.includes(`corpus/${name}: `)).length, 1, `${name}: ${r.stderr}`);
  const text = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "check", "--no-cache", "draft.md"], { cwd: dir, encoding: "utf8" });
  assert.match(text.stdout, /Harbour Report 2020, 2021-03-04, p\. 2/);
});

test("the persisted index keeps the extracted text and pages: the second load reads no PDF or Word file", async () => {
  const dir = await corpusFolder();
  const cache = join(dir, "cache");
  const first = await loadIndexedCorpus([join(dir, "corpus")], { cacheDir: cache });
  const second = await loadIndexedCorpus([join(dir, "corpus")], { cacheDir: cache });
  assert.deepEqual([first.stats.reindexed, second.stats.reindexed, second.stats.reused], [3, 0, 3]);
  const view = (a: Article) => [a.id, a.extractedFrom, a.pages, a.text, a.title, passages(a)];
  assert.deepEqual(second.corpus.articles.map(view), first.corpus.articles.map(view));
});
