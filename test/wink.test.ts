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
import { wink } from "../server/src/engine/nlp/wink";
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

function annotations(nlp: ReturnType<typeof winkNLP>, text: string): unknown {
  const tokens = nlp.readDoc(text).tokens();
  // wink-nlp's typings reject its own lemma helper in `out`; it works at run time.
  return [tokens.out(nlp.its.value), tokens.out(nlp.its.type), tokens.out(nlp.its.pos), tokens.out(nlp.its.lemma as never)];
}

test("the part-of-speech pipe tags every sentence as the full pipe does", () => {
  assert.ok(sentences.length > 1000, `${sentences.length} sentences`);
  const full = winkNLP(model);
  const ours = wink();
  for (const s of sentences) assert.deepEqual(annotations(ours, s), annotations(full, s), s);
});
