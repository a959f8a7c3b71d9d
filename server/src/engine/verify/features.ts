/**
 * What the learned verdict model sees: for a claim and the window of source
 * text that best supports it (and the one that best contradicts it), a vector
 * of named numbers. Each feature is one small function with a line saying what
 * it measures, so it can be read, tested and ablated on its own. `FEATURES` is a
 * record by name, so `FeatureName` is a union type: a rule that reads a feature
 * (`model.ts`) names it as the compiler checks, and model.json's names are
 * checked against it when a decision first uses the model. Its order is the
 * order the model's weights follow.
 *
 * The features are about the claim's relation to its evidence, never about a
 * corpus: coverage of the claim's names, figures, dates and words; what the
 * claim adds that the source does not say (novel content is what abstractive
 * errors are made of); n-gram precision as ROUGE measures it; the conflict
 * checks' findings; and the claim's own shape (length, hedging, attribution).
 * Never how an index ranked the evidence (a hit's rank, the article ranked
 * first): the embedded index and the PostgreSQL archive rank alike evidence
 * differently, and a verdict must not depend on which one found it.
 */
import type { Corpus } from "../corpus/corpus";
import type { Analysis, Unit } from "../nlp/analyze";
import { EXISTENCE_OUTCOMES, implies, isEnglishWord, kindsOfName, STOP_WORDS } from "../nlp/lexicon";
import { indexTerms } from "../retrieval/evidenceIndex";
import type { Article } from "../types";
import { slotCandidates, slotRanges, unitSimilarity, type Alignment } from "./align";
import { CONFLICT_CHECK_IDS, type ConflictCheckId } from "./checks";
import { claimText } from "./checks/types";

/** One judged window, as far as features need it (see `verify.ts`'s `WindowJudgement`). */
export interface JudgedWindow {
  window: { article: number; first: number; last: number; joined?: number };
  alignment: Alignment;
  conflicts: ReadonlyArray<{ check: ConflictCheckId; substitution: boolean; claimUnit: number }>;
  /** Coverage of the claim without the one thing that differs, when the window can contradict it. */
  rest: number;
  conflict?: { check: ConflictCheckId; substitution: boolean; claimUnit?: number; replacement?: string };
  /** The window came from the search that added the draft's earlier sentences. */
  viaContext: boolean;
  /** The window's own sentence disagrees with the claim in something a neighbour then says as the claim does. */
  excused?: unknown;
}

export interface FeatureInput {
  claim: Analysis;
  /** The window that best supports the claim, if retrieval found any. */
  best?: JudgedWindow;
  /** The window that best contradicts the claim (a conflict on the same event), if any. */
  against?: JudgedWindow;
  corpus: Corpus;
  /** Names the draft's earlier sentences of the paragraph give (as written), for pronouns and short references. */
  contextNames: readonly string[];
  /** The reading model's answers for the windows it read (`windowsToRead`: the selection rule's best first), when a model read the claim. */
  readings?: readonly Reading[];
}

/** The reading model's probabilities for one window (see `entailment.ts`). */
export interface Reading {
  entail: number;
  contradict: number;
  neither: number;
}

/** One feature; its name is its key in `FEATURES`. */
export interface Feature {
  /** One line: what it measures. */
  doc: string;
  value(x: FeatureInput): number;
}

const HEDGES = new Set(["may", "might", "could", "reportedly", "allegedly", "possibly", "perhaps", "likely", "expected", "believed", "thought", "appear", "appears", "seem", "seems", "suggest", "suggests"]);
const ATTRIBUTION = new Set(["said", "says", "say", "told", "according", "claimed", "claims", "stated", "announced", "reported", "added"]);

const contentUnits = (c: Analysis) => c.units.filter((u) => u.weight >= 0.5);

/** Weighted share of the claim's units matching `keep` that the window says (1 when the claim has none). */
function coverageOf(a: Alignment | undefined, keep: (u: Unit) => boolean): number {
  if (!a) return 0;
  let total = 0;
  let got = 0;
  a.claim.units.forEach((u, i) => {
    if (!keep(u)) return;
    total += u.weight;
    got += u.weight * a.similarity[i];
  });
  return total ? got / total : 1;
}

/** How many of the claim's units matching `keep` the window does not say. */
function missingOf(a: Alignment | undefined, claim: Analysis, keep: (u: Unit) => boolean): number {
  return claim.units.filter((u, i) => keep(u) && (!a || a.match[i] < 0)).length;
}

const isPos = (u: Unit, ...tags: string[]) => u.kind === "word" && tags.includes(posOf(u));
function posOf(u: Unit): string {
  return u.pos ?? "";
}

/** The index terms of a whole article (its text as on disk), memoised per article. */
const articleTerms = new WeakMap<Article, Set<string>>();
function termsOfArticle(article: Article): Set<string> {
  let set = articleTerms.get(article);
  if (!set) {
    set = new Set(indexTerms(article.text));
    articleTerms.set(article, set);
  }
  return set;
}

/** Whether a claim unit is said anywhere in an article: one of its index terms (or its figure) occurs there. */
function inArticle(claim: Analysis, u: Unit, terms: Set<string>): boolean {
  if (u.kind === "number" && u.value !== undefined && terms.has(String(u.value))) return true;
  const own = indexTerms(claim.text.slice(u.start, u.end));
  if (!own.length) return true;
  // A name of several words is there when its last word is ("President Vladimir Putin" / "Putin").
  if (u.kind === "name") return terms.has(own[own.length - 1]) || own.some((t) => terms.has(t) && t.length > 3);
  return own.some((t) => terms.has(t));
}

function novelOf(x: FeatureInput, keep: (u: Unit) => boolean): number {
  if (!x.best) return x.claim.units.filter(keep).length;
  const terms = termsOfArticle(x.corpus.articles[x.best.window.article]);
  return x.claim.units.filter((u, i) => keep(u) && x.best!.alignment.match[i] < 0 && !inArticle(x.claim, u, terms)).length;
}

function novelShare(x: FeatureInput): number {
  const units = contentUnits(x.claim);
  if (!units.length) return 0;
  if (!x.best) return 1;
  const terms = termsOfArticle(x.corpus.articles[x.best.window.article]);
  let total = 0;
  let novel = 0;
  x.claim.units.forEach((u, i) => {
    if (u.weight < 0.5) return;
    total += u.weight;
    if (x.best!.alignment.match[i] < 0 && !inArticle(x.claim, u, terms)) novel += u.weight;
  });
  return total ? novel / total : 0;
}

/** Lemmas of the word tokens of an analysis, lower case; not those of an outcome that says only that something happened ("took place"). */
function lemmas(a: Analysis): string[] {
  const light = a.units.filter((u) => u.kind === "outcome" && EXISTENCE_OUTCOMES.has(u.lemma));
  return a.tokens.filter((t) => t.isWord && !light.some((u) => t.start >= u.start && t.end <= u.end)).map((t) => t.lemma);
}

/** Share of the claim's n-grams of lemmas that the window has (ROUGE-n precision); 1 for a claim shorter than n. */
function ngramPrecision(a: Alignment | undefined, n: number, contentOnly = false): number {
  if (!a) return 0;
  const pick = (xs: string[]) => (contentOnly ? xs.filter((w) => !STOP_WORDS.has(w)) : xs);
  const c = pick(lemmas(a.claim));
  const w = pick(lemmas(a.window));
  if (c.length < n) return 1;
  const have = new Map<string, number>();
  for (let i = 0; i + n <= w.length; i++) {
    const g = w.slice(i, i + n).join(" ");
    have.set(g, (have.get(g) ?? 0) + 1);
  }
  let hit = 0;
  for (let i = 0; i + n <= c.length; i++) {
    const g = c.slice(i, i + n).join(" ");
    const left = have.get(g) ?? 0;
    if (left > 0) {
      hit++;
      have.set(g, left - 1);
    }
  }
  return hit / (c.length - n + 1);
}

/** Longest common subsequence of content lemmas, as a share of the claim's: word order kept. */
function lcsRatio(a: Alignment | undefined): number {
  if (!a) return 0;
  const c = lemmas(a.claim).filter((w) => !STOP_WORDS.has(w));
  const w = lemmas(a.window).filter((x) => !STOP_WORDS.has(x));
  if (!c.length) return 1;
  let prev = new Array<number>(w.length + 1).fill(0);
  for (let i = 1; i <= c.length; i++) {
    const cur = new Array<number>(w.length + 1).fill(0);
    for (let j = 1; j <= w.length; j++) cur[j] = c[i - 1] === w[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[w.length] / c.length;
}

/** Share of consecutive matched claim units whose matches come in the same order in the window. */
function orderAgreement(a: Alignment | undefined): number {
  if (!a) return 0;
  const m = a.match.filter((j) => j >= 0);
  if (m.length < 2) return 1;
  let agree = 0;
  for (let k = 1; k < m.length; k++) if (m[k] > m[k - 1]) agree++;
  return agree / (m.length - 1);
}

/** Weighted share of the claim matched with similarity in [lo, hi]. */
function matchedBy(a: Alignment | undefined, lo: number, hi: number): number {
  if (!a) return 0;
  let total = 0;
  let got = 0;
  a.claim.units.forEach((u, i) => {
    total += u.weight;
    const s = a.similarity[i];
    if (a.match[i] >= 0 && s >= lo && s <= hi) got += u.weight;
  });
  return total ? got / total : 0;
}

function hasWord(c: Analysis, set: Set<string>): number {
  return c.tokens.some((t) => set.has(t.lower)) ? 1 : 0;
}

/** A check id as a part of a feature's name: `number-mismatch` is `number_mismatch`. */
type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;

/** The name of the feature that says the best contradicting window's conflict is one of check `Id`'s. */
export type ConflictFeatureName<Id extends ConflictCheckId = ConflictCheckId> = `against_${Snake<Id>}`;

/** The feature that names a conflict check of the registry (`against_number_mismatch` for `number-mismatch`). */
export function conflictFeature<Id extends ConflictCheckId>(id: Id): ConflictFeatureName<Id> {
  return `against_${id.replace(/-/g, "_")}` as ConflictFeatureName<Id>;
}

/** One feature per conflict check of the registry, in `CONFLICT_CHECK_IDS` order. */
function conflictFeatures(): Record<ConflictFeatureName, Feature> {
  const out = {} as Record<ConflictFeatureName, Feature>;
  for (const id of CONFLICT_CHECK_IDS) {
    out[conflictFeature(id)] = {
      doc: `The best contradicting window's conflict is a ${id}.`,
      value: (x: FeatureInput) => (x.against?.conflict?.check === id ? 1 : 0),
    };
  }
  return out;
}

const sameWindow = (a: JudgedWindow["window"], b: JudgedWindow["window"]) =>
  a.article === b.article && a.first === b.first && a.last === b.last && a.joined === b.joined;

const log1p = (v: number) => Math.log(1 + Math.max(0, v));

/**
 * Every feature, by name, in the order the model's weights follow. To add one,
 * write its entry here (a name in snake case, a line of doc, its value) and
 * refit (`npm run fit -- --write --report docs/model.md`): until model.json is
 * refitted, a decision refuses the model, naming the feature it lacks.
 */
export const FEATURES = {
  coverage: { doc: "Weighted share of the claim's units the best window says.", value: (x) => x.best?.alignment.coverage ?? 0 },
  coverage_names: { doc: "Share of the claim's names the best window says (1 when it names none).", value: (x) => coverageOf(x.best?.alignment, (u) => u.kind === "name") },
  coverage_figures: { doc: "Share of the claim's figures the best window says.", value: (x) => coverageOf(x.best?.alignment, (u) => u.kind === "number") },
  coverage_dates: { doc: "Share of the claim's dates the best window says.", value: (x) => coverageOf(x.best?.alignment, (u) => u.kind === "date") },
  coverage_nouns: { doc: "Share of the claim's common nouns the best window says.", value: (x) => coverageOf(x.best?.alignment, (u) => isPos(u, "NOUN")) },
  coverage_verbs: { doc: "Share of the claim's verbs the best window says.", value: (x) => coverageOf(x.best?.alignment, (u) => isPos(u, "VERB")) },
  coverage_modifiers: { doc: "Share of the claim's adjectives and adverbs the best window says.", value: (x) => coverageOf(x.best?.alignment, (u) => isPos(u, "ADJ", "ADV")) },
  missing_names: { doc: "How many of the claim's names the best window does not say.", value: (x) => missingOf(x.best?.alignment, x.claim, (u) => u.kind === "name") },
  missing_figures: { doc: "How many of the claim's figures the best window does not say.", value: (x) => missingOf(x.best?.alignment, x.claim, (u) => u.kind === "number") },
  missing_dates: { doc: "How many of the claim's dates the best window does not say.", value: (x) => missingOf(x.best?.alignment, x.claim, (u) => u.kind === "date") },
  missing_words: { doc: "How many of the claim's content words the best window does not say.", value: (x) => missingOf(x.best?.alignment, x.claim, (u) => u.kind !== "name" && u.kind !== "number" && u.kind !== "date" && u.weight >= 0.5) },
  novel_names: { doc: "Claim names that the best window's whole article never mentions.", value: (x) => novelOf(x, (u) => u.kind === "name") },
  novel_figures: { doc: "Claim figures that the best window's whole article never gives.", value: (x) => novelOf(x, (u) => u.kind === "number") },
  novel_words: { doc: "Claim content words that the best window's whole article never uses.", value: (x) => novelOf(x, (u) => u.kind !== "name" && u.kind !== "number" && u.kind !== "date" && u.weight >= 0.5) },
  novel_share: { doc: "Weighted share of the claim's content that its best article never says.", value: novelShare },
  article_coverage: { doc: "Weighted share of the claim's content the best window's article says somewhere.", value: (x) => articleCoverage(x, x.best?.window.article) },
  displaced_names: { doc: "Claim names matched out of order with the words beside them.", value: (x) => displacedNames(x.best?.alignment) },
  foreign_names: { doc: "Claim names whose neighbouring word stands beside another name in the source.", value: (x) => foreignNamesInSlot(x.best?.alignment) },
  substituted_words: { doc: "Claim nouns and verbs the best window says otherwise: another noun or verb, one WordNet does not relate, stands in their place.", value: (x) => substitutedWords(x.best?.alignment).length },
  unigram_precision: { doc: "Share of the claim's content lemmas found in the best window (ROUGE-1 precision).", value: (x) => ngramPrecision(x.best?.alignment, 1, true) },
  bigram_precision: { doc: "Share of the claim's lemma bigrams found in the best window (ROUGE-2 precision).", value: (x) => ngramPrecision(x.best?.alignment, 2) },
  trigram_precision: { doc: "Share of the claim's lemma trigrams found in the best window.", value: (x) => ngramPrecision(x.best?.alignment, 3) },
  lcs_ratio: { doc: "Longest common subsequence of content lemmas, over the claim's count.", value: (x) => lcsRatio(x.best?.alignment) },
  order_agreement: { doc: "Share of consecutive matched units that keep their order in the window.", value: (x) => orderAgreement(x.best?.alignment) },
  matched_exact: { doc: "Weighted share of the claim matched word for word.", value: (x) => matchedBy(x.best?.alignment, 0.9, 1) },
  matched_loose: { doc: "Weighted share matched by a synonym, derivation or related word.", value: (x) => matchedBy(x.best?.alignment, 0.01, 0.89) },
  window_sentences: { doc: "Sentences in the best window (1, or 2 with a neighbour or a joined sentence).", value: (x) => (x.best ? (x.best.window.joined !== undefined ? 2 : x.best.window.last - x.best.window.first + 1) : 0) },
  window_joined: { doc: "The best window joins two sentences of one article that are not neighbours.", value: (x) => (x.best?.window.joined !== undefined ? 1 : 0) },
  window_via_context: { doc: "The best window was found only with the names of the draft's earlier sentences.", value: (x) => (x.best?.viaContext ? 1 : 0) },
  context_in_article: { doc: "Share of the names of the draft's earlier sentences that the best article mentions.", value: (x) => contextInArticle(x) },
  conflicts_in_best: { doc: "Conflicts the checks find in the best supporting window.", value: (x) => x.best?.conflicts.length ?? 0 },
  neighbour_excuses_conflict: { doc: "The best window joins a sentence that gives one of the claim's names, figures or dates otherwise to a neighbour that gives it as the claim does.", value: (x) => (x.best?.excused ? 1 : 0) },
  substitutions_in_best: { doc: "Figures, dates or names the best supporting window gives differently.", value: (x) => x.best?.conflicts.filter((c) => c.substitution).length ?? 0 },
  against_rest: { doc: "Coverage of the claim, but for the one thing that differs, by the best contradicting window.", value: (x) => x.against?.rest ?? 0 },
  against_substitution: { doc: "The best contradiction is a changed figure, date or name (not a polarity).", value: (x) => (x.against?.conflict?.substitution ? 1 : 0) },
  against_is_best: { doc: "The contradicting window is the evidence window itself, or its sentence joined to a neighbour that gives the figure, date or speaker that differs as the claim does.", value: (x) => (x.against && x.best && (sameWindow(x.against.window, x.best.window) || excusedByNeighbour(x)) ? 1 : 0) },
  against_same_article: { doc: "The contradicting window is in the best supporting window's article.", value: (x) => (x.against && x.best && x.against.window.article === x.best.window.article ? 1 : 0) },
  ...conflictFeatures(),
  against_name_same_kind: { doc: "The differing names are of one kind in WordNet (two countries, two people).", value: (x) => nameKindsAgree(x, true) },
  against_name_other_kind: { doc: "The differing names are of different kinds in WordNet (a city and a country).", value: (x) => nameKindsAgree(x, false) },
  against_name_described: { doc: "One of the differing names is written in ordinary English words (\"Prime Minister\", \"Premier League\"): a description that may name the other.", value: nameDescribed },
  claim_words: { doc: "log(1 + words in the claim).", value: (x) => log1p(x.claim.tokens.filter((t) => t.isWord).length) },
  claim_units: { doc: "log(1 + content units in the claim).", value: (x) => log1p(contentUnits(x.claim).length) },
  claim_names: { doc: "Names in the claim.", value: (x) => x.claim.units.filter((u) => u.kind === "name").length },
  claim_figures: { doc: "Figures and dates in the claim.", value: (x) => x.claim.units.filter((u) => u.kind === "number" || u.kind === "date").length },
  claim_hedged: { doc: "The claim hedges (may, might, reportedly, expected…).", value: (x) => hasWord(x.claim, HEDGES) },
  claim_attributed: { doc: "The claim attributes (said, told, according to…).", value: (x) => hasWord(x.claim, ATTRIBUTION) },
  claim_quoted: { doc: "Share of the claim's units inside quotation marks.", value: (x) => (x.claim.units.length ? x.claim.units.filter((u) => u.quoted).length / x.claim.units.length : 0) },
  claim_negated: { doc: "The claim negates something.", value: (x) => (x.claim.negations.length ? 1 : 0) },
  window_excess: { doc: "log ratio of the best window's units to the claim's: how much more the source says.", value: (x) => (x.best ? Math.log((x.best.alignment.window.units.length + 1) / (x.claim.units.length + 1)) : 0) },
} satisfies Record<string, Feature>;

/**
 * Conflicts a neighbour cannot explain away by giving the claim's figure, date
 * or speaker: a figure recurs in other roles ("six bus routes" / "cutting four
 * bus routes … The vote was 7 to 4 after a six-hour debate"), and a sentence
 * says who said its quotation ("…," Okoye said), whoever the next one names.
 * A neighbour that names the claim's name, though, most often says who the
 * sentence means ("the Seasiders" for Blackpool).
 */
const UNEXCUSED: ReadonlySet<ConflictCheckId | undefined> = new Set(["number-mismatch", "date-mismatch", "speaker-mismatch"]);

/** Whether the evidence window is the contradicting sentence joined to a neighbour that gives what differs as the claim does. */
function excusedByNeighbour(x: FeatureInput): boolean {
  return x.best?.excused === x.against && UNEXCUSED.has(x.against?.conflict?.check);
}

/** The claim's and the source's words of the best contradiction when it is a name-mismatch. */
function differingNames(x: FeatureInput): [string, string] | undefined {
  const c = x.against?.conflict;
  if (c?.check !== "name-mismatch" || c.claimUnit === undefined || c.replacement === undefined) return undefined;
  const a = x.against!.alignment;
  return a.claim.units[c.claimUnit] ? [claimText(a, c.claimUnit), c.replacement] : undefined;
}

/** 1 when both differing names are known to WordNet and share a kind (`same`) or share none (`!same`). */
function nameKindsAgree(x: FeatureInput, same: boolean): number {
  const names = differingNames(x);
  const a = names && kindsOfName(names[0]);
  const b = names && kindsOfName(names[1]);
  if (!a || !b) return 0;
  return a.some((k) => b.includes(k)) === same ? 1 : 0;
}

/** 1 when one of the differing names is all ordinary English words, as a title or a description is. */
function nameDescribed(x: FeatureInput): number {
  const names = differingNames(x);
  if (!names) return 0;
  const ordinary = (name: string) => {
    const words = name.toLowerCase().replace(/['’]s\b/g, "").split(/[^\p{L}]+/u).filter(Boolean);
    return words.length > 0 && !/^\p{Lu}{2,}$/u.test(name) && words.every(isEnglishWord);
  };
  return names.some(ordinary) ? 1 : 0;
}

/** Weighted share of the claim's content that an article says somewhere (the window's matches, or its words anywhere). */
function articleCoverage(x: FeatureInput, article: number | undefined): number {
  if (article === undefined) return 0;
  const terms = termsOfArticle(x.corpus.articles[article]);
  const inBest = x.best && x.best.window.article === article ? x.best.alignment : undefined;
  let total = 0;
  let got = 0;
  x.claim.units.forEach((u, i) => {
    if (u.weight < 0.5) return;
    total += u.weight;
    if ((inBest && inBest.match[i] >= 0) || inArticle(x.claim, u, terms)) got += u.weight;
  });
  return total ? got / total : 1;
}

/** Claim names whose match stands out of order with the matches of the claim's words beside them ("Davis beat Bouchard" / "Bouchard beat Davis"). */
function displacedNames(a: Alignment | undefined): number {
  if (!a) return 0;
  let n = 0;
  a.claim.units.forEach((u, i) => {
    const m = a.match[i];
    if (u.kind !== "name" || m < 0) return;
    let before = -1;
    for (let k = i - 1; k >= 0; k--) if (a.match[k] >= 0 && a.match[k] !== m) { before = a.match[k]; break; }
    let after = -1;
    for (let k = i + 1; k < a.match.length; k++) if (a.match[k] >= 0 && a.match[k] !== m) { after = a.match[k]; break; }
    if ((before >= 0 && m < before) || (after >= 0 && m > after)) n++;
  });
  return n;
}

/**
 * Places where the source has another name beside the word the claim puts its
 * name beside: "Bouchard won" where the source says "Davis won". Counts claim
 * names whose matched neighbour word stands, in the source, next to a name the
 * claim does not use.
 */
function foreignNamesInSlot(a: Alignment | undefined): number {
  if (!a) return 0;
  let n = 0;
  const units = a.window.units;
  a.claim.units.forEach((u, i) => {
    if (u.kind !== "name") return;
    const own = a.match[i];
    const next = a.match[i + 1] ?? -1;
    const prev = i > 0 ? a.match[i - 1] : -1;
    const foreign = (j: number) => j >= 0 && j < units.length && j !== own && units[j].kind === "name" && !a.used[j];
    if ((next > 0 && foreign(next - 1)) || (prev >= 0 && foreign(prev + 1))) n++;
  });
  return n;
}

/**
 * The claim's content nouns and verbs that the window says otherwise: the
 * window does not say the claim's word, and where the word's neighbours'
 * matches place it (`slotRanges`: between the two, or beside the one that a
 * word at the claim's start or end has), the window has another, unmatched,
 * noun or verb. "spend £5.5bn on new schools" against "spend £5.5bn on new
 * hospitals"; "plans to cut £5.5bn" against "plans to spend £5.5bn". A word
 * the window leaves out is a shortfall; a word it says otherwise is the claim
 * saying something else. Not counted: a synonym, a derivation or a word
 * WordNet relates either way ("victory" for "win"); a word the window says
 * elsewhere (a reordered or fused sentence); a word whose neighbours' matches
 * stand far apart (a paraphrase, with no one place for it).
 */
export function substitutedWords(a: Alignment | undefined): Array<{ claimUnit: number; windowUnit: number }> {
  if (!a) return [];
  const content = (u: Unit) => u.kind === "word" && u.weight >= 0.5 && !u.negated && isPos(u, "NOUN", "VERB");
  const out: Array<{ claimUnit: number; windowUnit: number }> = [];
  a.claim.units.forEach((u, i) => {
    if (!content(u) || a.match[i] >= 0) return;
    const slots = slotRanges(a, i, 2);
    if (slots.length !== 1) return;
    const [{ from, to }] = slots;
    // A word the alignment takes for the claim's (`unitSimilarity`), or one the claim's implies, in the
    // place, matched or not: the window says it there (the alignment gave it to another of the claim's
    // words: "spoke" took "talks").
    const related = (w: Unit) => w.kind === "word" && (unitSimilarity(u, w) > 0 || implies(u.lemma, w.lemma));
    for (let k = Math.max(0, from); k <= Math.min(a.window.units.length - 1, to); k++) if (related(a.window.units[k])) return;
    // Noun or verb either way: the tagger reads a word put in another's place by its new neighbours.
    const j = slotCandidates(a, i, 2).find((k) => content(a.window.units[k]) && !out.some((s) => s.windowUnit === k));
    if (j !== undefined) out.push({ claimUnit: i, windowUnit: j });
  });
  return out;
}

function contextInArticle(x: FeatureInput): number {
  if (!x.contextNames.length) return 1;
  if (!x.best) return 0;
  const terms = termsOfArticle(x.corpus.articles[x.best.window.article]);
  // A name counts under any of its learned forms ("CSTO" for "the Collective Security Treaty Organization").
  const formsOf = (n: string) => {
    const key = x.corpus.aliases.word(n.toLowerCase(), n);
    return key === undefined ? [n] : [n, ...x.corpus.aliases.forms(key)];
  };
  const found = x.contextNames.filter((n) => formsOf(n).some((form) => indexTerms(form).some((t) => terms.has(t)))).length;
  return found / x.contextNames.length;
}

/** One feature of what an entailment model read: the answers for the windows it read, best first (`windowsToRead`). */
interface ReadingFeature {
  doc: string;
  value(readings: readonly Reading[]): number;
}

/** What an entailment model read (issue #25): features only a claim the model read has. No window read: nothing entails, nothing contradicts. */
export const READING_FEATURES = {
  entail_max: { doc: "The highest P(entails) the reading model gives any window it read.", value: (rs) => Math.max(0, ...rs.map((r) => r.entail)) },
  entail_best: { doc: "P(entails) of the window the selection rule picks (the first the model read).", value: (rs) => rs[0]?.entail ?? 0 },
  contradict_max: { doc: "The highest P(contradicts) the reading model gives any window it read.", value: (rs) => Math.max(0, ...rs.map((r) => r.contradict)) },
  contradict_best: { doc: "P(contradicts) of the window the selection rule picks.", value: (rs) => rs[0]?.contradict ?? 0 },
} satisfies Record<string, ReadingFeature>;

/** The reading features of a claim the model read (`readings`: its windows' answers, best first). */
export function readingValues(readings: readonly Reading[]): Record<ReadingFeatureName, number> {
  const out = {} as Record<ReadingFeatureName, number>;
  for (const name of READING_FEATURE_NAMES) {
    const v = READING_FEATURES[name].value(readings);
    out[name] = Number.isFinite(v) ? v : 0;
  }
  return out;
}

/** A feature of the engine's own reading of the evidence. */
export type LexicalFeatureName = keyof typeof FEATURES;
/** A feature of the entailment model's reading. */
export type ReadingFeatureName = keyof typeof READING_FEATURES;
export type FeatureName = LexicalFeatureName | ReadingFeatureName;

/** Every lexical feature's name, in `FEATURES` order (model.json's `features` when it was fitted). */
export const FEATURE_NAMES = Object.keys(FEATURES) as readonly LexicalFeatureName[];
/** The reading features' names, in order: a model that reads lists them after `FEATURE_NAMES`. */
export const READING_FEATURE_NAMES = Object.keys(READING_FEATURES) as readonly ReadingFeatureName[];

/** A claim's features by name: a rule that reads one names it, and the compiler checks the name. The reading features are there when a model read the claim. */
export type FeatureValues = Readonly<Record<LexicalFeatureName, number> & Partial<Record<ReadingFeatureName, number>>>;

/** The features of a claim, computed in `FEATURES` order (then `READING_FEATURES`, when `x.readings` is given). Never NaN: a feature that cannot be computed is 0. */
export function featureValues(x: FeatureInput): FeatureValues {
  const out = {} as Record<FeatureName, number>;
  for (const name of FEATURE_NAMES) {
    const v = FEATURES[name].value(x);
    out[name] = Number.isFinite(v) ? v : 0;
  }
  return x.readings ? { ...out, ...readingValues(x.readings) } : out;
}
