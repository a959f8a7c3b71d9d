/** The figures a fit is judged by, computed as ../shared/eval/score-summaries.mjs computes them. */

/** ROC AUC of scores `x` for positives `y` (ties count half). */
export function auc(pairs: ReadonlyArray<{ y: boolean; x: number }>): number {
  const sorted = [...pairs].sort((a, b) => a.x - b.x);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].x === sorted[i].x) j++;
    const mid = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k].y) {
        pos++;
        rankSum += mid;
      } else neg++;
    }
    i = j;
  }
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Scored {
  /** The unit of summary-level AUC (a summary), or the claim's own id. */
  group: string;
  set: string;
  /** Gold: "supported", "not" (wrong, unsure how), "contradicted", "unsupported", or "unknown" (summary level only). */
  label: string;
  verdict: "supported" | "contradicted" | "unsupported" | "none";
  /** The finding's score: calibrated confidence in its verdict. */
  score: number;
}

/** The scorer's support estimate of a finding. */
export function estimate(s: Scored): number {
  if (s.verdict === "supported") return 0.5 + 0.5 * s.score;
  if (s.verdict === "unsupported") return 0.5 * (1 - s.score);
  return 0;
}

export interface SetFigures {
  set: string;
  sentences: number;
  ba: number;
  recallSupported: number;
  recallNot: number;
  auc: number;
  summaryAuc: number;
  contradicted: number;
  contradictedPrecision: number;
}

export function figures(set: string, all: readonly Scored[]): SetFigures {
  const gs = all.filter((g) => g.label !== "unknown");
  const P = gs.filter((g) => g.label === "supported");
  const N = gs.filter((g) => g.label !== "supported");
  const tp = P.filter((g) => g.verdict === "supported").length;
  const tn = N.filter((g) => g.verdict !== "supported").length;
  const bySummary = new Map<string, Scored[]>();
  for (const g of all) bySummary.set(g.group, [...(bySummary.get(g.group) ?? []), g]);
  const contra = gs.filter((g) => g.verdict === "contradicted");
  return {
    set,
    sentences: gs.length,
    ba: 0.5 * (tp / P.length + tn / N.length),
    recallSupported: tp / P.length,
    recallNot: tn / N.length,
    auc: auc(gs.map((g) => ({ y: g.label === "supported", x: estimate(g) }))),
    summaryAuc: auc([...bySummary.values()].map((v) => ({ y: v.every((g) => g.label === "supported"), x: Math.min(...v.map(estimate)) }))),
    contradicted: contra.length,
    contradictedPrecision: contra.length ? contra.filter((g) => g.label !== "supported").length / contra.length : NaN,
  };
}

export function formatFigures(f: SetFigures): string {
  return `${f.set.padEnd(8)} n=${String(f.sentences).padStart(5)} BA=${f.ba.toFixed(3)} recallS=${f.recallSupported.toFixed(3)} recallNot=${f.recallNot.toFixed(3)} AUC=${f.auc.toFixed(3)} sAUC=${f.summaryAuc.toFixed(3)} contradicted=${f.contradicted} (precision ${f.contradictedPrecision.toFixed(2)})`;
}

/** Reliability: score buckets of width 0.1 → how many findings, and the share right. */
export function reliability(items: ReadonlyArray<{ score: number; right: boolean }>): Array<{ from: number; to: number; n: number; right: number; meanScore: number }> {
  const out = [];
  for (let b = 0; b < 10; b++) {
    const from = b / 10;
    const to = (b + 1) / 10;
    const inside = items.filter((x) => x.score >= from && (x.score < to || (b === 9 && x.score <= 1)));
    out.push({
      from, to, n: inside.length,
      right: inside.length ? inside.filter((x) => x.right).length / inside.length : NaN,
      meanScore: inside.length ? inside.reduce((a, x) => a + x.score, 0) / inside.length : NaN,
    });
  }
  return out;
}
