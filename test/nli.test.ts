/**
 * The reading model's runtime (`server/src/node/nli/`): the tokenizer gives
 * Python's word-piece ids on awkward text, the model gives Python's
 * onnxruntime's logits on the parity pairs, bad input gets a score (cut when
 * it is longer than the window, and said so), a pair's answer does not depend
 * on what is scored around it, and the verifier runs through a real check
 * session. Fixtures: `test/fixtures/nli/tokens.json` (the tokenizer's, which
 * are the base model's) and `parity.json` (written with the model by
 * `training/export.py`; it names the model's SHA-256).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CheckSession, decisionFor, entailmentVerifier, lexicalDecision, READING_MODEL, readingDecision, type EntailmentDecision, type EntailmentScorer } from "../server/src/engine";
import { EntailmentCache } from "../server/src/node/nli/cache";
import { readManifest } from "../server/src/node/nli/manifest";
import { loadNliModel, softmax } from "../server/src/node/nli/model";
import { cachedScorer } from "../server/src/node/nli/reading";
import { PairTokenizer } from "../server/src/node/nli/tokenizer";
import { memoryCorpus } from "./helpers/memoryCorpus";
import { HOW_TO_MAKE, MODEL_DIR, requireModel } from "./helpers/nliModel";

interface TokenCase {
  premise: string;
  hypothesis: string;
  input_ids: number[];
  token_type_ids: number[];
}

/** A fixture of test/fixtures/nli/; parity.json is written with the model, and is missing where the model is. */
function fixture<T>(name: string): T {
  const file = join("test/fixtures/nli", name);
  assert.ok(existsSync(file), `${file} is missing: it is written with the model.\n${HOW_TO_MAKE}`);
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** The tokenizer alone, from the committed tokenizer files (they are the base model's, whatever the weights). */
function tokenizer(maxLength: number): PairTokenizer {
  const read = (f: string) => JSON.parse(readFileSync(join(MODEL_DIR, f), "utf8")) as object;
  return new PairTokenizer(read("tokenizer.json"), read("tokenizer_config.json"), maxLength);
}

test("the tokenizer gives Python's word-piece ids: accents, curly quotes, CJK, emoji, Cyrillic, zero-width spaces, a 3,000-word premise cut, an empty premise, real pairs", () => {
  const { max_len, cases } = fixture<{ max_len: number; cases: TokenCase[] }>("tokens.json");
  const t = tokenizer(max_len);
  assert.ok(cases.length >= 30, "the fixture holds the awkward cases and the real pairs");
  for (const c of cases) {
    const e = t.encode(c.premise, c.hypothesis);
    assert.deepEqual(e.ids, c.input_ids, `ids of ${JSON.stringify(c.premise.slice(0, 60))}`);
    assert.deepEqual(e.typeIds, c.token_type_ids, `segment ids of ${JSON.stringify(c.premise.slice(0, 60))}`);
    assert.equal(e.cut, c.input_ids.length === max_len && t.pieces(c.premise).length + t.pieces(c.hypothesis).length + 3 > max_len);
  }
  const long = cases.find((c) => c.premise.startsWith("word word"))!;
  assert.equal(t.encode(long.premise, long.hypothesis).ids.length, max_len);
  assert.equal(t.encode(long.premise, long.hypothesis).cut, true, "a premise longer than the window is cut, and says so");
});

test("a hypothesis longer than the window is cut too, keeping some of the premise, and says so", () => {
  const t = tokenizer(64);
  const e = t.encode("The council met on Tuesday.", "The council voted to close the library. ".repeat(40));
  assert.equal(e.ids.length, 64);
  assert.equal(e.cut, true);
  assert.ok(e.typeIds.filter((x) => x === 0).length >= 2 + t.pieces("The council met on Tuesday.").length, "the premise is kept whole when short");
});

test("the model is part of the build: models/nli/ holds the model, its manifest and its tokenizer, and the file is the one nli.json names", async () => {
  const model = await requireModel();
  const manifest = readManifest(MODEL_DIR);
  assert.ok(!("problem" in manifest), HOW_TO_MAKE);
  assert.equal(model.sha256, manifest.sha256);
  assert.match(model.name, /^nli-[0-9a-f]{8}$/);
});

test("the model's logits are Python onnxruntime's on the parity pairs (one pair a run)", async () => {
  const model = await requireModel();
  const parity = fixture<{ model_sha256: string; labels: string[]; pairs: Array<TokenCase & { logits_int8: number[] }> }>("parity.json");
  assert.equal(parity.model_sha256, model.sha256, `test/fixtures/nli/parity.json was written for another model: write it again with the model.\n${HOW_TO_MAKE}`);
  for (const p of parity.pairs) {
    const e = model.tokenizer.encode(p.premise, p.hypothesis);
    assert.deepEqual(e.ids, p.input_ids);
    const logits = [...(await model.logits(e.ids, e.typeIds))];
    for (let i = 0; i < logits.length; i++) assert.ok(Math.abs(logits[i] - p.logits_int8[i]) <= 1e-4, `${p.hypothesis}: ${logits} against Python's ${p.logits_int8}`);
    const s = await model.score(p.premise, p.hypothesis);
    const probabilities = softmax(p.logits_int8);
    const at = (label: string) => probabilities[parity.labels.indexOf(label)];
    assert.ok(Math.abs(s.entail - at("entail")) < 1e-5 && Math.abs(s.contradict - at("contradict")) < 1e-5 && Math.abs(s.neither - at("neither")) < 1e-5, `${p.hypothesis}: probabilities in nli.json's label order`);
  }
});

test("bad input gets a score: a 3,000-word sentence (cut, and said so), other scripts, emoji, zero-width spaces, an empty premise", async () => {
  const model = await requireModel();
  const claim = "The minister said the tax would rise to 45% from April.";
  const pairs: Array<[string, string, boolean]> = [
    ["The minister said ".concat("the tax would rise again and ".repeat(430), "then it would not."), claim, true],
    ["Министр сказал, что налог вырастет до 45% с апреля.", claim, false],
    ["財務大臣は4月から税率を45%に引き上げると述べた。", claim, false],
    ["The minister 😀 said the tax 🚀 would rise to 45%\u200b from April.", claim, false],
    ["", claim, false],
    ["The tax will rise.", "The council voted to close two libraries. ".repeat(45), true],
  ];
  for (const [premise, hypothesis, cut] of pairs) {
    const s = await model.score(premise, hypothesis);
    const sum = s.entail + s.contradict + s.neither;
    assert.ok([s.entail, s.contradict, s.neither].every((x) => Number.isFinite(x) && x >= 0 && x <= 1) && Math.abs(sum - 1) < 1e-9, JSON.stringify(s));
    assert.equal(s.cut, cut, `cut for ${JSON.stringify(premise.slice(0, 40))}`);
  }
});

test("a pair's answer is the same alone and among others, in any order (one pair a run: no batch-mates)", async () => {
  const model = await requireModel();
  const parity = fixture<{ pairs: TokenCase[] }>("parity.json").pairs;
  const alone = await Promise.all(parity.map(async (p) => model.score(p.premise, p.hypothesis)));
  const cache = new EntailmentCache(model.sha256);
  const reversed = await cachedScorer(model, cache).score([...parity].reverse().map((p) => ({ premise: p.premise, hypothesis: p.hypothesis })));
  assert.deepEqual([...reversed].reverse(), alone);
});

test("a pair's logits are the same on one thread and on two (a verdict does not depend on the machine's cores)", async () => {
  const parity = fixture<{ pairs: TokenCase[] }>("parity.json").pairs;
  const [one, two] = await Promise.all([1, 2].map((threads) => loadNliModel(MODEL_DIR, threads)));
  assert.ok(!("problem" in one) && !("problem" in two), HOW_TO_MAKE);
  for (const p of parity) {
    assert.deepEqual(await two.logits(p.input_ids, p.token_type_ids), await one.logits(p.input_ids, p.token_type_ids), p.hypothesis);
  }
  await Promise.all([one.release(), two.release()]);
});

const corpus = () =>
  memoryCorpus(
    ["harbour.txt", "The Valmora harbour authority bought eleven cranes in 1997, its director said on Monday.\n\nThe cranes cost 4.2 million euros.\n"],
    ["rail.txt", "A new rail line opened between Ostrava and Brno in May 2020.\n\nIt carries 12,000 passengers a day.\n"],
  );

const draft = {
  path: "draft.md",
  text: "The Valmora harbour authority bought twelve cranes in 1997. The cranes cost 4.2 million euros.\n\nA new rail line opened between Ostrava and Brno in May 2020.\n\nThe mayor resigned in 2003.\n",
};

test("the verifier reads through a real check session: each claim's windows scored once; with the lexical decision, the lexical findings, with the model's readings", async () => {
  const model = await requireModel();
  const c = corpus();
  const readings: number[] = [];
  const decision: EntailmentDecision = (j, r, k, m) => {
    readings.push(r.length);
    for (const { score } of r) assert.ok(Math.abs(score.entail + score.contradict + score.neither - 1) < 1e-9);
    return lexicalDecision(j, r, k, m);
  };
  const cache = new EntailmentCache(model.sha256);
  const runs = model.runs;
  const reading = new CheckSession(c, { verifier: entailmentVerifier(cachedScorer(model, cache), decision) });
  const checked = await reading.check(draft, { checkHeadings: false });
  const lexical = new CheckSession(c).checkNow(draft, { checkHeadings: false });
  assert.deepEqual(checked!.findings.map(({ reading, ...f }) => f), lexical!.findings);
  assert.ok(checked!.findings.some((f) => f.reading), "findings carry the model's reading");
  for (const f of checked!.findings) if (f.reading) assert.ok(f.reading.entail + f.reading.contradict + f.reading.neither > 0.98, f.text);
  assert.ok(readings.some((n) => n > 0), "some claim was read against its windows");
  assert.equal(model.runs - runs, cache.size, "each distinct pair run once");
  // The same check again, in a new session over the same cache: no model run.
  const again = model.runs;
  await new CheckSession(c, { verifier: entailmentVerifier(cachedScorer(model, cache)) }).check(draft, { checkHeadings: false });
  assert.equal(model.runs, again);
});

test("the model reads only claims whose verdict its reading can change: a name no source gives is unsupported unread; a changed figure and a supported claim are read", async () => {
  const read: string[] = [];
  // A scorer that reads everything as entailed: an unread claim's verdict cannot have come from it.
  const scorer: EntailmentScorer = {
    name: "fake",
    async score(pairs) {
      for (const p of pairs) read.push(p.hypothesis);
      return pairs.map(() => ({ entail: 0.98, contradict: 0.01, neither: 0.01, cut: false }));
    },
  };
  const unread = "The Valmora harbour authority bought eleven cranes from Siemens in 1997.";
  const text = `${unread} The Valmora harbour authority bought twelve cranes in 1997.\n\nThe cranes cost 4.2 million euros.\n\nA new rail line opened between Ostrava and Brno in May 2020.\n`;
  const checked = await new CheckSession(corpus(), { verifier: entailmentVerifier(scorer, readingDecision(READING_MODEL)) }).check({ path: "draft.md", text }, { checkHeadings: false });
  const finding = (claim: string) => checked!.findings.find((f) => f.text === claim)!;
  assert.equal(finding(unread).verdict, "unsupported");
  assert.match(finding(unread).reason, /Siemens/, "the reason names what no source gives");
  assert.equal(finding(unread).reading, undefined, "no reading for a claim the model did not read");
  assert.ok(!read.includes(unread), "the model read a claim that names someone no source names");
  for (const claim of ["The Valmora harbour authority bought twelve cranes in 1997.", "The cranes cost 4.2 million euros.", "A new rail line opened between Ostrava and Brno in May 2020."]) {
    assert.ok(read.includes(claim), `not read: ${claim}`);
    assert.ok(finding(claim).reading, claim);
  }
  assert.notEqual(finding("The Valmora harbour authority bought twelve cranes in 1997.").verdict, "supported", "a changed figure is not supported, whatever the model says");
});

test("the real model reads plain cases right: a compression entails, an added fact is neither, a reversed event contradicts (test/fixtures/nli/pairs.jsonl)", async () => {
  const model = await requireModel();
  const pairs = readFileSync("test/fixtures/nli/pairs.jsonl", "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { premise: string; hypothesis: string; label: "entail" | "contradict" | "neither" });
  assert.ok(pairs.length >= 5);
  for (const p of pairs) {
    const s = await model.score(p.premise, p.hypothesis);
    const got = (["entail", "contradict", "neither"] as const).reduce((a, b) => (s[a] >= s[b] ? a : b));
    assert.equal(got, p.label, `${p.hypothesis} (entail ${s.entail.toFixed(3)}, contradict ${s.contradict.toFixed(3)}, neither ${s.neither.toFixed(3)})`);
  }
});

test("the shipped verdict model reads with the committed entailment model: its answers are the ones its weights were fitted on", async () => {
  const model = await requireModel();
  assert.equal(READING_MODEL.reads, model.sha256, "model.reading.json was fitted with another model's answers: npm run fit -- --write");
  assert.ok(decisionFor(model.sha256), "the reading decision is given for the committed model");
  assert.equal(decisionFor("0".repeat(64)), undefined, "and for no other");
});
