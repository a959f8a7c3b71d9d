/**
 * Indexes a corpus in a worker thread (`indexWorker.ts`) and rebuilds the
 * `Corpus` on this thread from what it sends: the postings arrive as
 * transferred buffers, so only the articles are copied.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { buildCorpus, type Corpus } from "../engine/corpus/corpus";
import type { AliasData } from "../engine/corpus/aliases";
import { InvertedIndex, type InvertedIndexData } from "../engine/retrieval/invertedIndex";
import type { Article, Problem } from "../engine/types";
import { loadIndexedCorpus, type IndexedCorpusOptions, type IndexStats } from "./corpusCache";

/** What the worker is asked: the paths, and every option of `loadIndexedCorpus` that is data (the callbacks become messages). */
export interface IndexRequest {
  paths: string[];
  options: Pick<IndexedCorpusOptions, "cacheDir" | "cacheKey" | "maxFileBytes">;
}

export type IndexMessage =
  | { type: "problem"; problem: Problem }
  | { type: "progress"; done: number; total: number }
  | { type: "done"; articles: Article[]; index: InvertedIndexData; aliasData: AliasData; stats: IndexStats }
  | { type: "error"; message: string };

/** The worker's bundle, beside this module's bundle (`dist/`). */
const WORKER_FILE = join(__dirname, "indexWorker.js");

/**
 * Loads the corpus under `paths` off this thread. Where the worker bundle is
 * absent (running from sources), it loads on this thread instead.
 */
export function indexInWorker(paths: string[], options: IndexedCorpusOptions = {}): Promise<{ corpus: Corpus; stats: IndexStats }> {
  if (!existsSync(WORKER_FILE)) return loadIndexedCorpus(paths, options);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { paths, options: { cacheDir: options.cacheDir, cacheKey: options.cacheKey, maxFileBytes: options.maxFileBytes } } satisfies IndexRequest });
    let settled = false;
    worker.on("message", (m: IndexMessage) => {
      if (m.type === "problem") options.onProblem?.(m.problem);
      else if (m.type === "progress") options.onProgress?.(m.done, m.total);
      else if (m.type === "error") {
        settled = true;
        reject(new Error(m.message));
      } else {
        settled = true;
        resolve({ corpus: buildCorpus(m.articles, { index: new InvertedIndex(m.index), aliasData: m.aliasData }), stats: m.stats });
      }
    });
    worker.on("error", (e) => {
      settled = true;
      reject(e);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the indexing worker stopped (exit code ${code})`));
    });
  });
}
