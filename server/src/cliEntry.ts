/**
 * The entry of `dist/cliMain.js` (which `dist/cli.js` runs): the CLI
 * (`cli.ts`), and the worker threads in which a cold index build ingests
 * files, which start from this same file (`node/workers.ts`). The CLI indexes
 * on its own thread; the index worker's role is here for any caller that asks
 * for it (`nodeWorkspace({ indexInWorker: true })`).
 */
import { runCli } from "./cli";
import { runIndexWorker } from "./node/indexWorker";
import { runIngestWorker } from "./node/ingestWorker";
import { bundleEntry } from "./node/workers";

bundleEntry(__filename, { index: runIndexWorker, ingest: runIngestWorker }, runCli);
