/**
 * Reads corpus folders from disk into articles. Every bad file is skipped with
 * one problem that names it; the rest is still loaded.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Article, formatOf, learnOutlets, type Problem } from "../engine";
import { articleFromBytes } from "./sources";

export interface LoadOptions {
  onProblem?(p: Problem): void;
  /** Skip files larger than this many bytes (default 64 MB). */
  maxFileBytes?: number;
}

const CONCURRENCY = 16;

/** The source files under each path (a folder, walked recursively, or a file), sorted, symlink loops avoided. */
export async function listSourceFiles(paths: string[], report: (p: Problem) => void): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string, shown: string, ancestors: readonly string[] = []) => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      report({ file: shown, message: `cannot open folder (${(e as NodeJS.ErrnoException).code ?? "error"})`, severity: "warning" });
      return;
    }
    if (seen.has(real)) {
      // A link back to a folder above it would never end; a second path to a folder is read once.
      const why = ancestors.includes(real) ? "symbolic link loop, skipped" : "folder already read through another path, skipped";
      report({ file: shown, message: why, severity: "warning" });
      return;
    }
    seen.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      report({ file: shown, message: `cannot read folder (${(e as NodeJS.ErrnoException).code ?? "error"})`, severity: "warning" });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = join(dir, e.name);
      const display = `${shown.replace(/\/$/, "")}/${e.name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = await stat(full);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          report({ file: display, message: "broken symbolic link, skipped", severity: "warning" });
          continue;
        }
      }
      if (isDir) await walk(full, display, [...ancestors, real]);
      else if (isFile && formatOf(e.name)) files.push(display);
    }
  };
  for (const p of paths) {
    const shown = p.replace(/\\/g, "/");
    let s;
    try {
      s = await stat(p);
    } catch {
      report({ file: shown, message: "no such file or folder", severity: "error" });
      continue;
    }
    if (s.isDirectory()) await walk(p, shown);
    else if (formatOf(p)) files.push(shown);
    else report({ file: shown, message: "not a source file (expected .txt, .md, .html, .pdf or .docx)", severity: "warning" });
  }
  return files;
}

/** Loads and parses every source file under `paths`. */
export async function loadCorpus(paths: string[], options: LoadOptions = {}): Promise<{ articles: Article[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const report = (p: Problem) => {
    problems.push(p);
    options.onProblem?.(p);
  };
  const files = await listSourceFiles(paths, report);
  const articles: Array<Article | undefined> = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      articles[i] = await loadArticle(files[i], report, options.maxFileBytes ?? 64 * 1024 * 1024);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return { articles: learnOutlets(articles.filter((a): a is Article => !!a)), problems };
}

/**
 * The bytes of one source file, or the problem that names it: too large, or
 * unreadable. Every reader of source files (the loader, the persisted index,
 * the PostgreSQL indexer) goes through here, so each says the same thing.
 */
export async function readSourceBytes(file: string, maxBytes = 64 * 1024 * 1024): Promise<{ bytes: Buffer; mtimeMs: number } | { problem: Problem }> {
  try {
    const s = await stat(file);
    if (s.size > maxBytes) return tooLarge(file, maxBytes);
    return { bytes: await readFile(file), mtimeMs: s.mtimeMs };
  } catch (e) {
    return unreadable(file, e);
  }
}

/**
 * `readSourceBytes` without promises, for the ingestion workers: there a
 * file's read is all the thread waits for, and 10,000 small reads through the
 * shared thread pool cost more than the reads themselves.
 */
export function readSourceBytesSync(file: string, maxBytes = 64 * 1024 * 1024): { bytes: Buffer; mtimeMs: number } | { problem: Problem } {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const s = fstatSync(fd);
    if (s.size > maxBytes) return tooLarge(file, maxBytes);
    return { bytes: readFileSync(fd), mtimeMs: s.mtimeMs };
  } catch (e) {
    return unreadable(file, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(file: string, maxBytes: number): { problem: Problem } {
  return { problem: { file, message: `larger than ${Math.round(maxBytes / 1048576)} MB, skipped`, severity: "warning" } };
}

function unreadable(file: string, e: unknown): { problem: Problem } {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "EACCES" ? "permission denied" : code === "ENOENT" ? "deleted while reading" : code ?? (e as Error).message;
  return { problem: { file, message: `cannot read (${why}), skipped`, severity: "warning" } };
}

/** Reads one source file; a problem (named) instead of a throw. */
export async function loadArticle(file: string, report: (p: Problem) => void, maxBytes = 64 * 1024 * 1024): Promise<Article | undefined> {
  const read = await readSourceBytes(file, maxBytes);
  const parsed = "problem" in read ? read : await articleFromBytes(file, read.bytes);
  if ("problem" in parsed) {
    report(parsed.problem);
    return undefined;
  }
  return parsed.article;
}
