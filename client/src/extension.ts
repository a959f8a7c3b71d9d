/**
 * The VS Code client: starts the language server for Markdown and adds only
 * what needs the VS Code API — a status bar tally and three commands.
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions, type WorkspaceEdit } from "vscode-languageclient/node";
import type { PassageHit } from "../../server/src/lsp/search";
import { watchArchiveStatus } from "./archiveStatus";
import { type PassageItem, searchSources } from "./searchSources";

let client: LanguageClient | undefined;

interface Tally {
  uri: string;
  supported: number;
  contradicted: number;
  unsupported: number;
}

/** What the extension exposes to other extensions and to its integration suite. */
export interface GroundedApi {
  /** The status bar text for a document, once it has been checked. */
  tally(uri: string): string | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<GroundedApi> {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      configurationSection: "grounded",
      // Every source-like file (the server keeps only the changes under the corpus paths of each folder) and the project files.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{txt,md,markdown,html,htm}"),
        vscode.workspace.createFileSystemWatcher("**/.grounded.jsonc"),
      ],
    },
    // The persisted index lives in the extension's own storage, never in the workspace.
    // In an untrusted workspace the server reads sources only inside the workspace folder.
    initializationOptions: { watchesCorpus: true, cacheDir: vscode.Uri.joinPath(context.globalStorageUri, "index").fsPath, untrusted: !vscode.workspace.isTrusted },
  };
  client = new LanguageClient("grounded", "Grounded", serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.command = "workbench.actions.view.problems";
  status.tooltip = "Grounded: claims supported · contradicted · unsupported (click for the Problems view)";
  context.subscriptions.push(status);
  const tallies = new Map<string, Tally>();
  const format = (t: Tally) => `✓ ${t.supported} · ✗ ${t.contradicted} · ? ${t.unsupported}`;
  const showTally = () => {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.languageId === "markdown" ? editor.document.uri.toString() : undefined;
    const t = uri ? tallies.get(uri) : undefined;
    if (!t) {
      status.hide();
      return;
    }
    status.text = format(t);
    status.show();
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(showTally),
    vscode.workspace.onDidCloseTextDocument((d) => {
      tallies.delete(d.uri.toString());
      showTally();
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand("grounded.reindex", () => client?.sendRequest("grounded/reindex")),
    vscode.commands.registerCommand("grounded.showReport", async () => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri || !client) return;
      // The server writes the report, every piece of source text escaped (server/src/report/markdown.ts).
      const report = await client.sendRequest<{ markdown: string } | null>("grounded/report", { uri });
      if (!report) {
        void vscode.window.showInformationMessage("Grounded has not checked this document yet.");
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: report.markdown });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
      await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
    }),
    vscode.commands.registerCommand("grounded.searchSources", () => {
      const editor = vscode.window.activeTextEditor;
      const c = client;
      if (!c) return;
      searchSources({
        createQuickPick: () => vscode.window.createQuickPick<vscode.QuickPickItem & PassageItem>(),
        search: (query) => c.sendRequest<PassageHit[]>("grounded/searchPassages", { uri: editor?.document.uri.toString(), query }),
        quote: async (hit) => {
          if (!editor) return false;
          const edit = await c.sendRequest<WorkspaceEdit | null>("grounded/quoteEdit", {
            uri: editor.document.uri.toString(), position: c.code2ProtocolConverter.asPosition(editor.selection.active), articleId: hit.articleId, passage: hit.passage,
          });
          return !!edit && (await vscode.workspace.applyEdit(await c.protocol2CodeConverter.asWorkspaceEdit(edit)));
        },
        warn: (message) => void vscode.window.showWarningMessage(message),
      });
    }),
  );

  await client.start();
  watchArchiveStatus(client, context);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification("grounded/trusted")),
    client.onNotification("grounded/status", (t: Tally) => {
      tallies.set(t.uri, t);
      showTally();
    }),
  );
  return { tally: (uri) => (tallies.has(uri) ? format(tallies.get(uri)!) : undefined) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
