/** The held-out figures of a fit, as a summary for the terminal and a Markdown page (docs/model.md). */
import type { VerdictModel } from "../../server/src/engine";
import type { Case } from "./dataset";
import { figures, reliability, type Scored, type SetFigures } from "./metrics";

export interface HeldOut {
  c: Case;
  finding: { verdict: "supported" | "contradicted" | "unsupported" | "none"; score: number; supported: number };
}

/** Whether a finding's verdict is right for its gold label (FRANK's "not" is right as unsupported or contradicted). */
export function isRight(verdict: string, label: string): boolean {
  if (verdict === "supported") return label === "supported";
  if (verdict === "contradicted") return label === "contradicted" || label === "not";
  if (verdict === "unsupported") return label === "unsupported" || label === "not";
  return false;
}

const VERDICTS = ["supported", "contradicted", "unsupported"] as const;

function macroF1(items: readonly HeldOut[]): number {
  let sum = 0;
  for (const v of VERDICTS) {
    const tp = items.filter((x) => x.finding.verdict === v && x.c.label === v).length;
    const fp = items.filter((x) => x.finding.verdict === v && x.c.label !== v).length;
    const fn = items.filter((x) => x.finding.verdict !== v && x.c.label === v).length;
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / VERDICTS.length;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");

/** The figures of each set of sentences people judged right or wrong (FRANK's two, WiCE). */
function judgedFigures(held: readonly HeldOut[], origin: "frank" | "wice"): SetFigures[] {
  const sets = [...new Set(held.filter((h) => h.c.origin === origin).map((h) => h.c.set))].sort();
  return sets.map((set) => figures(set, held.filter((h) => h.c.set === set).map((h): Scored => ({ group: h.c.group, set, label: h.c.label, verdict: h.finding.verdict, score: h.finding.score }))));
}

export function writeReport(held: readonly HeldOut[], model: VerdictModel): { summary: string; markdown: string } {
  const frank = judgedFigures(held, "frank");
  const wice = judgedFigures(held, "wice");
  const mean = (k: keyof SetFigures) => frank.reduce((a, f) => a + (f[k] as number), 0) / frank.length;
  const own = held.filter((h) => h.c.origin === "generated" || h.c.origin === "labelled");
  const labelled = own.filter((h) => h.c.origin === "labelled");
  const kinds = new Map<string, { right: number; total: number }>();
  for (const h of own) {
    const k = kinds.get(h.c.kind) ?? { right: 0, total: 0 };
    k.total++;
    if (h.finding.verdict === h.c.label) k.right++;
    kinds.set(h.c.kind, k);
  }
  const human = held.filter((h) => h.c.origin !== "generated" && h.c.label !== "unknown" && h.finding.verdict !== "none");
  const table = reliability(human.map((h) => ({ score: h.finding.score, right: isRight(h.finding.verdict, h.c.label) })));
  const lines = [
    ...frank.map((f) => `${f.set.padEnd(12)} BA=${f3(f.ba)} AUC=${f3(f.auc)} sAUC=${f3(f.summaryAuc)} contradicted=${f.contradicted} (precision ${f3(f.contradictedPrecision)})`),
    `FRANK mean   BA=${f3(mean("ba"))} sAUC=${f3(mean("summaryAuc"))}`,
    ...wice.map((f) => `${f.set.padEnd(12)} BA=${f3(f.ba)} AUC=${f3(f.auc)} recall of supported=${f3(f.recallSupported)} contradicted=${f.contradicted} (precision ${f3(f.contradictedPrecision)})`),
    `own sets     macro-F1=${f3(macroF1(own))} on ${own.length} claims; hand-labelled macro-F1=${f3(macroF1(labelled))} on ${labelled.length}`,
  ];
  const md = [
    "# The verdict model: held-out figures",
    "",
    "Written by `npm run fit -- --report docs/model.md`. Every figure is on articles the model was not",
    "fitted on: claims are split into five folds by source article; each fold is predicted by a model",
    "fitted on the other four, calibrated and thresholded on those four's held-out predictions.",
    "",
    `The shipped model: ${model.fitted.claims} claims, ${model.features.length} features (and their products with \`${model.gate}\`),`,
    `the evidence window by coverage alone (no index's rank), same event at ${model.sameEvent} of the rest of the claim, supported at P ≥ ${model.thresholds.supported},`,
    `contradicted at P(wrong) ≥ ${model.thresholds.contradicted}${Object.entries(model.thresholds.byCheck ?? {}).map(([k, v]) => `, ≥ ${v} for ${k}`).join("")} (1 means never).`,
    "",
    "## FRANK (human judgements of news summaries)",
    "",
    "| set | sentences | balanced accuracy | ROC AUC | summary ROC AUC | contradicted | precision |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...frank.map((f) => `| ${f.set} | ${f.sentences} | ${f3(f.ba)} | ${f3(f.auc)} | ${f3(f.summaryAuc)} | ${f.contradicted} | ${f3(f.contradictedPrecision)} |`),
    `| mean | | ${f3(mean("ba"))} | ${f3(mean("auc"))} | ${f3(mean("summaryAuc"))} | | |`,
    "",
    "## WiCE (Wikipedia sentences judged against the pages they cite)",
    "",
    "Each sentence checked against its own cited pages; partly supported counts as not supported.",
    "",
    "| set | sentences | balanced accuracy | recall of supported | ROC AUC | contradicted | precision |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...wice.map((f) => `| ${f.set} | ${f.sentences} | ${f3(f.ba)} | ${f3(f.recallSupported)} | ${f3(f.auc)} | ${f.contradicted} | ${f3(f.contradictedPrecision)} |`),
    "",
    "## Our own sets (generated from corpora, and hand-labelled)",
    "",
    `Macro-F1 over the three verdicts: ${f3(macroF1(own))} on ${own.length} claims; the hand-labelled claims alone: ${f3(macroF1(labelled))} on ${labelled.length}.`,
    "",
    "| kind | claims | right |",
    "| --- | ---: | ---: |",
    ...[...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `| ${k} | ${v.total} | ${f3(v.right / v.total)} |`),
    "",
    "## Reliability of the score",
    "",
    "Held-out findings on human-labelled claims (FRANK, WiCE and the hand-labelled set), by score: how many, and",
    "the share whose verdict was right (FRANK's \"not\" counts as right for unsupported and contradicted).",
    "",
    "| score | findings | mean score | share right |",
    "| --- | ---: | ---: | ---: |",
    ...table.filter((b) => b.n > 0).map((b) => `| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.n} | ${f3(b.meanScore)} | ${f3(b.right)} |`),
    "",
  ];
  return { summary: lines.join("\n"), markdown: md.join("\n") };
}
