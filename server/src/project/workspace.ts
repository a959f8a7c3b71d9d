/**
 * The file access the language server and the CLI need, as one interface, in
 * the way of vscode-markdown-languageservice's `IWorkspace`: `lsp/` and
 * `project/` read no file themselves. `node/workspace.ts` is the disk's;
 * tests supply one in memory (`test/helpers/memoryWorkspace.ts`).
 */
import type { Corpus, Problem } from "../engine";

export interface CorpusLoadOptions {
  /** The persisted index's folder; `null` turns it off. */
  cacheDir?: string | null;
  /** Names the corpus in the cache, e.g. a glob whose expansion changes as files come and go. */
  cacheKey?: string;
  onProblem?(p: Problem): void;
  /** Progress: files done of the files to ingest. */
  onProgress?(done: number, total: number): void;
  /** Article ids are made relative to this folder (when inside it), as the editor shows them. */
  idRoot?: string;
  /**
   * A cold build's part indexed so far, now and then before the whole corpus
   * (the language server checks against it meanwhile); a workspace may never call it.
   */
  onPartialCorpus?(partial: { corpus: Corpus; done: number; total: number }): void;
}

export interface CorpusLoad {
  corpus: Corpus;
  /** Files taken from the persisted index, and files read anew. */
  stats: { reused: number; reindexed: number; cacheProblem?: string; cacheFile?: string };
}

/** What `Workspace.stat` says of a file: enough to tell whether it changed since it was last read. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

export interface Workspace {
  /** A file's bytes; rejects with an error whose `code` says why it cannot be read (`ENOENT`, `EACCES`, `EISDIR`). */
  readFile(path: string): Promise<Uint8Array>;
  /** A file's size and modification time; undefined when it cannot be found. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Whether a file or folder exists. */
  exists(path: string): Promise<boolean>;
  /** Where a path leads once symbolic links are followed; the path itself when it does not exist. */
  realpath(path: string): Promise<string>;
  /** The source files under each path (a folder, walked, or a file), each bad one reported. */
  listSourceFiles(paths: readonly string[], report: (p: Problem) => void): Promise<string[]>;
  /** Reads and indexes the sources under `paths` (files and folders). */
  loadCorpus(paths: string[], options: CorpusLoadOptions): Promise<CorpusLoad>;
  /**
   * The folder of the CSL styles Grounded ships and their en-US locale
   * (`styles/`, beside `dist/` in a build or a .vsix); undefined when it is
   * not there, and then a bundled style's name is a problem, not a crash.
   */
  readonly stylesFolder?: string;
}

/** A file's text as UTF-8 (a byte order mark dropped); with `fatal`, bytes that are not UTF-8 reject with a `TypeError`. */
export async function readText(ws: Pick<Workspace, "readFile">, path: string, fatal = false): Promise<string> {
  return new TextDecoder("utf-8", { fatal }).decode(await ws.readFile(path)).replace(/^\uFEFF/, "");
}

/** Why a file could not be read, in words, from the error `readFile` rejected with. */
export function unreadable(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a folder, not a file";
  if (code === "EACCES") return "permission denied";
  if (e instanceof TypeError) return "not valid UTF-8 text";
  return code ?? (e as Error)?.message ?? String(e);
}

/**
 * What is made of a file (a parsed bibliography, a CSL style), kept until the
 * file's size or modification time changes: a check asks on every edit, and
 * reads the file again only when it changed.
 */
export class FileCache<T> {
  private readonly made = new Map<string, { stamp: string; value: Promise<T> }>();

  constructor(private readonly ws: Pick<Workspace, "stat">, private readonly make: (file: string, stat: FileStat | undefined) => Promise<T>) {}

  /** The value for `file`, and the stamp it was made for (it changes when the file does). */
  async get(file: string): Promise<{ value: T; stamp: string }> {
    const stat = await this.ws.stat(file);
    const stamp = stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
    let hit = this.made.get(file);
    if (!hit || hit.stamp !== stamp) {
      hit = { stamp, value: this.make(file, stat) };
      this.made.set(file, hit);
    }
    return { value: await hit.value, stamp };
  }
}
