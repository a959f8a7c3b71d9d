/** The workspace folders the editor opened, and which one holds a document. */
import { fileURLToPath } from "node:url";
import { isInside } from "../project/paths";

export class Folders {
  private list: string[] = [];

  constructor(private readonly fallback: () => string) {}

  set(folders: string[]): void {
    this.list = folders;
  }

  /** Folders added and removed (`workspace/didChangeWorkspaceFolders`), as URIs. */
  change(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed.map((u) => fileURLToPath(u)));
    this.list = this.list.filter((f) => !gone.has(f)).concat(added.map((u) => fileURLToPath(u)));
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
