/**
 * The few numbers that turn alignment scores into verdicts. They are fitted by
 * `scripts/fit-model.ts` on labelled fixtures and on perturbations generated from
 * a corpus (see ARCHITECTURE.md), not set for any one corpus.
 */
import fitted from "./model.json";

export interface VerdictModel {
  /** Support score at or above which a claim is supported. */
  supportThreshold: number;
  /** Contradiction score at or above which a claim is contradicted. */
  contradictionThreshold: number;
  /** Contradiction score at which another source is reported as disagreeing with a supported claim. */
  disagreementThreshold: number;
  /** How much a contradiction must beat the best support to override it. */
  margin: number;
  /** Factor on the support score of a window that disagrees or lacks a name, figure or date. */
  unsupportedPenalty: number;
  /** Factor on contradictions that rest on negation or opposite words rather than a changed figure or name. */
  polarityWeight: number;
}

/** The fitted values; `npm run fit` rewrites model.json. */
export const DEFAULT_MODEL: VerdictModel = { ...fitted };
