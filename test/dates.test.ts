/** Dates: the shortcuts (no cue at all, a year alone, no month's name but words that start like one) give what chrono gives; months by name. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findDates, findDatesWithChrono } from "../server/src/engine/nlp/dates";
import { monthOf } from "../server/src/engine/nlp/lexicon";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { writeArchive } from "../bench/archive";

const SHAPES = [
  "The union was founded in 1992.",
  "He pledged to form it by 2015, and again in 2016-17.",
  "During the 2008-09 global crisis, Moscow began to strengthen its standing.",
  "The 3500-soldier force and the 2012 summit.",
  "It was signed on 2012-05-15 in Moscow.",
  "Signed 15.05.2012, ratified 5/15/2013.",
  "Between 1991 and 1999 the ruble fell; in 2000 it rose.",
  "A force of 2012 soldiers.",
  "Sales rose 1,500 units in 2019 compared with 2018.",
  "The 1990s and the 2000s were different.",
  "Scores were 2012:2013 at the end.",
  "Call 555 1234 before 2020.",
  "Prices may rise in 2020, and protesters may march on the capital.",
  "It was agreed in may 2012 and signed in March.",
  "THE MAY 2012 SUMMIT ended.",
  "They met on a sunny day in august company.",
  "The market decided on a novel, separate plan.",
  "He ran at Cheltenham (at the Festival in March) but decided not to.",
  "It opened on Sept.5 and closed in Dec; the mayor left in mid-June.",
];

test("sentences of every shape with a year: the shortcut agrees with chrono", () => {
  for (const s of SHAPES) {
    for (const ref of [null, "2014-06-01"]) assert.deepEqual(findDates(s, ref), findDatesWithChrono(s, ref), s);
  }
});

test("every passage of the sample and fixture corpora, the FRANK articles and a synthetic archive: the shortcut agrees with chrono", async () => {
  const archive = writeArchive(join(mkdtempSync(join(tmpdir(), "grounded-dates-")), "archive"), { articles: 150, seed: 7 }).dir;
  const { articles } = await loadCorpus(["corpus", "test/fixtures/corpora", "test/fixtures/eval/corpus", "test/fixtures/frank/corpus", archive]);
  let compared = 0;
  for (const a of articles) {
    for (const p of a.passages) {
      const text = a.text.slice(p.span.start, p.span.end);
      assert.deepEqual(findDates(text, a.date), findDatesWithChrono(text, a.date), text);
      compared++;
    }
  }
  assert.ok(compared > 3000, `only ${compared} passages compared`);
});

test("a month's name or abbreviation, in any case and with a full stop after it, gives its number; any other word 0", () => {
  const names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
  names.forEach((name, i) => {
    for (const form of [name, name.slice(0, 3), `${name.slice(0, 3)}.`, name.toUpperCase(), `${name[0].toUpperCase()}${name.slice(1)}.`]) assert.equal(monthOf(form), i + 1, form);
  });
  assert.equal(monthOf("Sept."), 9);
  for (const word of ["market", "decided", "ma", "mayor", "constructor", "__proto__", "", ".", "jan..", "dece"]) assert.equal(monthOf(word), 0, word);
});
