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
import { isConflictCheckId, type ConflictCheckId } from "./checks";
import { FEATURE_NAMES, type FeatureName, type FeatureValues, READING_FEATURE_NAMES } from "./features";
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
  /** The feature names the weights follow (`FEATURE_NAMES` when the model was fitted); `checkModel` holds them to the engine's. */
  features: readonly FeatureName[];
  /** A feature whose product with every feature is an input too (how much the claim copies its source changes what the rest mean). */
  gate: FeatureName | null;
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
  /** A model that reads (its features end with `READING_FEATURE_NAMES`): the SHA-256 of the entailment model whose answers it was fitted on. */
  reads?: string;
}

/** Whether a model's decision needs an entailment model's readings. */
export function readsEntailment(model: Pick<VerdictModel, "features">): boolean {
  return model.features.some((name) => (READING_FEATURE_NAMES as readonly string[]).includes(name));
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
  return (check === undefined ? undefined : thresholds.byCheck?.[check]) ?? thresholds.contradicted;
}

/**
 * What no probability overrides: a window that disagrees with the claim (a
 * conflict check fired on it, or on its own sentence before a neighbour was
 * joined to it), or lacks one of its names, figures or dates, or says
 * another noun or verb where the claim has one of its own (`substituted_words`:
 * "new schools" where the window says "new hospitals"), or an article that
 * never names someone the claim names, does not support the claim, whatever
 * else they share. (Fitted models learn these only as far as
 * their data shows them; a writer needs them always.)
 */
export function supportBlocked(f: FeatureValues): boolean {
  return f.conflicts_in_best > 0 || f.neighbour_excuses_conflict > 0 || f.missing_names > 0 || f.missing_figures > 0 || f.missing_dates > 0 || f.novel_names > 0 || f.substituted_words > 0;
}

/**
 * Whether a claim can be contradicted: the window picked as its evidence is
 * the one that disagrees with it, in one thing, while saying at least
 * `sameEvent` of the rest (the same event). Shared by the engine and the fit.
 */
export function sameEventConflict(f: FeatureValues, sameEvent: number): boolean {
  return f.against_is_best === 1 && f.against_rest >= sameEvent;
}

/** The inputs of the linear models: the features in the model's order, then their products with the gate. */
export function modelInputs(model: Pick<VerdictModel, "features" | "gate">, f: FeatureValues): number[] {
  const value = (name: FeatureName) => {
    const v = f[name];
    if (v === undefined) throw new Error(`the verdict model reads "${name}", which only a claim an entailment model read has`);
    return v;
  };
  const vector = model.features.map(value);
  const out = [...vector];
  if (model.gate) {
    const g = value(model.gate);
    for (const v of vector) out.push(v * g);
  }
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

/**
 * The fitted model; `npm run fit` rewrites model.json. It is checked
 * (`checkModel`) when a decision first uses it, not when it is imported: the
 * fit imports the engine, and must run when a feature was just added or
 * renamed and model.json does not know it yet.
 */
export const DEFAULT_MODEL: VerdictModel = fitted as unknown as VerdictModel;

const checked = new WeakSet<object>();

/**
 * A model whose names are the engine's, else an error that names what differs:
 * a feature model.json lists that `features.ts` does not compute (unknown, or
 * renamed), a feature the engine computes that model.json has no weight for
 * (missing), a gate that is no feature, a per-check threshold for no conflict
 * check, or heads whose weights do not follow the features. Each model object
 * is checked once.
 */
export function checkModel(model: VerdictModel): VerdictModel {
  if (checked.has(model)) return model;
  const problems: string[] = [];
  const names: readonly string[] = Array.isArray(model.features) ? model.features : [];
  // A lexical model has every lexical feature; a model that reads has the reading features after them.
  const expected: readonly string[] = readsEntailment({ features: names as readonly FeatureName[] }) ? [...FEATURE_NAMES, ...READING_FEATURE_NAMES] : FEATURE_NAMES;
  const known = new Set<string>(expected);
  for (const name of names) if (!known.has(name)) problems.push(`unknown feature "${name}" (features.ts computes no feature of that name)`);
  for (const name of expected) if (!names.includes(name)) problems.push(`missing feature "${name}" (features.ts computes it; the model has no weight for it)`);
  if (new Set(names).size !== names.length) problems.push("a feature is listed twice");
  if (model.gate !== null && !known.has(model.gate)) problems.push(`unknown gate feature "${model.gate}"`);
  for (const check of Object.keys(model.thresholds?.byCheck ?? {})) if (!isConflictCheckId(check)) problems.push(`a threshold for "${check}", which is no conflict check`);
  const inputs = names.length * (model.gate === null ? 1 : 2);
  for (const head of ["support", "contradiction"] as const) {
    const m = model[head];
    if (m?.mean?.length !== inputs || m.std?.length !== inputs || m.weights?.length !== inputs + 1) problems.push(`the ${head} head's weights do not follow its ${inputs} inputs`);
  }
  if (problems.length) throw new Error(`the verdict model does not fit the engine: ${problems.join("; ")}. Refit it: npm run fit -- --write --report docs/model.md`);
  checked.add(model);
  return model;
}
