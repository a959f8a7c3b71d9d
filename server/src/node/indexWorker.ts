/**
 * The worker thread that indexes a corpus (`dist/indexWorker.js`), so that the
 * language server keeps answering hovers and edits while a large archive is
 * read. It runs `loadIndexedCorpus` (which also updates the persisted index) and
 * posts back the articles, the postings (their buffers transferred, not
 * copied) and the learned aliases.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadIndexedCorpus } from "./corpusCache";
import { InvertedIndex } from "../engine/retrieval/invertedIndex";
import type { IndexRequest, IndexMessage } from "./indexInWorker";

const port = parentPort;
if (port) {
  const { paths, options } = workerData as IndexRequest;
  const post = (m: IndexMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  loadIndexedCorpus(paths, {
    ...options,
    onProblem: (problem) => post({ type: "problem", problem }),
    onProgress: (done, total) => {
      // A message per file would flood the channel on 100,000 files.
      if (done === total || done % 200 === 0) post({ type: "progress", done, total });
    },
  }).then(
    ({ corpus, stats }) => {
      const index = (corpus.index as InvertedIndex).data;
      const buffers = [index.postingStart, index.postingDocs, index.postingFreqs, index.lengths, index.refArticle, index.refPassage].map((a) => a.buffer as ArrayBuffer);
      post({ type: "done", articles: [...corpus.articles], index, aliasData: corpus.aliasData, stats }, [...new Set(buffers)]);
    },
    (e: unknown) => post({ type: "error", message: (e as Error)?.stack ?? String(e) }),
  );
}
