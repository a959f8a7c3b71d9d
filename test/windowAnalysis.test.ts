/**
 * A window of two sentences is analysed from its sentences' own analyses where
 * nothing of the analysis reaches from one into the next (`fromSentences` in
 * nlp/analyze.ts): it must give what the whole window's analysis gives, on
 * every window of the repository's corpora and on windows made to reach across.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildCorpus, type Corpus } from "../server/src/engine";
import { analyzeWindow, wholeWindow, type Analysis } from "../server/src/engine/nlp/analyze";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { memoryCorpus } from "./helpers/memoryCorpus";

interface Window {
  text: string;
  cuts: number[];
  date: string | null;
  /** The first sentence alone, to tell a window put together from its sentences (it shares their units). */
  first: string;
}

/** Every window of two neighbouring passages, cut as the verifier cuts them (`windowAnalysis` in verify/verify.ts). */
function windowsOf(corpus: Corpus): Window[] {
  const out: Window[] = [];
  for (const a of corpus.articles) {
    for (let k = 0; k + 1 < a.passages.length; k++) {
      const [p, q] = [a.passages[k].span, a.passages[k + 1].span];
      out.push({ text: a.text.slice(p.start, q.end), cuts: [p.end - p.start, q.start - p.start], date: a.date, first: a.text.slice(p.start, p.end) });
    }
  }
  return out;
}

/** Whether `analyzeWindow` put the window together from its sentences: its first unit is the first sentence's own. */
function putTogether(w: Window, corpus: Corpus, got: Analysis): boolean {
  const first = analyzeWindow(w.first, [], corpus.aliases, w.date);
  return first.units.length > 0 && got.units[0] === first.units[0];
}

function compare(corpus: Corpus, windows: Window[]): number {
  let together = 0;
  for (const w of windows) {
    const got = analyzeWindow(w.text, w.cuts, corpus.aliases, w.date);
    assert.deepStrictEqual(got, wholeWindow(w.text, w.cuts, corpus.aliases, w.date), JSON.stringify(w.text));
    if (putTogether(w, corpus, got)) together++;
  }
  return together;
}

for (const dir of ["corpus", "test/fixtures/eval/corpus", "test/fixtures/frank/corpus"]) {
  test(`every two-sentence window of ${dir} is analysed as a whole window would be`, async () => {
    // FRANK's first 200 articles are enough (all of them take seconds).
    const corpus = buildCorpus((await loadCorpus([join(__dirname, "..", dir)])).articles.slice(0, 200));
    const windows = windowsOf(corpus);
    const together = compare(corpus, windows);
    assert.ok(windows.length > 0);
    // Most windows are put together (the point of it); the rest are worked out whole.
    assert.ok(together >= windows.length / 3, `${together} of ${windows.length} put together`);
  });
}

/** Windows whose analysis reaches, or might reach, from the first sentence into the second: [name, first, space between, second, put together]. */
const EDGES: Array<[name: string, first: string, space: string, second: string, together: boolean]> = [
  ["a plain full stop", "The council approved the budget on Monday.", " ", "Officials said 40 jobs would go.", true],
  ["a paragraph break before a capitalised word", "The council approved the budget.", "\n\n", "Police said the road would close.", true],
  ["a paragraph break before a stop word", "The council approved the budget.", "\n\n", "The road would close on Friday.", true],
  ["a paragraph break before a small letter", "The council approved the budget.", "\n\n", "\"it will pass,\" she said.", true],
  ["a quotation left open", "\"The council approved the budget.", " ", "It will pass,\" she said.", false],
  ["no full stop at the end", "The council approved the budget", "\n\n", "Police said the road would close.", false],
  ["an abbreviation's full stop before a name", "The shares went to Acme Inc.", " ", "Smith said nothing.", false],
  ["a name ending and a name starting", "The deal was signed by Maria Lopez.", " ", "Lopez said it would hold.", false],
  ["a placeholder", "The deal was signed by UNK.", " ", "Lopez said it would hold.", false],
  ["something other than space between", "The deal was signed.", " - ", "Lopez said it would hold.", false],
  ["a figure before the full stop", "The fund grew to 5 billion.", " ", "Million more came later.", true],
  ["a negation before the full stop", "The union did not.", " ", "Strike action followed anyway.", true],
  ["an outcome phrase across", "The deal fell.", " ", "Through the night talks went on.", true],
  ["a question", "Would the deal hold?", " ", "Nobody knew on Tuesday.", true],
];

test("windows made to reach across sentences are analysed as whole windows, and put together only where nothing reaches", () => {
  const corpus = memoryCorpus(...EDGES.map(([name, first, space, second]): [string, string] => [name, first + space + second]));
  for (const [name, first, space, second, together] of EDGES) {
    const w: Window = { text: first + space + second, cuts: [first.length, first.length + space.length], date: "2023-05-04", first };
    const got = analyzeWindow(w.text, w.cuts, corpus.aliases, w.date);
    assert.deepStrictEqual(got, wholeWindow(w.text, w.cuts, corpus.aliases, w.date), name);
    assert.equal(putTogether(w, corpus, got), together, name);
  }
});
