/**
 * The reading model's place in the decision (issue #25). A scorer (an
 * entailment cross-encoder, run by the host: `node/nli/`) reads each claim
 * against its best source windows and answers P(entails), P(contradicts) and
 * P(neither) for each pair. The engine stays pure: it says which pairs to
 * score and turns the scores into a verdict; it never loads a model.
 */
import type { Corpus } from "../corpus/corpus";
import type { ClaimRequest, Verifier, VerifierAnswer } from "../session";
import { sameEventConflict, supportBlocked, type VerdictModel } from "./model";
import fittedReading from "./model.reading.json";
import { decide, judgeClaim, lexicalView, type Judgements, type Verification, type WindowJudgement } from "./verify";

/** One (premise, hypothesis) pair for the model: a source window's text and the claim. */
export interface EntailmentPair {
  premise: string;
  hypothesis: string;
}

/** The model's answer for one pair. */
export interface EntailmentScore {
  entail: number;
  contradict: number;
  neither: number;
  /** The pair was longer than the model's window and was cut (the premise first). */
  cut: boolean;
}

/** What scores pairs: a model on this thread or another, or a cache in front of one. */
export interface EntailmentScorer {
  /** Names the model in the status bar and the CLI (e.g. its file's SHA-256 prefix). */
  readonly name: string;
  score(pairs: readonly EntailmentPair[]): Promise<readonly EntailmentScore[]>;
}

/**
 * How many windows of a claim the model reads (the strongest is taken, as
 * SummaC, AlignScore and MiniCheck do). Two: held out (npm run fit, five folds),
 * reading the first two windows instead of four gave FRANK mean balanced
 * accuracy 0.608 against 0.605, summary AUC 0.723 against 0.728, WiCE's
 * Wikipedia claims 0.570 against 0.572 (ROC AUC 0.674 against 0.673), our own
 * sets 0.776 both, the same right "contradicted" calls, for half the model's
 * runs; one window gave 0.601 / 0.727. (Earlier, four gave what eight did.)
 */
export const ENTAILMENT_WINDOWS = 2;

/** A source window's text, as the model reads it: its sentences joined by one space. */
export function windowText(corpus: Corpus, j: WindowJudgement): string {
  const a = corpus.articles[j.window.article];
  return a.text.slice(j.window.span.start, j.window.span.end).replace(/\s+/g, " ").trim();
}

/** The model's reading of one window of a claim. */
export interface WindowEntailment {
  judgement: WindowJudgement;
  score: EntailmentScore;
}

/** A verification and the model's reading of the windows it read, in the order it read them (`windowsToRead`). */
export interface EntailedVerification extends Verification {
  entailment: WindowEntailment[];
}

/**
 * Whether the model's reading can change a claim's verdict. A claim that no
 * window can support (its sources lack one of its names, figures or dates, or
 * the picked window disagrees with it: `supportBlocked`) and whose picked
 * window is not the one that disagrees with it in one thing (so it cannot be
 * contradicted, `sameEventConflict`) is unsupported whatever the model says;
 * the model does not read it, and its reading features are those of a claim
 * read in no window (0). The fit computes them the same way (its premises come
 * from `windowsToRead`).
 */
export function readingCanChange(j: Judgements, corpus: Corpus): boolean {
  const f = lexicalView(j, corpus).features;
  // A conflict on the same event at any share of the rest: the fitted share (`sameEvent`) is chosen after the model has read.
  return !supportBlocked(f) || sameEventConflict(f, 0);
}

/** The windows of a claim the model reads: the selection rule's best first, distinct texts, at most `k`; none where the reading cannot change the verdict (`readingCanChange`). */
export function windowsToRead(j: Judgements, corpus: Corpus, k = ENTAILMENT_WINDOWS): { judgement: WindowJudgement; premise: string }[] {
  const out: { judgement: WindowJudgement; premise: string }[] = [];
  const seen = new Set<string>();
  const { ranked } = lexicalView(j, corpus);
  if (!readingCanChange(j, corpus)) return out;
  for (const judgement of ranked) {
    const premise = windowText(corpus, judgement);
    if (!premise || seen.has(premise)) continue;
    seen.add(premise);
    out.push({ judgement, premise });
    if (out.length >= k) break;
  }
  return out;
}

/** Turns a claim's judged windows and the model's readings of the best of them into the verification given to the writer. */
export type EntailmentDecision = (j: Judgements, readings: readonly WindowEntailment[], corpus: Corpus, model: VerdictModel) => Verification;

/** The lexical verdict (the session's model), with the model's readings attached (for the hover). */
export const lexicalDecision: EntailmentDecision = (j, readings, corpus, model) => ({ ...decide(j, corpus, model), entailment: [...readings] } as EntailedVerification);

/**
 * The shipped verdict model that reads (`npm run fit` writes it from the
 * entailment model's answers in test/fixtures/fit/entailment-scores.jsonl.gz);
 * `reads` names the entailment model it was fitted with.
 */
export const READING_MODEL: VerdictModel = fittedReading as unknown as VerdictModel;

/**
 * The decision for the answers of the entailment model whose SHA-256 is
 * `sha256`: the reading verdict model, when it was fitted with that model's
 * answers; else undefined, and the host checks with the lexical decision and
 * says why (another model's probabilities would not mean what the weights
 * were fitted to).
 */
export function decisionFor(sha256: string): EntailmentDecision | undefined {
  return READING_MODEL.reads === sha256 ? readingDecision(READING_MODEL) : undefined;
}

/**
 * The verdict of a verdict model fitted with the reading features
 * (`model.reading.json`, `npm run fit -- --entailment`): the precise checks
 * and the model's readings weighed together, with the readings attached.
 */
export function readingDecision(readingModel: VerdictModel): EntailmentDecision {
  return (j, readings, corpus) => ({ ...decide(j, corpus, readingModel, readings.map((r) => r.score)), entailment: [...readings] } as EntailedVerification);
}

/**
 * A verifier that reads: the engine's own judgement of each claim's windows,
 * then the model's reading of the best of them (one call of the scorer per
 * batch of claims), combined by `decision`. A claim the engine fails on is
 * answered `{ error }`; a scorer that fails fails the batch's claims alike.
 */
export function entailmentVerifier(scorer: EntailmentScorer, decision: EntailmentDecision = lexicalDecision): Verifier {
  return {
    name: scorer.name,
    async verify(claims: readonly ClaimRequest[], corpus: Corpus, model: VerdictModel): Promise<VerifierAnswer[]> {
      const pending: ({ j: Judgements; windows: { judgement: WindowJudgement; premise: string }[]; first: number } | { error: unknown })[] = [];
      const pairs: EntailmentPair[] = [];
      for (const c of claims) {
        try {
          const j = judgeClaim(c.plain, corpus, c.context, c.within);
          const windows = windowsToRead(j, corpus);
          pending.push({ j, windows, first: pairs.length });
          for (const w of windows) pairs.push({ premise: w.premise, hypothesis: c.plain });
        } catch (error) {
          pending.push({ error });
        }
      }
      let scores: readonly EntailmentScore[];
      try {
        scores = pairs.length ? await scorer.score(pairs) : [];
      } catch (error) {
        return pending.map(() => ({ error }));
      }
      return pending.map((p) => {
        if ("error" in p) return p;
        try {
          const readings = p.windows.map((w, i) => ({ judgement: w.judgement, score: scores[p.first + i] }));
          return decision(p.j, readings, corpus, model);
        } catch (error) {
          return { error };
        }
      });
    },
  };
}
