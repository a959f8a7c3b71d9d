/** The disk as a `Workspace` (`project/workspace.ts`): what the CLI and the language server read files through. */
import { existsSync } from "node:fs";
import { access, readFile, realpath, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
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
    stat: (path) => stat(path).then((s) => ({ size: s.size, mtimeMs: s.mtimeMs }), () => undefined),
    exists: (path) => access(path).then(() => true, () => false),
    realpath: (path) => realpath(path).catch(() => path),
    listSourceFiles: (paths, report) => listSourceFiles([...paths], report),
    loadCorpus: options.indexInWorker ? indexInWorker : loadIndexedCorpus,
    stylesFolder: stylesFolder(),
  };
}

/**
 * The bundled `styles/` folder (it holds the en-US locale): beside `dist/` in a
 * build or a .vsix, at the repository's root when run from the sources.
 */
function stylesFolder(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, "styles", "locales-en-US.xml"))) return join(dir, "styles");
  }
  return undefined;
}
