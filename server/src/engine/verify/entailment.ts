/**
 * The reading model's place in the decision (issue #25). A scorer (an
 * entailment cross-encoder, run by the host: `node/nli/`) reads each claim
 * against its best source windows and answers P(entails), P(contradicts) and
 * P(neither) for each pair. The engine stays pure: it says which pairs to
 * score and turns the scores into a verdict; it never loads a model.
 */
import type { Corpus } from "../corpus/corpus";
import type { ClaimRequest, Verifier, VerifierAnswer } from "../session";
import type { VerdictModel } from "./model";
import { decide, judgeClaim, rankWindows, type Judgements, type Verification, type WindowJudgement } from "./verify";

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

/** How many windows of a claim the model reads (the strongest is taken, as SummaC, AlignScore and MiniCheck do). */
export const ENTAILMENT_WINDOWS = 8;

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

/** A verification and the model's reading of its windows, best entailing first. */
export interface EntailedVerification extends Verification {
  entailment: WindowEntailment[];
}

/** The windows of a claim the model reads: the selection rule's best first, distinct texts, at most `k`. */
export function windowsToRead(j: Judgements, corpus: Corpus, k = ENTAILMENT_WINDOWS): { judgement: WindowJudgement; premise: string }[] {
  const out: { judgement: WindowJudgement; premise: string }[] = [];
  const seen = new Set<string>();
  for (const judgement of rankWindows(j.judgements, corpus)) {
    const premise = windowText(corpus, judgement);
    if (!premise || seen.has(premise)) continue;
    seen.add(premise);
    out.push({ judgement, premise });
    if (out.length >= k) break;
  }
  return out;
}

/** Turns a claim's lexical verification and the model's readings into the verification given to the writer. */
export type EntailmentDecision = (lexical: Verification, readings: readonly WindowEntailment[], corpus: Corpus) => Verification;

/** Until a combination is fitted: the lexical verdict, with the model's readings attached (for the hover). */
export const lexicalDecision: EntailmentDecision = (lexical, readings) => ({ ...lexical, entailment: [...readings] } as EntailedVerification);

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
      const pending: ({ lexical: Verification; windows: { judgement: WindowJudgement; premise: string }[]; first: number } | { error: unknown })[] = [];
      const pairs: EntailmentPair[] = [];
      for (const c of claims) {
        try {
          const j = judgeClaim(c.plain, corpus, c.context, c.within);
          const lexical = decide(j, corpus, model);
          const windows = windowsToRead(j, corpus);
          pending.push({ lexical, windows, first: pairs.length });
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
          return decision(p.lexical, readings, corpus);
        } catch (error) {
          return { error };
        }
      });
    },
  };
}
