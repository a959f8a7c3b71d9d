/**
 * The word scanner finds exactly what the regular expressions it replaced
 * find (a run of a script written without spaces split into the words ICU's
 * segmentation finds): checked on generated text that mixes ASCII, accented and other
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

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * What the regular expression finds; a match with a letter of a script written
 * without spaces is instead the words ICU's segmentation finds in it (without
 * a trailing full stop).
 */
const matched = (text: string, re: RegExp) =>
  [...text.matchAll(re)].flatMap((m) => {
    if (!UNSPACED.test(m[0])) return [`${m.index}:${m[0]}`];
    const run = re === ALIAS && m[0].endsWith(".") ? m[0].slice(0, -1) : m[0];
    return [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => `${m.index + s.index}:${s.segment}`);
  });

/** Pieces that stress the edges: joiners and stops next to letters, scripts, numbers, astral letters, surrogates. */
const piece = fc.constantFrom(
  "a", "Z", "é", "ß", "Ж", "ж", "ا", "中", "国", "士兵", "プーチン", "ไทย", "٣", "5", "½", "𝐀", "😀", "\uD835", "\uDC00",
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

test("a run of Chinese, Japanese or Thai is split into words; other scripts' runs are words as written", () => {
  const words = (t: string) => scanned(t, "'’.,-", false).map((w) => w.slice(w.indexOf(":") + 1));
  const zh = words("普京说集体安全条约组织的部队将增加到3500名士兵。");
  assert.ok(zh.length > 5, zh.join(" "));
  assert.ok(zh.includes("3500"), zh.join(" "));
  assert.equal(zh.join(""), "普京说集体安全条约组织的部队将增加到3500名士兵");
  assert.ok(words("プーチン大統領は述べた").length > 1);
  assert.deepEqual(words("Путин сказал, что силы ОДКБ вырастут до 3,500 солдат."), ["Путин", "сказал", "что", "силы", "ОДКБ", "вырастут", "до", "3,500", "солдат"]);
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
