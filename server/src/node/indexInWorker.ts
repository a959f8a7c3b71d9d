/**
 * Indexes a corpus in a worker thread (`indexWorker.ts`) and makes the
 * `Corpus` on this thread from the image it sends (`corpusImage.ts`): lazy
 * articles over shared memory, so nothing is copied or decoded on the way.
 */
import type { Corpus, Problem } from "../engine";
import type { CorpusLoadOptions } from "../project/workspace";
import { loadIndexedCorpus, type IndexedCorpusOptions, type IndexStats } from "./corpusCache";
import { corpusOfImage, type CorpusImage } from "./corpusImage";
import { canStart, startWorker } from "./workers";

/** What the worker is asked: the paths, and every option of `loadIndexedCorpus` that is data (the callbacks become messages). */
export interface IndexRequest {
  paths: string[];
  options: Pick<IndexedCorpusOptions, "cacheDir" | "cacheKey" | "maxFileBytes">;
  /** Article ids are made relative to this folder (when inside it). */
  idRoot?: string;
}

export type IndexMessage =
  | { type: "problem"; problem: Problem }
  | { type: "progress"; done: number; total: number }
  | { type: "partial"; image: CorpusImage; done: number; total: number }
  | { type: "done"; image: CorpusImage; stats: IndexStats }
  | { type: "error"; message: string };

/**
 * Loads the corpus under `paths` off this thread. Where no index worker can
 * start (running from sources, `workers.ts`), it loads on this thread instead.
 */
export function indexInWorker(paths: string[], options: IndexedCorpusOptions & Pick<CorpusLoadOptions, "idRoot" | "onPartialCorpus"> = {}): Promise<{ corpus: Corpus; stats: IndexStats }> {
  if (!canStart("index")) return loadIndexedCorpus(paths, options);
  return new Promise((resolve, reject) => {
    const request: IndexRequest = { paths, options: { cacheDir: options.cacheDir, cacheKey: options.cacheKey, maxFileBytes: options.maxFileBytes }, idRoot: options.idRoot };
    const worker = startWorker("index", { data: request });
    let settled = false;
    worker.on("message", (m: IndexMessage) => {
      if (m.type === "problem") options.onProblem?.(m.problem);
      else if (m.type === "progress") options.onProgress?.(m.done, m.total);
      else if (m.type === "partial") options.onPartialCorpus?.({ corpus: corpusOfImage(m.image, { lazyIndex: true }), done: m.done, total: m.total });
      else if (m.type === "error") {
        settled = true;
        reject(new Error(m.message));
      } else {
        settled = true;
        resolve({ corpus: corpusOfImage(m.image, { lazyIndex: true }), stats: m.stats });
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
