/**
 * The language server, run by `serverEntry.ts` (the entry of `dist/server.js`).
 * `createConnection` picks the transport from the command line: `--stdio`
 * (Neovim, Emacs, any LSP editor) or node IPC (VS Code).
 * Files are read from disk, corpora indexed in a worker thread, and drafts
 * parsed and checked in another (`node/checkInWorker.ts`), so that this
 * thread is free to answer hovers and completions.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { checkOnThisThread } from "./lsp/checker";
import { startServer } from "./lsp/server";
import { WorkerDraftChecker } from "./node/checkInWorker";
import { defaultCacheDir } from "./node/corpusCache";
import { nodeWorkspace } from "./node/workspace";

/** Runs the language server on this process's connection (`serverEntry.ts`, the entry of `dist/server.js`). */
export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // Whatever goes wrong outside a handler, the server goes on.
  process.on("uncaughtException", (e) => connection.console.log(`grounded: uncaught: ${e?.stack ?? e}`));
  process.on("unhandledRejection", (e) => connection.console.log(`grounded: unhandled rejection: ${(e as Error)?.stack ?? e}`));
  const drafts = WorkerDraftChecker.available() ? new WorkerDraftChecker(checkOnThisThread, (m) => connection.console.log(m)) : checkOnThisThread;
  // Started now: the worker loads what checking needs while the client initialises and the corpus is indexed.
  if (drafts instanceof WorkerDraftChecker) drafts.warm();
  startServer(connection, nodeWorkspace({ indexInWorker: true }), defaultCacheDir(), drafts);
}
