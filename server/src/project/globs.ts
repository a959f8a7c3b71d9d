/**
 * Globs in corpus paths, CLI inputs and `ignoreSources`, read one way
 * (picomatch): the folder a glob starts from, and whether a file matches it.
 * Pure; `node/inputs.ts` walks the folders.
 */
import picomatch from "picomatch";
import { relative, resolve } from "node:path";
import { posix } from "./paths";

/** `file` relative to `root`, with `/`, as globs are matched. */
function relativeTo(root: string, file: string): string {
  return posix(relative(root, resolve(root, file)));
}

export interface Glob {
  /** Whether the path has glob characters at all. */
  isGlob: boolean;
  /** The folder to walk: a glob's fixed part (`.` when none), or the path itself. */
  base: string;
  /**
   * Whether a file matches, given as a path relative to `root` (the folder the
   * glob is relative to) or, for an absolute glob, as an absolute path.
   */
  matches(file: string, root?: string): boolean;
}

/** Reads a path that may be a glob. Dot files and folders do not match unless the glob names them. */
export function parseGlob(pattern: string): Glob {
  const p = posix(pattern);
  const scan = picomatch.scan(p);
  if (!scan.isGlob) return { isGlob: false, base: pattern, matches: () => false };
  const absolute = scan.base.startsWith("/") || /^[A-Za-z]:\//.test(scan.base);
  const match = picomatch(p.replace(/^\.\//, ""), { dot: false });
  return {
    isGlob: true,
    base: scan.base || ".",
    matches: (file, root = ".") => {
      return match(absolute ? posix(resolve(root, file)) : relativeTo(root, file));
    },
  };
}

/**
 * The matcher of `ignoreSources`: globs relative to `base` (the project
 * file's folder); a file (absolute, or relative to the current folder, as
 * listed) matches when its path relative to `base` does.
 */
export function ignoredSources(globs: readonly string[], base: string): (file: string) => boolean {
  if (!globs.length) return () => false;
  const match = picomatch(globs.map(posix), { dot: true });
  return (file) => match(posix(relative(base, resolve(file))));
}
