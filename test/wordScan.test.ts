/**
 * The word scanner finds exactly what the regular expressions it replaced
 * find: checked on generated text that mixes ASCII, accented and other
 * scripts, digits, astral letters, lone surrogates, joiners and stops, and on
 * the sample corpus.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { countWords, scanWords } from "../server/src/engine/retrieval/wordScan";

const TERM = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu;
const ALIAS = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*\.?/gu;

function scanned(text: string, joiners: string, trailingStop: boolean): string[] {
  const out: string[] = [];
  scanWords(text, { joiners, trailingStop }, (s, e) => out.push(`${s}:${text.slice(s, e)}`));
  return out;
}

const matched = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);

/** Pieces that stress the edges: joiners and stops next to letters, scripts, numbers, astral letters, surrogates. */
const piece = fc.constantFrom(
  "a", "Z", "é", "ß", "Ж", "ж", "ا", "中", "٣", "5", "½", "𝐀", "😀", "\uD835", "\uDC00",
  "'", "’", ".", ",", "-", " ", "\n", "\t", "\u00a0", "_", "(", "—", "..", "U.S.", "e-Mail", "3,500", "1.5",
);
const text = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(""));

test("scanWords finds what the index-term and alias regular expressions find, at the same offsets", () => {
  fc.assert(
    fc.property(text, (t) => {
      assert.deepEqual(scanned(t, "'’.,-", false), matched(t, TERM));
      assert.deepEqual(scanned(t, "'’.-", true), matched(t, ALIAS));
    }),
    { numRuns: 3000 },
  );
});

test("countWords counts what /[\\p{L}\\p{N}]+/gu matches", () => {
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ unit: "binary", maxLength: 30 })), (t) => {
      assert.equal(countWords(t), (t.match(/[\p{L}\p{N}]+/gu) ?? []).length);
    }),
    { numRuns: 3000 },
  );
});

test("on the sample corpus, every word is found as the regular expressions find it", () => {
  for (const name of readdirSync("corpus")) {
    const t = readFileSync(`corpus/${name}`, "utf8");
    assert.deepEqual(scanned(t, "'’.,-", false), matched(t, TERM), name);
    assert.deepEqual(scanned(t, "'’.-", true), matched(t, ALIAS), name);
    assert.equal(countWords(t), (t.match(/[\p{L}\p{N}]+/gu) ?? []).length, name);
  }
});
