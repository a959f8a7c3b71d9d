/**
 * A worker thread that reads and ingests source files for `loadIndexedCorpus`
 * (started from the server's or the CLI's bundle, `workers.ts`), so a cold
 * index build uses every core. It answers
 * each batch of paths with the terms its vocabulary gained and, per file, the
 * compact ingested article or the problem that names it (see `ingest.ts`);
 * asked to, it learns a corpus's aliases instead (`learnAliasesOf`).
 */
import { parentPort } from "node:worker_threads";
import { ingestFile, learnAliasDataOf, TermVocabulary, type IngestBatchReply, type IngestReply } from "./ingest";

/** Runs this thread as an ingestion worker (`workers.ts` starts it from the server's or the CLI's bundle). */
export function runIngestWorker(): void {
  let vocabulary = new TermVocabulary();
  parentPort?.on("message", async (batch: { id: number; paths: string[]; maxBytes: number } | { learn: string[] }) => {
    // The other task: the aliases of a corpus, from its articles' statistics.
    if ("learn" in batch) {
      // Ingesting is over: its vocabulary and memo of words go, so that learning does not add to them.
      vocabulary = new TermVocabulary();
      parentPort!.postMessage({ aliasData: learnAliasDataOf(batch.learn) });
      return;
    }
    const replies: IngestReply[] = [];
    for (const path of batch.paths) replies.push(await ingestFile(path, batch.maxBytes, vocabulary));
    const reply: IngestBatchReply = { id: batch.id, vocabulary: vocabulary.fresh(), replies };
    parentPort!.postMessage(reply);
  });
}
