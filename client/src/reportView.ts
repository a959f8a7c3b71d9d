/**
 * *Grounded: Show claim report*: the page `grounded check --format html`
 * writes, for the active draft's last check (`grounded/reportHtml`), in a
 * webview beside it. The page's content security policy (`default-src
 * 'none'`, its inline style and script allowed by a nonce made here) lets
 * nothing load; command URIs are off, and the webview may read no local file.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

export const REPORT_VIEW = "grounded.claimReport";

export async function showClaimReport(client: LanguageClient): Promise<vscode.WebviewPanel | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const uri = editor.document.uri.toString();
  const nonce = randomBytes(18).toString("base64");
  const html = await client.sendRequest<string | null>("grounded/reportHtml", { uri, nonce });
  if (!html) {
    void vscode.window.showInformationMessage("Grounded has not checked this document yet.");
    return undefined;
  }
  const panel = vscode.window.createWebviewPanel(
    REPORT_VIEW, `Claim report: ${vscode.workspace.asRelativePath(editor.document.uri)}`, vscode.ViewColumn.Beside,
    { enableScripts: true, enableCommandUris: false, localResourceRoots: [], enableFindWidget: true },
  );
  panel.webview.html = html;
  return panel;
}
