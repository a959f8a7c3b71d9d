/**
 * Scores the checker on labelled claim sets the way ../shared/eval/score.mjs
 * does (every claim a paragraph of one draft, checked in one run), in-process,
 * with a breakdown by kind of claim.
 *
 *   node --import tsx scripts/eval.ts CLAIMS.jsonl=CORPUS_DIR ...
 */
import { readFileSync } from "node:fs";
import { buildCorpus, checkDocument, LineIndex, type Corpus } from "../server/src/engine";
import { loadCorpus } from "../server/src/node/corpusLoader";
import type { LabelledClaim } from "./perturb";

export interface SetScore {
  claims: number;
  macroF1: number;
  /** Share of right supported/contradicted verdicts whose first evidence is from the gold article. */
  sourceAccuracy: number;
  /** Share of non-claims that were flagged. */
  noise: number;
  accuracy: number;
  confusion: Record<string, Record<string, number>>;
  /** Per kind: right / total. */
  kinds: Record<string, { right: number; total: number }>;
  misses: string[];
}

const CLASSES = ["supported", "contradicted", "unsupported", "none"] as const;

export function readClaims(file: string): LabelledClaim[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledClaim);
}

export function scoreSet(items: LabelledClaim[], corpus: Corpus): SetScore {
  const lines = ["# Draft", ""];
  const lineOf = new Map<string, number>();
  for (const it of items) {
    lineOf.set(it.id, lines.length);
    lines.push(it.claim, "");
  }
  const text = lines.join("\n");
  const { findings } = checkDocument({ path: "draft.md", text }, corpus);
  const index = new LineIndex(text);
  const confusion = Object.fromEntries(CLASSES.map((g) => [g, Object.fromEntries(CLASSES.map((p) => [p, 0]))])) as SetScore["confusion"];
  const kinds: SetScore["kinds"] = {};
  const misses: string[] = [];
  let srcTotal = 0;
  let srcOk = 0;
  for (const it of items) {
    const line = lineOf.get(it.id)!;
    const hit = findings.find((f) => index.positionAt(f.span.start).line <= line && index.positionAt(f.span.end).line >= line);
    const predicted = hit ? hit.verdict : "none";
    confusion[it.label][predicted]++;
    const kind = `${it.label}/${it.kind ?? "?"}`;
    kinds[kind] ??= { right: 0, total: 0 };
    kinds[kind].total++;
    if (predicted === it.label) kinds[kind].right++;
    else misses.push(`${it.id} [${kind}] got ${predicted}${hit ? ` (${hit.reason})` : ""}: ${it.claim}`);
    if ((it.label === "supported" || it.label === "contradicted") && predicted === it.label) {
      srcTotal++;
      const first = hit!.evidence[0];
      const base = first?.articleId.split("/").pop() ?? "";
      if (it.source && base.split(/[-_.]/)[0] === it.source) srcOk++;
      else misses.push(`${it.id}: right verdict, first evidence from ${base || "nowhere"} not ${it.source}`);
    }
  }
  let f1 = 0;
  for (const c of CLASSES.slice(0, 3)) {
    const tp = confusion[c][c];
    const fp = CLASSES.reduce((s, g) => s + (g === c ? 0 : confusion[g][c]), 0);
    const fn = CLASSES.reduce((s, p) => s + (p === c ? 0 : confusion[c][p]), 0);
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1 += p + r ? (2 * p * r) / (p + r) : 0;
  }
  const nones = Object.values(confusion.none).reduce((a, b) => a + b, 0);
  return {
    claims: items.length,
    macroF1: f1 / 3,
    sourceAccuracy: srcTotal ? srcOk / srcTotal : 0,
    noise: nones ? 1 - confusion.none.none / nones : 0,
    accuracy: CLASSES.reduce((a, c) => a + confusion[c][c], 0) / items.length,
    confusion,
    kinds,
    misses,
  };
}

export async function scoreFile(claimsFile: string, corpusDir: string): Promise<SetScore> {
  const { articles } = await loadCorpus([corpusDir]);
  return scoreSet(readClaims(claimsFile), buildCorpus(articles));
}

async function main(args: string[]): Promise<void> {
  for (const arg of args) {
    const [claims, dir] = arg.split("=");
    const s = await scoreFile(claims, dir ?? "corpus");
    console.log(`\n${claims} against ${dir ?? "corpus"}: ${s.claims} claims`);
    console.log(`  macro-F1 ${s.macroF1.toFixed(3)}  source ${s.sourceAccuracy.toFixed(3)}  noise ${s.noise.toFixed(3)}  accuracy ${s.accuracy.toFixed(3)}`);
    for (const [kind, k] of Object.entries(s.kinds).sort()) console.log(`  ${kind.padEnd(36)} ${k.right}/${k.total}`);
    if (process.env.MISSES) for (const m of s.misses) console.log(`  - ${m}`);
  }
}

if (process.argv[1]?.endsWith("eval.ts")) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
