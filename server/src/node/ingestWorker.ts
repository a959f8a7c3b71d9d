/**
 * A worker thread that reads and ingests source files for `loadIndexedCorpus`
 * (`dist/ingestWorker.js`), so a cold index build uses every core. It answers
 * each batch of paths with the terms its vocabulary gained and, per file, the
 * compact ingested article or the problem that names it (see `ingest.ts`).
 */
import { parentPort } from "node:worker_threads";
import { ingestFile, TermVocabulary, type IngestBatchReply, type IngestReply } from "./ingest";

const vocabulary = new TermVocabulary();

parentPort?.on("message", (batch: { id: number; paths: string[]; maxBytes: number }) => {
  const replies: IngestReply[] = batch.paths.map((path) => ingestFile(path, batch.maxBytes, vocabulary));
  const reply: IngestBatchReply = { id: batch.id, vocabulary: vocabulary.fresh(), replies };
  parentPort!.postMessage(reply);
});
