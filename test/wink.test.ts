/**
 * The wink-nlp pipe Grounded runs (`nlp/wink.ts`: the part-of-speech tagger
 * alone) gives every token the value, type, part of speech and lemma that
 * wink-nlp's full pipe gives, on real prose: the bundled corpus, the example
 * draft and the FRANK articles of the fixtures. If an upgrade of wink-nlp made
 * tags depend on sentence boundaries or entities, this would fail.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { freshReader, type Reader, wink } from "../server/src/engine/nlp/wink";
import { splitSentences } from "../server/src/engine/text/sentences";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sentences = [...filesUnder("corpus"), "examples/draft.md", ...filesUnder("test/fixtures/frank/corpus")].flatMap((file) => {
  const text = readFileSync(file, "utf8");
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
});

function annotations(nlp: Reader, text: string): unknown {
  const tokens = nlp.readDoc(text).tokens();
  // wink-nlp's typings reject its own lemma helper in `out`; it works at run time.
  return [tokens.out(nlp.its.value), tokens.out(nlp.its.type), tokens.out(nlp.its.pos), tokens.out(nlp.its.lemma as never)];
}

test("the part-of-speech pipe tags every sentence as the full pipe does", () => {
  assert.ok(sentences.length > 1000, `${sentences.length} sentences`);
  const full = freshReader();
  const ours = wink();
  for (const s of sentences) assert.deepEqual(annotations(ours, s), annotations(full, s), s);
});

/** Every name of `Object.prototype`, as a word of a sentence: a lexicon that is a plain object must not answer them. */
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).map((name) => `The ${name} of Lord's ${name}'s was ${name}.`);

test("a text is read as a fresh instance of wink-nlp reads it, whatever the process read before", () => {
  // wink-nlp's tokenizer looks words up in the lexicon its instance adds every new word to: after "at Lord's." a
  // plain instance reads "Lord's" in "at Lord's were" as one token, a fresh one as "Lord" and "'s".
  const plain = winkNLP(model, ["pos"] as Parameters<typeof winkNLP>[1]);
  const before = annotations(plain, "Those occasions at Lord's were errors.");
  annotations(plain, "He won at Lord's.");
  assert.notDeepEqual(annotations(plain, "Those occasions at Lord's were errors."), before, "wink-nlp itself still reads by what it read before");
  const ours = wink();
  annotations(ours, "He won at Lord's.");
  assert.deepEqual(annotations(ours, "Those occasions at Lord's were errors."), before);

  // Whole corpora, in one order and in the other: the same annotations for every sentence.
  const texts = [...sentences, ...prototypeNames];
  const forwards = texts.map((s) => annotations(ours, s));
  const backwards = [...texts].reverse().map((s) => annotations(ours, s)).reverse();
  for (let i = 0; i < texts.length; i++) assert.deepEqual(backwards[i], forwards[i], texts[i]);

  // A reader that makes a new instance every few texts (to bound the lexicon's memory) reads them the same.
  const renewed = freshReader(["pos"], 50);
  for (let i = 0; i < texts.length; i += 101) assert.deepEqual(annotations(renewed, texts[i]), forwards[i], texts[i]);
});
