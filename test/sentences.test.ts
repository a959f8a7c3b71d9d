/**
 * Table-driven tests of the sentence splitter. Each case lists the sentences
 * the input must split into, exactly; the spans must also index the input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { splitSentences } from "../server/src/engine/text/sentences";

const cases: { name: string; text: string; sentences: string[] }[] = [
  { name: "two plain sentences", text: "Talks began. They ended.", sentences: ["Talks began.", "They ended."] },
  {
    name: "dotted acronym mid-sentence",
    text: "The U.S. imposed sanctions on the bank. Russia responded.",
    sentences: ["The U.S. imposed sanctions on the bank.", "Russia responded."],
  },
  {
    name: "dotted acronym ends a sentence before a common opener",
    text: "The sanctions were imposed by the U.S. The move surprised Moscow.",
    sentences: ["The sanctions were imposed by the U.S.", "The move surprised Moscow."],
  },
  { name: "month abbreviation", text: "He arrived on Jan. 5 in Moscow. Talks began.", sentences: ["He arrived on Jan. 5 in Moscow.", "Talks began."] },
  { name: "title and saint", text: "Dr. Ivanov met officials in St. Petersburg on Monday.", sentences: ["Dr. Ivanov met officials in St. Petersburg on Monday."] },
  { name: "decimal", text: "Growth was 3.5 percent. It fell to 2.1 percent.", sentences: ["Growth was 3.5 percent.", "It fell to 2.1 percent."] },
  { name: "initials", text: "J. K. Rowling wrote the book. It sold well.", sentences: ["J. K. Rowling wrote the book.", "It sold well."] },
  {
    name: "quotation with comma attribution",
    text: "\u201cThere are issues,\u201d Peskov said. The talks continued.",
    sentences: ["\u201cThere are issues,\u201d Peskov said.", "The talks continued."],
  },
  { name: "stop inside quotation", text: 'He said "no." Then he left.', sentences: ['He said "no."', "Then he left."] },
  { name: "no. before a number is an abbreviation", text: "He lives at No. 5 Tverskaya Street.", sentences: ["He lives at No. 5 Tverskaya Street."] },
  { name: "quoted question then attribution", text: '"Why should we pay?" Putin asked. Nobody answered.', sentences: ['"Why should we pay?" Putin asked.', "Nobody answered."] },
  { name: "quoted question then lower-case attribution", text: '"Why?" he asked. Nobody knew.', sentences: ['"Why?" he asked.', "Nobody knew."] },
  { name: "question and exclamation", text: "Was it worth it? Nobody knows! The end.", sentences: ["Was it worth it?", "Nobody knows!", "The end."] },
  { name: "ellipsis inside a sentence", text: "The deal was \u2026 complicated. Talks stalled.", sentences: ["The deal was \u2026 complicated.", "Talks stalled."] },
  { name: "three-dot ellipsis before lower case", text: "He paused... and then spoke. It was late.", sentences: ["He paused... and then spoke.", "It was late."] },
  { name: "ellipsis ends a sentence", text: "He paused\u2026 Then he spoke.", sentences: ["He paused\u2026", "Then he spoke."] },
  { name: "e.g. and i.e.", text: "Some states, e.g. Armenia, agreed, i.e. they signed. Others refused.", sentences: ["Some states, e.g. Armenia, agreed, i.e. they signed.", "Others refused."] },
  { name: "a.m. before lower case", text: "The meeting began at 10 a.m. on Monday. It ended at noon.", sentences: ["The meeting began at 10 a.m. on Monday.", "It ended at noon."] },
  { name: "p.m. ending a sentence", text: "The meeting ended at 5 p.m. The leaders then left.", sentences: ["The meeting ended at 5 p.m.", "The leaders then left."] },
  { name: "etc. ending a sentence", text: "They discussed gas, oil, etc. The talks lasted hours.", sentences: ["They discussed gas, oil, etc.", "The talks lasted hours."] },
  { name: "parenthesised sentence", text: "Turnout was low. (Officials disputed this.) The count went on.", sentences: ["Turnout was low.", "(Officials disputed this.)", "The count went on."] },
  { name: "year then number", text: "The figure rose in 2012. 2013 was different.", sentences: ["The figure rose in 2012.", "2013 was different."] },
  { name: "vs. and Inc. mid-sentence", text: "It was Gazprom vs. Naftogaz Inc. in court.", sentences: ["It was Gazprom vs. Naftogaz Inc. in court."] },
  { name: "single quotes", text: "He said: 'I am leaving.' Then he left.", sentences: ["He said: 'I am leaving.'", "Then he left."] },
  { name: "emoji never split", text: "They won \u{1F389}. Fans cheered \u{1F44F}!", sentences: ["They won \u{1F389}.", "Fans cheered \u{1F44F}!"] },
  { name: "RTL text", text: "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD. \u05D6\u05D4 \u05D8\u05E7\u05E1\u05D8.", sentences: ["\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD.", "\u05D6\u05D4 \u05D8\u05E7\u05E1\u05D8."] },
  { name: "blank line ends a sentence", text: "A heading without a stop\n\nThe text goes on.", sentences: ["A heading without a stop", "The text goes on."] },
  { name: "white space only", text: "   \n  ", sentences: [] },
  { name: "empty", text: "", sentences: [] },
  { name: "stop at the very end with closers", text: "He said it (twice).\u201d", sentences: ["He said it (twice).\u201d"] },
  { name: "Gen. and Sen. titles", text: "Gen. Ivanov spoke to Sen. Smith. Both left.", sentences: ["Gen. Ivanov spoke to Sen. Smith.", "Both left."] },
  { name: "interrobang run", text: "Really?! Yes.", sentences: ["Really?!", "Yes."] },
];

for (const c of cases) {
  test(`splitSentences: ${c.name}`, () => {
    const spans = splitSentences(c.text);
    assert.deepEqual(
      spans.map((s) => c.text.slice(s.start, s.end)),
      c.sentences,
    );
  });
}

test("splitSentences honours from/to", () => {
  const text = "Ignore this. Talks began. They ended. Ignore that.";
  const from = text.indexOf("Talks");
  const to = text.indexOf(" Ignore that");
  const spans = splitSentences(text, from, to);
  assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["Talks began.", "They ended."]);
  for (const s of spans) assert.ok(s.start >= from && s.end <= to);
});

test("splitSentences never ends a span inside a surrogate pair", () => {
  const text = "A\u{1F600}. B\u{1F600}\u{1F600}? \u{1F600}C! D.\u{1F600} E\u{1F600}\u2026 F.";
  for (const s of splitSentences(text)) {
    for (const o of [s.start, s.end]) {
      const c = text.charCodeAt(o);
      assert.ok(!(c >= 0xdc00 && c <= 0xdfff), `offset ${o} splits a surrogate pair`);
    }
  }
});

// The time it takes is `npm run stress`'s to measure; the deadline only keeps a quadratic regression from hanging the suite.
test("a 200,000-character line of initials is one sentence, whole", { timeout: 60_000 }, () => {
  const text = "word ".repeat(40_000) + "end. " + "x.".repeat(20_000);
  assert.deepEqual(splitSentences(text), [{ start: 0, end: text.length }]);
});
