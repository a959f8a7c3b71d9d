// Declarations for dependencies that ship no types of their own.
declare module "wink-porter2-stemmer" {
  /** Porter2 (Snowball English) stem of a lower-case word. */
  export default function stem(word: string): string;
}
declare module "stopword" {
  /** The package's English stop-word list. */
  export const eng: string[];
}
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";
  /** One-vs-all logistic regression by gradient descent (mljs). */
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** `Y` is a column of class numbers 0..k-1; classifier i is trained to give P(class ≠ i). */
    train(X: Matrix, Y: Matrix): void;
    classifiers: Array<{ weights: Matrix; testScores(X: Matrix): number[] }>;
    toJSON(): unknown;
    static load(model: unknown): LogisticRegression;
  }
}
