/**
 * The language server, run by `serverEntry.ts` (the entry of `dist/server.js`).
 * `createConnection` picks the transport from the command line: `--stdio`
 * (Neovim, Emacs, any LSP editor) or node IPC (VS Code).
 * Files are read from disk, corpora indexed in a worker thread, and drafts
 * parsed and checked in another (`node/checkInWorker.ts`), so that this
 * thread is free to answer hovers and completions. The reading model
 * (`node/nli/`) runs where the checks run: in the check worker.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import type { Connection } from "vscode-languageserver/node";
import { checkerOnThisThread } from "./lsp/checker";
import { type ReadingSwitch, startServer } from "./lsp/server";
import { WorkerDraftChecker } from "./node/checkInWorker";
import { defaultCacheDir } from "./node/corpusCache";
import { type ReadingReport, ThreadReading } from "./node/nli/reading";
import { nodeWorkspace } from "./node/workspace";

/** How loading the reading model went, said once per thread that loads it: a log line, and a window message when it could not be used. */
function readingReporter(connection: Connection): (r: ReadingReport) => void {
  const said = new Set<string>();
  return (r) => {
    for (const problem of [r.problem, r.cacheProblem]) {
      if (!problem || said.has(problem)) continue;
      said.add(problem);
      connection.console.log(`grounded: ${problem}`);
      if (problem === r.problem) void Promise.resolve(connection.window.showWarningMessage(`Grounded: ${problem}`) as unknown).catch(() => undefined);
    }
    if (!r.problem && !said.has(r.verifier)) {
      said.add(r.verifier);
      connection.console.log(`grounded: the reading model ${r.verifier} is loaded`);
    }
  };
}

/** Runs the language server on this process's connection (`serverEntry.ts`, the entry of `dist/server.js`). */
export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // Whatever goes wrong outside a handler, the server goes on.
  process.on("uncaughtException", (e) => connection.console.log(`grounded: uncaught: ${e?.stack ?? e}`));
  process.on("unhandledRejection", (e) => connection.console.log(`grounded: unhandled rejection: ${(e as Error)?.stack ?? e}`));
  // `grounded.model` is "auto" until the client's settings say otherwise.
  const reading: ReadingSwitch = { wanted: true, cacheDir: defaultCacheDir() };
  const report = readingReporter(connection);
  const onThisThread = new ThreadReading(report);
  // Its answers are written a few seconds after a check starts (`checked`), a few checks' together.
  const here = checkerOnThisThread(() => onThisThread.verifier(reading.wanted, reading.cacheDir).finally(() => onThisThread.checked()));
  const drafts = WorkerDraftChecker.available() ? new WorkerDraftChecker(here, (m) => connection.console.log(m), reading, report) : here;
  // Started now: the worker loads what checking needs while the client initialises and the corpus is indexed.
  if (drafts instanceof WorkerDraftChecker) drafts.warm();
  startServer(connection, nodeWorkspace({ indexInWorker: true }), defaultCacheDir(), drafts, reading);
}
