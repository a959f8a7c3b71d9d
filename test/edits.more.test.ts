/** Quick-fix edits beyond citations: quoting at the cursor, line breaks, URLs from sources, edit order. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEdits, citeEdits, footnoteText, paragraphEnd, quoteAtEdits, quoteEdits, safeUrl, type CitedSource } from "../server/src/engine/edits/citations";

const source: CitedSource = { key: "ledger-2019-03-03", title: "Water rationing begins", outlet: "The Ledger", byline: null, date: "2019-03-03", url: "https://example.org/a" };
const def = `[^ledger-2019-03-03]: ${footnoteText(source)}`;

test("insertions at one offset keep their order", () => {
  assert.equal(applyEdits("ab", [{ span: { start: 1, end: 1 }, newText: "1" }, { span: { start: 1, end: 1 }, newText: "2" }]), "a12b");
});

test("quote after the last paragraph: the quote, then the definition", () => {
  const text = "The city rationed water.";
  assert.equal(applyEdits(text, quoteEdits(text, { start: 0, end: 24 }, "Water is rationed.", source, "footnote")), `The city rationed water.\n\n> Water is rationed\\.[^ledger-2019-03-03]\n\n${def}\n`.replace("rationed\\.", "rationed."));
});

test("quote in a CRLF document uses CRLF, after the paragraph", () => {
  const text = "One.\r\nTwo.\r\n\r\nThree.\r\n";
  assert.equal(paragraphEnd(text, 0), 10);
  const out = applyEdits(text, quoteEdits(text, { start: 0, end: 4 }, "Q", source, "pandoc"));
  assert.equal(out, "One.\r\nTwo.\r\n\r\n> Q [@ledger-2019-03-03]\r\n\r\nThree.\r\n");
});

test("quote at the cursor: on a blank line, right there; in a paragraph, after it", () => {
  const text = "A.\n\n\n\nB.\n";
  assert.equal(applyEdits(text, quoteAtEdits(text, 4, "Q", source, "link")), "A.\n\n> Q ([The Ledger](<https://example.org/a>))\n\nB.\n");
  const tight = "A.\n\nB.\n";
  assert.equal(applyEdits(tight, quoteAtEdits(tight, 0, "Q", source, "pandoc")), "A.\n\n> Q [@ledger-2019-03-03]\n\nB.\n");
  const end = "A.\n";
  assert.equal(applyEdits(end, quoteAtEdits(end, 3, "Q", source, "footnote")), `A.\n\n> Q[^ledger-2019-03-03]\n\n${def}\n`);
});

test("only http(s) URLs from a source become link targets", () => {
  assert.equal(safeUrl("javascript:alert(1)"), null);
  assert.equal(safeUrl("command:workbench.action.terminal.new"), null);
  assert.equal(safeUrl("https://example.org/a b>c"), "https://example.org/a%20b%3Ec");
  const evil = { ...source, url: "command:evil" };
  assert.deepEqual(citeEdits("X.", { start: 0, end: 2 }, [evil], "link"), [], "no URL, no link");
  assert.equal(footnoteText(evil), "Water rationing begins. *The Ledger*, 2019-03-03.");
});

test("cite with no sources changes nothing", () => {
  assert.deepEqual(citeEdits("X.", { start: 0, end: 2 }, [], "footnote"), []);
});
