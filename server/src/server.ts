/**
 * The language server's entry point. `createConnection` picks the transport from
 * the command line: `--stdio` (Neovim, Emacs, any LSP editor) or node IPC (VS Code).
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./lsp/server";

startServer(createConnection(ProposedFeatures.all));
