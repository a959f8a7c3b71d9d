/**
 * The persisted index: a corpus loaded from disk, indexed once and kept in a
 * cache folder, so that the next start reads it back instead of indexing the
 * archive again. Updated per file: a file whose size and modification time (or,
 * failing those, content hash) are unchanged is never read again; only changed
 * files are ingested, and the shared parts (aliases, postings) are rebuilt from
 * the per-file parts.
 *
 * The cache is never trusted: each blob's SHA-1 is checked on load, every
 * offset is bounds-checked, and a version or checksum mismatch means a rebuild
 * (with a message), never a crash or a wrong verdict.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildCorpus, indexArticle, type ArticleIndexing, type Corpus } from "../engine/corpus/corpus";
import type { AliasData, AliasStats } from "../engine/corpus/aliases";
import { decodeSource, formatOf, learnOutlets, parseArticle } from "../engine/corpus/ingest";
import { buildInvertedIndex, InvertedIndex, type InvertedIndexData } from "../engine/retrieval/invertedIndex";
import type { Article, Problem } from "../engine/types";
import { listSourceFiles } from "./corpusLoader";

/** Bump when ingestion, index terms or the file layout change: older caches are then rebuilt. */
export const CACHE_FORMAT = 3;

export interface IndexedCorpusOptions {
  /** The cache folder; `null` turns the cache off. Default: `defaultCacheDir()`. */
  cacheDir?: string | null;
  /** Names the corpus in the cache (default: the paths), e.g. a glob pattern whose expansion changes. */
  cacheKey?: string;
  onProblem?(p: Problem): void;
  /** Progress: files done of the files to ingest. */
  onProgress?(done: number, total: number): void;
  /** Skip files larger than this many bytes (default 64 MB). */
  maxFileBytes?: number;
}

export interface IndexStats {
  files: number;
  bytes: number;
  /** Files ingested in this run (new or changed). */
  reindexed: number;
  /** Files taken from the cache as they were. */
  reused: number;
  /** Why the cache could not be used, when it could not. */
  cacheProblem?: string;
  cacheFile?: string;
}

/** `$XDG_CACHE_HOME/grounded`, else `~/.cache/grounded`, else the temp folder. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : tmpdir());
  return join(base, "grounded");
}

interface FileEntry {
  /** As listed (the article id). */
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes. */
  hash: string;
}

/** What the cache holds for one file: the article without its text, and what indexing learned of it. */
interface CachedArticle {
  meta: Omit<Article, "text" | "passages" | "boilerplate">;
  /** start, end, paragraph per passage. */
  passages: number[];
  /** start, end per boilerplate span. */
  boilerplate: number[];
  /** Byte range of the text in `text.bin`. */
  text: [number, number];
  aliases: { names: Array<[string, number]>; acronyms: string[]; runs: string[] };
}

interface Manifest {
  format: number;
  /** The corpus this cache is for (`cacheKey`). */
  key: string;
  files: Array<FileEntry & { article: number }>;
  /** SHA-1 of each blob, checked before anything in it is used. */
  checksums: Record<string, string>;
  index: { terms: number; postings: number; passages: number };
}

interface Ingested {
  entry: FileEntry;
  article: Article;
  indexing: ArticleIndexing;
}

const sha1 = (b: Uint8Array | string) => createHash("sha1").update(b).digest("hex");

/** The cache folder for one set of corpus paths. */
function cacheFolder(cacheDir: string, key: string): string {
  return join(cacheDir, `corpus-${sha1(key).slice(0, 16)}`);
}

/**
 * Loads the corpus under `paths`, from the cache where it is still valid,
 * ingesting only new and changed files, and writes the cache back.
 */
export async function loadIndexedCorpus(paths: string[], options: IndexedCorpusOptions = {}): Promise<{ corpus: Corpus; stats: IndexStats }> {
  const report = (p: Problem) => options.onProblem?.(p);
  const maxBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const key = options.cacheKey ?? paths.map((p) => resolve(p)).join("\u0000");
  const folder = cacheDir ? cacheFolder(cacheDir, key) : undefined;
  const stats: IndexStats = { files: 0, bytes: 0, reindexed: 0, reused: 0, cacheFile: folder };

  const files = await listSourceFiles(paths, report);
  const entries = await mapLimit(files, 32, async (path) => {
    try {
      const s = await stat(path);
      return { path, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      report({ file: path, message: "deleted while indexing, skipped", severity: "warning" });
      return undefined;
    }
  });

  let cached: LoadedCache | undefined;
  if (folder) {
    try {
      cached = await readCache(folder, key);
    } catch (e) {
      stats.cacheProblem = (e as Error).message;
    }
  }

  // Per file: the cached article when size and time match, else ingest it (unless its bytes are the same).
  const ingested: Array<Ingested | undefined> = new Array(entries.length);
  const toIngest: number[] = [];
  entries.forEach((e, i) => {
    if (!e) return;
    const hit = cached?.byPath.get(e.path);
    if (hit && hit.entry.size === e.size && hit.entry.mtimeMs === e.mtimeMs) {
      ingested[i] = cached!.materialise(hit);
      stats.reused++;
    } else {
      toIngest.push(i);
    }
  });
  let done = 0;
  let touched = 0;
  options.onProgress?.(0, toIngest.length);
  await mapLimit(toIngest, 16, async (i) => {
    const e = entries[i]!;
    ingested[i] = await ingestFile(e.path, cached, report, maxBytes);
    if (ingested[i] && cached?.byPath.get(e.path)?.entry.hash === ingested[i]!.entry.hash) touched++;
    else if (ingested[i]) stats.reindexed++;
    options.onProgress?.(++done, toIngest.length);
  });

  const kept = ingested.filter((x): x is Ingested => !!x);
  stats.files = kept.length;
  stats.bytes = kept.reduce((n, x) => n + x.entry.size, 0);
  const articles = learnOutlets(kept.map((x) => x.article));
  stats.reused += touched;
  const unchanged = cached && stats.reindexed === 0 && touched === 0 && kept.length === cached.manifest.files.length && kept.every((x, i) => cached!.manifest.files[i]?.path === x.entry.path);
  const corpus = unchanged
    ? buildCorpus(articles, { aliasData: cached!.aliasData, index: new InvertedIndex(cached!.index) })
    : buildCorpus(articles, { indexing: kept.map((x) => x.indexing) });
  if (folder && !unchanged) {
    try {
      await writeCache(folder, key, kept, corpus);
    } catch (e) {
      report({ file: folder, message: `cannot write the index cache (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the corpus is indexed anew at each start`, severity: "warning" });
    }
  }
  return { corpus, stats };
}

/** Reads, decodes and ingests one file; a problem (named) instead of a throw. */
async function ingestFile(path: string, cached: LoadedCache | undefined, report: (p: Problem) => void, maxBytes: number): Promise<Ingested | undefined> {
  try {
    const s = await stat(path);
    if (s.size > maxBytes) {
      report({ file: path, message: `larger than ${Math.round(maxBytes / 1048576)} MB, skipped`, severity: "warning" });
      return undefined;
    }
    const bytes = await readFile(path);
    const entry: FileEntry = { path, size: bytes.length, mtimeMs: s.mtimeMs, hash: sha1(bytes) };
    // Touched but not changed: the cached article stands.
    const hit = cached?.byPath.get(path);
    if (hit && hit.entry.hash === entry.hash) return { ...cached!.materialise(hit), entry };
    const decoded = decodeSource(path, bytes);
    if ("problem" in decoded) {
      report(decoded.problem);
      return undefined;
    }
    const article = parseArticle(path, decoded.text, formatOf(path) ?? "txt");
    return { entry, article, indexing: indexArticle(article) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EACCES" ? "permission denied" : code === "ENOENT" ? "deleted while indexing" : code ?? (e as Error).message;
    report({ file: path, message: `cannot read (${why}), skipped`, severity: "warning" });
    return undefined;
  }
}

interface LoadedCache {
  manifest: Manifest;
  byPath: Map<string, { entry: FileEntry; article: number }>;
  aliasData: AliasData;
  index: InvertedIndexData;
  materialise(hit: { entry: FileEntry; article: number }): Ingested;
}

const BLOBS = ["articles.json", "aliases.json", "text.bin", "index.bin"] as const;

async function readCache(folder: string, key: string): Promise<LoadedCache | undefined> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(folder, "manifest.json"), "utf8");
  } catch {
    return undefined; // no cache yet
  }
  const manifest = JSON.parse(manifestText) as Manifest;
  if (manifest.format !== CACHE_FORMAT) throw new Error(`index cache of format ${manifest.format}, expected ${CACHE_FORMAT}: rebuilt`);
  if (manifest.key !== key) throw new Error("index cache is for another corpus: rebuilt");
  const blobs = new Map<string, Buffer>();
  for (const name of BLOBS) {
    const b = await readFile(join(folder, name));
    if (sha1(b) !== manifest.checksums[name]) throw new Error(`index cache file ${name} is corrupt (checksum): rebuilt`);
    blobs.set(name, b);
  }
  const cachedArticles = JSON.parse(blobs.get("articles.json")!.toString("utf8")) as CachedArticle[];
  const aliasData = JSON.parse(blobs.get("aliases.json")!.toString("utf8")) as AliasData;
  const text = blobs.get("text.bin")!;
  const index = readIndex(blobs.get("index.bin")!);
  if (index.lengths.length !== manifest.index.passages || index.postingDocs.length !== manifest.index.postings) throw new Error("index cache is inconsistent: rebuilt");
  const forward = forwardTerms(index);
  const byPath = new Map<string, { entry: FileEntry; article: number }>();
  let firstPassage = 0;
  const passageBase: number[] = [];
  for (const f of manifest.files) {
    const a = cachedArticles[f.article];
    if (!a || a.text[0] < 0 || a.text[1] > text.length || a.text[0] > a.text[1]) throw new Error("index cache is inconsistent: rebuilt");
    passageBase[f.article] = firstPassage;
    firstPassage += a.passages.length / 3;
    byPath.set(f.path, { entry: f, article: f.article });
  }
  if (firstPassage !== index.lengths.length) throw new Error("index cache is inconsistent: rebuilt");
  return {
    manifest,
    byPath,
    aliasData,
    index,
    materialise({ entry, article: k }) {
      const c = cachedArticles[k];
      const articleText = text.toString("utf8", c.text[0], c.text[1]);
      const passages: Article["passages"] = [];
      for (let i = 0; i < c.passages.length; i += 3) {
        const start = c.passages[i];
        const end = c.passages[i + 1];
        if (!(start >= 0 && start <= end && end <= articleText.length)) throw new Error("index cache is inconsistent: rebuilt");
        passages.push({ index: i / 3, span: { start, end }, paragraph: c.passages[i + 2] });
      }
      const boilerplate: Article["boilerplate"] = [];
      for (let i = 0; i < c.boilerplate.length; i += 2) boilerplate.push({ start: c.boilerplate[i], end: c.boilerplate[i + 1] });
      const article: Article = { ...c.meta, id: entry.path, text: articleText, passages, boilerplate };
      const base = passageBase[k];
      // Only needed when the shared parts are rebuilt, so computed on first use.
      const indexing: ArticleIndexing = {
        get terms() {
          return passages.map((_, i) => forward(base + i));
        },
        get aliasStats(): AliasStats {
          return { names: new Map(c.aliases.names), acronyms: new Set(c.aliases.acronyms), runs: c.aliases.runs };
        },
      };
      return { entry, article, indexing };
    },
  };
}

/** The terms of each passage, read back from the postings (the index is their transpose). */
function forwardTerms(index: InvertedIndexData): (passage: number) => string[] {
  let lists: string[][] | undefined;
  return (passage) => {
    if (!lists) {
      lists = Array.from({ length: index.lengths.length }, () => []);
      for (let t = 0; t < index.terms.length; t++) {
        for (let k = index.postingStart[t]; k < index.postingStart[t + 1]; k++) {
          const doc = index.postingDocs[k];
          if (doc >= lists.length) throw new Error("index cache is inconsistent: rebuilt");
          for (let n = 0; n < index.postingFreqs[k]; n++) lists[doc].push(index.terms[t]);
        }
      }
    }
    return lists[passage];
  };
}

async function writeCache(folder: string, key: string, kept: Ingested[], corpus: Corpus): Promise<void> {
  const texts: Buffer[] = [];
  let offset = 0;
  const cachedArticles: CachedArticle[] = kept.map(({ article, indexing }, i) => {
    const bytes = Buffer.from(corpus.articles[i].text, "utf8");
    texts.push(bytes);
    const range: [number, number] = [offset, offset + bytes.length];
    offset += bytes.length;
    const a = corpus.articles[i];
    return {
      meta: { id: a.id, title: a.title, outlet: article.outlet, byline: a.byline, date: a.date, url: a.url },
      passages: a.passages.flatMap((p) => [p.span.start, p.span.end, p.paragraph]),
      boilerplate: a.boilerplate.flatMap((s) => [s.start, s.end]),
      text: range,
      aliases: { names: [...indexing.aliasStats.names], acronyms: [...indexing.aliasStats.acronyms], runs: indexing.aliasStats.runs },
    };
  });
  const index = corpus.index instanceof InvertedIndex ? corpus.index.data : buildInvertedIndex([]);
  const blobs: Record<(typeof BLOBS)[number], Buffer> = {
    "articles.json": Buffer.from(JSON.stringify(cachedArticles)),
    "aliases.json": Buffer.from(JSON.stringify(corpus.aliasData)),
    "text.bin": Buffer.concat(texts),
    "index.bin": writeIndex(index),
  };
  const manifest: Manifest = {
    format: CACHE_FORMAT,
    key,
    files: kept.map((x, article) => ({ ...x.entry, article })),
    checksums: Object.fromEntries(BLOBS.map((n) => [n, sha1(blobs[n])])),
    index: { terms: index.terms.length, postings: index.postingDocs.length, passages: index.lengths.length },
  };
  // Written beside, then swapped in: a reader never sees half a cache.
  const temp = `${folder}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temp, { recursive: true });
  try {
    for (const n of BLOBS) await writeFile(join(temp, n), blobs[n]);
    await writeFile(join(temp, "manifest.json"), JSON.stringify(manifest));
    await rm(folder, { recursive: true, force: true });
    await rename(temp, folder);
  } catch (e) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** The index's typed arrays in one buffer: a JSON header (terms, array lengths), then each array 8-byte aligned. */
function writeIndex(d: InvertedIndexData): Buffer {
  const arrays = [d.postingStart, d.postingDocs, d.postingFreqs, d.lengths, d.refArticle, d.refPassage];
  const header = Buffer.from(JSON.stringify({ terms: d.terms, lengths: arrays.map((a) => a.length) }));
  const parts: Buffer[] = [Buffer.alloc(4), header];
  parts[0].writeUInt32LE(header.length);
  let size = 4 + header.length;
  for (const a of arrays) {
    const pad = (8 - (size % 8)) % 8;
    parts.push(Buffer.alloc(pad));
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    size += pad + a.byteLength;
  }
  return Buffer.concat(parts);
}

function readIndex(b: Buffer): InvertedIndexData {
  const headerLength = b.readUInt32LE(0);
  const header = JSON.parse(b.toString("utf8", 4, 4 + headerLength)) as { terms: string[]; lengths: number[] };
  let at = 4 + headerLength;
  const take = <T>(make: (buf: ArrayBuffer, length: number) => T, bytesPer: number, length: number): T => {
    at += (8 - (at % 8)) % 8;
    const end = at + length * bytesPer;
    if (end > b.length) throw new Error("index cache is truncated: rebuilt");
    // A copy: the file's buffer need not be aligned for typed-array views.
    const copy = b.buffer.slice(b.byteOffset + at, b.byteOffset + end);
    at = end;
    return make(copy as ArrayBuffer, length);
  };
  const [starts, docs, freqs, lengths, arts, passages] = header.lengths;
  const d: InvertedIndexData = {
    terms: header.terms,
    postingStart: take((x) => new Uint32Array(x), 4, starts),
    postingDocs: take((x) => new Uint32Array(x), 4, docs),
    postingFreqs: take((x) => new Uint16Array(x), 2, freqs),
    lengths: take((x) => new Uint16Array(x), 2, lengths),
    refArticle: take((x) => new Uint32Array(x), 4, arts),
    refPassage: take((x) => new Uint32Array(x), 4, passages),
  };
  if (d.postingStart.length !== d.terms.length + 1 || d.postingStart[d.terms.length] !== d.postingDocs.length) throw new Error("index cache is inconsistent: rebuilt");
  for (const doc of d.postingDocs) if (doc >= d.lengths.length) throw new Error("index cache is inconsistent: rebuilt");
  return d;
}

/** Runs `fn` over `items` with at most `limit` at once, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
