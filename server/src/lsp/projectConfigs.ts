/**
 * `.grounded.jsonc` in the language server: the nearest file for each
 * document (up to its workspace folder), read through the same parser as the
 * CLI, re-read when it changes, and its problems published as diagnostics on
 * the file itself. A file that does not parse counts as empty.
 */
import { basename, dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { type Diagnostic, DiagnosticSeverity } from "vscode-languageserver/node";
import { LineIndex, projectFile } from "../engine";
import { CONFIG_FILE, findProjectConfig, parseProjectConfig, type ProjectSettings } from "../project/config";
import { readText, type Workspace } from "../project/workspace";

export function isProjectConfig(path: string): boolean {
  return basename(path) === CONFIG_FILE;
}

export function configUri(file: string): string {
  return pathToFileURL(file).toString();
}

interface Parsed {
  settings: ProjectSettings;
  diagnostics: Diagnostic[];
}

export interface ConfigHost {
  workspace: Pick<Workspace, "exists" | "readFile">;
  /** The text of the file when the editor has it open (unsaved edits count), else undefined. */
  openText(file: string): string | undefined;
  publish(file: string, diagnostics: Diagnostic[]): void;
}

export class ProjectConfigs {
  /** Parsed files, by path; dropped when the file changes. */
  private readonly parsed = new Map<string, Promise<Parsed | null>>();
  /** The nearest file per folder and workspace folder; dropped when any project file is created or deleted. */
  private readonly nearest = new Map<string, Promise<string | undefined>>();
  /** What was last published per file, so that an unchanged file is not published again. */
  private readonly published = new Map<string, string>();

  constructor(private readonly host: ConfigHost) {}

  /** The project file that applies to a document (a path), searching up to its workspace folder. */
  fileFor(path: string, folder: string): Promise<string | undefined> {
    const dir = dirname(path);
    const key = `${dir}\u0000${folder}`;
    let found = this.nearest.get(key);
    if (!found) {
      found = findProjectConfig(dir, this.host.workspace, folder);
      this.nearest.set(key, found);
    }
    return found;
  }

  /** The settings of a project file; a file that cannot be read or parsed gives none, with diagnostics on it. */
  async read(file: string): Promise<ProjectSettings> {
    let p = this.parsed.get(file);
    if (!p) {
      p = this.parse(file);
      this.parsed.set(file, p);
      const parsed = await p;
      this.publish(file, parsed?.diagnostics ?? []);
    }
    return (await p)?.settings ?? {};
  }

  /** Forgets a changed (or created, or deleted) file and reads it again at once, so that its diagnostics are current. */
  async changed(file: string): Promise<void> {
    this.parsed.delete(file);
    this.nearest.clear();
    await this.read(file);
  }

  private async parse(file: string): Promise<Parsed | null> {
    let text = this.host.openText(file);
    if (text === undefined) {
      try {
        text = await readText(this.host.workspace, file);
      } catch {
        return null;
      }
    }
    const { settings, problems } = parseProjectConfig(text);
    const lines = new LineIndex(text);
    return {
      settings,
      diagnostics: problems.map((p) => ({
        range: lines.rangeOf(p.span),
        severity: p.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        source: "grounded",
        code: projectFile.id,
        message: p.message,
      })),
    };
  }

  private publish(file: string, diagnostics: Diagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if (this.published.get(file) === key || (!diagnostics.length && !this.published.has(file))) return;
    if (diagnostics.length) this.published.set(file, key);
    else this.published.delete(file);
    this.host.publish(file, diagnostics);
  }
}
