/**
 * `.grounded.jsonc` in the language server: the nearest file for each
 * document (up to its workspace folder), read through the same parser as the
 * CLI, merged over the editor's settings (the file wins where it says
 * something), re-read when it changes, and its problems published as
 * diagnostics on the file itself. A file that does not parse counts as empty.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Diagnostic, DiagnosticSeverity } from "vscode-languageserver/node";
import { type Finding, LineIndex } from "../engine";
import type { CitationFinding } from "../engine/findings";
import { findProjectConfig } from "../node/projectConfig";
import { CONFIG_FILE, parseProjectConfig, type ProjectSettings } from "../project/config";
import { acceptedEntry, claimFingerprint } from "../project/rules";
import type { Settings } from "./settings";

export function isProjectConfig(path: string): boolean {
  return basename(path) === CONFIG_FILE;
}

interface Parsed {
  settings: ProjectSettings;
  diagnostics: Diagnostic[];
}

export interface ConfigHost {
  /** The text of the file when the editor has it open (unsaved edits count), else undefined. */
  openText(file: string): string | undefined;
  publish(file: string, diagnostics: Diagnostic[]): void;
}

export class ProjectConfigs {
  /** Parsed files, by path; dropped when the file changes. */
  private readonly parsed = new Map<string, Parsed | null>();
  /** The nearest file per folder and workspace folder; dropped when any project file is created or deleted. */
  private readonly nearest = new Map<string, string | undefined>();
  /** What was last published per file, so that an unchanged file is not published again. */
  private readonly published = new Map<string, string>();

  constructor(private readonly host: ConfigHost) {}

  /** The project file that applies to a document (a path), searching up to its workspace folder. */
  fileFor(path: string, folder: string): string | undefined {
    const dir = dirname(path);
    const key = `${dir}\u0000${folder}`;
    if (!this.nearest.has(key)) this.nearest.set(key, findProjectConfig(dir, folder));
    return this.nearest.get(key);
  }

  /** The settings of a project file; a file that cannot be read or parsed gives none, with diagnostics on it. */
  read(file: string): ProjectSettings {
    let p = this.parsed.get(file);
    if (p === undefined) {
      p = this.parse(file);
      this.parsed.set(file, p);
      this.publish(file, p?.diagnostics ?? []);
    }
    return p?.settings ?? {};
  }

  /** Forgets a changed (or created, or deleted) file and re-reads it at once, so that its diagnostics are current. */
  changed(file: string): void {
    this.parsed.delete(file);
    this.nearest.clear();
    this.read(file);
  }

  private parse(file: string): Parsed | null {
    let text = this.host.openText(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, "utf8");
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
        code: "project-file",
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

/** Editor settings with a project file's settings over them; paths from the file are made absolute against its folder. */
export function mergeProjectSettings(editor: Settings, file: string | undefined, project: ProjectSettings): Settings {
  if (!file) return editor;
  const dir = dirname(file);
  return {
    ...editor,
    corpusPaths: project.corpus ? project.corpus.map((p) => resolve(dir, p)) : editor.corpusPaths,
    severity: { ...editor.severity, ...project.severity },
    citationStyle: project.citationStyle ?? editor.citationStyle,
    bibliography: project.bibliography ? resolve(dir, project.bibliography) : editor.bibliography,
    citationCsl: project.csl ? (/[\\/]|\.csl$/i.test(project.csl) ? resolve(dir, project.csl) : project.csl) : editor.citationCsl,
    checkHeadings: project.checkHeadings ?? editor.checkHeadings,
    disabledChecks: project.disabledChecks ?? editor.disabledChecks,
    ignoreSources: project.ignoreSources ? project.ignoreSources.map((g) => resolve(dir, g).replace(/\\/g, "/")) : editor.ignoreSources,
    accepted: project.accepted ?? editor.accepted,
    projectRoot: dir,
  };
}

/** The findings the editor shows: checks turned off left out; accepted claims marked with their reason. */
export function applyProjectRules(
  findings: Finding[], citations: CitationFinding[], settings: Settings, documentPath: string, folder: string,
): { findings: Finding[]; citations: CitationFinding[]; accepted: Map<Finding, string> } {
  const off = new Set(settings.disabledChecks);
  const root = settings.projectRoot ?? folder;
  const rel = relative(root, documentPath);
  const path = (rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : documentPath).replace(/\\/g, "/");
  const accepted = new Map<Finding, string>();
  const shown = findings.filter((f) => !off.has(f.code));
  if (settings.accepted.length) {
    for (const f of shown) {
      if (f.verdict === "supported") continue;
      const entry = acceptedEntry(settings.accepted, f.text, claimFingerprint(path, f.code, f.text));
      if (entry) accepted.set(f, entry.reason);
    }
  }
  return { findings: shown, citations: citations.filter((c) => !off.has(c.code)), accepted };
}

export function configUri(file: string): string {
  return pathToFileURL(file).toString();
}
