/**
 * The VS Code client: starts the language server for Markdown and adds only
 * what needs the VS Code API: a status bar tally (`statusBar.ts`), three
 * commands, the claim report's webview (`reportView.ts`) and the documents of
 * text extracted from PDF and Word sources (`sourceView.ts`).
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions, type WorkspaceEdit } from "vscode-languageclient/node";
import type { StatusParams } from "../../server/src/lsp/diagnostics";
import type { PassageHit } from "../../server/src/lsp/search";
import { watchArchiveStatus } from "./archiveStatus";
import { showClaimReport } from "./reportView";
import { type PassageItem, searchSources } from "./searchSources";
import { formatTally, tallyTooltip } from "./statusBar";
import { registerSourceView } from "./sourceView";

let client: LanguageClient | undefined;

/** What the extension exposes to other extensions and to its integration suite. */
export interface GroundedApi {
  /** The status bar text for a document, once it has been checked. */
  tally(uri: string): string | undefined;
}

/** The language client for Markdown documents, the server started over IPC. */
function createClient(context: vscode.ExtensionContext): LanguageClient {
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
      // The endings are the server's SOURCE_EXTENSIONS (engine/corpus/ingest.ts), written out: the client bundles no engine code.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{txt,text,md,markdown,html,htm,pdf,docx}"),
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
  return new LanguageClient("grounded", "Grounded", serverOptions, clientOptions);
}

/** The status bar tally of the active Markdown document (`grounded/status`); returns the tallies by URI. */
function watchTallies(context: vscode.ExtensionContext, c: LanguageClient): Map<string, StatusParams> {
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.command = "workbench.actions.view.problems";
  const tallies = new Map<string, StatusParams>();
  const show = () => {
    const editor = vscode.window.activeTextEditor;
    const t = editor?.document.languageId === "markdown" ? tallies.get(editor.document.uri.toString()) : undefined;
    if (!t) return status.hide();
    status.text = formatTally(t);
    status.tooltip = tallyTooltip(t);
    status.show();
  };
  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(show),
    vscode.workspace.onDidCloseTextDocument((d) => {
      tallies.delete(d.uri.toString());
      show();
    }),
    c.onNotification("grounded/status", (t: StatusParams) => {
      tallies.set(t.uri, t);
      show();
    }),
  );
  return tallies;
}

/**
 * *Grounded: Search sources…*: the quick pick of `searchSources.ts`, wired to
 * the server and the active editor; `query`, when a code action gives one (an
 * unsupported claim's text), is searched for at once.
 */
function searchCommand(c: LanguageClient, query?: unknown): void {
  const editor = vscode.window.activeTextEditor;
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
  }, typeof query === "string" ? query : undefined);
}

export async function activate(context: vscode.ExtensionContext): Promise<GroundedApi> {
  const c = createClient(context);
  client = c;
  registerSourceView(context, c);
  context.subscriptions.push(
    vscode.commands.registerCommand("grounded.reindex", () => c.sendRequest("grounded/reindex")),
    vscode.commands.registerCommand("grounded.showReport", () => showClaimReport(c)),
    vscode.commands.registerCommand("grounded.searchSources", (query?: unknown) => searchCommand(c, query)),
  );
  await c.start();
  // Code actions may run this client's *Search sources* (an unsupported claim's *Search the sources for this claim*).
  void c.sendNotification("grounded/clientCommands", { commands: ["grounded.searchSources"] });
  watchArchiveStatus(c, context);
  const tallies = watchTallies(context, c);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification("grounded/trusted")));
  return { tally: (uri) => (tallies.has(uri) ? formatTally(tallies.get(uri)!) : undefined) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
