/**
 * Verdicts do not depend on which index ranked the evidence (issue #23): the
 * embedded index ranks passages by BM25+ and articles as wholes, the
 * PostgreSQL archive by `ts_rank_cd` and summed passage hits. For random
 * corpora (subsets of FRANK's news articles, in random order) and claims
 * (summary sentences written from them; their own sentences, some with a
 * figure or a word changed), an index that returns the
 * same passages in another order, with no article ranking, gives the same
 * findings as the embedded index: verdicts, scores, reasons, corrections and
 * evidence.
 */
import { before, test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Article, buildCorpus, checkDocument, type Corpus } from "../server/src/engine";
import type { EvidenceIndex, SearchHit } from "../server/src/engine/retrieval/evidenceIndex";
import { loadCorpus } from "../server/src/node/corpusLoader";

let pool: Article[];
/** FRANK's machine-written summary sentences per article (the file name without .txt): paraphrase, the claims ranking could sway. */
const summaries = new Map<string, string[]>();

before(async () => {
  pool = (await loadCorpus(["test/fixtures/frank/corpus"])).articles.slice(0, 120);
  for (const line of readFileSync("test/fixtures/frank/summaries.jsonl", "utf8").split("\n").filter(Boolean)) {
    const s = JSON.parse(line) as { source: string; sentences: Array<{ text: string }> };
    summaries.set(s.source, [...(summaries.get(s.source) ?? []), ...s.sentences.map((x) => x.text)]);
  }
});

/** The same passages as `index` finds, in an order that `seed` scrambles, with scores that say nothing; no article ranking. */
function otherRanking(index: EvidenceIndex, seed: number): EvidenceIndex {
  const scramble = (h: SearchHit) => ((h.article * 7919 + h.passage * 104729 + seed) % 1009) / 1009;
  return {
    size: index.size,
    search: (terms, limit) => index.search(terms, limit).map((h) => ({ ...h, score: scramble(h) })).sort((a, b) => b.score - a.score),
  };
}

/**
 * Claims about the articles: summary sentences written from them, and one of
 * each article's own sentences as it is, with a figure changed and with a word left out.
 */
function claimsOf(articles: readonly Article[], pick: number): string[] {
  const out: string[] = [];
  for (const a of articles) {
    const written = summaries.get(a.id.split("/").pop()!.replace(/\.txt$/, "")) ?? [];
    out.push(...written.slice(pick % 4, (pick % 4) + 4));
    const sentences = a.passages.map((p) => a.text.slice(p.span.start, p.span.end).replace(/\s+/g, " ").trim()).filter((s) => s.length > 40 && s.length < 300);
    if (!sentences.length) continue;
    const s = sentences[pick % sentences.length];
    out.push(s, s.replace(/\d+/, (d) => String(Number(d) + 3)), s.replace(/ \w+ /, " "));
  }
  return out;
}

test("property: the same findings whatever order an index gives the same passages in", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 119 }), { minLength: 3, maxLength: 8 }), fc.nat(50), fc.nat(1000), (picks, pick, seed) => {
      const articles = picks.map((i) => pool[i]);
      const embedded = buildCorpus(articles);
      const other: Corpus = buildCorpus(articles, { aliasData: embedded.aliasData, index: otherRanking(embedded.index, seed) });
      const text = claimsOf(articles.slice(0, 3), pick).join("\n\n") + "\n";
      const findings = (c: Corpus) => checkDocument({ path: "d.md", text }, c).findings;
      assert.deepEqual(findings(other), findings(embedded));
    }),
    { numRuns: Number(process.env.GROUNDED_RANK_RUNS ?? 12), seed: 2312, includeErrorInReport: true },
  );
});
