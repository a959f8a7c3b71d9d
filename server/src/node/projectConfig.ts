/**
 * The project settings file, `.grounded.jsonc`, from disk: the nearest one up
 * the folder tree wins (nested folders may have their own). The CLI and the
 * language server both find and read it here, and parse it with
 * `../project/config.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { LineIndex } from "../engine";
import { CONFIG_FILE, type ConfigProblem, parseProjectConfig, type ProjectSettings } from "../project/config";

export { CONFIG_FILE };

export interface ProjectConfig extends ProjectSettings {
  /** The file the settings came from. */
  file?: string;
  /** The file's folder: corpus paths, ignored sources and fingerprints are relative to it. */
  dir?: string;
  /** Every problem of the file, as `file:line:col: message`. */
  messages?: string[];
  /** The first problem that makes the file unusable (it does not parse, or cannot be read); the caller reports it. */
  problem?: string;
}

/** Finds the nearest settings file from `from` upwards, not above `stopAt` when given. */
export function findProjectConfig(from: string, stopAt?: string): string | undefined {
  let dir = resolve(from);
  const top = stopAt ? resolve(stopAt) : undefined;
  if (top && dir !== top && !dir.startsWith(top.endsWith(sep) ? top : top + sep)) return undefined;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir || dir === top) return undefined;
    dir = up;
  }
}

/** `file:line:col: message`, 1-based, as compilers print it. */
export function formatConfigProblem(file: string, text: string, p: ConfigProblem): string {
  const pos = new LineIndex(text).positionAt(p.span.start);
  return `${file}:${pos.line + 1}:${pos.character + 1}: ${p.message}`;
}

/** Parses a settings file's text into settings whose paths are relative to `cwd`. */
export function projectConfigFromText(file: string, text: string, cwd = process.cwd()): ProjectConfig {
  const { settings, problems } = parseProjectConfig(text);
  const dir = dirname(resolve(file));
  const messages = problems.map((p) => formatConfigProblem(file, text, p));
  const fatal = problems.findIndex((p) => p.severity === "error");
  const config: ProjectConfig = { ...settings, file, dir, messages, ...(fatal >= 0 ? { problem: messages[fatal] } : {}) };
  if (settings.corpus) config.corpus = settings.corpus.map((p) => relative(cwd, resolve(dir, p)) || ".");
  // The bibliography and a style given as a path are relative to the project file too; a bundled style is a name.
  if (settings.bibliography) config.bibliography = relative(cwd, resolve(dir, settings.bibliography));
  if (settings.csl && /[\\/]|\.csl$/i.test(settings.csl)) config.csl = relative(cwd, resolve(dir, settings.csl));
  return config;
}

/** Reads an explicit settings file, or the nearest one from `cwd`; a missing default file is no problem. */
export function readProjectConfig(explicit: string | undefined, cwd: string): ProjectConfig {
  const file = explicit ?? findProjectConfig(cwd);
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const problem = `${file}: cannot read the settings file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    return { file, dir: dirname(resolve(file)), problem, messages: [problem] };
  }
  return projectConfigFromText(file, text, cwd);
}
