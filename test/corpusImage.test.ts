/**
 * The corpus as one thread hands it to another (`node/corpusImage.ts`): the
 * image of a corpus makes the same corpus again (ids made relative, texts,
 * spans, metadata, search results), its bulk is in shared memory, and making
 * it decodes no lazy article's text. And the postings builder's snapshot of
 * the part added so far is the index those articles alone would have.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildCorpus } from "../server/src/engine/corpus/corpus";
import { indexTerms } from "../server/src/engine/retrieval/evidenceIndex";
import { buildInvertedIndex, InvertedIndex, InvertedIndexBuilder } from "../server/src/engine/retrieval/invertedIndex";
import type { Article } from "../server/src/engine/types";
import { lazyArticle, loadIndexedCorpus } from "../server/src/node/corpusCache";
import { corpusOfImage, imageOf, imageOfCorpus } from "../server/src/node/corpusImage";

const QUERIES = ["CSTO soldier force", "investment fund Central Asia", "Kazakhstan Russia members", "harbour cranes"];

/** Articles as the tests compare them: everything a check or a hover reads. */
const shape = (a: Article) => ({ id: a.id, title: a.title, outlet: a.outlet, byline: a.byline, date: a.date, url: a.url, text: a.text, passages: a.passages, boilerplate: a.boilerplate });

test("an image makes the same corpus again, its bulk in shared memory; a UTF-16 file's text comes back exactly", async () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-image-"));
  const folder = join(root, "corpus");
  cpSync("corpus", folder, { recursive: true });
  // UTF-16 with a byte order mark, an accented letter and an emoji: its UTF-8 bytes and UTF-16 length differ.
  const odd = "Harbour News\n\nThe harbour of Zorland \u00e9 handled 900 ships \u{1F6A2} in 2020, officials said.\n";
  writeFileSync(join(folder, "odd.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(odd, "utf16le")]));
  // Through the persisted index and back: the second load's articles are lazy, over the cache's bytes.
  await loadIndexedCorpus([folder], { cacheDir: join(root, "cache") });
  for (const cacheDir of [join(root, "cache"), null]) {
    const { corpus } = await loadIndexedCorpus([folder], { cacheDir });
    const image = imageOf(corpus.articles, (corpus.index as InvertedIndex).data, corpus.aliasData, (id) => relative(root, id));
    for (const a of [image.text, image.passages, image.boilerplate, image.index.postingDocs, image.index.postingFreqs, image.index.lengths]) {
      assert.ok(a.buffer instanceof SharedArrayBuffer);
    }
    const again = corpusOfImage(image);
    assert.equal(imageOfCorpus(again), image);
    assert.deepEqual(again.articles.map(shape), corpus.articles.map((a) => ({ ...shape(a), id: relative(root, a.id) })));
    assert.deepEqual(again.aliasData, corpus.aliasData);
    assert.equal(again.articles.find((a) => a.id.endsWith("odd.txt"))!.text, odd);
    for (const q of QUERIES) assert.deepEqual(again.index.search(indexTerms(q), 16), corpus.index.search(indexTerms(q), 16), q);
    // Made lazily on the main thread: the same answers.
    const lazy = corpusOfImage(image, { lazyIndex: true });
    for (const q of QUERIES) assert.deepEqual(lazy.index.search(indexTerms(q), 16), corpus.index.search(indexTerms(q), 16), q);
  }
});

test("making an image reads no lazy article's text: it takes the bytes the text is made from", () => {
  let decoded = 0;
  const text = "Rail News\n\nThe railway of Vestmark carried 4 million passengers in 2019.\n";
  const bytes = Buffer.from(text, "utf8");
  const articles = [0, 1].map((k) =>
    lazyArticle(`a${k}.txt`, { title: "Rail News", outlet: null, byline: null, date: null, url: null }, () => (decoded++, text), [11, 72, 0], [], () => bytes, text.length),
  );
  // An article that is not lazy goes over as its text; one whose text UTF-8 cannot carry (a lone surrogate) as the string itself.
  const lone = "Rail News\n\nThe railway of Vestmark \ud800 carried 4 million passengers.\n";
  const plainArticle: Article = { id: "b.txt", title: "Rail News", outlet: null, byline: null, date: null, url: null, text: lone, passages: [{ index: 0, span: { start: 11, end: lone.length - 1 }, paragraph: 0 }], boilerplate: [] };
  const all = [...articles, plainArticle];
  const plain = buildCorpus(all);
  const decodedByIndexing = decoded;
  const image = imageOf(all, (plain.index as InvertedIndex).data, plain.aliasData);
  const again = corpusOfImage(image);
  assert.equal(decoded, decodedByIndexing, "the image decoded a text");
  assert.equal(again.articles[1].text, text);
  assert.deepEqual(again.articles[1].passages, [{ index: 0, span: { start: 11, end: 72 }, paragraph: 0 }]);
  assert.equal(again.articles[2].text, lone);
  assert.deepEqual(again.articles[2].passages, plainArticle.passages);
});

test("the builder's snapshot of the articles added so far is their own index, and the builder goes on", () => {
  const passages = [["harbour", "ship", "zorland"], ["rail", "vestmark"], ["harbour", "crane"], ["ship", "crane", "crane"]];
  const articles = [[passages[0], passages[1]], [passages[2]], [passages[3]]];
  const builder = new InvertedIndexBuilder();
  builder.add(5, articles[0]);
  builder.add(9, articles[1]);
  assert.deepEqual(builder.snapshot([5, 9]), buildInvertedIndex([articles[0], articles[1]]));
  builder.add(7, articles[2]);
  assert.deepEqual(builder.finish([5, 9, 7]), buildInvertedIndex(articles));
});
