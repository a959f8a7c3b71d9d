/** Ingestion of the five sample articles (metadata pinned) and of awkward files. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { decodeSource, parseArticle } from "../server/src/engine/corpus/ingest";
import { citationKey, uniqueCitationKeys } from "../server/src/engine/corpus/citationKeys";
import { buildCorpus } from "../server/src/engine/corpus/corpus";
import { resolveCitation } from "../server/src/engine/check";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import type { Article } from "../server/src/engine/types";

const passagesOf = (a: Article) => a.passages.map((p) => a.text.slice(p.span.start, p.span.end));

const EXPECTED: Record<string, Partial<Article>> = {
  "corpus/000_c3e40e30eddf7ad4.txt": {
    title: "Rebuffing U.S., Kremlin Denies Bid to Rebuild Soviet Empire",
    outlet: "The Moscow Times",
    byline: null,
    date: "2012-12-19",
    url: "https://www.themoscowtimes.com/2012/12/19/rebuffing-us-kremlin-denies-bid-to-rebuild-soviet-empire-a20318",
  },
  "corpus/001_e3fd39bb26fc0bf8.txt": {
    title: "Putin Looks to Strengthen Ties With Former Soviet Neighbors",
    outlet: "The Moscow Times",
    byline: "Alexander Bratersky",
    date: "2012-05-15",
    url: "https://www.themoscowtimes.com/2012/05/15/putin-looks-to-strengthen-ties-with-former-soviet-neighbors-a14783",
  },
  "corpus/002_b1c35e1a5d825a9a.txt": { title: null, outlet: null, byline: null, date: null, url: null },
  "corpus/003_8e5f2d5a591cc012.txt": {
    title: "Meeting with CIS state representatives: Putin seeks proximity to former Soviet states",
    outlet: null,
    byline: null,
    date: null,
    url: null,
  },
  "corpus/004_a76a3ec1400c63ff.txt": {
    title: "Putin's Vision to Become a Post-Imperial Leader",
    outlet: "The Moscow Times",
    byline: "Dmitry Trenin",
    date: "2011-11-08",
    url: "https://www.themoscowtimes.com/2011/11/08/putins-vision-to-become-a-post-imperial-leader-a10668",
  },
};

const FIRST_SENTENCE: Record<string, RegExp> = {
  "corpus/000_c3e40e30eddf7ad4.txt": /^President Vladimir Putin on Wednesday hosted leaders/,
  "corpus/001_e3fd39bb26fc0bf8.txt": /^President Vladimir Putin said Tuesday/,
  "corpus/002_b1c35e1a5d825a9a.txt": /^Russia sought yesterday to expand its influence/,
  "corpus/003_8e5f2d5a591cc012.txt": /^Russia has many ex-Soviet republics such as Belarus among its allies\.$/,
  "corpus/004_a76a3ec1400c63ff.txt": /^Russia's 2012 presidential election is already effectively over/,
};

test("the five sample articles: metadata, first passage, no boilerplate", async () => {
  const { articles, problems } = await loadCorpus(["corpus"]);
  assert.deepEqual(problems, []);
  assert.deepEqual(articles.map((a) => a.id), Object.keys(EXPECTED));
  for (const a of articles) {
    const { title, outlet, byline, date, url } = a;
    assert.deepEqual({ title, outlet, byline, date, url }, EXPECTED[a.id], a.id);
    const passages = passagesOf(a);
    assert.match(passages[0], FIRST_SENTENCE[a.id], a.id);
    for (const p of passages) {
      assert.ok(p.trim().length > 0);
      assert.doesNotMatch(p, /Original url|source site|newsletter|Mailchimp|unsubscribe|Sinyakov|views expressed|©|☒|^\.$/i, `${a.id}: ${p}`);
    }
  }
  const all = articles.flatMap(passagesOf).join("\n");
  assert.match(all, /operates a 3,500-soldier force with a structure resembling that of NATO\./);
  assert.match(all, /Twenty years after the loss of its 20th-\s+century empire/, "a paragraph broken mid-sentence stays one passage");
});

test("every passage span points at the characters on disk", async () => {
  const { articles } = await loadCorpus(["corpus"]);
  const { readFileSync } = await import("node:fs");
  for (const a of articles) {
    assert.equal(a.text, readFileSync(a.id, "utf8"));
    for (const p of a.passages) assert.ok(p.span.start >= 0 && p.span.end <= a.text.length && p.span.start < p.span.end);
  }
});

test("awkward files: front matter, HTML, CRLF, UTF-16; bad files skipped with one named problem each", async () => {
  const dir = "test/fixtures/corpora/mixed";
  const { articles, problems } = await loadCorpus([dir, "test/fixtures/corpora/missing-folder"]);
  const byName = new Map(articles.map((a) => [a.id.split("/").pop()!, a]));
  const fm = byName.get("front-matter.md")!;
  assert.deepEqual(
    { title: fm.title, date: fm.date, url: fm.url, outlet: fm.outlet, byline: fm.byline },
    { title: "Water rationing begins in Lisvale", date: "2019-03-03", url: "https://example.org/news/lisvale-water", outlet: "The Lisvale Ledger", byline: "Maria Okafor" },
  );
  assert.ok(passagesOf(fm).every((p) => !/newsletter|^---|title:/.test(p)));
  const html = byName.get("page.html")!;
  assert.equal(html.title, "Port strike ends after nine days");
  assert.equal(html.outlet, "Harbour Daily");
  assert.equal(html.date, "2020-07-14");
  assert.equal(html.byline, "Jonas Berg");
  assert.equal(html.url, "https://harbourdaily.example/2020/07/14/port-strike-ends");
  assert.deepEqual(passagesOf(html).slice(0, 2), [
    "Dockworkers at the port of Kessel returned to work on Tuesday after a strike that lasted nine days.",
    "The union accepted a pay rise of 4 percent.",
  ]);
  assert.ok(!passagesOf(html).some((p) => /Subscribe|Menu/.test(p)), "nav and footer are not evidence");
  const crlf = byName.get("crlf.txt")!;
  assert.equal(crlf.title, "Crlf Headline Here");
  assert.equal(crlf.byline, "Sam Lee");
  assert.equal(crlf.date, "2021-06-02");
  assert.equal(passagesOf(crlf)[0], "The council voted 7 to 2 on Thursday to close the old bridge.");
  assert.match(passagesOf(byName.get("utf16.txt")!)[0], /^Utf sixteen text here/);
  assert.ok(byName.has("inner.txt"), "nested folders are read");
  const named = (name: string) => problems.filter((p) => p.file.endsWith(name));
  assert.equal(named("binary.txt").length, 1);
  assert.match(named("binary.txt")[0].message, /binary/);
  assert.match(named("latin1.txt")[0].message, /UTF-8/);
  assert.match(named("empty.txt")[0].message, /empty/);
  assert.match(named("missing-folder")[0].message, /no such file or folder/);
  assert.equal(problems.length, 4);
});

test("decoding: BOMs, NUL bytes, invalid UTF-8", () => {
  assert.deepEqual(decodeSource("a", new TextEncoder().encode("\uFEFFhello")), { text: "hello" });
  assert.deepEqual(decodeSource("b", Uint8Array.from([0xfe, 0xff, 0, 0x68, 0, 0x69])), { text: "hi" });
  assert.ok("problem" in decodeSource("c", Uint8Array.from([0x68, 0, 0x69])));
  const bad = decodeSource("d.txt", Uint8Array.from([0x63, 0x61, 0x66, 0xe9]));
  assert.ok("problem" in bad && bad.problem.file === "d.txt");
});

test("citation keys: outlet and date, else title words, unique across the corpus", () => {
  const a = parseArticle("x/one.txt", "Headline About Something Big\n\nMay 1, 2020\n\nThe body of the article is a sentence with enough words to count as prose here.\n");
  assert.equal(citationKey({ ...a, outlet: "The Moscow Times", date: "2012-12-19" }), "moscowtimes-2012-12-19");
  assert.equal(citationKey(a), "headline-about-something-2020-05-01");
  const keys = uniqueCitationKeys([a, { ...a, id: "x/two.txt" }]);
  assert.deepEqual([...keys.values()], ["headline-about-something-2020-05-01", "headline-about-something-2020-05-01-b"]);
});

test("a .txt source's outlet: a byline or header line that names the URL's site, whole or as its first words", () => {
  const article = (header: string, url: string) =>
    parseArticle("a.txt", `Fire at factory kills three\n\n${header}\n\n23 December 2004\n\nA fire at a factory in the north of the city killed three workers on Tuesday, the police said.\n\nOriginal url: ${url}\n`);
  const bbc = article("By BBC News", "https://www.bbc.co.uk/news/uk-123456");
  assert.deepEqual([bbc.outlet, bbc.byline, bbc.date, bbc.url], ["BBC News", null, "2004-12-23", "https://www.bbc.co.uk/news/uk-123456"]);
  assert.equal(article("By The Guardian", "https://www.theguardian.com/x").outlet, "The Guardian");
  assert.equal(article("CNN Business", "https://www.cnn.com/x").outlet, "CNN Business");
  const person = article("By Alexander Smith", "https://www.ale.com/x");
  assert.deepEqual([person.outlet, person.byline], [null, "Alexander Smith"], "a person's name that begins with the site's letters is no outlet");
  assert.deepEqual([article("By BBC News", "").outlet, article("By BBC News", "").byline], [null, "BBC News"], "without a URL, nothing says the byline is the outlet");
  const declared = parseArticle("b.txt", "---\noutlet: BBC News\ndate: 2004-12-23\nurl: https://www.bbc.co.uk/news/uk-1\n---\n\nA fire at a factory in the north of the city killed three workers on Tuesday.\n");
  assert.deepEqual([declared.outlet, declared.date, declared.url], ["BBC News", "2004-12-23", "https://www.bbc.co.uk/news/uk-1"]);
});

test("a corpus makes its citation keys once, the keys they were before the corpus owned them", async () => {
  // The sample corpus's keys as the CLI, the server and the edits gave them when each made its own.
  const sample = buildCorpus((await loadCorpus(["corpus"])).articles);
  assert.deepEqual([...sample.citationKeys], [
    ["corpus/000_c3e40e30eddf7ad4.txt", "moscowtimes-2012-12-19"],
    ["corpus/001_e3fd39bb26fc0bf8.txt", "moscowtimes-2012-05-15"],
    ["corpus/002_b1c35e1a5d825a9a.txt", "002b1c35e1a5d825a9a"],
    ["corpus/003_8e5f2d5a591cc012.txt", "meeting-with-cis"],
    ["corpus/004_a76a3ec1400c63ff.txt", "moscowtimes-2011-11-08"],
  ]);
  assert.equal(sample.citationKeys, sample.citationKeys, "made once, not on every read");
  assert.equal(sample.articleOfKey("moscowtimes-2012-05-15"), "corpus/001_e3fd39bb26fc0bf8.txt");
  assert.equal(sample.articleOfKey("moscowtimes-2012-05-15-b"), undefined);

  // Colliding keys: -b, -c… in the order of ids, whatever order the articles come in.
  const body = "Headline About Something Big\n\nMay 1, 2020\n\nThe body of the article is a sentence with enough words to count as prose here.\n";
  const colliding = buildCorpus(["x/c.txt", "x/a.txt", "x/b.txt"].map((id) => parseArticle(id, body)));
  const base = "headline-about-something-2020-05-01";
  assert.deepEqual(colliding.citationKeys, new Map([["x/a.txt", base], ["x/b.txt", `${base}-b`], ["x/c.txt", `${base}-c`]]));
  const draft = analyzeDraft(`A claim [@${base}-c].\n`, { checkHeadings: false });
  assert.equal(resolveCitation(`${base}-c`, draft, colliding), "x/c.txt");
  assert.equal(resolveCitation(base, draft, colliding), "x/a.txt");
});

test("a footnote that names a URL cites the first article with that URL, as URLs compare", () => {
  const body = (title: string) => `${title}\n\nMay 1, 2020\n\nThe body of the article is a sentence with enough words to count as prose here.\n`;
  const [a, b, c] = ["x/c.txt", "x/a.txt", "x/b.txt"].map((id, i) => parseArticle(id, body(`Headline number ${i} about something`)));
  const corpus = buildCorpus([
    { ...a, url: "https://example.com/story/" },
    { ...b, url: "http://www.Example.com/story" },
    { ...c, url: "https://example.com/other" },
  ]);
  const cite = (url: string) => resolveCitation("n", analyzeDraft(`A claim.[^n]\n\n[^n]: See ${url}\n`, { checkHeadings: false }), corpus);
  assert.equal(cite("https://www.example.com/story/"), "x/c.txt", "the first in the corpus's order, not in the order of ids");
  assert.equal(cite("https://Example.com/other?"), "x/b.txt");
  assert.equal(cite("https://example.com/nothing"), undefined);
});
