/**
 * The shared archive's state in the status bar: shown only when
 * `grounded.archive.url` is set; a warning when the archive is unreachable
 * (checks then use the local corpus until it answers again).
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

/** As the server sends it (`server/src/lsp/archive.ts`). */
interface ArchiveStatusParams {
  state: "off" | "connected" | "unreachable";
  target: string | null;
  message: string;
}

export function watchArchiveStatus(client: LanguageClient, context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 99);
  context.subscriptions.push(
    item,
    client.onNotification("grounded/archive", (s: ArchiveStatusParams) => {
      if (s.state === "off") {
        item.hide();
        return;
      }
      item.text = s.state === "connected" ? "$(database) archive" : "$(warning) archive unreachable";
      item.tooltip = `Grounded: ${s.message}`;
      item.backgroundColor = s.state === "unreachable" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
      item.show();
    }),
  );
}
