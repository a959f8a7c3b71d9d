/**
 * Deciding one claim: retrieve candidate passages, align the claim with each
 * window of source text, look for disagreements, and weigh the evidence.
 */
import { analyze, analyzeWindow, type Analysis, type Unit } from "../nlp/analyze";
import type { Corpus } from "../corpus/corpus";
import { indexTerms } from "../retrieval/evidenceIndex";
import type { Span, Verdict } from "../types";
import { align, type Alignment } from "./align";
import { CONFLICT_CHECKS, type Conflict } from "./checks";
import { DEFAULT_MODEL, type VerdictModel } from "./model";

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
  /** Coverage of the claim without the one thing that differs, when the window can contradict it. */
  rest: number;
  /** The conflict that makes the contradiction. */
  conflict?: Conflict;
  /** Support score under the model in use, 0..1. */
  support: number;
  /** Contradiction score under the model in use, 0 when the window cannot contradict the claim. */
  contradiction: number;
}

export interface Verification {
  verdict: Verdict;
  score: number;
  code: string;
  reason: string;
  claim: Analysis;
  /** Best first: the judgement that decided the verdict, then further evidence. */
  evidence: WindowJudgement[];
}

/** How many passages retrieval returns per claim. */
export const RETRIEVE = 16;
const NEIGHBOUR_PENALTY = 0.97;

function windowsAround(corpus: Corpus, article: number, passage: number): SourceWindow[] {
  const a = corpus.articles[article];
  const p = a.passages[passage];
  const make = (first: number, last: number): SourceWindow => ({
    article, first, last, center: passage,
    span: { start: a.passages[first].span.start, end: a.passages[last].span.end },
  });
  const out = [make(passage, passage)];
  const prev = a.passages[passage - 1];
  const next = a.passages[passage + 1];
  // News paragraphs are often one sentence long, so a pronoun's antecedent may
  // stand in the paragraph before: neighbours are taken across paragraphs.
  void p;
  if (prev) out.push(make(passage - 1, passage));
  if (next) out.push(make(passage, passage + 1));
  return out;
}

/**
 * Query terms for retrieval: the claim's words, with learned aliases expanded.
 * Exported so that an asynchronous index (a search server) can fetch the same
 * passages before the claim is judged: see `retrievalQuery`.
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

/** What a window says about a claim, before any threshold is applied. */
function judge(claim: Analysis, window: SourceWindow, corpus: Corpus): WindowJudgement {
  const article = corpus.articles[window.article];
  const text = article.text.slice(window.span.start, window.span.end);
  // Cut between the sentences (and around what stands between them), so each sentence's tokens are shared.
  const cuts: number[] = [];
  for (let k = window.first; k < window.last; k++) {
    cuts.push(article.passages[k].span.end - window.span.start, article.passages[k + 1].span.start - window.span.start);
  }
  const alignment = align(claim, analyzeWindow(text, cuts, corpus.aliases, article.date));
  const conflicts = CONFLICT_CHECKS.flatMap((c) => c.detect(alignment));
  const penalty = window.first === window.last ? 1 : NEIGHBOUR_PENALTY;
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
    if (!unaccounted && !negatedUnmatched) {
      rest = restCoverage * penalty;
      conflict = first;
    }
  }
  return { window, alignment, conflicts, coverage, flawed, rest, conflict, support: 0, contradiction: 0 };
}

/** Applies the model's weights to a judgement. */
function score(j: WindowJudgement, model: VerdictModel): void {
  j.support = j.flawed ? j.coverage * model.unsupportedPenalty : j.coverage;
  j.contradiction = j.conflict ? j.rest * (j.conflict.substitution ? 1 : model.polarityWeight) : 0;
}

export interface Judgements {
  claim: Analysis;
  judgements: WindowJudgement[];
}

/** The query `judgeClaim` sends to `corpus.index` for a claim sentence (plain text): its terms and how many hits it asks for. */
export function retrievalQuery(plain: string, corpus: Pick<Corpus, "aliases">): { terms: string[]; limit: number } {
  return { terms: queryTerms(analyze(plain, corpus.aliases), corpus), limit: RETRIEVE };
}

/** Retrieves candidate windows for a claim and judges each; no threshold is involved. */
export function judgeClaim(plain: string, corpus: Corpus): Judgements {
  const claim = analyze(plain, corpus.aliases);
  const hits = corpus.index.search(queryTerms(claim, corpus), RETRIEVE);
  const seen = new Set<string>();
  const judgements: WindowJudgement[] = [];
  for (const hit of hits) {
    let center: WindowJudgement | undefined;
    for (const w of windowsAround(corpus, hit.article, hit.passage)) {
      const key = `${w.article}:${w.first}:${w.last}`;
      if (seen.has(key)) continue;
      // The centre sentence alone says all of the claim, with nothing against it: a
      // neighbour could only add context the claim does not need (and would score lower).
      if (center && center.coverage >= 0.999 && !center.flawed) break;
      const j = judge(claim, w, corpus);
      center ??= j;
      // A neighbour resolves "she" or "the organization"; it does not excuse a
      // different name or figure in the sentence itself.
      if (j !== center && center.conflicts.some((c) => c.claimUnit >= 0 && j.alignment.match[c.claimUnit] >= 0)) j.flawed = true;
      seen.add(key);
      judgements.push(j);
    }
  }
  return { claim, judgements };
}

/** Verifies one claim sentence (plain text) against the corpus. */
export function verifyClaim(plain: string, corpus: Corpus, model: VerdictModel = DEFAULT_MODEL): Verification {
  return decide(judgeClaim(plain, corpus), corpus, model);
}

/** Turns judged windows into a verdict under a model (the thresholds fitted in `model.ts`). */
export function decide({ claim, judgements }: Judgements, corpus: Corpus, model: VerdictModel): Verification {
  for (const j of judgements) score(j, model);
  const bySupport = [...judgements].sort((x, y) => y.support - x.support);
  const byContradiction = judgements.filter((j) => j.contradiction > 0).sort((x, y) => y.contradiction - x.contradiction);
  const best = bySupport[0];
  const against = byContradiction[0];
  const distinct = (list: WindowJudgement[]) => {
    const out: WindowJudgement[] = [];
    const centers = new Set<string>();
    for (const j of list) {
      const k = `${j.window.article}:${j.window.center}`;
      if (centers.has(k)) continue;
      centers.add(k);
      out.push(j);
    }
    return out;
  };

  if (best && best.support >= model.supportThreshold && !(against && against.contradiction > best.support + model.margin)) {
    const evidence = distinct(bySupport.filter((j) => j.support >= model.supportThreshold * 0.8));
    let reason = `${describe(corpus, best)} says this`;
    // Sources that disagree with each other: name both, but only on a clear
    // substitution (a different figure, date or name), not on looser signals.
    if (against?.conflict?.substitution && against.window.article !== best.window.article && against.contradiction >= model.disagreementThreshold) {
      reason += `; but ${describe(corpus, against)} disagrees: ${against.conflict.reason}`;
      evidence.push(against);
    }
    return { verdict: "supported", score: round(best.support), code: "supported", reason, claim, evidence };
  }
  if (against && against.contradiction >= model.contradictionThreshold && against.conflict) {
    const evidence = distinct([against, ...byContradiction.slice(1)]);
    return {
      verdict: "contradicted",
      score: round(against.contradiction),
      code: against.conflict.check,
      reason: `${against.conflict.reason} (${describe(corpus, against)})`,
      claim,
      evidence,
    };
  }
  const closest = best && best.alignment.coverage > 0.3 ? distinct(bySupport).slice(0, 2) : [];
  const reason = closest.length
    ? `no source says this; the closest passage (${describe(corpus, closest[0])}) does not mention ${missingWords(closest[0])}`
    : "no source in the corpus says this";
  return { verdict: "unsupported", score: round(1 - (best?.support ?? 0)), code: "unsupported", reason, claim, evidence: closest };
}

function describe(corpus: Corpus, j: WindowJudgement): string {
  const a = corpus.articles[j.window.article];
  const name = a.outlet ?? a.title ?? a.id.split("/").pop() ?? a.id;
  return a.date ? `${name}, ${a.date}` : name;
}

function missingWords(j: WindowJudgement): string {
  const a = j.alignment;
  const words = a.claim.units
    .filter((u, i) => a.match[i] < 0 && u.weight >= 0.75)
    .sort((x, y) => y.weight - x.weight)
    .slice(0, 3)
    .map((u) => `"${a.claim.text.slice(u.start, u.end)}"`);
  return words.length ? words.join(", ") : "all of it";
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}
