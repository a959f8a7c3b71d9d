/** Sources as the editor shows them: their file URIs, citation data and line indexes, shared by the providers. */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { type Article, LineIndex } from "../engine";
import type { CitedSource } from "../engine/edits/citations";

/** The file URI of an article (its id is relative to the workspace folder `root`). */
export function sourceUri(article: Article, root: string): string {
  return pathToFileURL(resolve(root, article.id)).toString();
}

/** What a citation of the article needs: its key and metadata. */
export function cited(article: Article, keys: Map<string, string>): CitedSource {
  return { key: keys.get(article.id) ?? article.id, title: article.title, outlet: article.outlet, byline: article.byline, date: article.date, url: article.url };
}

const sourceLines = new WeakMap<Article, LineIndex>();

/** A source's line index, made once per article (diagnostics and hovers ask for it on every check). */
export function linesOf(a: Article): LineIndex {
  let lines = sourceLines.get(a);
  if (!lines) {
    lines = new LineIndex(a.text);
    sourceLines.set(a, lines);
  }
  return lines;
}

/** `title · outlet · date`, or the file's name. */
export function describeSource(a: Article): string {
  return [a.title ?? a.id.split("/").pop(), a.outlet, a.date].filter(Boolean).join(" · ");
}
