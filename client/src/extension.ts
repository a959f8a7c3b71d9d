/**
 * The VS Code client: starts the language server for Markdown and adds only
 * what needs the VS Code API — a status bar tally, three commands, the claim
 * report's webview and the documents of text extracted from PDF and Word sources.
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions, type WorkspaceEdit } from "vscode-languageclient/node";
import { watchArchiveStatus } from "./archiveStatus";
import { registerSourceView } from "./sourceView";
import { showClaimReport } from "./reportView";

let client: LanguageClient | undefined;

interface Tally {
  uri: string;
  supported: number;
  contradicted: number;
  unsupported: number;
}

/** One answer of `grounded/searchPassages`. */
interface PassageHit {
  articleId: string;
  passage: number;
  key: string;
  title: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  quote: string;
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
        vscode.workspace.createFileSystemWatcher("**/*.{txt,md,markdown,html,htm,pdf,docx}"),
        vscode.workspace.createFileSystemWatcher("**/.grounded.jsonc"),
      ],
    },
    // The persisted index lives in the extension's own storage, never in the workspace.
    // In an untrusted workspace the server reads sources only inside the workspace folder.
    // The text extracted from PDF and Word sources opens as `grounded-source:` documents (sourceView.ts).
    initializationOptions: {
      watchesCorpus: true, cacheDir: vscode.Uri.joinPath(context.globalStorageUri, "index").fsPath, untrusted: !vscode.workspace.isTrusted, sourceText: true,
    },
  };
  client = new LanguageClient("grounded", "Grounded", serverOptions, clientOptions);
  registerSourceView(context, () => client);

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
    vscode.commands.registerCommand("grounded.showReport", () => showClaimReport(client)),
    vscode.commands.registerCommand("grounded.searchSources", () => {
      const editor = vscode.window.activeTextEditor;
      if (!client) return;
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { hit: PassageHit }>();
      pick.placeholder = "Search the sources (words of the passage, a name, a figure)";
      pick.matchOnDetail = true;
      // Answers can arrive out of order: only the latest query's answer is shown.
      let asked = 0;
      pick.onDidChangeValue(async (query) => {
        const mine = ++asked;
        if (!query.trim()) {
          pick.items = [];
          return;
        }
        pick.busy = true;
        const hits = await client!.sendRequest<PassageHit[]>("grounded/searchPassages", { uri: editor?.document.uri.toString(), query });
        if (mine !== asked) return;
        pick.busy = false;
        // The server already searched: `alwaysShow` keeps VS Code from filtering its answers out again.
        pick.items = hits.map((hit) => ({ label: hit.quote.slice(0, 160), detail: [hit.title, hit.outlet, hit.date, hit.key].filter(Boolean).join(" · "), alwaysShow: true, hit }));
      });
      pick.onDidAccept(async () => {
        const chosen = pick.selectedItems[0];
        pick.hide();
        if (!chosen || !editor || !client) return;
        const edit = await client.sendRequest<WorkspaceEdit | null>("grounded/quoteEdit", {
          uri: editor.document.uri.toString(), position: client.code2ProtocolConverter.asPosition(editor.selection.active),
          articleId: chosen.hit.articleId, passage: chosen.hit.passage,
        });
        if (!edit) {
          void vscode.window.showWarningMessage("Grounded could not quote this passage (the document changed, or the source is gone).");
          return;
        }
        await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
      });
      pick.onDidHide(() => pick.dispose());
      pick.show();
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
