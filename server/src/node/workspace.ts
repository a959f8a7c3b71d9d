/** The disk as a `Workspace` (`project/workspace.ts`): what the CLI and the language server read files through. */
import { access, readFile, realpath } from "node:fs/promises";
import type { Workspace } from "../project/workspace";
import { loadIndexedCorpus } from "./corpusCache";
import { listSourceFiles } from "./corpusLoader";
import { indexInWorker } from "./indexInWorker";

/**
 * The file system. `indexInWorker`: corpora are indexed in a worker thread
 * (the language server, which must keep answering); else on this thread (the CLI).
 */
export function nodeWorkspace(options: { indexInWorker: boolean }): Workspace {
  return {
    readFile: (path) => readFile(path),
    exists: (path) => access(path).then(() => true, () => false),
    realpath: (path) => realpath(path).catch(() => path),
    listSourceFiles: (paths, report) => listSourceFiles([...paths], report),
    loadCorpus: options.indexInWorker ? indexInWorker : loadIndexedCorpus,
  };
}
