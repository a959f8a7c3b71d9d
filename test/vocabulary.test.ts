/**
 * No word can break a check. Every lemma of the bundled lexicons (WordNet's
 * synonyms, implications, names and antonyms, the common-English table, the
 * hand-kept word lists), every name `Object.prototype` has, and the whole
 * vocabulary of the FRANK articles in test/fixtures/frank go through analysis,
 * retrieval and alignment: as a source's words and as a draft's, in lower case,
 * capitalised and upper case. Each draft sentence must come back with a verdict,
 * none of them with an internal error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCorpus, checkDocument } from "../server/src/engine";
import { analyzeDraft, claimSentences } from "../server/src/engine/markdown/draft";
import type { Article } from "../server/src/engine/types";
import { parseArticle } from "../server/src/engine/corpus/ingest";
import wordnet from "../server/src/engine/nlp/generated/wordnet.json";
import english from "../server/src/engine/nlp/generated/english-words.json";
import * as lexicon from "../server/src/engine/nlp/lexicon";

const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "constructors", "hasOwnProperties"];

/** Every word a bundled lexicon holds, split into single words (a lemma may be "call off"). */
function lexiconWords(): string[] {
  const out = new Set<string>();
  const add = (w: unknown) => {
    if (typeof w === "string") for (const part of w.split(/[\s_]+/)) if (part) out.add(part);
  };
  Object.keys(wordnet.synonyms).forEach(add);
  (wordnet.implies.vocabulary as string[]).forEach(add);
  Object.keys(wordnet.implies.of).forEach(add);
  (wordnet.names as string[]).forEach(add);
  for (const pair of wordnet.antonyms as string[][]) pair.forEach(add);
  (english.words as string[]).forEach(add);
  for (const value of Object.values(lexicon)) {
    if (value instanceof Set) value.forEach(add);
    else if (value instanceof Map) [...value.keys()].forEach(add);
    else if (Array.isArray(value)) value.forEach(add);
  }
  return [...out];
}

function frankWords(): string[] {
  const dir = "test/fixtures/frank/corpus";
  const out = new Set<string>();
  for (const f of readdirSync(dir)) for (const w of readFileSync(join(dir, f), "utf8").split(/\s+/)) if (w) out.add(w);
  return [...out];
}

const SENTENCE = 10;
const CHUNK = 4_000;

/** Words as sentences: `SENTENCE` words each, the first capitalised, so the analysis takes each one for a claim. */
function sentences(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += SENTENCE) {
    const ws = words.slice(i, i + SENTENCE);
    out.push(`The ${ws.join(" ")} was reported on 3 May 2020.`);
  }
  return out;
}

/**
 * Checks a draft made of `words` against a source made of the same words in
 * another order (so each claim word meets others as source words), and returns
 * the problems: sentences without a finding, and findings with an internal error.
 */
function problemsWith(words: readonly string[], label: string): string[] {
  const rotated = [...words.slice(SENTENCE / 2), ...words.slice(0, SENTENCE / 2)];
  const source: Article = parseArticle(`vocabulary/${label}.txt`, sentences(rotated).join(" "));
  const corpus = buildCorpus([source]);
  const text = sentences(words).join("\n\n");
  const expected = claimSentences(analyzeDraft(text, { checkHeadings: false })).length;
  const result = checkDocument({ path: `${label}.md`, text }, corpus);
  const out = result.problems.map((p) => `${p.file}: ${p.message}`);
  for (const f of result.findings) if (/internal error/i.test(f.reason)) out.push(`${label}: ${f.reason}: ${f.text}`);
  if (result.findings.length !== expected) out.push(`${label}: ${expected} claims, ${result.findings.length} findings`);
  return out;
}

function checkAll(words: readonly string[], label: string): void {
  const problems: string[] = [];
  for (let i = 0; i < words.length; i += CHUNK) problems.push(...problemsWith(words.slice(i, i + CHUNK), `${label}-${i / CHUNK}`));
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
}

test("every Object.prototype name, in every case, as a claim's word and a source's", () => {
  const forms = PROTOTYPE_NAMES.flatMap((w) => [w, w.toLowerCase(), w[0].toUpperCase() + w.slice(1), w.toUpperCase()]);
  // Next to ordinary words, and next to each other, so each meets the others in both roles.
  checkAll([...forms, ...forms.map((w, i) => (i % 2 ? w : "constructor"))], "prototype");
});

test("every lemma of the bundled lexicons, as a claim's word and a source's", () => {
  const words = lexiconWords();
  assert.ok(words.length > 50_000, `only ${words.length} lexicon words: the WordNet tables were not read`);
  checkAll(words, "lexicon");
});

test("every lexicon lemma capitalised and in capitals (names, acronyms)", () => {
  const words = lexiconWords().filter((_, i) => i % 7 === 0);
  checkAll([...words.map((w) => w[0].toUpperCase() + w.slice(1)), ...words.map((w) => w.toUpperCase())], "cased");
});

test("the vocabulary of the FRANK articles, as it is written there", () => {
  const words = frankWords();
  assert.ok(words.length > 20_000, `only ${words.length} words in test/fixtures/frank/corpus`);
  checkAll(words, "frank");
});
