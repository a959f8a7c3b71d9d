/**
 * Fits the verdict model's thresholds (server/src/engine/verify/model.json) on
 * labelled claims: claims generated from each corpus (scripts/perturb.ts) and
 * hand-labelled sets. Prints macro-F1 before and after.
 *
 *   node --import tsx scripts/fit-model.ts --corpus corpus --set test/fixtures/eval/sample-claims.jsonl=corpus [--write]
 *
 * Every corpus given with --corpus (or named by a --set) contributes generated
 * claims; each --set CLAIMS=CORPUS adds hand-labelled claims checked against CORPUS.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { buildCorpus, type Corpus } from "../server/src/engine";
import type { Article } from "../server/src/engine/types";
import { DEFAULT_MODEL, type VerdictModel } from "../server/src/engine/verify/model";
import { decide, judgeClaim, type Judgements } from "../server/src/engine/verify/verify";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { leftOutClaims, perturb, type LabelledClaim } from "./perturb";

export interface Case {
  claim: LabelledClaim;
  corpus: Corpus;
  judged: Judgements;
}

const VERDICTS = ["supported", "contradicted", "unsupported"] as const;

/** Macro-F1 over the three verdicts. */
export function macroF1(pairs: Array<{ gold: string; predicted: string }>): number {
  let sum = 0;
  for (const c of VERDICTS) {
    const tp = pairs.filter((p) => p.gold === c && p.predicted === c).length;
    const fp = pairs.filter((p) => p.gold !== c && p.predicted === c).length;
    const fn = pairs.filter((p) => p.gold === c && p.predicted !== c).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return sum / VERDICTS.length;
}

export function evaluate(cases: Case[], model: VerdictModel): number {
  return macroF1(cases.map((c) => ({ gold: c.claim.label, predicted: decide(c.judged, c.corpus, model).verdict })));
}

/** Generated claims for one corpus: perturbations, and left-out articles as unsupported. */
export function generatedCases(articles: Article[], seed = 7): Case[] {
  const corpus = buildCorpus(articles);
  const cases: Case[] = perturb(articles, seed).map((claim) => ({ claim, corpus, judged: judgeClaim(claim.claim, corpus) }));
  if (articles.length > 1) {
    for (const left of articles) {
      const rest = buildCorpus(articles.filter((a) => a !== left));
      for (const claim of leftOutClaims(left, 8)) cases.push({ claim, corpus: rest, judged: judgeClaim(claim.claim, rest) });
    }
  }
  return cases;
}

export function labelledCases(file: string, corpus: Corpus): Case[] {
  const claims = readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledClaim);
  return claims.filter((c) => c.label !== "none").map((claim) => ({ claim, corpus, judged: judgeClaim(claim.claim, corpus) }));
}

const GRID: Record<keyof VerdictModel, number[]> = {
  supportThreshold: [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85],
  contradictionThreshold: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85],
  margin: [0, 0.05, 0.1, 0.2],
  disagreementThreshold: [DEFAULT_MODEL.disagreementThreshold],
  unsupportedPenalty: [0.5, 0.6, 0.7],
  polarityWeight: [0.8, 0.9, 1],
};

/** Exhaustive search over the grid; ties keep the value nearest the middle of the grid order. */
export function fit(cases: Case[]): { model: VerdictModel; f1: number } {
  let best = { model: { ...DEFAULT_MODEL }, f1: evaluate(cases, DEFAULT_MODEL) };
  for (const supportThreshold of GRID.supportThreshold)
    for (const contradictionThreshold of GRID.contradictionThreshold)
      for (const margin of GRID.margin)
        for (const unsupportedPenalty of GRID.unsupportedPenalty)
          for (const polarityWeight of GRID.polarityWeight) {
            const model = { ...DEFAULT_MODEL, supportThreshold, contradictionThreshold, margin, unsupportedPenalty, polarityWeight };
            const f1 = evaluate(cases, model);
            if (f1 > best.f1 + 1e-9) best = { model, f1 };
          }
  return best;
}

async function main(argv: string[]): Promise<void> {
  const corpora = new Map<string, Article[]>();
  const sets: Array<[string, string]> = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--corpus") corpora.set(argv[++i], []);
    else if (argv[i] === "--set") {
      const [claims, dir] = argv[++i].split("=");
      sets.push([claims, dir]);
      corpora.set(dir, []);
    }
  }
  const built = new Map<string, Corpus>();
  for (const dir of corpora.keys()) {
    const { articles } = await loadCorpus([dir]);
    corpora.set(dir, articles);
    built.set(dir, buildCorpus(articles));
  }
  const cases: Case[] = [];
  for (const [dir, articles] of corpora) {
    const generated = generatedCases(articles);
    console.error(`${dir}: ${generated.length} generated claims`);
    cases.push(...generated);
  }
  for (const [claims, dir] of sets) {
    const labelled = labelledCases(claims, built.get(dir)!);
    console.error(`${claims}: ${labelled.length} labelled claims`);
    cases.push(...labelled);
  }
  console.error(`macro-F1 with the current model: ${evaluate(cases, DEFAULT_MODEL).toFixed(3)} on ${cases.length} claims`);
  const { model, f1 } = fit(cases);
  console.error(`macro-F1 with the fitted model:  ${f1.toFixed(3)}`);
  console.log(JSON.stringify(model, null, 2));
  if (argv.includes("--write")) writeFileSync(new URL("../server/src/engine/verify/model.json", import.meta.url), JSON.stringify(model, null, 2) + "\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
