/**
 * The labelled claims the verdict model learns from, each with the feature
 * vector of the window of source text `decide` would take as its evidence:
 * - FRANK: machine-written news summaries judged by people (test/fixtures/frank);
 * - claims generated from corpora (scripts/perturb.ts): source sentences,
 *   sentences with one name or figure swapped, and sentences of an article left
 *   out of the corpus;
 * - hand-labelled claims (test/fixtures/eval/*.jsonl);
 * - WiCE: Wikipedia sentences judged against the web pages they cite
 *   (test/fixtures/wice), each checked against its own pages.
 * Every case carries its fold (by article: claims about one article are never
 * split between fitting and scoring).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import {
  type Article, buildCorpus, type ClaimContext, type Corpus, decide, featureInput, featureValues, type FeatureValues,
  analyzeDraft, contextOf, judgeClaim, parseArticle, type Verdict, type VerdictModel, windowsToRead,
} from "../../server/src/engine";
import { loadCorpus } from "../../server/src/node/corpusLoader";
import { leftOutClaims, perturb, sourceId, type LabelledClaim } from "../perturb";
import { claimAt, foldOf, loadFrank } from "./frank";

export const FOLDS = 5;

export interface Window {
  /** The features with the window the selection rule picks (`rankWindows`) as the evidence. */
  features: FeatureValues;
}

export interface Case {
  id: string;
  /** Where the label comes from. */
  origin: "frank" | "wice" | "generated" | "labelled";
  /** The set it is scored in: `frank-cnndm`, `frank-bbc`, `wice`, `own`. */
  set: string;
  /** For FRANK, the summary (summary-level figures); else the claim itself. */
  group: string;
  fold: number;
  /** supported | not (FRANK, WiCE: wrong or not all supported, how not recorded) | contradicted | unsupported | unknown (summary level only). */
  label: string;
  /** The kind of claim (generated and labelled sets), for per-kind figures. */
  kind: string;
  /** The claim as checked, or null when the checker did not take the sentence for a claim. */
  plain: string | null;
  windows: Window[];
  /** Whether some window contradicts the claim (a conflict on the same event). */
  canContradict: boolean;
  /** The texts of the windows a reading model reads for the claim (`windowsToRead`), best first. */
  premises: string[];
  /**
   * The verdict the engine gives the claim with a shipped model, when the data
   * was built with one (`frankCases`' `shipped`): `decide` on the same judged
   * windows, as `verifyClaim` decides them.
   */
  shipped?: Verdict;
}

/** A stable fold for an id (an article's name): its number when it has one, else a hash. */
export function foldFor(id: string): number {
  if (/\d/.test(id) && /^f\d+$/.test(id)) return foldOf(id, FOLDS);
  return createHash("sha256").update(id).digest()[0] % FOLDS;
}

function judged(plain: string, corpus: Corpus, context: ClaimContext | undefined, shipped?: VerdictModel): Pick<Case, "windows" | "canContradict" | "premises" | "shipped"> {
  const j = judgeClaim(plain, corpus, context);
  // The model sees what `decide` sees: the window the selection rule picks (none when nothing was found).
  const input = featureInput(j, corpus);
  const out = { canContradict: input.against !== undefined, windows: [{ features: featureValues(input) }], premises: windowsToRead(j, corpus).map((w) => w.premise) };
  return shipped ? { ...out, shipped: decide(j, corpus, shipped).verdict } : out;
}

/** An article's key: its file name without the extension. */
export function articleKey(a: Article): string {
  return (a.id.split("/").pop() ?? a.id).replace(/\.[a-z0-9]+$/i, "");
}

/**
 * FRANK's sentences, checked against the pooled folder of its articles as the
 * CLI checks a draft of them; with `shipped`, each with the verdict the engine
 * gives it with that model too.
 */
export async function frankCases(dir: string, log: (s: string) => void, shipped?: VerdictModel): Promise<{ cases: Case[]; articles: Article[]; corpus: Corpus }> {
  const { articles } = await loadCorpus([`${dir}/corpus`]);
  const corpus = buildCorpus(articles);
  const sentences = loadFrank(dir);
  const cases: Case[] = [];
  sentences.forEach((s, i) => {
    if (i % 500 === 0) log(`FRANK: ${i} of ${sentences.length} sentences`);
    cases.push({
      id: `${s.summary}#${i}`, origin: "frank", set: `frank-${s.set}`, group: s.summary, fold: foldOf(s.article, FOLDS),
      label: s.label, kind: s.set, plain: s.plain,
      ...(s.plain ? judged(s.plain, corpus, s.context, shipped) : { windows: [], canContradict: false, premises: [] }),
    });
  });
  return { cases, articles, corpus };
}

/** Claims generated from a corpus: perturbed sentences checked against it, and sentences of each article left out. */
export function generatedCases(name: string, articles: Article[], corpus: Corpus, options: { perArticle: number; leftOut: number; seed: number }): Case[] {
  const cases: Case[] = [];
  const keyOf = new Map(articles.map((a) => [sourceId(a), articleKey(a)]));
  for (const c of perturb(articles, options.seed, options.perArticle)) {
    const gold = c.source ? keyOf.get(c.source) : undefined;
    cases.push(caseOf(name, c, gold, judged(c.claim, corpus, undefined)));
  }
  if (options.leftOut > 0 && articles.length > 1) {
    for (const left of articles) {
      const rest = buildCorpus(articles.filter((a) => a !== left));
      for (const c of leftOutClaims(left, options.leftOut)) cases.push(caseOf(name, { ...c, source: sourceId(left) }, undefined, judged(c.claim, rest, undefined)));
    }
  }
  return cases;
}

function caseOf(name: string, c: LabelledClaim, gold: string | undefined, j: Pick<Case, "windows" | "canContradict" | "premises">): Case {
  const article = gold ?? c.source ?? c.id;
  return {
    id: `${name}:${c.id}`, origin: "generated", set: "own", group: `${name}:${c.id}`, fold: foldFor(article),
    label: c.label, kind: `generated/${c.kind}`, plain: c.claim, ...j,
  };
}

/** Hand-labelled claims (one JSON object a line, as ../shared/eval/dev-claims.jsonl) checked against a corpus. */
export function labelledCases(file: string, corpus: Corpus): Case[] {
  const claims = readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledClaim);
  const keyOf = new Map(corpus.articles.map((a) => [sourceId(a), articleKey(a)]));
  return claims.filter((c) => c.label !== "none").map((c) => {
    const gold = c.source ? keyOf.get(c.source) : undefined;
    return {
      id: `${file}:${c.id}`, origin: "labelled" as const, set: "own", group: `${file}:${c.id}`, fold: foldFor(gold ?? c.source ?? c.id),
      label: c.label, kind: `labelled/${c.kind}`, plain: c.claim, ...judged(c.claim, corpus, undefined),
    };
  });
}

interface WiceRow {
  id: string;
  claim: string;
  /** The cited pages' sentences, as given (the first line is usually a title line). */
  evidence: string[];
  label: "supported" | "partially_supported" | "not_supported";
  /** The Wikipedia text just before the claim. */
  claim_context: string;
}

/**
 * WiCE's claims (test/fixtures/wice): each Wikipedia sentence as the last
 * sentence of a paragraph of its article's text before it (so "He" has its
 * antecedent, as in a draft), checked against its cited pages alone, one
 * plain-text source whose paragraphs are the given sentences. Supported, or
 * not (partly supported counts as not: a writer's sentence is supported
 * whole or it is not). The fold is a hash of the claim's id: each claim has
 * its own pages.
 */
export function wiceCases(file: string): Case[] {
  const rows = gunzipSync(readFileSync(file)).toString("utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as WiceRow);
  return rows.map((r) => {
    const corpus = buildCorpus([parseArticle(`${r.id}.txt`, r.evidence.join("\n\n") + "\n")]);
    const before = r.claim_context.replace(/\s+/g, " ").trim();
    const text = `${before ? `${before} ` : ""}${r.claim.trim()}\n`;
    const sentences = analyzeDraft(text, { checkHeadings: false }).sentences;
    // The draft sentence that covers the claim's middle (as FRANK's are found).
    const claim = claimAt(sentences, text.length - 1 - Math.floor(r.claim.trim().length / 2));
    return {
      id: `wice:${r.id}`, origin: "wice" as const, set: "wice", group: `wice:${r.id}`, fold: foldFor(r.id),
      label: r.label === "supported" ? "supported" : "not", kind: "wice", plain: claim ? claim.plain : null,
      ...(claim ? judged(claim.plain, corpus, contextOf(sentences, claim)) : { windows: [], canContradict: false, premises: [] }),
    };
  });
}

/** WiCE's claims, gzipped as ../shared/train gives them. */
export const WICE = "test/fixtures/wice/wice-dev.jsonl.gz";

/** The files the model is fitted from: FRANK, WiCE, the corpora claims are generated from, the hand-labelled claims. */
export const DATA = ["test/fixtures/frank", WICE, "corpus", "test/fixtures/eval/corpus", "test/fixtures/corpora/heldout", "test/fixtures/eval/heldout-claims.jsonl"];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name)));
}

/**
 * A digest of the training data (every file's path and bytes) and of the
 * feature names, so a shipped model can be checked against the data it was
 * fitted from (`fitted.data` in model.json).
 */
export function dataDigest(features: readonly string[]): string {
  const h = createHash("sha256");
  for (const file of DATA.flatMap(filesUnder)) h.update(file).update("\u0000").update(readFileSync(file)).update("\u0000");
  h.update(features.join(","));
  return h.digest("hex").slice(0, 16);
}
