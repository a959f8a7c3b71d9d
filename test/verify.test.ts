/**
 * The verifier on small corpora written for these tests, in domains unlike the
 * sample articles: each case names the verdict and the check that decides it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze } from "../server/src/engine/nlp/analyze";
import { verifyClaim } from "../server/src/engine/verify/verify";
import { memoryCorpus } from "./helpers/memoryCorpus";

const corpus = memoryCorpus(
  [
    "news/harbour.txt",
    `The Port Authority of Valmora approved a budget of 48 million euros on Tuesday. The Port Authority (PA) said the money would pay for two new cranes and a dredging programme.

Harbour master Elena Vasquez said the dredging would begin in March 2024. "We cannot keep turning away the largest ships," Vasquez said.

Container traffic fell by 12 percent last year, according to the authority. Dockworkers did not strike during the negotiations.`,
    { date: "2023-11-14" },
  ],
  [
    "news/clinic.txt",
    `A clinical trial of the drug Parvolin enrolled 320 patients at nine hospitals. Dr. Amir Khalidi, who led the trial, said the results were encouraging.

The regulator rejected the company's first application in 2021. Khalidi's team published the findings in a peer-reviewed journal.`,
    { date: "2023-06-02" },
  ],
  [
    "news/clinic-2.txt",
    `Researchers led by Amir Khalidy reported that the Parvolin trial enrolled 320 patients. The drug will be reviewed again next year.`,
    { date: "2023-06-05" },
  ],
);

const cases: Array<[claim: string, verdict: string, code: string, source?: string]> = [
  ["The Port Authority of Valmora approved a budget of 48 million euros.", "supported", "supported", "news/harbour.txt"],
  ["The PA approved a 48 million euro budget.", "supported", "supported", "news/harbour.txt"],
  ["The Port Authority of Valmora approved a budget of 58 million euros.", "contradicted", "number-mismatch", "news/harbour.txt"],
  ["The money will pay for three new cranes and a dredging programme.", "contradicted", "number-mismatch", "news/harbour.txt"],
  ["Harbour master Elena Vasquez said the dredging would begin in March 2025.", "contradicted", "date-mismatch", "news/harbour.txt"],
  ["Harbour master Elena Vasquez said the dredging would begin in May 2024.", "contradicted", "date-mismatch", "news/harbour.txt"],
  ["Container traffic rose by 12 percent last year.", "contradicted", "opposite", "news/harbour.txt"],
  ["Dockworkers went on strike during the negotiations.", "contradicted", "negation", "news/harbour.txt"],
  ["Dockworkers demanded higher pay from the Port Authority of Valmora.", "unsupported", "unsupported"],
  ["Dockworkers did strike during the negotiations.", "contradicted", "negation", "news/harbour.txt"],
  ['"We cannot keep turning away the largest ships," Vasquez said.', "supported", "supported", "news/harbour.txt"],
  ['"We cannot keep turning away the smallest ships," Vasquez said.', "contradicted", "quote-mismatch", "news/harbour.txt"],
  ['"We cannot keep turning away the largest ships," Khalidi said.', "contradicted", "speaker-mismatch", "news/harbour.txt"],
  // An ellipsis marks words left out; words left out without one, or changed beside one, are a misquotation.
  ['"We cannot keep turning away ... ships," Vasquez said.', "supported", "supported", "news/harbour.txt"],
  ['"We cannot keep […] the largest ships," Vasquez said.', "supported", "supported", "news/harbour.txt"],
  ['"We cannot keep turning away … the smallest ships," Vasquez said.', "contradicted", "quote-mismatch", "news/harbour.txt"],
  ['"We cannot keep turning the largest ships," Vasquez said.', "contradicted", "quote-mismatch", "news/harbour.txt"],
  ['"We cannot keep turning away … ships," Khalidi said.', "contradicted", "speaker-mismatch", "news/harbour.txt"],
  ["A trial of Parvolin enrolled 320 patients at nine hospitals.", "supported", "supported", "news/clinic.txt"],
  ["A trial of Parvolin enrolled 320 patients at seven hospitals.", "contradicted", "number-mismatch", "news/clinic.txt"],
  ["The regulator accepted the company's first application in 2021.", "contradicted", "opposite", "news/clinic.txt"],
  ["The trial of Parvolin was funded by a government grant.", "unsupported", "unsupported"],
  ["The Port Authority of Valmora plans to build a new passenger terminal.", "unsupported", "unsupported"],
];

for (const [claim, verdict, code, source] of cases) {
  test(`${verdict} (${code}): ${claim}`, () => {
    const v = verifyClaim(claim, corpus);
    assert.equal(v.verdict, verdict, v.reason);
    assert.equal(v.code, code, v.reason);
    if (source) assert.equal(corpus.articles[v.evidence[0].window.article].id, source);
  });
}

/**
 * Paraphrases the learned model does not yet take for support (issue #13's
 * known misses): a relative date restated as the date itself, and a passive
 * turned active. They must fail safe: unsupported, never contradicted. When a
 * change makes one of them supported, move it to `cases`.
 */
const KNOWN_MISSES = ["The budget was approved on November 14, 2023.", "Amir Khalidy led the trial of Parvolin."];

for (const claim of KNOWN_MISSES) {
  test(`a known miss fails safe (unsupported): ${claim}`, () => {
    const v = verifyClaim(claim, corpus);
    assert.equal(v.verdict, "unsupported", `${v.verdict}: ${v.reason} — if it is now supported, move it to the cases above`);
  });
}

test("aliases are learned from the corpus: acronym and spelling variant", () => {
  assert.equal(corpus.aliases.acronyms.get("PA"), "port authority");
  assert.ok(corpus.aliases.variants.get("khalidy") === "khalidi" || corpus.aliases.variants.get("khalidi") === "khalidy");
});

test("an English word is a name only where it is written as one, whatever names the corpus has", () => {
  // A corpus that writes "More" and "Man" as names (an actor, an island) and learned them as spelling variants.
  const learned = new Set(["more", "man", "going"]);
  const aliases = { word: (lower: string) => (learned.has(lower) ? `~${lower}` : undefined), phrase: () => undefined, isName: (lower: string) => learned.has(lower) };
  const kinds = (text: string) => Object.fromEntries(analyze(text, aliases).units.map((u) => [text.slice(u.start, u.end), u.kind]));
  const opening = kinds("More than 300 people came and more followed.");
  assert.deepEqual([opening.More, opening.more], ["word", "word"]);
  assert.equal(kinds("Going home, the man waved.").man, "word");
  assert.equal(kinds("Going home, the man waved.").Going, "word");
  // Written as a name, it is one: capitalised in mid-sentence, or in capitals.
  assert.equal(kinds("The actor Kenneth More waved.")["Kenneth More"], "name");
  assert.equal(kinds("They sailed to the Isle of MAN.").MAN, "name");
});

test("a name's particle is part of the name: \"Louis van Gaal\" is the source's \"Van Gaal\", a van is a van", () => {
  const names = (text: string) => analyze(text).units.filter((u) => u.kind === "name").map((u) => text.slice(u.start, u.end));
  assert.deepEqual(names("The manager Louis van Gaal said it was too early."), ["Louis van Gaal"]);
  assert.ok(analyze("The manager Louis van Gaal said it.").units.some((u) => u.parts?.includes("van")), "the particle is one of the name's parts");
  assert.deepEqual(names("The general Charles de Gaulle left Paris."), ["Charles de Gaulle", "Paris"]);
  assert.deepEqual(names("He drove a van to Moscow."), ["Moscow"]);
  const football = memoryCorpus([
    "sport/united.txt",
    "Wayne Rooney was replaced by Robin van Persie late in the game. Van Gaal confirmed that Rooney had sustained a knee injury.",
    { date: "2015-04-26" },
  ]);
  const v = verifyClaim("The manager Louis van Gaal confirmed that Rooney had sustained a knee injury.", football);
  assert.notEqual(v.code, "name-mismatch", v.reason);
});

test("a share is read as a share: \"nine in ten\" is 90 %, and is never the figure a sum of money replaces", () => {
  const figures = (text: string) => analyze(text).units.filter((u) => u.kind === "number").map((u) => [u.value, !!u.percent]);
  assert.deepEqual(figures("Nine in ten households gain."), [[90, true]]);
  assert.deepEqual(figures("One out of five voters stayed home."), [[20, true]]);
  assert.deepEqual(figures("He scored three in 2012."), [[3, false], [2012, false]]);
  const budget = memoryCorpus([
    "news/budget.txt",
    "Nine in ten working households are given a boost of £200 a year. Analysis shows the changes will benefit them by £17 a month.",
    { date: "2015-04-01" },
  ]);
  assert.equal(verifyClaim("90% of working households are given a boost of £200 a year.", budget).verdict, "supported");
  // A count where the source has a share is something the source does not say, not another figure for it.
  const count = verifyClaim("Nine working households are given a boost of £200 a year.", budget);
  assert.notEqual(count.code, "number-mismatch", count.reason);
  assert.equal(verifyClaim("Eight in ten working households are given a boost of £200 a year.", budget).code, "number-mismatch");
});

test("a warning about an act neither asserts nor negates it; a negation stands only in the claim word's place", () => {
  const police = memoryCorpus([
    "news/police.txt",
    "Police tweeted a warning that members of the public should not waste police time. He touched the tip of the famous tower, and it didn't stop there.",
    { date: "2015-07-01" },
  ]);
  const warning = verifyClaim("Police tweeted a warning about wasting police time.", police);
  assert.notEqual(warning.code, "negation", warning.reason);
  const tip = verifyClaim("He touched the tip of the spire.", police);
  assert.notEqual(tip.code, "negation", tip.reason);
  // The act itself, turned round, is still a negation.
  assert.equal(verifyClaim("Members of the public should waste police time.", police).code, "negation");
});

test("a name cut short, an acronym of a run that opens a sentence, and a name in another role are not other names", () => {
  const news = memoryCorpus([
    "news/bank.txt",
    "Royal Bank of Scotland has racked up £50billion in losses since it was bailed out. Cheryl Silvonek, 54, was found in the driveway of her home. It is a far cry from the image of prosperity its PR machine would like the world to believe. Former Davis High School teacher Brianne Altice faces up to 45 years in prison.",
    { date: "2015-02-27" },
  ]);
  for (const claim of [
    "RBS has racked up £50billion in losses since it was bailed out.",
    "Cheryl Silv onek, 54, was found in the driveway of her home.",
    "It is a far cry from the image of prosperity ISIS would like the world to believe.",
    "Former Utah high school teacher Brianne Altice faces up to 45 years in prison.",
  ]) {
    const v = verifyClaim(claim, news);
    assert.notEqual(v.code, "name-mismatch", `${claim}: ${v.reason}`);
  }
  // The same role, another name: still a name-mismatch.
  assert.equal(verifyClaim("Former Davis High School teacher Brianne Smith faces up to 45 years in prison.", news).code, "name-mismatch");
});

test("a figure counts something: a neighbour's figure of another thing neither matches nor excuses it", () => {
  const council = memoryCorpus([
    "news/council.txt",
    "The city council approved a transit budget of 212 million dollars on Tuesday, cutting four bus routes. The vote was 7 to 4 after a six-hour debate.\n\nThe embarrassing remark left the mother-of-six mortified. Lizzi had reached a size 24 dress after living on a diet of burgers and pizzas.",
    { date: "2019-04-11" },
  ]);
  // "six-hour" in the next sentence is not the claim's six: the sentence's own four bus routes are.
  const routes = verifyClaim("The city council budget cuts six bus routes.", council);
  assert.equal(routes.verdict, "contradicted", routes.reason);
  assert.equal(routes.code, "number-mismatch", routes.reason);
  assert.match(routes.reason, /four, not six/);
  const diet = verifyClaim("The mother-of-six lived on a diet of burgers and pizzas.", council);
  assert.notEqual(diet.code, "number-mismatch", diet.reason);
});

test("a name inside a relative clause the claim does not have is not in the claim's name's place", () => {
  const classes = memoryCorpus([
    "news/classes.txt",
    "The director of the US company OneTaste, which has brought the sessions to the UK via affiliate company TurnON Britain, says the classes are surprisingly mixed.",
    { date: "2015-03-02" },
  ]);
  const v = verifyClaim("Director of OneTaste, Justine Dawson, says the classes are surprisingly mixed.", classes);
  assert.notEqual(v.code, "name-mismatch", v.reason);
});

test("a tally with both figures changed is one figure that differs, and its fix is the source's tally", () => {
  const council = memoryCorpus(["news/vote.txt", "The vote was 7 to 4 after a six-hour debate.", { date: "2019-04-11" }]);
  const v = verifyClaim("The vote was 8 to 3 after a six-hour debate.", council);
  assert.equal(v.verdict, "contradicted", v.reason);
  assert.match(v.reason, /the source says 7 to 4, not 8 to 3/);
});

test("an event that \"took place\" where the source reports it is supported: the verb says only that it happened", () => {
  const summit = memoryCorpus([
    "news/summit.txt",
    "At a summit of the Nordic Fisheries Council in Tromsø, the ministers agreed that quotas would be cut. The council's budget was approved later.",
    { date: "2021-06-04" },
  ]);
  const v = verifyClaim("The Nordic Fisheries Council summit took place in Tromsø.", summit);
  assert.equal(v.verdict, "supported", v.reason);
  // It did not take place if the source says it was cancelled.
  const cancelled = memoryCorpus(["news/off.txt", "The summit of the Nordic Fisheries Council in Tromsø was cancelled.", { date: "2021-06-04" }]);
  assert.notEqual(verifyClaim("The Nordic Fisheries Council summit took place in Tromsø.", cancelled).verdict, "supported");
});

test("a paragraph break opens a sentence: the capitalised English word after it is a word, not a name", () => {
  const text = "The club was sold.\n\nPolice said it was a fraud.";
  const police = analyze(text).units.find((u) => text.slice(u.start, u.end) === "Police");
  assert.equal(police?.kind, "word");
});

test("words in square brackets in a quotation are the writer's own: not a misquotation, though still a claim to support", () => {
  const v = verifyClaim('"We cannot keep turning away [Valmora\'s] largest ships," Vasquez said.', corpus);
  assert.notEqual(v.code, "quote-mismatch", v.reason);
  assert.notEqual(v.verdict, "contradicted", v.reason);
});

test("a sentence in another script is checked, not dropped: supported where a source says it, unsupported where none does", async () => {
  const { checkDocument } = await import("../server/src/engine");
  const sources = memoryCorpus(
    ["ru.txt", "Путин сказал, что силы ОДКБ вырастут до 3500 солдат. Саммит прошёл в Москве.\n"],
    ["zh.txt", "普京说集体安全条约组织的部队将增加到3500名士兵。\n"],
  );
  const draft = "Путин сказал, что силы ОДКБ вырастут до 3500 солдат.\n\n普京说集体安全条约组织的部队将增加到3500名士兵。\n\nΟ Πούτιν είπε ότι η δύναμη θα αυξηθεί.\n";
  const found = checkDocument({ path: "d.md", text: draft }, sources).findings.map((f) => [f.text, f.verdict]);
  assert.deepEqual(found, [
    ["Путин сказал, что силы ОДКБ вырастут до 3500 солдат.", "supported"],
    ["普京说集体安全条约组织的部队将增加到3500名士兵。", "supported"],
    ["Ο Πούτιν είπε ότι η δύναμη θα αυξηθεί.", "unsupported"],
  ]);
});

test("a sentence in another script needs its words in a source, not only its figure; unsupported, it says when no passage found for it is in its script", async () => {
  const { checkDocument } = await import("../server/src/engine");
  const sources = memoryCorpus(
    ["ru.txt", "Путин сказал, что силы ОДКБ вырастут до 3500 солдат. Саммит прошёл в Москве.\n"],
    ["en.txt", "Putin said the CSTO force would grow to 3,500 troops. The summit was held in Moscow.\n"],
  );
  const draft = "Путин сказал, что силы ОДКБ вырастут до 5000 солдат.\n\nΟ Πούτιν είπε ότι η δύναμη θα αυξηθεί.\n\n普京说部队将增加到3500名士兵。\n\nThe summit was held in Minsk.\n";
  const found = checkDocument({ path: "d.md", text: draft }, sources).findings.map((f) => [f.text, f.verdict, /written in (\w+) script/.exec(f.reason)?.[1] ?? null]);
  assert.deepEqual(found, [
    // Its words are words (not only its figure), so the Russian source is found, and it disagrees on the figure.
    ["Путин сказал, что силы ОДКБ вырастут до 5000 солдат.", "contradicted", null],
    // Only its figure is in a source, an English one: not supported by it.
    ["Ο Πούτιν είπε ότι η δύναμη θα αυξηθεί.", "unsupported", "Greek"],
    ["普京说部队将增加到3500名士兵。", "unsupported", "Han"],
    ["The summit was held in Minsk.", "contradicted", null],
  ]);
});

test("a figure the source gives for another subject is no contradiction: who does what is part of the one thing changed", () => {
  const rail = memoryCorpus([
    "news/rail.txt",
    "The Northern Rail Alliance, whose members include Ostrava and Brno, operates a 240-train fleet with a timetable resembling that of Eurostar. Britain has offered to send a company of 120 engineers to Slovakia. A 60-bed clinic was opened by the Red Cross in May.",
    { date: "2021-05-20" },
  ], [
    "news/turbines.txt",
    "The deal will allow Lumina to build two new plants in the north. Corvia has also offered to supply 900 turbines a year to Lumina.",
    { date: "2021-06-02" },
  ]);
  // The claim's subject is named in the source after the verb, in another role: the figure is not its own.
  // Named first in another sentence, it is still named after the verb in the verb's own ("… a year to Lumina").
  for (const claim of ["Eurostar operates a 300-train fleet.", "Slovakia has offered to send a company of 150 engineers.", "Lumina has also offered to supply 1,200 turbines a year."]) {
    const v = verifyClaim(claim, rail);
    assert.notEqual(v.verdict, "contradicted", `${claim}: ${v.reason}`);
    assert.notEqual(v.code, "number-mismatch", `${claim}: ${v.reason}`);
  }
  // The source's own subject, the active voice for its passive ("was opened by the Red Cross"): contradicted.
  for (const claim of ["The Northern Rail Alliance operates a 300-train fleet.", "Britain has offered to send a company of 150 engineers.", "The Red Cross opened a 90-bed clinic in May.", "Corvia has also offered to supply 1,200 turbines a year."]) {
    const v = verifyClaim(claim, rail);
    assert.equal(v.verdict, "contradicted", `${claim}: ${v.reason}`);
    assert.equal(v.code, "number-mismatch", `${claim}: ${v.reason}`);
  }
});

test("a count between 1,000 and 2,199 written with a separator is a count, not a year: changed, it is a number-mismatch", () => {
  const plant = memoryCorpus(["news/plant.txt", "The Kestrel plant employed 1,800 workers in 2019, the company said.", { date: "2020-01-15" }]);
  const count = verifyClaim("The Kestrel plant employed 1,200 workers in 2019.", plant);
  assert.equal(count.verdict, "contradicted", count.reason);
  assert.equal(count.code, "number-mismatch", count.reason);
  assert.match(count.reason, /the source says 1,800, not 1,200/);
  // A year written as one is still a date.
  const year = verifyClaim("The Kestrel plant employed 1,800 workers in 2018.", plant);
  assert.equal(year.code, "date-mismatch", year.reason);
});

test("a copied sentence with one noun or verb changed is not supported, and the reason names the source's word; a synonym or a related word in its place still is", () => {
  const budget = memoryCorpus([
    "news/budget.txt",
    "The Treasury plans to spend £5.5bn on new hospitals over the next five years, the chancellor said on Wednesday. Kestrel United won a narrow victory against Corvia on Saturday.",
    { date: "2021-03-03" },
  ]);
  for (const [claim, said, written] of [
    ["The Treasury plans to spend £5.5bn on new schools.", "hospitals", "schools"],
    ["The Treasury plans to cut £5.5bn from hospitals.", "spend", "cut"],
  ]) {
    const v = verifyClaim(claim, budget);
    assert.equal(v.verdict, "unsupported", `${claim}: ${v.reason}`);
    assert.match(v.reason, new RegExp(`says "${said}" where the claim says "${written}"`), claim);
  }
  // The source's own words, a synonym ("infirmaries"), and a word WordNet relates ("win" for "victory") in the place.
  for (const claim of ["The Treasury plans to spend £5.5bn on new hospitals.", "The Treasury plans to spend £5.5bn on new infirmaries.", "Kestrel United won a narrow victory against Corvia.", "Kestrel United won a narrow win against Corvia."]) {
    const v = verifyClaim(claim, budget);
    assert.equal(v.verdict, "supported", `${claim}: ${v.reason}`);
  }
});
