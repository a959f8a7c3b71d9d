/**
 * The reading model's scores of the fit's claims (issue #25).
 *
 *   node --import tsx scripts/fit/entailment.ts pairs CACHE.json PAIRS.jsonl
 *
 * writes every (window, claim) pair the fit's claims need scored (a `--cache`
 * file of `npm run fit`), for `training/score_pairs.py`, which scores them with
 * the exported model as the product's runtime does and writes a score table
 * (one JSON line a pair, keyed by `pairKey`).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { EntailmentScore } from "../../server/src/engine";
import type { Case } from "./dataset";

/** A pair's key in a score table: SHA-256 of the premise, NUL and the hypothesis, 32 hex digits. */
export function pairKey(premise: string, hypothesis: string): string {
  return createHash("sha256").update(`${premise}\u0000${hypothesis}`, "utf8").digest("hex").slice(0, 32);
}

export type ScoreTable = Map<string, EntailmentScore>;

/**
 * A score table written by `training/score_pairs.py` (gzipped when its name
 * ends in .gz), with the SHA-256 of the model that scored it; a table that does
 * not name exactly one model is refused.
 */
export function loadScores(file: string): { table: ScoreTable; model: string } {
  const table: ScoreTable = new Map();
  const models = new Set<string>();
  const bytes = readFileSync(file);
  for (const line of (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as (EntailmentScore & { key: string }) | { model: string };
    if ("model" in r) models.add(r.model);
    else table.set(r.key, { entail: r.entail, contradict: r.contradict, neither: r.neither, cut: r.cut });
  }
  if (models.size !== 1) throw new Error(`${file}: names ${models.size === 0 ? "no model" : `${models.size} models`}; score it again with training/score_pairs.py`);
  return { table, model: [...models][0] };
}

/** The scores of a claim's windows, best first (undefined when one is missing from the table). */
export function readingsOf(c: Case, table: ScoreTable): EntailmentScore[] | undefined {
  if (c.plain === null) return [];
  const out: EntailmentScore[] = [];
  for (const premise of c.premises) {
    const s = table.get(pairKey(premise, c.plain));
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

function writePairs(cases: readonly Case[], file: string): number {
  const lines = new Set<string>();
  for (const c of cases) if (c.plain !== null) for (const premise of c.premises) lines.add(JSON.stringify({ premise, hypothesis: c.plain }));
  writeFileSync(file, [...lines].join("\n") + "\n");
  return lines.size;
}

if (process.argv[1]?.endsWith("entailment.ts") && process.argv[2] === "pairs") {
  const { cases } = JSON.parse(readFileSync(process.argv[3], "utf8")) as { cases: Case[] };
  console.log(`${writePairs(cases, process.argv[4])} pairs from ${cases.length} claims`);
}
