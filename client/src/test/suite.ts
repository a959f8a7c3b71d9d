/**
 * What a writer sees in VS Code, asserted through the `vscode` API only:
 * diagnostics of each verdict, the hover, the claim report's webview, each
 * quick fix applied, completion, go to definition, the status bar tally, a
 * claim from a PDF source (its page in the hover, its extracted text as a
 * document), and a corpus file added while the draft is open. Every wait is on an event.
 */
import * as assert from "node:assert/strict";
import Mocha from "mocha";
import * as vscode from "vscode";

// The runner (scripts/vscode-suite.ts) writes the workspace: the sample corpus
// and draft.md with a contradicted, a supported and an unsupported claim on
// lines 3, 5 and 7.

/** Resolves when the diagnostics of `uri` satisfy `accept` (checked now and on every change). */
function diagnosticsFor(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (accept(d)) {
        sub.dispose();
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

const onLine = (ds: vscode.Diagnostic[], line: number) => ds.find((d) => d.range.start.line === line);
const codeOf = (d?: vscode.Diagnostic) => (typeof d?.code === "object" ? String(d.code.value) : String(d?.code));

interface SuiteContext {
  root: vscode.Uri;
  draftUri: vscode.Uri;
}

/** The suite's tests, in order: each later one works on what the earlier ones left in the draft. */
const TESTS: Array<[string, (c: SuiteContext) => Promise<void>]> = [
  ["diagnostics for each verdict", async ({ draftUri }) => {
    const doc = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(doc);
    const ds = await diagnosticsFor(draftUri, (d) => d.length >= 3);
    assert.equal(codeOf(onLine(ds, 2)), "number-mismatch");
    assert.equal(onLine(ds, 2)!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(onLine(ds, 2)!.message, /3,500/);
    assert.equal(onLine(ds, 4)!.severity, vscode.DiagnosticSeverity.Hint);
    assert.equal(onLine(ds, 6)!.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(onLine(ds, 2)!.relatedInformation?.[0].location.uri.path.endsWith("001_e3fd39bb26fc0bf8.txt"));
  }],

  ["the status bar tally, and the reading model that decided (shipped in the extension, run in its check worker)", async ({ draftUri }) => {
    const api = vscode.extensions.getExtension("grounded.grounded-writing")!.exports as { tally(uri: string): string | undefined };
    assert.match(api.tally(draftUri.toString()) ?? "", /^✓ 1 · ✗ 1 · \? 1 · nli-[0-9a-f]{8}$/);
  }],

  ["hover shows the verdict, reason and passage", async ({ draftUri }) => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", draftUri, new vscode.Position(2, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /Contradicted/);
    assert.match(text, /Moscow Times/);
  }],

  ["the quick fix uses the source's figure, and the claim is then supported", async ({ draftUri }) => {
    const ds = vscode.languages.getDiagnostics(draftUri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", draftUri, onLine(ds, 2)!.range);
    const fix = actions.find((a) => /source's figure/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    const doc = await vscode.workspace.openTextDocument(draftUri);
    assert.equal(doc.lineAt(2).text, "The CSTO operates a 3,500-soldier force.");
    const after = await diagnosticsFor(draftUri, (d) => codeOf(onLine(d, 2)) === "supported");
    assert.equal(codeOf(onLine(after, 2)), "supported");
  }],

  ["cite inserts a footnote and its definition", async ({ draftUri }) => {
    const ds = vscode.languages.getDiagnostics(draftUri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", draftUri, onLine(ds, 4)!.range);
    const cite = actions.find((a) => a.title.startsWith("Cite"))!;
    assert.ok(await vscode.workspace.applyEdit(cite.edit!));
    const text = (await vscode.workspace.openTextDocument(draftUri)).getText();
    assert.match(text, /3,500-soldier force\.\[\^moscowtimes-2012-05-15\]/);
    assert.match(text, /^\[\^moscowtimes-2012-05-15\]: Putin Looks to Strengthen Ties/m);
  }],

  ["go to definition opens the cited article", async ({ draftUri }) => {
    const doc = await vscode.workspace.openTextDocument(draftUri);
    const line = doc.lineAt(4).text;
    const at = new vscode.Position(4, line.indexOf("[^") + 4);
    const locations = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>("vscode.executeDefinitionProvider", draftUri, at);
    const uri = "uri" in locations[0] ? locations[0].uri : locations[0].targetUri;
    assert.ok(uri.path.endsWith("001_e3fd39bb26fc0bf8.txt"));
  }],

  ["completion after [^ offers the sources", async ({ draftUri }) => {
    const edit = new vscode.WorkspaceEdit();
    const doc = await vscode.workspace.openTextDocument(draftUri);
    edit.insert(draftUri, doc.lineAt(6).range.end, "[^");
    await vscode.workspace.applyEdit(edit);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", draftUri, doc.lineAt(6).range.end);
    assert.ok(list.items.some((i) => (typeof i.label === "string" ? i.label : i.label.label) === "moscowtimes-2012-12-19"));
  }],

  ["hover on a claim from a PDF source shows its page", async ({ root }) => {
    const pdfDraft = vscode.Uri.joinPath(root, "pdf.md");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pdfDraft));
    const ds = await diagnosticsFor(pdfDraft, (d) => codeOf(onLine(d, 0)) === "supported");
    assert.ok(onLine(ds, 0)!.relatedInformation?.[0].location.uri.toString().startsWith("grounded-source:"), "the evidence opens the PDF's extracted text");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", pdfDraft, new vscode.Position(0, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /Harbour Report 2020/);
    assert.match(text, /p\. 2/);
    // The extracted text opens as a read-only document, through the extension's provider.
    const source = await vscode.workspace.openTextDocument(onLine(ds, 0)!.relatedInformation![0].location.uri);
    assert.match(source.getText(), /served 412 ferries in 2019/);
  }],

  ["a corpus file added while the draft is open is indexed", async ({ root, draftUri }) => {
    const claim = "The harbour of Zorland handled 900 ships in 2020.";
    const edit = new vscode.WorkspaceEdit();
    const doc = await vscode.workspace.openTextDocument(draftUri);
    edit.insert(draftUri, new vscode.Position(doc.lineCount, 0), `\n${claim}\n`);
    await vscode.workspace.applyEdit(edit);
    const line = (await vscode.workspace.openTextDocument(draftUri)).getText().split("\n").findIndex((l) => l === claim);
    await diagnosticsFor(draftUri, (d) => codeOf(onLine(d, line)) === "unsupported");
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, "corpus", "zorland.txt"), Buffer.from("Port News\n\nThe harbour of Zorland handled 900 ships in 2020, officials said on Monday.\n"));
    const after = await diagnosticsFor(draftUri, (d) => codeOf(onLine(d, line)) === "supported");
    assert.equal(codeOf(onLine(after, line)), "supported");
  }],
  ["Show claim report opens the report the server wrote in a webview, beside the draft", async ({ draftUri }) => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draftUri));
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>("grounded.showReport");
    assert.ok(panel, "the report was not shown");
    const html = panel!.webview.html;
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.equal(panel!.webview.options.enableCommandUris, false);
    // The claim the quick fix corrected is supported now, and the page says so.
    assert.match(html, /<a class="claim supported"[^>]*>The CSTO operates a 3,500-soldier force\./);
    panel!.dispose();
  }],
];

export function suite(mocha: Mocha): void {
  const root = vscode.workspace.workspaceFolders![0].uri;
  const context: SuiteContext = { root, draftUri: vscode.Uri.joinPath(root, "draft.md") };
  const s = Mocha.Suite.create(mocha.suite, "Grounded in VS Code");
  for (const [title, fn] of TESTS) s.addTest(new Mocha.Test(title, () => fn(context)));
}
