/**
 * Deciding one claim: retrieve candidate passages, align the claim with each
 * window of source text, look for disagreements, and weigh the evidence.
 */
import { analyze, analyzeWindow, type Analysis, type Unit } from "../nlp/analyze";
import type { Corpus } from "../corpus/corpus";
import { indexTerms, type EvidenceIndex, type PassageRef, type SearchHit } from "../retrieval/evidenceIndex";
import type { Span, Verdict } from "../types";
import { align, similarityMemo, type Alignment, type SimilarityMemo } from "./align";
import { CONFLICT_CHECKS, type Conflict, type ConflictCheckId } from "./checks";
import { calibrate, checkModel, contradictionThreshold, DEFAULT_MODEL, modelInputs, probability, readsEntailment, sameEventConflict, supportBlocked, type Thresholds, type VerdictModel } from "./model";
import { featureValues, readingValues, substitutedWords, type FeatureInput, type FeatureValues, type Reading } from "./features";
import { ShownWords } from "./mentions";
import { subjectElsewhere } from "./roles";
import { hasScript, otherScript, type ScriptName } from "../text/script";

/** A run of consecutive passages of one paragraph of one article. */
export interface SourceWindow {
  article: number;
  first: number;
  last: number;
  /** The passage retrieval found; neighbours only add context. */
  center: number;
  /** Offsets into the article's text. */
  span: Span;
}

export interface WindowJudgement {
  window: SourceWindow;
  alignment: Alignment;
  conflicts: Conflict[];
  /** Coverage of the claim by the window, less a little for a window of two sentences. */
  coverage: number;
  /** The window disagrees, or lacks a name, figure or date of the claim: it cannot support it. */
  flawed: boolean;
  /** The window's own sentence, when it disagrees with the claim in a name, figure or date that this window's neighbour says as the claim does. */
  excused?: WindowJudgement;
  /** Coverage of the claim without the one thing that differs, when the window can contradict it. */
  rest: number;
  /** The conflict that makes the contradiction. */
  conflict?: Conflict;
  /** The hit came only from the search that added the names of the draft's earlier sentences. */
  viaContext: boolean;
}

/** A window a verification shows, with what the model made of it: a copy, so judgements stay as judged. */
export interface EvidenceWindow extends WindowJudgement {
  /** The model's P(supported) when this window is evidence for the verdict, else 0. */
  support: number;
  /** The model's P(wrong) when this window is the contradiction, else 0. */
  contradiction: number;
}

/** What the draft around a claim says: the earlier sentences of its paragraph, oldest first. */
export interface ClaimContext {
  previous: readonly string[];
  /** The corpus article that is the draft's own file (`DraftOptions.ownArticle`): never evidence for its claims. */
  ownArticle?: number;
}

export interface Verification {
  verdict: Verdict;
  score: number;
  code: string;
  reason: string;
  claim: Analysis;
  /** Best first: the judgement that decided the verdict, then further evidence. */
  evidence: EvidenceWindow[];
  /** The model's calibrated P(supported), P(contradicted) and P(unsupported), rounded. */
  probabilities: { supported: number; contradicted: number; unsupported: number };
}

/** How many passages retrieval returns per claim. */
export const RETRIEVE = 16;
const NEIGHBOUR_PENALTY = 0.97;

function windowsAround(corpus: Corpus, article: number, passage: number): SourceWindow[] {
  const a = corpus.articles[article];
  const make = (first: number, last: number): SourceWindow => ({
    article, first, last, center: passage,
    span: { start: a.passages[first].span.start, end: a.passages[last].span.end },
  });
  const out = [make(passage, passage)];
  const prev = a.passages[passage - 1];
  const next = a.passages[passage + 1];
  // News paragraphs are often one sentence long, so a pronoun's antecedent may
  // stand in the paragraph before: neighbours are taken across paragraphs.
  if (prev) out.push(make(passage - 1, passage));
  if (next) out.push(make(passage, passage + 1));
  return out;
}

/**
 * Query terms for retrieval: the claim's words, with learned aliases expanded.
 * Exported so that an asynchronous index (a search server) can fetch the same
 * passages before the claim is judged: see `queriesFor`.
 */
export function queryTerms(claim: Analysis, corpus: Pick<Corpus, "aliases">): string[] {
  const terms = new Set<string>();
  for (const u of claim.units) {
    if (u.key.startsWith("~")) {
      for (const form of corpus.aliases.forms(u.key)) for (const t of indexTerms(form)) terms.add(t);
    } else if (u.kind === "number") {
      terms.add(String(u.value));
      for (const t of indexTerms(claim.text.slice(u.start, u.end))) terms.add(t);
    } else {
      for (const t of indexTerms(claim.text.slice(u.start, u.end))) terms.add(t);
    }
  }
  return [...terms];
}

/**
 * Names, figures, dates and failures ("fell through") a source must state for
 * the claim to be supported; that something happened may go without saying.
 */
function isEssential(u: Unit): boolean {
  return u.kind === "name" || u.kind === "number" || u.kind === "date" || (u.kind === "outcome" && (u.polarity ?? 0) < 0);
}

/** The analysis of a window's text (memoised in `nlp/analyze.ts`: the same text, the same object). */
function windowAnalysis(window: SourceWindow, corpus: Corpus): Analysis {
  const article = corpus.articles[window.article];
  const text = article.text.slice(window.span.start, window.span.end);
  // Cut between the sentences (and around what stands between them), so each sentence's tokens are shared.
  const cuts: number[] = [];
  for (let k = window.first; k < window.last; k++) {
    cuts.push(article.passages[k].span.end - window.span.start, article.passages[k + 1].span.start - window.span.start);
  }
  return analyzeWindow(text, cuts, corpus.aliases, article.date);
}

/** What judging a window's text gives, apart from where the window stands: shared by the windows of one claim with the same text. */
type TextJudgement = Pick<WindowJudgement, "alignment" | "conflicts" | "coverage" | "flawed" | "rest" | "conflict">;

/**
 * What a window says about a claim, before any threshold is applied. It
 * depends only on the claim, the window's analysis and whether the window is
 * one sentence, so `seen` (one claim's) keeps it per analysis: near-copies of
 * a sentence in many articles are aligned and checked once.
 */
function judge(claim: Analysis, window: SourceWindow, corpus: Corpus, seen: Map<Analysis, TextJudgement[]>, similar: SimilarityMemo): WindowJudgement {
  const analysis = windowAnalysis(window, corpus);
  const single = window.first === window.last;
  let known = seen.get(analysis);
  if (!known) seen.set(analysis, (known = []));
  // One slot for a one-sentence window, one for a window with a neighbour (its coverage is discounted).
  const judged = (known[single ? 0 : 1] ??= judgeText(claim, analysis, single, similar));
  return { window, ...judged, viaContext: false };
}

function judgeText(claim: Analysis, analysis: Analysis, single: boolean, similar: SimilarityMemo): TextJudgement {
  const alignment = align(claim, analysis, similar);
  const conflicts = CONFLICT_CHECKS.flatMap((c) => c.detect(alignment));
  const penalty = single ? 1 : NEIGHBOUR_PENALTY;
  const missingEssential = claim.units.some((u, i) => alignment.match[i] < 0 && isEssential(u));
  const coverage = alignment.coverage * penalty;
  const flawed = conflicts.length > 0 || missingEssential;

  // A contradiction needs the same event: the claim's names and figures are
  // all found or are the one thing that differs, and the rest is well covered.
  let rest = 0;
  let conflict: Conflict | undefined;
  // Distinct places where the claim differs; a changed word inside a changed
  // quotation is one place, not two.
  const spans = conflicts.filter((c) => c.substitution && c.claimSpan).map((c) => c.claimSpan!);
  const inSpan = (i: number) => i >= 0 && spans.some((s) => claim.units[i].start >= s.start && claim.units[i].end <= s.end);
  const substitutions = new Set(
    conflicts.filter((c) => c.substitution && !(c.claimSpan === undefined && inSpan(c.claimUnit))).map((c) => (c.claimSpan ? `q${c.claimSpan.start}` : `u${c.claimUnit}`)),
  );
  if (conflicts.length && substitutions.size <= 1) {
    const first = conflicts.find((c) => c.substitution) ?? conflicts[0];
    // Only the one thing that differs is excused from coverage.
    const conflicted = new Set(
      claim.units
        .map((u, i) => (i === first.claimUnit || (first.claimSpan && u.start >= first.claimSpan.start && u.end <= first.claimSpan.end) ? i : -1))
        .filter((i) => i >= 0),
    );
    const unaccounted = claim.units.some((u, i) => alignment.match[i] < 0 && !conflicted.has(i) && isEssential(u));
    let total = 0;
    let got = 0;
    claim.units.forEach((u, i) => {
      if (conflicted.has(i)) return;
      total += u.weight;
      got += u.weight * alignment.similarity[i];
    });
    const restCoverage = total ? got / total : 0;
    // A claim that something did not happen is not contradicted by a source
    // that does not mention it happening.
    const negatedUnmatched = claim.units.some((u, i) => u.negated && alignment.match[i] < 0 && !conflicted.has(i));
    if (!unaccounted && !negatedUnmatched && !subjectElsewhere(alignment, first)) {
      rest = restCoverage * penalty;
      conflict = first;
    }
  }
  return { alignment, conflicts, coverage, flawed, rest, conflict };
}

export interface Judgements {
  claim: Analysis;
  judgements: WindowJudgement[];
  /** Names from the draft's earlier sentences in the paragraph, as written. */
  contextNames: string[];
}

/**
 * The names of the draft's earlier sentences in the paragraph that a claim may
 * refer back to ("She", "the club", "the 39-year-old"), lower case, the most
 * recent first, without the claim's own.
 */
export function contextNames(claim: Analysis, context: ClaimContext | undefined, corpus: Pick<Corpus, "aliases">): string[] {
  if (!context?.previous.length) return [];
  const own = new Set(claim.units.filter((u) => u.kind === "name").map((u) => u.key));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const sentence of [...context.previous].reverse().slice(0, 3)) {
    for (const u of analyze(sentence, corpus.aliases).units) {
      if (u.kind !== "name" || own.has(u.key)) continue;
      // As written: an acronym is known by its capitals ("CSTO", not "csto").
      const name = sentence.slice(u.start, u.end);
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out.slice(0, 6);
}

/** The queries `judgeClaim` sends for a claim: its own terms, and with the context's names when there are any. */
export function claimQueries(claim: Analysis, names: readonly string[], corpus: Pick<Corpus, "aliases">): string[][] {
  const own = queryTerms(claim, corpus);
  if (!names.length) return [own];
  const extra = names.flatMap((n) => indexTerms(n)).filter((t) => !own.includes(t));
  return extra.length ? [own, [...own, ...new Set(extra)]] : [own];
}

/**
 * Every query `judgeClaim` sends to `corpus.index` for a claim sentence (plain
 * text) in its context, with how many hits each asks for: what an index that
 * answers from a prefetch (the archive's) must have fetched.
 */
export function queriesFor(plain: string, context: ClaimContext | undefined, corpus: Pick<Corpus, "aliases">): Array<{ terms: string[]; limit: number }> {
  const claim = analyze(plain, corpus.aliases);
  return claimQueries(claim, contextNames(claim, context, corpus), corpus).map((terms) => ({ terms, limit: RETRIEVE }));
}

export interface Retrieval {
  /** Passages to judge, best first: the claim's own hits, then the context search's. */
  hits: SearchHit[];
  /** Which of `hits` only the context search found. */
  fromContext: Set<SearchHit>;
}

/** Finds the passages a claim is judged against (passage search). How the index ranked them decides nothing. */
export function retrieve(queries: readonly string[][], index: EvidenceIndex): Retrieval {
  const hits: SearchHit[] = [];
  const fromContext = new Set<SearchHit>();
  const known = new Set<string>();
  const add = (h: SearchHit, context: boolean) => {
    const k = `${h.article}:${h.passage}`;
    if (known.has(k)) return;
    known.add(k);
    hits.push(h);
    if (context) fromContext.add(h);
  };
  queries.forEach((q, qi) => {
    for (const h of index.search(q, RETRIEVE)) add(h, qi > 0);
  });
  return { hits, fromContext };
}

/** Two articles of the corpus (by position) in the order of their ids: an order every index of the same sources shares. */
function byId(corpus: Corpus, x: number, y: number): number {
  const a = corpus.articles[x].id;
  const b = corpus.articles[y].id;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hits in the order of their sources' ids, then of their passages in the source. */
function inSourceOrder(hits: readonly SearchHit[], corpus: Corpus): SearchHit[] {
  return [...hits].sort((x, y) => byId(corpus, x.article, y.article) || x.passage - y.passage);
}

/**
 * Retrieves candidate windows for a claim and judges each; no threshold is
 * involved. With `within`, the claim is judged against those passages (and
 * their neighbours) alone, and nothing is retrieved.
 */
export function judgeClaim(plain: string, corpus: Corpus, context?: ClaimContext, within?: readonly PassageRef[]): Judgements {
  const claim = analyze(plain, corpus.aliases);
  const names = contextNames(claim, context, corpus);
  const found = within ? { hits: within.map((p) => ({ ...p, score: 0 })), fromContext: new Set<SearchHit>() } : retrieve(claimQueries(claim, names, corpus), corpus.index);
  const own = context?.ownArticle;
  // The draft's own file, in its corpus, says every claim of the draft: it is no evidence for them.
  const hits = own === undefined ? found.hits : found.hits.filter((h) => h.article !== own);
  const fromContext = found.fromContext;
  const seen = new Set<string>();
  const texts = new Map<Analysis, TextJudgement[]>();
  const similar = similarityMemo();
  const judgements: WindowJudgement[] = [];
  // Judged in the order of the sources' content, not of any index's ranking: which neighbouring windows are
  // judged (and what a centre excuses) must not depend on how an index ranked the passages.
  for (const hit of inSourceOrder(hits, corpus)) {
    let center: WindowJudgement | undefined;
    for (const w of windowsAround(corpus, hit.article, hit.passage)) {
      // Per centre: a window reached from two passages is judged from each (what a centre excuses differs).
      const key = `${w.article}:${w.first}:${w.last}:${w.center}`;
      if (seen.has(key)) continue;
      // The centre sentence alone says all of the claim, with nothing against it: a
      // neighbour could only add context the claim does not need (and would score lower).
      if (center && center.coverage >= 0.999 && !center.flawed) break;
      const j = judge(claim, w, corpus, texts, similar);
      j.viaContext = fromContext.has(hit);
      center ??= j;
      // A neighbour resolves "she" or "the organization"; it does not excuse a
      // different name or figure in the sentence itself.
      if (j !== center && center.conflicts.some((c) => c.claimUnit >= 0 && j.alignment.match[c.claimUnit] >= 0)) {
        j.flawed = true;
        j.excused = center;
      }
      seen.add(key);
      judgements.push(j);
    }
  }
  return { claim, judgements, contextNames: names };
}

/** Verifies one claim sentence (plain text) against the corpus, or against the passages `within` alone. */
export function verifyClaim(plain: string, corpus: Corpus, model: VerdictModel = DEFAULT_MODEL, context?: ClaimContext, within?: readonly PassageRef[]): Verification {
  return decide(judgeClaim(plain, corpus, context, within), corpus, model);
}

/** The passages a verification's evidence stands on: what its correction, applied, is checked against. */
export function evidencePassages(v: Verification): PassageRef[] {
  return v.evidence.map((j) => ({ article: j.window.article, passage: j.window.center }));
}

/**
 * Windows in an order of their content alone: one with nothing against the
 * claim first, the shorter first (a sentence that says as much as it does
 * with a neighbour is the more precise evidence), then by the source's id
 * and the window's place in it. Ties are broken by it, never by how an index
 * ranked the passages, so every index gives the same verdicts.
 */
function byContent(corpus: Corpus): (x: WindowJudgement, y: WindowJudgement) => number {
  return (x, y) => {
    const size = x.window.last - x.window.first - (y.window.last - y.window.first);
    return (
      Number(x.flawed) - Number(y.flawed) || size || byId(corpus, x.window.article, y.window.article) ||
      x.window.first - y.window.first || x.window.last - y.window.last || x.window.center - y.window.center
    );
  };
}

/** The window that contradicts the claim best: a conflict on the same event, the most of the rest of the claim said. */
export function againstOf(judgements: readonly WindowJudgement[], corpus: Corpus): WindowJudgement | undefined {
  const order = byContent(corpus);
  let best: WindowJudgement | undefined;
  for (const j of judgements) if (j.conflict && j.rest > 0 && (!best || j.rest > best.rest || (j.rest === best.rest && order(j, best) < 0))) best = j;
  return best;
}

/**
 * The selection rule, the one place it is written: the windows best first by
 * how much of the claim each says (its coverage), the first being the
 * claim's evidence. It reads no rank of any index.
 */
export function rankWindows(judgements: readonly WindowJudgement[], corpus: Corpus): WindowJudgement[] {
  const order = byContent(corpus);
  return [...judgements].sort((x, y) => y.coverage - x.coverage || order(x, y));
}

/**
 * The model's view of a claim: the window the selection rule picks (the first
 * of `rankWindows`, which `decide` passes when it has ranked them already), the
 * best contradicting window, and the names of the claim's context. The engine
 * and the fit's data (scripts/fit/dataset.ts) both take it from here.
 */
export function featureInput(j: Judgements, corpus: Corpus, ranked: readonly WindowJudgement[] = rankWindows(j.judgements, corpus), readings?: readonly Reading[]): FeatureInput & { best?: WindowJudgement; against?: WindowJudgement } {
  return { claim: j.claim, best: ranked[0], against: againstOf(j.judgements, corpus), corpus, contextNames: j.contextNames, readings };
}

/** What the engine's own reading of a claim gives: its windows ranked, the model's view of them, and the lexical features. */
export interface LexicalView {
  ranked: readonly WindowJudgement[];
  input: ReturnType<typeof featureInput>;
  features: FeatureValues;
}

/**
 * A claim's `LexicalView`, computed once per judgement and corpus: the
 * verifier that reads asks for it to choose the windows the model reads
 * (`readingCanChange`), and `decide` again for the verdict. Judgements are
 * never changed once made (`decide` is pure), so the answer for one object
 * stays right; a weak map lets it go with the judgement.
 */
const lexicalViews = new WeakMap<Judgements, { corpus: Corpus; view: LexicalView }>();

export function lexicalView(j: Judgements, corpus: Corpus): LexicalView {
  const known = lexicalViews.get(j);
  if (known && known.corpus === corpus) return known.view;
  const ranked = rankWindows(j.judgements, corpus);
  const input = featureInput(j, corpus, ranked);
  const view = { ranked, input, features: featureValues(input) };
  lexicalViews.set(j, { corpus, view });
  return view;
}

/** The calibrated probabilities of a claim, from its features. */
export function probabilities(model: VerdictModel, features: FeatureValues, canContradict: boolean): { supported: number; wrong: number } {
  const inputs = modelInputs(model, features);
  const supported = calibrate(probability(model.support, inputs), model.calibration.support);
  const wrong = canContradict ? calibrate(probability(model.contradiction, inputs), model.calibration.contradiction) : 0;
  return { supported, wrong };
}

/**
 * The verdict from the two calibrated probabilities: contradicted only when a
 * conflict makes the claim wrong with the confidence the threshold asks for and
 * the claim is not supported; supported at the support threshold; else
 * unsupported. Shared by the engine and the fit, so the thresholds fitted are
 * the ones applied.
 */
export function verdictOf(p: { supported: number; wrong: number }, thresholds: Thresholds, disagrees = false, check?: ConflictCheckId): { verdict: Verdict; score: number } {
  if (p.supported >= thresholds.supported && !disagrees) return { verdict: "supported", score: p.supported };
  if (p.wrong > 0 && p.wrong >= contradictionThreshold(thresholds, check)) return { verdict: "contradicted", score: p.wrong };
  return { verdict: "unsupported", score: 1 - p.supported };
}

/**
 * Turns judged windows into a verdict under the learned model (`model.ts`).
 * Pure: it changes none of its inputs (the judgements may be shared, and
 * frozen); the windows it shows are copies with their scores.
 */
export function decide(j: Judgements, corpus: Corpus, model: VerdictModel, readings?: readonly Reading[]): Verification {
  checkModel(model);
  if (readsEntailment(model) && !readings) throw new Error("this verdict model reads with an entailment model, and no model read the claim");
  const { ranked, input, features: lexical } = lexicalView(j, corpus);
  const { best, against } = input;
  // The reading features come after the lexical ones, as `featureValues` orders them.
  const features: FeatureValues = readsEntailment(model) && readings ? { ...lexical, ...readingValues(readings) } : lexical;
  const canContradict = sameEventConflict(features, model.sameEvent);
  const p = probabilities(model, features, canContradict);
  const { verdict, score } = verdictOf(p, model.thresholds, supportBlocked(features), canContradict ? against?.conflict?.check : undefined);
  const probs = { supported: round(p.supported), contradicted: round((1 - p.supported) * p.wrong), unsupported: round((1 - p.supported) * (1 - p.wrong)) };
  const shown = (w: WindowJudgement, support = 0, contradiction = 0): EvidenceWindow => ({ ...w, support, contradiction });
  const claim = j.claim;
  if (verdict === "supported" && best) {
    const evidence = distinct([best, ...ranked.slice(1).filter((w) => w.coverage >= best.coverage - 0.1 && !w.flawed)]).map((w) => shown(w, w === best ? p.supported : 0));
    let reason = `${describe(corpus, best)} says this`;
    // Sources that disagree with each other: name both, when the other source's conflict is itself a contradiction.
    if (against && against.window.article !== best.window.article && p.wrong > 0 && p.wrong >= contradictionThreshold(model.thresholds, against.conflict?.check) && against.conflict?.substitution) {
      reason += `; but ${describe(corpus, against)} disagrees: ${against.conflict.reason}`;
      evidence.push(shown(against, 0, p.wrong));
    }
    return { verdict, score: round(score), code: "supported", reason, claim, evidence, probabilities: probs };
  }
  if (verdict === "contradicted" && against?.conflict) {
    return {
      verdict, score: round(score), code: against.conflict.check, reason: `${against.conflict.reason} (${describe(corpus, against)})`,
      claim, evidence: distinct([against, ...ranked.filter((w) => w.conflict && w !== against).slice(0, 1)]).map((w) => shown(w, 0, w === against ? p.wrong : 0)),
      probabilities: probs,
    };
  }
  // A disagreement on the same event that was not sure enough for "contradicted": the writer should still see it.
  const differs = against?.conflict && against.rest >= model.sameEvent ? against : undefined;
  const closest = differs ? distinct([differs, ...ranked]).slice(0, 2) : best && best.alignment.coverage > 0.3 ? distinct(ranked).slice(0, 2) : [];
  const script = differs ? undefined : unreadScript(j, corpus);
  const reason = differs?.conflict
    ? `no source confirms this; ${describe(corpus, differs)} differs (${differs.conflict.reason}), though not clearly enough to call it a contradiction`
    : script
      ? `no source says this: it is written in ${script} script, and no source passage found for it is (Grounded compares a sentence with sources in the same script)`
      : closest.length
        ? `no source says this; the closest passage (${describe(corpus, closest[0])}) ${shortfall(closest[0].excused ?? closest[0], closest)}`
        : "no source in the corpus says this";
  // The check that found the difference names it, even when it is not sure enough for "contradicted".
  return {
    verdict: "unsupported", score: round(score), code: differs?.conflict?.check ?? "unsupported", reason, claim,
    evidence: closest.map((w) => shown(w, p.supported)), probabilities: probs,
  };
}

/**
 * The script of a claim written mostly in a script other than Latin, when none
 * of the passages found for it has a letter in that script: no source it was
 * compared with could say it, and the writer should know why (a draft in
 * Russian against English sources). Undefined otherwise, and for a script
 * `otherScript` does not name.
 */
function unreadScript(j: Judgements, corpus: Corpus): ScriptName | undefined {
  const script = otherScript(j.claim.text)?.script;
  if (!script) return undefined;
  const read = j.judgements.some((w) => hasScript(corpus.articles[w.window.article].text.slice(w.window.span.start, w.window.span.end), script));
  return read ? undefined : script;
}

/** One window per passage: the best-ranked window around each centre passage. */
function distinct(list: readonly WindowJudgement[]): WindowJudgement[] {
  const out: WindowJudgement[] = [];
  const centers = new Set<string>();
  for (const j of list) {
    const k = `${j.window.article}:${j.window.center}`;
    if (centers.has(k)) continue;
    centers.add(k);
    out.push(j);
  }
  return out;
}

function describe(corpus: Corpus, j: WindowJudgement): string {
  const a = corpus.articles[j.window.article];
  const name = a.outlet ?? a.title ?? a.id.split("/").pop() ?? a.id;
  return a.date ? `${name}, ${a.date}` : name;
}

/**
 * What keeps the closest passage from confirming a claim, for the writer: the
 * words it does not mention, and that no passage `shown` with the finding has
 * either (alignment may leave a word unmatched that a passage says, as a
 * compound split otherwise or in the second passage); else a disagreement the model did not take for a
 * contradiction; else the words it says only loosely (a synonym, a related
 * word); else that it says the claim in too different a way.
 */
function shortfall(j: WindowJudgement, shown: readonly WindowJudgement[]): string {
  const a = j.alignment;
  const quote = (u: { start: number; end: number }, text: string) => `"${text.slice(u.start, u.end)}"`;
  const said = new ShownWords(shown.map((w) => w.alignment.window));
  const unsaid = a.claim.units.filter((u, i) => a.match[i] < 0 && u.weight >= 0.75 && !said.has(a.claim, u));
  // Words the passage says otherwise, when they are all it lacks: in their place, it has other words.
  const otherwise = substitutedWords(a);
  if (otherwise.length && unsaid.every((u) => otherwise.some((s) => a.claim.units[s.claimUnit] === u))) {
    const pairs = otherwise.slice(0, 2).map((s) => `${quote(a.window.units[s.windowUnit], a.window.text)} where the claim says ${quote(a.claim.units[s.claimUnit], a.claim.text)}`);
    return `says ${pairs.join(", and ")}`;
  }
  const missing = unsaid
    .sort((x, y) => y.weight - x.weight)
    .slice(0, 3)
    .map((u) => quote(u, a.claim.text));
  if (missing.length) return `does not mention ${missing.join(", ")}`;
  if (j.conflicts.length) return `does not say the same: ${j.conflicts[0].reason}`;
  const loose = a.claim.units
    .map((u, i) => ({ u, i }))
    .filter(({ u, i }) => a.match[i] >= 0 && a.similarity[i] < 0.9 && u.weight >= 0.75)
    .slice(0, 2)
    .map(({ u, i }) => `${quote(u, a.claim.text)} only as ${quote(a.window.units[a.match[i]], a.window.text)}`);
  if (loose.length) return `says ${loose.join(", ")}, which is not enough to confirm it`;
  return "says it in words too different from the claim's to confirm it";
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}
