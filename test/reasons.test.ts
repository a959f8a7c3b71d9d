/**
 * Reasons must be true: an unsupported claim's "does not mention …" names
 * only words that no passage shown with the finding has, compared by stem and
 * whatever the hyphens and spaces of a compound. Small corpora written for
 * this test, and claims made from their sentences with words swapped in from
 * other sentences, re-spaced compounds and words no article has.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import stem from "wink-porter2-stemmer";
import type { Corpus } from "../server/src/engine";
import { verifyClaim } from "../server/src/engine/verify/verify";
import { rng } from "../scripts/perturb";
import { memoryCorpus } from "./helpers/memoryCorpus";

const CORPORA: Corpus[] = [
  memoryCorpus(
    ["talks.txt", `The two sides agreed to a cease-fire in the northern valley on Tuesday. Negotiators from Arvel and Donmar met in a hotel near the border.

The cease fire was announced by the mediator, Ines Barroso, after nine hours of talks. Both delegations flew home on Wednesday evening.`, { date: "2023-03-08" }],
    ["grain.txt", `Farmers along the Selwyn river reported record harvests of barley. The cooperative sold most of the grain to brewers in the capital.

A drought in the south cut the wheat crop by a third. Prices of flour rose for the second month in a row.`, { date: "2023-09-01" }],
  ),
  memoryCorpus(
    ["museum.txt", `The Orlen Museum reopened its east wing after a two-year renovation. The wing houses a collection of bronze-age tools found near the lake.

Curator Tomas Reiner said the new lighting would protect the fragile textiles. Visitors will need timed tickets during the first month.`, { date: "2022-05-14" }],
    ["library.txt", `The city library extended its opening hours on weekends. A donation from a local bakery paid for the extra staff.

Children's reading groups now meet on Saturday mornings in the old reading-room.`, { date: "2022-06-20" }],
  ),
  memoryCorpus(
    ["rail.txt", `The regional railway ordered fourteen electric trains from a builder in Kessel. The first trains are due to run on the coastal line next spring.

Engineers tested a battery-powered locomotive on the mountain route in March. The railway said the tests showed a range of 80 kilometres.`, { date: "2024-01-09" }],
    ["ferry.txt", `The island ferry will stop its night crossings in winter. Fewer than thirty passengers a night used the late boat last year.

The ferry company plans to replace its oldest ship with a hybrid vessel.`, { date: "2024-02-11" }],
  ),
];

/** Words not in any article above. */
const NOVEL = ["Geneva", "submarine", "orchestra", "Lisbon", "vaccine", "glacier", "parliament", "tournament", "senator", "volcano"];
/** Compounds written another way than the articles write them. */
const RESPACED: Array<[string, string]> = [["cease-fire", "ceasefire"], ["cease fire", "ceasefire"], ["bronze-age", "bronze age"], ["reading-room", "reading room"], ["battery-powered", "battery powered"]];


function sentencesOf(corpus: Corpus): string[] {
  return corpus.articles.flatMap((a) => a.passages.map((p) => a.text.slice(p.span.start, p.span.end)));
}

/** A claim made from one of the corpus's sentences: compounds re-spaced, and two words replaced by words of other sentences or novel ones. */
function claimFrom(sentences: string[], next: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  let text = pick(sentences);
  for (const [from, to] of RESPACED) text = text.replace(from, to);
  const words = text.replace(/[.]$/, "").split(" ");
  for (let k = 0; k < 2; k++) {
    const at = 1 + Math.floor(next() * (words.length - 1));
    words[at] = next() < 0.5 ? pick(NOVEL) : pick(pick(sentences).replace(/[.,]/g, "").split(" "));
  }
  return `${words.join(" ")}.`;
}

/** A text's words as the test compares them: lower case, split at anything not a letter or digit. */
const wordsOf = (text: string) => text.toLowerCase().replace(/['\u2019]s\b/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Whether a passage has the phrase: its words in a row by stem, or written together as one to three words run together. */
function passageHas(passage: string, phrase: string): boolean {
  const words = wordsOf(passage);
  const wanted = wordsOf(phrase);
  const joined = wanted.join("");
  for (let i = 0; i < words.length; i++) {
    if (wanted.every((w, k) => words[i + k] !== undefined && stem(words[i + k]) === stem(w))) return true;
    for (let n = 1; n <= 3 && i + n <= words.length; n++) if (stem(words.slice(i, i + n).join("")) === stem(joined)) return true;
  }
  return false;
}

/** The phrases a reason says the closest passage does not mention. */
function unmentioned(reason: string): string[] {
  const m = /does not mention (.*)$/.exec(reason);
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((q) => q[1]) : [];
}

function shownPassages(corpus: Corpus, claim: string): { reason: string; passages: string[] } {
  const v = verifyClaim(claim, corpus);
  return { reason: v.reason, passages: v.evidence.map((e) => corpus.articles[e.window.article].text.slice(e.window.span.start, e.window.span.end)) };
}

test("a reason's 'does not mention' names only words that no shown passage has", () => {
  let named = 0;
  for (const [c, corpus] of CORPORA.entries()) {
    const sentences = sentencesOf(corpus);
    const next = rng(24 + c);
    for (let n = 0; n < 25; n++) {
      const claim = claimFrom(sentences, next);
      const { reason, passages } = shownPassages(corpus, claim);
      for (const phrase of unmentioned(reason)) {
        named++;
        for (const passage of passages) {
          assert.ok(!passageHas(passage, phrase), `"${claim}": the reason names "${phrase}", which the shown passage has: ${passage}\n(${reason})`);
        }
      }
    }
  }
  // The property holds of reasons that name words, so enough of them must do.
  assert.ok(named >= 20, `only ${named} words named`);
});

test("a compound the passage writes otherwise is not named; a word it lacks still is", () => {
  const corpus = CORPORA[0];
  for (const claim of [
    "Ines Barroso announced the ceasefire after twelve hours of negotiations in Geneva.",
    "The ceasefire in the northern valley was signed by the generals of Arvel in Geneva.",
  ]) {
    const { reason } = shownPassages(corpus, claim);
    const named = unmentioned(reason);
    assert.ok(named.includes("Geneva"), reason);
    assert.ok(!named.some((p) => /cease/i.test(p)), reason);
  }
});

test("a word in the second passage shown is not named", () => {
  const corpus = CORPORA[0];
  const { reason, passages } = shownPassages(corpus, "The mediator announced a cease-fire after talks about grain exports.");
  assert.ok(passages.some((p) => /\bgrain\b/.test(p)), `a passage shown has "grain": ${passages.join(" | ")}`);
  assert.ok(!unmentioned(reason).includes("grain"), reason);
});
