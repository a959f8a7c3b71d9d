/**
 * The text extracted from PDF and Word sources as read-only documents
 * (`grounded-source:/…/report.pdf.txt`): evidence, hovers and "go to
 * definition" point there, with the passage selected. The text comes from the
 * language server, which extracted it (`grounded/sourceText`).
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

/** The server's scheme for these documents (`server/src/lsp/sources.ts`), written out: the client bundles no server code. */
export const SOURCE_TEXT_SCHEME = "grounded-source";

export function registerSourceView(context: vscode.ExtensionContext, client: LanguageClient): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const text = await client.sendRequest<string | null>("grounded/sourceText", { uri: uri.toString() });
      return text ?? `Grounded has not read ${uri.path.replace(/\.txt$/, "")} (it is not in an indexed corpus).`;
    },
  };
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SOURCE_TEXT_SCHEME, provider));
}
