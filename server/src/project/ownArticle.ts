/**
 * A draft saved among its own sources: the corpus article that is the draft's
 * file, so that the check leaves it out of the draft's evidence
 * (`DraftOptions.ownArticle`). Article ids are paths, relative to a root (the
 * CLI's working folder, the language server's workspace folder) or absolute;
 * the engine knows no files, so the hosts find it here.
 */
import { resolve } from "node:path";
import type { Corpus } from "../engine";

const byCorpus = new WeakMap<Corpus, Map<string, Map<string, number>>>();

/** A path as one file has it: absolute, and on Windows without the case of its letters (a drive is "c:" or "C:"). */
const fileKey = (root: string, path: string) => (process.platform === "win32" ? resolve(root, path).toLowerCase() : resolve(root, path));

/** The index of the article of `corpus` whose file is `file`, its id read against `root`; undefined when none is. */
export function ownArticle(corpus: Corpus, root: string, file: string): number | undefined {
  let roots = byCorpus.get(corpus);
  if (!roots) byCorpus.set(corpus, (roots = new Map()));
  let paths = roots.get(root);
  if (!paths) {
    paths = new Map();
    for (let i = 0; i < corpus.articles.length; i++) paths.set(fileKey(root, corpus.articles[i].id), i);
    roots.set(root, paths);
  }
  return paths.get(fileKey(root, file));
}
