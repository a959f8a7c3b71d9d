/**
 * The worker thread that indexes a corpus (started from the server's bundle, `workers.ts`), so that the
 * language server keeps answering hovers and edits while a large archive is
 * read. It runs `loadIndexedCorpus` (which also updates the persisted index) and
 * posts back the corpus as an image in shared memory (`corpusImage.ts`): the
 * texts as the bytes they were read as, the spans and the postings, so that
 * neither the main thread nor the check worker copies or decodes them. A cold
 * build posts the part indexed so far now and then, too.
 */
import { parentPort } from "node:worker_threads";
import { relativeIfInside } from "../project/paths";
import { loadIndexedCorpus } from "./corpusCache";
import { imageOf } from "./corpusImage";
import type { InvertedIndex } from "../engine";
import type { IndexRequest, IndexMessage } from "./indexInWorker";
import { roleData } from "./workers";

/** Runs this thread as the index worker (`workers.ts` starts it from the server's bundle). */
export function runIndexWorker(): void {
  const port = parentPort;
  if (!port) return;
  const { paths, options, idRoot } = roleData<IndexRequest>();
  const post = (m: IndexMessage) => port.postMessage(m);
  const idOf = (id: string) => (idRoot ? relativeIfInside(idRoot, id) : id);
  loadIndexedCorpus(paths, {
    ...options,
    onProblem: (problem) => post({ type: "problem", problem }),
    onProgress: (done, total) => {
      // A message per file would flood the channel on 100,000 files.
      if (done === total || done % 200 === 0) post({ type: "progress", done, total });
    },
    onPartial: (p) => post({ type: "partial", image: imageOf(p.articles, p.index, p.aliasData, idOf), done: p.done, total: p.total }),
  }).then(
    ({ corpus, stats }) => post({ type: "done", image: imageOf(corpus.articles, (corpus.index as InvertedIndex).data, corpus.aliasData, idOf), stats }),
    (e: unknown) => post({ type: "error", message: (e as Error)?.stack ?? String(e) }),
  );
}
