/**
 * Bibliographies and CSL styles (issue #15): BibTeX `file` fields in their
 * exporters' shapes, BibTeX and CSL-JSON read with a named problem for a
 * broken file, entries matched to sources by file, DOI, URL and title, and
 * citations rendered by citeproc in the bundled styles and in any .csl file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { matchBibliography, type BibliographyEntry } from "../server/src/engine/bibliography/match";
import { citeEdits, applyEdits, type CitedSource } from "../server/src/engine/edits/citations";
import { cslFormat, cslReferenceHtml, runsOf } from "../server/src/engine/edits/csl";
import type { Article } from "../server/src/engine/types";
import { frontMatterOf } from "../server/src/engine/markdown/draft";
import { nodeWorkspace } from "../server/src/node/workspace";
import { BibliographyCache, bibliographyFiles, filesOf, readBibliography } from "../server/src/project/bibliography";
import { CslStyles } from "../server/src/project/csl";

/** The disk, as the CLI reads it: the bundled styles are the repository's. */
const workspace = nodeWorkspace({ indexInWorker: false });
const styles = new CslStyles(workspace);

test("a BibTeX file field, as JabRef, Zotero and hand-written BibLaTeX give it", () => {
  const cases: Array<[string, string[]]> = [
    ["reports/two.pdf", ["/bib/reports/two.pdf"]],
    [":reports/two.pdf:PDF", ["/bib/reports/two.pdf"]],
    ["Full Text PDF:/home/u/Zotero/storage/AB12/two.pdf:application/pdf", ["/home/u/Zotero/storage/AB12/two.pdf"]],
    ["reports/two.pdf:PDF", ["/bib/reports/two.pdf"]],
    ["Snapshot:a.html:text/html;Full Text:b.pdf:application/pdf", ["/bib/a.html", "/bib/b.pdf"]],
    ["odd\\:name.pdf", ["/bib/odd:name.pdf"]],
  ];
  for (const [field, expected] of cases) assert.deepEqual(filesOf(field, "/bib"), expected, field);
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "grounded-bib-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("BibTeX and CSL-JSON are read; a syntax error, bad JSON and a missing file are one problem naming the file", async () => {
  const dir = folder({
    "refs.bib": "@report{roe2021, title = {Harbour {Report} 2020}, author = {Roe, Jane}, date = {2021-03-04}, doi = {10.1234/ZOR.5}, file = {:corpus/report.pdf:PDF}}\n",
    "refs.json": JSON.stringify([{ id: "doe2019", type: "article-journal", title: "Bridges of the North", URL: "https://example.org/bridges" }]),
    "broken.bib": "@article{bad,\n  title = {Unclosed,\n",
    "broken.json": "[{\"id\": \"x\",]",
  });
  const bib = await readBibliography(join(dir, "refs.bib"), workspace);
  assert.ok("bibliography" in bib);
  const [e] = bib.bibliography.entries;
  assert.deepEqual([e.key, e.title, e.doi, e.files], ["roe2021", "Harbour Report 2020", "10.1234/ZOR.5", [join(dir, "corpus/report.pdf")]]);
  assert.deepEqual((e.csl.author as unknown[])[0], { family: "Roe", given: "Jane" });
  const json = await readBibliography(join(dir, "refs.json"), workspace);
  assert.ok("bibliography" in json);
  assert.deepEqual(json.bibliography.entries.map((x) => [x.key, x.url]), [["doe2019", "https://example.org/bridges"]]);
  const problems: Array<[string, RegExp]> = [
    ["broken.bib", /^bibliography: syntax error at line \d+, column \d+: .+; its entries are not used$/],
    ["broken.json", /^bibliography: not valid CSL-JSON \(.+\); its entries are not used$/],
    ["missing.bib", /^bibliography: no such file; its entries are not used$/],
  ];
  for (const [name, message] of problems) {
    const r = await readBibliography(join(dir, name), workspace);
    assert.ok("problem" in r, name);
    assert.equal(r.problem.file, join(dir, name));
    assert.match(r.problem.message, message);
    assert.ok(!r.problem.message.includes("\n"), "one line");
  }
});

test("a key given twice, in one file or in two, is a warning naming the file; citations use the first entry, as BibTeX does", async () => {
  const dir = folder({
    "refs.bib": "@article{roe2021, title = {First Title}, author = {Roe, Jane}}\n@article{doe2019, title = {Bridges}}\n@article{roe2021, title = {Second Title}, author = {Poe, Edgar}}\n",
    "more.json": JSON.stringify([{ id: "doe2019", title: "Bridges Again" }, { id: "kim2020", title: "Harbours" }, { id: "kim2020", title: "Harbours Again" }]),
    "clean.bib": "@article{lee2018, title = {Ports}}\n",
  });
  const cache = new BibliographyCache(workspace);
  const { entries, problems } = await cache.entries([join(dir, "refs.bib"), join(dir, "more.json"), join(dir, "clean.bib")]);
  assert.deepEqual(entries.map((e) => [e.key, e.title]), [["roe2021", "First Title"], ["doe2019", "Bridges"], ["kim2020", "Harbours"], ["lee2018", "Ports"]]);
  assert.deepEqual((entries[0].csl.author as unknown[])[0], { family: "Roe", given: "Jane" }, "the first entry's own fields, not the repeat's");
  assert.deepEqual(problems.map((p) => [p.file, p.severity]), [[join(dir, "refs.bib"), "warning"], [join(dir, "more.json"), "warning"]]);
  assert.match(problems[0].message, /^bibliography: the key "roe2021" is defined more than once; citations use the first entry of each, as BibTeX does$/);
  assert.match(problems[1].message, /^bibliography: the keys "kim2020", "doe2019" are defined more than once;/);
});

test("which bibliography a draft uses: the setting, else its front matter's (one or a list)", () => {
  assert.deepEqual(bibliographyFiles("refs.bib", "/ws", { bibliography: "other.bib" }, "/ws/docs"), ["/ws/refs.bib"]);
  assert.deepEqual(bibliographyFiles("", "/ws", frontMatterOf("---\nbibliography: refs.json\n---\n\nText."), "/ws/docs"), ["/ws/docs/refs.json"]);
  assert.deepEqual(bibliographyFiles(undefined, "/ws", frontMatterOf("---\nbibliography: [a.bib, b.json]\n---\n"), "/d"), ["/d/a.bib", "/d/b.json"]);
  assert.deepEqual(bibliographyFiles(undefined, "/ws", frontMatterOf("No front matter."), "/d"), []);
});

const article = (id: string, meta: Partial<Article> = {}): Article => ({
  id, text: meta.text ?? "Some text.", passages: [], boilerplate: [], title: null, outlet: null, byline: null, date: null, url: null, ...meta,
});
const entry = (key: string, e: Partial<BibliographyEntry> = {}): BibliographyEntry => ({ key, csl: { id: key, title: e.title ?? undefined }, files: [], doi: null, url: null, title: null, ...e });

test("entries match sources by file, then file name, DOI, URL and title; each source once; the rest are not checkable", () => {
  const articles = [
    article("corpus/report.pdf"),
    article("corpus/notes/minutes.docx"),
    article("corpus/paper.pdf", { text: "Journal of Ports. doi:10.5555/Ports.2020.7 Abstract." }),
    article("corpus/web.html", { url: "https://www.example.org/ferries/" }),
    article("corpus/memo.txt", { title: "The Lighthouse of Zorland, a History" }),
  ];
  const entries = [
    entry("byfile", { files: [resolve("/ws/corpus/report.pdf")] }),
    entry("byname", { files: ["/home/u/Zotero/storage/X/minutes.docx"] }),
    entry("bydoi", { doi: "https://doi.org/10.5555/ports.2020.7" }),
    entry("byurl", { url: "http://example.org/ferries" }),
    entry("bytitle", { title: "The lighthouse of Zorland: a history" }),
    entry("again", { files: [resolve("/ws/corpus/report.pdf")] }),
    entry("nothing", { title: "Bridges of the North" }),
  ];
  const m = matchBibliography(entries, articles, (a) => resolve("/ws", a.id));
  assert.deepEqual(Object.fromEntries([...m.byArticle].map(([id, e]) => [id, e.key])), {
    "corpus/report.pdf": "byfile", "corpus/notes/minutes.docx": "byname", "corpus/paper.pdf": "bydoi", "corpus/web.html": "byurl", "corpus/memo.txt": "bytitle",
  });
  assert.equal(m.byKey.get("again"), null, "a source takes one entry");
  assert.equal(m.byKey.get("nothing"), null);
  assert.equal(m.byKey.get("bydoi"), "corpus/paper.pdf");
});

const SOURCE: CitedSource = {
  key: "roe2021", title: "Harbour Report 2020", outlet: null, byline: null, date: null, url: null, page: 2,
  csl: { type: "report", title: "Harbour Report 2020", author: [{ family: "Roe", given: "Jane" }], publisher: "Zorland Port Authority", issued: { "date-parts": [[2021, 3, 4]] } },
};

test("citeproc renders the bundled styles: footnote definitions with the page, in-text link citations, safe HTML", async () => {
  const apa = await styles.load("apa", "/");
  const chicago = await styles.load("chicago-author-date", "/");
  assert.ok(apa && "style" in apa && chicago && "style" in chicago);
  assert.equal(cslFormat(apa.style).definition(SOURCE), "Roe, J. \\(2021\\). *Harbour Report 2020*. Zorland Port Authority (p. 2).");
  assert.equal(cslFormat(chicago.style).definition(SOURCE), "Roe, Jane. 2021. “Harbour Report 2020.” Zorland Port Authority (p. 2).");
  assert.equal(cslFormat(chicago.style).inText(SOURCE), "Roe 2021, 2");
  assert.equal(cslFormat(apa.style).inText(SOURCE), "Roe, 2021, p. 2");
  // Markup in a source's metadata is text: escaped for Markdown, and for HTML.
  const hostile = { ...SOURCE, csl: { ...SOURCE.csl, title: "<img src=x onerror=alert(1)> *bold* [link](command:x)" } };
  const def = cslFormat(apa.style).definition(hostile);
  assert.ok(def.includes("\\<img") && def.includes("\\*bold\\*") && def.includes("\\[link\\]\\(command:x\\)") && !/(^|[^\\])<img/.test(def), def);
  assert.doesNotMatch(cslReferenceHtml(apa.style, hostile), /<img|<a /);
  // A style changes the Cite fix's definition, and only that.
  const text = "The harbour handled 900 ships.\n";
  const cited = applyEdits(text, citeEdits(text, { start: 0, end: 30 }, [SOURCE], "footnote", cslFormat(apa.style)));
  assert.equal(cited, "The harbour handled 900 ships.[^roe2021-p2]\n\n[^roe2021-p2]: Roe, J. \\(2021\\). *Harbour Report 2020*. Zorland Port Authority (p. 2).\n");
});

test("citeproc's HTML is read back with its entities decoded; a name that is no entity stays as written, whatever Object has of that name", () => {
  const runs = runsOf("<i>&constructor; &__proto__; &toString; &valueOf;</i> &amp; &AMP; &lt;b&gt; &quot;&apos;&nbsp;&#x41;&#66;&#0;&hellip;");
  assert.deepEqual(runs, [
    { text: "&constructor; &__proto__; &toString; &valueOf;", italic: true, bold: false },
    { text: ' & & <b> "\'\u00a0AB&hellip;', italic: false, bold: false },
  ]);
});

test("any .csl file by path; a file that is not a CSL style is one problem naming it", async () => {
  const dir = folder({ "mine.csl": "<?xml version=\"1.0\"?><notastyle/>" });
  assert.ok(workspace.stylesFolder, "the bundled styles/ folder is found from the sources");
  const byPath = await styles.load(join(workspace.stylesFolder, "apa.csl"), "/");
  assert.ok(byPath && "style" in byPath);
  const bad = await styles.load("mine.csl", dir);
  assert.ok(bad && "problem" in bad);
  assert.equal(bad.problem.file, join(dir, "mine.csl"));
  assert.match(bad.problem.message, /^CSL style: not a CSL style .*; citations use Grounded's own format$/);
  const missing = await styles.load("nope.csl", dir);
  assert.ok(missing && "problem" in missing);
  assert.match(missing.problem.message, /no such file \(give apa or chicago-author-date, or the path of a \.csl file\)/);
  assert.equal(await styles.load("", dir), null, "no style: the hand-written format");
});
