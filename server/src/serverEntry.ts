/**
 * The entry of `dist/server.js`: the language server (`server.ts`) on the
 * thread Node starts, and each of its worker threads, which start from this
 * same file with their role in `workerData` (`node/workers.ts`), so that the
 * engine and its data ship once.
 */
import { runCheckWorker } from "./node/checkWorker";
import { runIndexWorker } from "./node/indexWorker";
import { runIngestWorker } from "./node/ingestWorker";
import { bundleEntry } from "./node/workers";
import { runServer } from "./server";

bundleEntry(__filename, { index: runIndexWorker, check: runCheckWorker, ingest: runIngestWorker }, runServer);
