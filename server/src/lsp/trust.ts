/**
 * Workspace trust for corpus paths. In a workspace the user has not trusted,
 * the corpus paths its settings name may only point inside the workspace
 * folder: a cloned repository must not make the server read `~/.ssh` or `/etc`
 * and show it in hovers.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import picomatch from "picomatch";

/** Whether `path` (absolute) is `root` or inside it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The real path of `path`, or `path` itself when it does not exist (yet). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The corpus paths that stay inside `root`, each one outside reported in
 * `problems` with what happens instead. A glob is judged by its base folder;
 * a symbolic link by where it leads. When none is left, the default `corpus`
 * folder of the workspace is used.
 */
export function limitToWorkspace(paths: readonly string[], root: string, problems: string[]): string[] {
  const outside = new Set(outsideWorkspace(paths, root));
  const kept = paths.filter((p) => {
    if (!outside.has(p)) return true;
    problems.push(`grounded.corpus.paths: "${p}" is outside the workspace folder, and this workspace is not trusted; it is not read (trust the workspace to use it)`);
    return false;
  });
  return kept.length ? kept : ["corpus"];
}

/** The corpus paths that lead outside `root` (a glob by its base folder, a link by where it leads). */
export function outsideWorkspace(paths: readonly string[], root: string): string[] {
  const realRoot = real(root);
  return paths.filter((p) => {
    const scan = picomatch.scan(p.replace(/\\/g, "/"));
    const base = resolve(root, scan.isGlob ? scan.base || "." : p);
    return !(inside(root, base) && inside(realRoot, real(base)));
  });
}
