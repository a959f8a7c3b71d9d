/**
 * The learned verdict model: two logistic regressions over the named
 * features of `features.ts`, fitted by `npm run fit` (scripts/fit-model.ts,
 * with scripts/fit/logistic.ts) on human-labelled news summaries (FRANK), claims
 * generated from corpora and hand-labelled claims, and written to model.json.
 *
 * - The support model gives P(supported) for a claim and one window of source
 *   text; the claim's evidence is the window the selection rule picks.
 * - The contradiction model gives P(the claim is wrong) for a claim whose best
 *   contradicting window differs from it in one thing (a figure, date, name,
 *   quotation or polarity).
 * Both are calibrated on held-out folds (Platt scaling), so a score of 0.8
 * means about 80 % of such findings were right there. The thresholds were
 * chosen on held-out folds too: "contradicted" only where its precision was at
 * least 0.9.
 */
import type { ConflictCheckId } from "./checks";
import fitted from "./model.json";

/** A logistic regression over standardised inputs (scripts/fit/logistic.ts fits it). */
export interface LinearModel {
  /** Mean and standard deviation of each input on the training data. */
  mean: number[];
  std: number[];
  /** The intercept, then one weight per standardised input. */
  weights: number[];
}

export interface VerdictModel {
  version: 2;
  /** The feature names the weights follow (`FEATURE_NAMES` when the model was fitted). */
  features: string[];
  /** A feature whose product with every feature is an input too (how much the claim copies its source changes what the rest mean). */
  gate: string | null;
  /** The share of the rest of the claim the disagreeing window must say for "the same event", and so for a contradiction. */
  sameEvent: number;
  support: LinearModel;
  contradiction: LinearModel;
  /** Platt scaling of each model's output: p' = σ(a·logit(p) + b). */
  calibration: { support: [number, number]; contradiction: [number, number] };
  /** Calibrated P(supported) at or above which a claim is supported; calibrated P(wrong) at or above which a conflict makes it contradicted. */
  thresholds: Thresholds;
  /** What it was fitted on, for `npm run fit -- --check` and the README. */
  fitted: { claims: number; data: string };
}

export interface Thresholds {
  /** Calibrated P(supported) at or above which a claim is supported. */
  supported: number;
  /** Calibrated P(wrong) at or above which a conflict makes a claim contradicted, for a check with no threshold of its own. */
  contradicted: number;
  /**
   * Per conflict check (its id), where held-out claims were enough to fit one:
   * a check whose conflicts are less often real errors (a name the source
   * gives in another role) needs a higher P(wrong) than a changed figure.
   */
  byCheck?: Partial<Record<ConflictCheckId, number>>;
}

/** The P(wrong) a conflict found by `check` needs for "contradicted". */
export function contradictionThreshold(thresholds: Thresholds, check: ConflictCheckId | undefined): number {
  const own = check !== undefined && thresholds.byCheck && Object.hasOwn(thresholds.byCheck, check) ? thresholds.byCheck[check] : undefined;
  return own ?? thresholds.contradicted;
}

/**
 * What no probability overrides: a window that disagrees with the claim (a
 * conflict check fired on it, or on its own sentence before a neighbour was
 * joined to it), or lacks one of its names, figures or dates, or an
 * article that never names someone the claim names, does not support the
 * claim, whatever else they share. (Fitted models learn these only as far as
 * their data shows them; a writer needs them always.)
 */
export function supportBlocked(model: Pick<VerdictModel, "features">, vector: readonly number[]): boolean {
  const at = (name: string) => vector[model.features.indexOf(name)] ?? 0;
  return at("conflicts_in_best") > 0 || at("neighbour_excuses_conflict") > 0 || at("missing_names") > 0 || at("missing_figures") > 0 || at("missing_dates") > 0 || at("novel_names") > 0;
}

/**
 * Whether a claim can be contradicted: the window picked as its evidence is
 * the one that disagrees with it, in one thing, while saying at least
 * `sameEvent` of the rest (the same event). Shared by the engine and the fit.
 */
export function sameEventConflict(model: Pick<VerdictModel, "features">, vector: readonly number[], sameEvent: number): boolean {
  const at = (name: string) => vector[model.features.indexOf(name)] ?? 0;
  return at("against_is_best") === 1 && at("against_rest") >= sameEvent;
}

/** The inputs of the linear models: the features, then their products with the gate. */
export function modelInputs(model: Pick<VerdictModel, "features" | "gate">, vector: readonly number[]): number[] {
  const out = [...vector];
  const g = model.gate ? model.features.indexOf(model.gate) : -1;
  if (g >= 0) for (const v of vector) out.push(v * vector[g]);
  return out;
}

/** P(y = 1) of a linear model for raw inputs (standardised here). */
export function probability(m: LinearModel, inputs: readonly number[]): number {
  let s = m.weights[0];
  inputs.forEach((v, i) => (s += m.weights[i + 1] * ((v - m.mean[i]) / (m.std[i] || 1))));
  const p = 1 / (1 + Math.exp(-s));
  return Number.isFinite(p) ? p : 0;
}

const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));

/** Platt scaling. */
export function calibrate(p: number, [a, b]: readonly [number, number]): number {
  return 1 / (1 + Math.exp(-(a * logit(p) + b)));
}

/** The fitted model; `npm run fit` rewrites model.json. */
export const DEFAULT_MODEL: VerdictModel = fitted as unknown as VerdictModel;
