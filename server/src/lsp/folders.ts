/** The workspace folders the editor opened, and which one holds a document. */
import { fileURLToPath } from "node:url";
import { isInside } from "../project/paths";

/** A folder's path on disk, from its URI; undefined for a URI that is not a `file:` one (a virtual workspace's). */
export function folderPath(uri: string): string | undefined {
  return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
}

/** The paths of the folders that are on disk (`file:` URIs); the others are left out, each passed to `skipped`. */
export function foldersOnDisk(uris: readonly string[], skipped: (uri: string) => void = () => {}): string[] {
  return uris.flatMap((u) => {
    const path = folderPath(u);
    if (path === undefined) skipped(u);
    return path === undefined ? [] : [path];
  });
}

export class Folders {
  private list: string[] = [];

  constructor(private readonly fallback: () => string) {}

  set(folders: string[]): void {
    this.list = folders;
  }

  /** Folders added and removed (`workspace/didChangeWorkspaceFolders`), as URIs; those not on disk are left out. */
  change(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(foldersOnDisk(removed));
    this.list = this.list.filter((f) => !gone.has(f)).concat(foldersOnDisk(added));
  }

  /** The first folder (or, with none, the server's own folder). */
  first(): string {
    return this.list[0] ?? this.fallback();
  }

  /** The workspace folder that holds a document (the innermost), else the first folder. */
  folderOf(uri: string): string {
    const path = uri.startsWith("file:") ? fileURLToPath(uri) : "";
    const inside = path ? this.list.filter((f) => isInside(f, path)) : [];
    return inside.sort((a, b) => b.length - a.length)[0] ?? this.first();
  }
}
