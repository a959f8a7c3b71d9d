/**
 * The fit's logistic regression (scripts/fit/logistic.ts): it finds the
 * weights that made the data, a claim of weight k counts as k copies of it,
 * and Platt scaling undoes a known distortion of probabilities.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLinear, fitPlatt } from "../scripts/fit/logistic";
import { probability } from "../server/src/engine/verify/model";

/** A small deterministic generator (the fit itself draws nothing at random). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Rows of two inputs with P(y = 1) = σ(0.5 + 2·x0 − 1·x1). */
function sample(n: number, seed: number): { X: number[][]; y: number[] } {
  const r = lcg(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [r() * 4 - 2, r() * 4 - 2];
    X.push(x);
    y.push(r() < 1 / (1 + Math.exp(-(0.5 + 2 * x[0] - x[1]))) ? 1 : 0);
  }
  return { X, y };
}

test("the fit recovers the weights that generated the data", () => {
  const { X, y } = sample(4000, 7);
  const m = fitLinear(X, y, undefined, 1e-6);
  // Back from standardised inputs to raw ones.
  const w0 = m.weights[1] / m.std[0];
  const w1 = m.weights[2] / m.std[1];
  const b = m.weights[0] - w0 * m.mean[0] - w1 * m.mean[1];
  assert.ok(Math.abs(w0 - 2) < 0.25 && Math.abs(w1 + 1) < 0.2 && Math.abs(b - 0.5) < 0.2, JSON.stringify({ w0, w1, b }));
});

test("a row of weight 3 counts as three copies of it", () => {
  const { X, y } = sample(300, 11);
  const w = X.map((_, i) => (i % 4 === 0 ? 3 : 1));
  const copiesX = X.flatMap((x, i) => new Array(w[i]).fill(x));
  const copiesY = y.flatMap((v, i) => new Array(w[i]).fill(v));
  const weighed = fitLinear(X, y, w);
  const copied = fitLinear(copiesX, copiesY);
  for (const x of [[0, 0], [1, -1], [-1.5, 2]]) {
    assert.ok(Math.abs(probability(weighed, x) - probability(copied, x)) < 1e-6, `at ${x}`);
  }
});

test("the penalty shrinks the weights towards none", () => {
  const { X, y } = sample(500, 3);
  const loose = fitLinear(X, y, undefined, 1e-6);
  const tight = fitLinear(X, y, undefined, 1e4);
  assert.ok(Math.abs(tight.weights[1]) < Math.abs(loose.weights[1]) / 2, `${tight.weights[1]} vs ${loose.weights[1]}`);
});

test("Platt scaling undoes an overconfident score", () => {
  const r = lcg(5);
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const truth = r();
    // The score says σ(3·logit(truth)): right in order, far too sure.
    p.push(1 / (1 + Math.exp(-3 * Math.log(truth / (1 - truth)))));
    y.push(r() < truth ? 1 : 0);
  }
  const [a, b] = fitPlatt(p, y);
  assert.ok(Math.abs(a - 1 / 3) < 0.05 && Math.abs(b) < 0.1, `a = ${a}, b = ${b}`);
});
