/**
 * Citation keys: what a writer types to cite a source (`[@moscowtimes-2012-12-19]`).
 * A corpus makes its keys once (`Corpus.citationKeys`); the archive stores
 * each article's base key (`citationKey`) and makes them unique as a corpus would.
 */
import type { Article, ArticleMeta } from "../types";

/** A readable, stable citation key: `moscowtimes-2012-12-19`, else title words, else the file name. */
export function citationKey(a: ArticleMeta & { id: string }): string {
  const slug = (s: string, n: number) =>
    s.normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").split(/[\s-]+/).filter(Boolean).slice(0, n).join("-");
  const outlet = a.outlet ? slug(a.outlet.replace(/^the\s+/i, ""), 4).replace(/-/g, "") : "";
  const head = outlet || (a.title ? slug(a.title, 3) : "") || slug((a.id.split("/").pop() ?? a.id).replace(/\.[^.]+$/, ""), 4) || "source";
  return a.date ? `${head}-${a.date}` : head;
}

/** Citation keys for a corpus, made unique with -b, -c… in the order of article ids. */
export function uniqueCitationKeys(articles: readonly Article[]): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Map<string, number>();
  for (const a of [...articles].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const base = citationKey(a);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    keys.set(a.id, n === 0 ? base : `${base}-${String.fromCharCode(97 + Math.min(n, 25))}${n > 25 ? n : ""}`);
  }
  return keys;
}
