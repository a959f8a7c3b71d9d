/**
 * The Markdown files a command line names: paths as they are, and globs
 * (`"docs/**\/*.md"`, quoted so the shell leaves them alone) expanded with
 * picomatch against the files under the glob's base folder.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Problem } from "../engine";
import { parseGlob } from "../project/globs";
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
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const input of inputs) {
    const glob = parseGlob(input);
    if (!glob.isGlob) {
      files.add(input);
      continue;
    }
    const found: string[] = [];
    await walk(glob.base, found);
    const hits = found.filter((f) => MARKDOWN.test(f) && glob.matches(f));
    if (!hits.length) unmatched.push(input);
    for (const f of hits) files.add(f);
  }
  return { files: [...files], unmatched };
}

/**
 * Corpus paths as `loadCorpus` takes them: folders and files as they are,
 * globs (`sources/**\/*.txt`) expanded to the source files they match.
 */
export async function expandCorpusPaths(paths: readonly string[], report: (p: Problem) => void): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const glob = parseGlob(p);
    if (!glob.isGlob) out.push(p);
    else for (const f of await listSourceFiles([glob.base], report)) if (glob.matches(f)) out.push(f);
  }
  return out;
}
