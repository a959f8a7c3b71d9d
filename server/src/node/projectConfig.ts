/**
 * The project settings file, `.grounded.jsonc`, shared by the CLI and (later)
 * the language server: the nearest one up the folder tree wins.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export const CONFIG_FILE = ".grounded.jsonc";

export interface ProjectConfig {
  /** The file the settings came from. */
  file?: string;
  /** Corpus folders, resolved against the settings file's folder. */
  corpus?: string[];
  checkHeadings?: boolean;
  /** Why the file could not be used; the caller reports it. */
  problem?: string;
}

/** Finds the nearest settings file from `from` upwards. */
export function findProjectConfig(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Reads an explicit settings file, or the nearest one; a missing default file is no problem. */
export function readProjectConfig(explicit: string | undefined, cwd: string): ProjectConfig {
  const file = explicit ?? findProjectConfig(cwd);
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { file, problem: `${file}: cannot read the settings file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split("\n").length;
    return { file, problem: `${file}:${line}: ${printParseErrorCode(e.error)}` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { file, problem: `${file}: expected an object of settings` };
  const o = data as Record<string, unknown>;
  const config: ProjectConfig = { file };
  if (o.corpus !== undefined) {
    const list = typeof o.corpus === "string" ? [o.corpus] : o.corpus;
    if (!Array.isArray(list) || !list.every((p) => typeof p === "string")) return { file, problem: `${file}: "corpus" must be a folder or a list of folders` };
    config.corpus = list.map((p) => join(dirname(file), p));
  }
  if (o.checkHeadings !== undefined) {
    if (typeof o.checkHeadings !== "boolean") return { file, problem: `${file}: "checkHeadings" must be true or false` };
    config.checkHeadings = o.checkHeadings;
  }
  return config;
}
