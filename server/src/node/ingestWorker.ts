/**
 * A worker thread that reads and ingests source files for `loadIndexedCorpus`
 * (`dist/ingestWorker.js`), so a cold index build uses every core. It answers
 * each batch of paths with, per file, the article and its indexing, or the
 * problem that names it.
 */
import { parentPort } from "node:worker_threads";
import { ingestBytes, type IngestReply } from "./ingest";

parentPort?.on("message", async (batch: { id: number; paths: string[]; maxBytes: number }) => {
  const replies: IngestReply[] = [];
  for (const path of batch.paths) replies.push(await ingestBytes(path, batch.maxBytes));
  parentPort!.postMessage({ id: batch.id, replies });
});
