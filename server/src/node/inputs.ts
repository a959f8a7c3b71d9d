/**
 * The Markdown files a command line names: paths as they are, and globs
 * (`"docs/**\/*.md"`, quoted so the shell leaves them alone) expanded with
 * picomatch against the files under the glob's base folder.
 */
import { readdir } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import picomatch from "picomatch";
import type { Problem } from "../engine";
import { listSourceFiles } from "./corpusLoader";

export const MARKDOWN = /\.(md|markdown|mdx)$/i;

/** Files under `dir` (recursively), skipping dot folders and node_modules, as paths joined onto `dir`. */
async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === "node_modules" || (e.name.startsWith(".") && e.isDirectory())) continue;
    const full = dir === "." ? e.name : join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile()) out.push(full);
  }
}

/**
 * Expands the inputs in order, without duplicates. A glob that matches no
 * Markdown file is returned in `unmatched` (the caller says so); a plain path is
 * kept as it is, for the caller to read and report.
 */
export async function expandInputs(inputs: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const input of inputs) {
    const pattern = input.replace(/\\/g, "/");
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) {
      add(input);
      continue;
    }
    const base = scan.base || ".";
    const match = picomatch(pattern.replace(/^\.\//, ""), { dot: false });
    const found: string[] = [];
    await walk(base, found);
    const target = (f: string) => (isAbsolute(pattern) ? resolve(f) : relative(".", f)).replace(/\\/g, "/");
    const hits = found.filter((f) => MARKDOWN.test(f) && match(target(f)));
    if (!hits.length) unmatched.push(input);
    hits.forEach(add);
  }
  return { files, unmatched };
}

/**
 * Corpus paths as `loadCorpus` takes them: folders and files as they are,
 * globs (`sources/**\/*.txt`) expanded to the source files they match.
 */
export async function expandCorpusPaths(paths: readonly string[], report: (p: Problem) => void): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const pattern = p.replace(/\\/g, "/");
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) {
      out.push(p);
      continue;
    }
    const match = picomatch(pattern.replace(/^\.\//, ""), { dot: false });
    const target = (f: string) => (isAbsolute(pattern) ? resolve(f) : relative(".", f)).replace(/\\/g, "/");
    for (const f of await listSourceFiles([scan.base || "."], report)) if (match(target(f))) out.push(f);
  }
  return out;
}

/** The folder a corpus path must exist as: the path itself, or a glob's base. */
export function corpusBase(path: string): string {
  const scan = picomatch.scan(path.replace(/\\/g, "/"));
  return scan.isGlob ? scan.base || "." : path;
}
