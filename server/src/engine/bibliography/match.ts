/**
 * A bibliography's entries matched to the corpus's sources, so that a matched
 * source cites with the entry's key and metadata. An entry names its source by
 * its `file` field (the path, else the file name when only one source has it),
 * its DOI, its URL or its title, tried in that order; each source takes one
 * entry at most. Pure: paths come in already resolved.
 */
import type { CitedSource } from "../edits/citations";
import { normalizeUrl } from "../text/urls";
import type { Article } from "../types";

export interface BibliographyEntry {
  key: string;
  /** The entry as a CSL-JSON item (its `id` is the key). */
  csl: Record<string, unknown>;
  /** Absolute paths of the files the entry's `file` field names. */
  files: string[];
  doi: string | null;
  url: string | null;
  title: string | null;
}

/** Every entry's key and the article it names, or null when it matches no source (it cannot be checked). */
export type BibliographyKeys = ReadonlyMap<string, string | null>;

/** What a draft's bibliography means for its citations. */
export interface BibliographyMatch {
  /** Entry per article id, for the sources the bibliography describes. */
  byArticle: Map<string, BibliographyEntry>;
  byKey: BibliographyKeys;
  entries: BibliographyEntry[];
}

const slash = (p: string) => p.replace(/\\/g, "/");
const baseName = (p: string) => slash(p).split("/").pop()!.toLowerCase();
const letters = (s: string) => s.normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const DOI = /\b10\.\d{4,9}\/[^\s"'<>\])]+/i;
const normDoi = (d: string) => d.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, "").replace(/[.,;]+$/, "").toLowerCase();

/** The DOI a source gives: in its URL, else in its first pages of text. */
function doiOf(a: Article): string | null {
  const m = (a.url && DOI.exec(a.url)) || DOI.exec(a.text.slice(0, 5000));
  return m ? normDoi(m[0]) : null;
}

/**
 * Matches entries to articles. `pathOf` gives an article's absolute path (article
 * ids may be relative to a workspace folder).
 */
export function matchBibliography(entries: readonly BibliographyEntry[], articles: readonly Article[], pathOf: (a: Article) => string): BibliographyMatch {
  const byArticle = new Map<string, BibliographyEntry>();
  const byPath = new Map(articles.map((a) => [slash(pathOf(a)), a]));
  const names = new Map<string, Article[]>();
  for (const a of articles) names.set(baseName(pathOf(a)), [...(names.get(baseName(pathOf(a))) ?? []), a]);
  // Built on first use: most bibliographies match every entry by its file.
  const index = (pairs: () => Array<[string, Article]>) => {
    let m: Map<string, Article> | undefined;
    return (k: string) => (m ??= new Map(pairs())).get(k);
  };
  const byDoi = index(() => articles.flatMap((a) => (doiOf(a) ? [[doiOf(a)!, a]] : [])));
  const byUrl = index(() => articles.flatMap((a) => (a.url ? [[normalizeUrl(a.url), a]] : [])));
  const byTitle = index(() => articles.flatMap((a) => (a.title && letters(a.title).length >= 12 ? [[letters(a.title), a]] : [])));
  const take = (e: BibliographyEntry, a: Article | undefined) => {
    if (!a || byArticle.has(a.id)) return false;
    byArticle.set(a.id, e);
    return true;
  };
  // Each rule runs over every entry before the next, so that a weaker rule never takes a source a stronger one names.
  const rules: Array<(e: BibliographyEntry) => Article | undefined> = [
    (e) => e.files.map((f) => byPath.get(slash(f))).find(Boolean),
    (e) => e.files.map((f) => names.get(baseName(f))).find((list) => list?.length === 1)?.[0],
    (e) => (e.doi ? byDoi(normDoi(e.doi)) : undefined),
    (e) => (e.url ? byUrl(normalizeUrl(e.url)) : undefined),
    (e) => (e.title && letters(e.title).length >= 12 ? byTitle(letters(e.title)) : undefined),
  ];
  const matched = new Set<BibliographyEntry>();
  for (const rule of rules) {
    for (const e of entries) if (!matched.has(e) && take(e, rule(e))) matched.add(e);
  }
  const byKey = new Map<string, string | null>(entries.map((e) => [e.key, null]));
  for (const [id, e] of byArticle) byKey.set(e.key, id);
  return { byArticle, byKey, entries: [...entries] };
}

/** A CSL name list as a byline: "Jane Roe and John Doe". */
function byline(names: unknown): string | null {
  if (!Array.isArray(names)) return null;
  const list = names.flatMap((n) => {
    const o = n as Record<string, unknown>;
    const s = typeof o?.literal === "string" ? o.literal : [o?.given, o?.family].filter((x) => typeof x === "string").join(" ");
    return s ? [s] : [];
  });
  return list.length ? list.join(list.length === 2 ? " and " : ", ") : null;
}

/** A CSL date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
function cslDate(d: unknown): string | null {
  const parts = (d as { "date-parts"?: unknown[][] })?.["date-parts"]?.[0];
  if (!Array.isArray(parts) || typeof parts[0] !== "number") return null;
  return parts.filter((x) => typeof x === "number").map((x, i) => String(x).padStart(i ? 2 : 4, "0")).join("-");
}

/** How a source matched to an entry is cited: the entry's key and metadata, and its CSL item for citeproc. */
export function citedFromEntry(e: BibliographyEntry, fallback: CitedSource): CitedSource {
  const s = (k: string) => (typeof e.csl[k] === "string" && (e.csl[k] as string).trim() ? (e.csl[k] as string).trim() : null);
  return {
    ...fallback,
    key: e.key,
    title: s("title") ?? fallback.title,
    outlet: s("container-title") ?? s("publisher") ?? fallback.outlet,
    byline: byline(e.csl.author) ?? byline(e.csl.editor) ?? fallback.byline,
    date: cslDate(e.csl.issued) ?? fallback.date,
    url: s("URL") ?? (e.doi ? `https://doi.org/${e.doi}` : null) ?? fallback.url,
    csl: e.csl,
  };
}
