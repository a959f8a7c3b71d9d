/**
 * The VS Code client: starts the language server for Markdown and adds only
 * what needs the VS Code API — a status bar tally and three commands.
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

interface Tally {
  uri: string;
  supported: number;
  contradicted: number;
  unsupported: number;
}

interface PassageHit {
  key?: string;
  title: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  quote: string;
}

/** Escapes text from a source before it goes into Markdown the extension writes. */
function escapeMarkdown(s: string): string {
  return s.replace(/\s+/g, " ").replace(/[\\`*_{}[\]()<>#+\-!|~]/g, (c) => `\\${c}`);
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
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{txt,md,markdown,html,htm}"),
    },
  };
  client = new LanguageClient("grounded", "Grounded", serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.command = "workbench.actions.view.problems";
  status.tooltip = "Grounded: claims supported · contradicted · unsupported (click for the Problems view)";
  context.subscriptions.push(status);
  const tallies = new Map<string, Tally>();
  const format = (t: Tally) => `✓ ${t.supported} · ✗ ${t.contradicted} · ? ${t.unsupported}`;
  const showTally = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const t = uri ? tallies.get(uri) : undefined;
    if (!t) {
      status.hide();
      return;
    }
    status.text = format(t);
    status.show();
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(showTally));

  context.subscriptions.push(
    vscode.commands.registerCommand("grounded.reindex", () => client?.sendRequest("grounded/reindex")),
    vscode.commands.registerCommand("grounded.showReport", async () => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri || !client) return;
      const report = await client.sendRequest<{ claims: Array<{ text: string; verdict: string; reason: string; sources: string[] }> } | null>("grounded/report", { uri });
      if (!report) {
        void vscode.window.showInformationMessage("Grounded has not checked this document yet.");
        return;
      }
      const rows = report.claims.map((c) => `| ${escapeMarkdown(c.text)} | ${c.verdict} | ${escapeMarkdown(c.reason)} | ${c.sources.map(escapeMarkdown).join(", ")} |`);
      const content = ["# Claim report", "", "| Claim | Verdict | Why | Sources |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
      const doc = await vscode.workspace.openTextDocument({ language: "markdown", content });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
      await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
    }),
    vscode.commands.registerCommand("grounded.searchSources", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!client) return;
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { hit: PassageHit }>();
      pick.placeholder = "Search the sources";
      pick.matchOnDetail = true;
      pick.onDidChangeValue(async (query) => {
        if (!query.trim()) return;
        const hits = await client!.sendRequest<PassageHit[]>("grounded/searchPassages", { uri: editor?.document.uri.toString(), query });
        pick.items = hits.map((hit) => ({ label: hit.quote.slice(0, 120), detail: [hit.title, hit.outlet, hit.date].filter(Boolean).join(" · "), hit }));
      });
      pick.onDidAccept(async () => {
        const chosen = pick.selectedItems[0];
        pick.hide();
        if (!chosen || !editor) return;
        const marker = chosen.hit.key ? `[^${chosen.hit.key}]` : "";
        await editor.insertSnippet(new vscode.SnippetString(`> ${escapeMarkdown(chosen.hit.quote).replace(/\$/g, "\\$")}${marker}\n`));
      });
      pick.show();
    }),
  );

  await client.start();
  context.subscriptions.push(
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
