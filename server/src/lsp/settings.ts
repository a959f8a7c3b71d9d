/**
 * A document's settings in the editor: the `grounded` section the client sends
 * for its resource, the nearest `.grounded.jsonc` over it (the file wins where
 * it says something), and, in an untrusted workspace, corpus paths limited to
 * the workspace folder. Messages about bad values are shown once each.
 */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import type { Connection } from "vscode-languageserver/node";
import { DEFAULT_SETTINGS, editorSettings, type Settings, withProject } from "../project/settings";
import type { Workspace } from "../project/workspace";
import type { Folders } from "./folders";
import type { Log } from "./handlers";
import type { ProjectConfigs } from "./projectConfigs";
import { limitToWorkspace, outsideWorkspace } from "./trust";

export interface SettingsHost {
  connection: Connection;
  workspace: Workspace;
  folders: Folders;
  configs: ProjectConfigs;
  log: Log;
  /** Whether the client answers `workspace/configuration`. */
  hasConfiguration(): boolean;
  /** Whether the workspace is untrusted (VS Code's workspace trust). */
  untrusted(): boolean;
}

export class DocumentSettings {
  /** Messages already shown, so that a bad value is reported once, not on every keystroke. */
  private readonly reported = new Set<string>();

  constructor(private readonly host: SettingsHost) {}

  /** Settings changed, or trust was granted: every message may be shown again. */
  reset(): void {
    this.reported.clear();
  }

  /** The editor's settings with the nearest project file over them, trust applied. */
  async for(uri: string): Promise<Settings> {
    const editor = await this.editor(uri);
    const root = this.host.folders.folderOf(uri);
    if (!uri.startsWith("file:")) return this.trusted(editor, root);
    const file = await this.host.configs.fileFor(fileURLToPath(uri), root);
    // The project file's corpus paths come from the workspace too: the same limit applies to them.
    const project = file ? await this.host.configs.read(file) : undefined;
    return this.trusted(file && project ? withProject(editor, project, resolve(file, ".."), (p) => resolve(file, "..", p)) : editor, root);
  }

  private async editor(uri: string): Promise<Settings> {
    if (!this.host.hasConfiguration()) return DEFAULT_SETTINGS;
    const raw = await this.host.connection.workspace.getConfiguration({ scopeUri: uri, section: "grounded" });
    const problems: string[] = [];
    const s = editorSettings(raw, problems);
    this.report(problems);
    return s;
  }

  /**
   * In an untrusted workspace, the corpus paths that lead outside the workspace
   * folder are dropped, each with a message; in a trusted one they are read and
   * noted once in the log (hovers will quote files from there).
   */
  private async trusted(s: Settings, root: string): Promise<Settings> {
    if (this.host.untrusted()) {
      const problems: string[] = [];
      const corpusPaths = await limitToWorkspace(s.corpusPaths, root, problems, this.host.workspace);
      this.report(problems);
      return problems.length ? { ...s, corpusPaths } : s;
    }
    for (const p of await outsideWorkspace(s.corpusPaths, root, this.host.workspace)) {
      const note = `grounded.corpus.paths: "${p}" is outside the workspace folder; it is read because the workspace is trusted`;
      if (!this.reported.has(note)) this.host.log(note);
      this.reported.add(note);
    }
    return s;
  }

  /** Logs and shows each settings message once (a bibliography or style that cannot be used is one too). */
  report(problems: string[]): void {
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.host.log(p);
      // A client that cannot show messages still has the log line.
      Promise.resolve(this.host.connection.window.showWarningMessage(p) as unknown).catch(() => undefined);
    }
  }
}
