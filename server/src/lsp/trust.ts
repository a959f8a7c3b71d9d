/**
 * Workspace trust for corpus paths. In a workspace the user has not trusted,
 * the corpus paths its settings name may only point inside the workspace
 * folder: a cloned repository must not make the server read `~/.ssh` or `/etc`
 * and show it in hovers.
 */
import { resolve } from "node:path";
import { parseGlob } from "../project/globs";
import { isInside } from "../project/paths";
import type { Workspace } from "../project/workspace";

/**
 * The corpus paths that stay inside `root`, each one outside reported in
 * `problems` with what happens instead. A glob is judged by its base folder;
 * a symbolic link by where it leads. When none is left, the default `corpus`
 * folder of the workspace is used.
 */
export async function limitToWorkspace(paths: readonly string[], root: string, problems: string[], ws: Pick<Workspace, "realpath">): Promise<string[]> {
  const outside = new Set(await outsideWorkspace(paths, root, ws));
  const kept = paths.filter((p) => {
    if (!outside.has(p)) return true;
    problems.push(`grounded.corpus.paths: "${p}" is outside the workspace folder, and this workspace is not trusted; it is not read (trust the workspace to use it)`);
    return false;
  });
  return kept.length ? kept : ["corpus"];
}

/** The corpus paths that lead outside `root` (a glob by its base folder, a link by where it leads). */
export async function outsideWorkspace(paths: readonly string[], root: string, ws: Pick<Workspace, "realpath">): Promise<string[]> {
  const realRoot = await ws.realpath(root);
  const out: string[] = [];
  for (const p of paths) {
    const base = resolve(root, parseGlob(p).base);
    if (!(isInside(root, base) && isInside(realRoot, await ws.realpath(base)))) out.push(p);
  }
  return out;
}
