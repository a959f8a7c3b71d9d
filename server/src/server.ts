/**
 * The language server's entry point. `createConnection` picks the transport from
 * the command line: `--stdio` (Neovim, Emacs, any LSP editor) or node IPC (VS Code).
 * Files are read from disk, and corpora indexed in a worker thread.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./lsp/server";
import { defaultCacheDir } from "./node/corpusCache";
import { nodeWorkspace } from "./node/workspace";

const connection = createConnection(ProposedFeatures.all);
// Whatever goes wrong outside a handler, the server goes on.
process.on("uncaughtException", (e) => connection.console.log(`grounded: uncaught: ${e?.stack ?? e}`));
process.on("unhandledRejection", (e) => connection.console.log(`grounded: unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection, nodeWorkspace({ indexInWorker: true }), defaultCacheDir());
