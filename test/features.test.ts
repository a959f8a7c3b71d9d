/**
 * The verdict model's features (server/src/engine/verify/features.ts), each on
 * its own: a source, a claim, and what named features must be for them. The
 * cases are ordinary sentences from other domains than the sample corpus.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCorpus, type Corpus } from "../server/src/engine";
import { parseArticle } from "../server/src/engine/corpus/ingest";
import { FEATURES, FEATURE_NAMES, featureValues } from "../server/src/engine/verify/features";
import { DEFAULT_MODEL } from "../server/src/engine/verify/model";
import { featureInput, judgeClaim, type ClaimContext } from "../server/src/engine/verify/verify";

const SOURCE = [
  "Title: Harbour authority approves new ferry terminal",
  "Date: 2021-03-04",
  "",
  "The Halden Harbour Authority approved a 42 million euro ferry terminal on Tuesday.",
  "Chair Ingrid Solberg said construction would begin in May and take two years.",
  "The terminal will handle 1.7 million passengers a year, the authority said.",
  "Local fishermen did not oppose the plan.",
].join("\n");

const OTHER = [
  "Title: Drought forces water rationing in Valdoria",
  "Date: 2021-07-10",
  "",
  "Officials in Valdoria imposed water rationing after the driest spring in 80 years.",
  "Mayor Tomas Ruiz asked residents to cut use by a fifth.",
].join("\n");

const corpus: Corpus = buildCorpus([parseArticle("harbour.txt", SOURCE), parseArticle("drought.txt", OTHER)]);

/** Real places and an office, for the features of differing names (what WordNet knows of them). */
const NORDIC = [
  "Title: Nordic ministers meet",
  "Date: 2021-05-02",
  "",
  "The foreign minister of Finland met her counterpart from Denmark in Oslo on Monday.",
  "Afterwards Erna Solberg hosted a dinner for the delegations at the palace.",
].join("\n");
const nordic: Corpus = buildCorpus([parseArticle("nordic.txt", NORDIC)]);

/** An acronym that one article spells out and the other never writes, for names known under their learned forms. */
const FISHERIES = [
  parseArticle("founded.txt", ["Title: A commission for the Baltic", "Date: 1998-02-01", "", "The Baltic Fisheries Commission (BFC) was founded in Gdansk in 1998."].join("\n")),
  parseArticle("quota.txt", ["Title: Cod quota cut", "Date: 2021-11-30", "", "The Baltic Fisheries Commission cut the cod quota by a third on Monday."].join("\n")),
];
const fisheries: Corpus = buildCorpus(FISHERIES);

function features(claim: string, context?: ClaimContext, within: Corpus = corpus): Record<string, number> {
  return featureValues(featureInput(judgeClaim(claim, within, context), within));
}

interface Case {
  claim: string;
  /** The corpus: the harbour and drought articles unless it says `nordic` or `fisheries`. */
  corpus?: "nordic" | "fisheries";
  context?: string[];
  /** Features with exact values. */
  equal?: Record<string, number>;
  /** Features with a lower bound. */
  atLeast?: Record<string, number>;
  /** Features with an upper bound. */
  atMost?: Record<string, number>;
}

const CASES: Case[] = [
  {
    claim: "The Halden Harbour Authority approved a 42 million euro ferry terminal on Tuesday.",
    equal: { unigram_precision: 1, bigram_precision: 1, missing_names: 0, missing_figures: 0, novel_names: 0, novel_figures: 0, conflicts_in_best: 0, claim_hedged: 0, claim_negated: 0 },
    atLeast: { coverage: 0.99, lcs_ratio: 0.99 },
  },
  {
    // A figure the source gives otherwise: a conflict in the best window, and the number check's one-hot.
    claim: "The Halden Harbour Authority approved a 55 million euro ferry terminal on Tuesday.",
    equal: { against_number_mismatch: 1, against_is_best: 1, novel_names: 0 },
    atLeast: { conflicts_in_best: 1, against_rest: 0.8 },
    atMost: { bigram_precision: 0.95 },
  },
  {
    // A name the source does not have: novel content, what abstractive errors are made of.
    claim: "Chair Ingrid Solberg and Mayor Bjorn Dahl said construction would begin in May.",
    atLeast: { novel_names: 1, missing_names: 1 },
    atMost: { coverage_names: 0.99 },
  },
  {
    claim: "The terminal may handle 1.7 million passengers a year.",
    equal: { claim_hedged: 1, missing_figures: 0 },
  },
  {
    claim: "Ingrid Solberg said construction would begin in May.",
    equal: { claim_attributed: 1 },
  },
  {
    claim: "Local fishermen did not oppose the plan.",
    equal: { claim_negated: 1, conflicts_in_best: 0 },
  },
  {
    // Written with the figure in another format: still all of it said.
    claim: "The terminal will handle 1,700,000 passengers a year.",
    equal: { missing_figures: 0, novel_figures: 0 },
  },
  {
    claim: "The terminal will handle 1.7m passengers a year.",
    equal: { missing_figures: 0, novel_figures: 0 },
  },
  {
    // The source's figure in another format, and a share: "42 million euro" as "€42m"; "a fifth" is no figure.
    claim: "The Halden Harbour Authority approved a €42m ferry terminal on Tuesday.",
    equal: { missing_figures: 0, conflicts_in_best: 0 },
  },
  {
    // Nothing in the corpus says it: little coverage, the words novel.
    claim: "The Valdoria Opera House sold out its autumn season of Verdi.",
    atMost: { coverage: 0.6, unigram_precision: 0.6 },
    atLeast: { novel_words: 2 },
  },
  {
    // "She" is the chair named in the draft's sentence before: the context's names are in the evidence's article.
    claim: "She said construction would take two years.",
    context: ["Ingrid Solberg chairs the harbour authority."],
    equal: { context_in_article: 1 },
  },
  {
    // A context whose name no article of the evidence has: the reference is not resolved there.
    claim: "She said construction would take two years.",
    context: ["Tomas Ruiz spoke to reporters."],
    equal: { context_in_article: 0 },
  },  {
    // The sentence before names the commission by its acronym, which the evidence's article never writes: it is the same name.
    claim: "It cut the cod quota by a third on Monday.",
    corpus: "fisheries",
    context: ["The BFC met on Friday."],
    equal: { context_in_article: 1 },
  },

  {
    // Two countries: one can stand for the other in the sentence, a swap.
    claim: "The foreign minister of Finland met her counterpart from Sweden in Oslo on Monday.",
    corpus: "nordic",
    equal: { against_name_mismatch: 1, against_name_same_kind: 1, against_name_other_kind: 0, against_name_described: 0 },
  },
  {
    // A country where the source has a city: names of different kinds.
    claim: "The foreign minister of Finland met her counterpart from Denmark in Norway on Monday.",
    corpus: "nordic",
    equal: { against_name_mismatch: 1, against_name_same_kind: 0, against_name_other_kind: 1 },
  },
  {
    // An office for the person who holds it: a description in ordinary words, not another name.
    claim: "Afterwards the Prime Minister hosted a dinner for the delegations at the palace.",
    corpus: "nordic",
    equal: { against_name_mismatch: 1, against_name_described: 1 },
  },
  {
    // The same names: nothing differs.
    claim: "The foreign minister of Finland met her counterpart from Denmark in Oslo on Monday.",
    corpus: "nordic",
    equal: { against_name_mismatch: 0, against_name_same_kind: 0, against_name_other_kind: 0, against_name_described: 0 },
  },
];

for (const c of CASES) {
  test(`features of "${c.claim}"`, () => {
    const f = features(c.claim, c.context ? { previous: c.context } : undefined, c.corpus === "nordic" ? nordic : c.corpus === "fisheries" ? fisheries : corpus);
    for (const [name, value] of Object.entries(c.equal ?? {})) assert.equal(f[name], value, `${name} = ${f[name]}, expected ${value}`);
    for (const [name, value] of Object.entries(c.atLeast ?? {})) assert.ok(f[name] >= value, `${name} = ${f[name]}, expected ≥ ${value}`);
    for (const [name, value] of Object.entries(c.atMost ?? {})) assert.ok(f[name] <= value, `${name} = ${f[name]}, expected ≤ ${value}`);
  });
}

test("every feature has a unique name, a line of documentation, and the shipped model's order", () => {
  assert.equal(new Set(FEATURE_NAMES).size, FEATURE_NAMES.length);
  for (const [name, f] of Object.entries(FEATURES)) assert.ok(f.doc.length > 10 && /^[a-z0-9_]+$/.test(name), name);
  assert.deepEqual(DEFAULT_MODEL.features, [...FEATURE_NAMES], "model.json was fitted on other features: run `npm run fit -- --write`");
});

test("a feature vector is finite for claims with no evidence, no words and odd words", () => {
  for (const claim of ["Nothing here.", "Zzyzx qwv.", "The constructor said __proto__ was 0.", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15."]) {
    for (const [name, value] of Object.entries(features(claim))) assert.ok(Number.isFinite(value), `${claim}: ${name} = ${value}`);
  }
});
