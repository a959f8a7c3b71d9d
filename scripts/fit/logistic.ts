/** Fitting the verdict model's logistic regressions with ml-logistic-regression, and Platt scaling. */
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import type { LinearModel } from "../../server/src/engine/verify/model";

/** Gradient steps: enough for standardised inputs to converge (checked by the fit's held-out figures), few enough to stay quick. */
export const STEPS = 600;

/**
 * A logistic regression of `y` (0/1) on `X`, inputs standardised on the
 * training data and a constant input for the intercept. Deterministic: the
 * library starts from zero weights and descends the full gradient.
 */
export function fitLinear(X: readonly number[][], y: readonly number[], steps = STEPS): LinearModel {
  const d = X[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of X) for (let i = 0; i < d; i++) mean[i] += r[i] / X.length;
  for (const r of X) for (let i = 0; i < d; i++) std[i] += (r[i] - mean[i]) ** 2 / X.length;
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]) || 1;
  const Z = X.map((r) => [1, ...r.map((v, i) => (v - mean[i]) / std[i])]);
  const lr = new LogisticRegression({ numSteps: steps, learningRate: 1 / Math.max(1, X.length) });
  lr.train(new Matrix(Z), Matrix.columnVector([...y]));
  return { mean, std, classifier: JSON.parse(JSON.stringify(lr.toJSON())) };
}

const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));

/** Platt scaling: a and b of σ(a·logit(p) + b), fitted to held-out outcomes. */
export function fitPlatt(p: readonly number[], y: readonly number[]): [number, number] {
  if (!p.length || new Set(y).size < 2) return [1, 0];
  const lr = new LogisticRegression({ numSteps: 2000, learningRate: 1 / p.length });
  lr.train(new Matrix(p.map((x) => [1, logit(x)])), Matrix.columnVector([...y]));
  const w = lr.classifiers[0].weights.to1DArray();
  return [w[1], w[0]];
}
