/**
 * Path containment, the one rule for "is this file inside that folder", and
 * paths as Grounded shows and compares them (with `/`). Pure: no file is read.
 */
import { isAbsolute, relative, resolve } from "node:path";

/** `path` with `/` between its parts, whatever the platform. */
export function posix(path: string): string {
  return path.replace(/\\/g, "/");
}

/** The path of `path` relative to `root` (with `/`, `""` for the root itself), or undefined when it lies outside. */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, resolve(root, path));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel)) ? posix(rel) : undefined;
}

/** Whether `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  return relativeInside(root, path) !== undefined;
}

/** `path` relative to `root` when inside it (not the root itself), else `path` as it is; with `/`. */
export function relativeIfInside(root: string, path: string): string {
  const rel = relativeInside(root, path);
  return posix(rel ? rel : path);
}
