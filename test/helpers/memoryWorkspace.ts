/**
 * A `Workspace` (`server/src/project/workspace.ts`) in memory, for tests that
 * run the language server's parts in this process: files are a map from
 * absolute path to text, and corpora are built with the engine's own
 * ingestion, without a persisted index.
 */
import { dirname } from "node:path";
import { buildCorpus } from "../../server/src/engine";
import { formatOf, parseArticle } from "../../server/src/engine/corpus/ingest";
import type { Workspace } from "../../server/src/project/workspace";

export function memoryWorkspace(files: Record<string, string>): Workspace & { files: Map<string, string> } {
  const map = new Map(Object.entries(files));
  const isFolder = (path: string) => [...map.keys()].some((f) => f.startsWith(path.endsWith("/") ? path : `${path}/`));
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  const under = (path: string) => (map.has(path) ? [path] : [...map.keys()].filter((f) => f.startsWith(`${path}/`)).sort());
  return {
    files: map,
    readFile: async (path) => {
      const text = map.get(path);
      if (text === undefined) throw isFolder(path) ? Object.assign(new Error(`EISDIR: ${path}`), { code: "EISDIR" }) : missing(path);
      return new TextEncoder().encode(text);
    },
    // Files here do not change under a cache: every file is as old as the test.
    stat: async (path) => (map.has(path) ? { size: new TextEncoder().encode(map.get(path)!).length, mtimeMs: 0 } : undefined),
    exists: async (path) => map.has(path) || isFolder(path) || [...map.keys()].some((f) => dirname(f) === path),
    realpath: async (path) => path,
    listSourceFiles: async (paths, report) =>
      paths.flatMap((p) => {
        const found = under(p).filter((f) => formatOf(f));
        if (!found.length && !isFolder(p)) report({ file: p, message: "no such file or folder", severity: "error" });
        return found;
      }),
    loadCorpus: async (paths) => {
      const files = [...new Set(paths.flatMap((p) => under(p)))].filter((f) => formatOf(f));
      const articles = files.map((f) => parseArticle(f, map.get(f)!, formatOf(f) ?? "txt"));
      return { corpus: buildCorpus(articles), stats: { reused: 0, reindexed: articles.length } };
    },
  };
}
