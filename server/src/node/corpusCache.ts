/**
 * The persisted index: a corpus loaded from disk, indexed once and kept in a
 * cache folder, so that the next start reads it back instead of indexing the
 * archive again. Updated per file: a file whose size and modification time (or,
 * failing those, content hash) are unchanged is never read again; only changed
 * files are ingested, and the shared parts (aliases, postings) are rebuilt from
 * the per-file parts.
 *
 * The cache is never trusted: each blob's CRC-32 is checked on load, every
 * offset is bounds-checked, and a version or checksum mismatch means a rebuild
 * (with a message), never a crash or a wrong verdict.
 */
import { crc32 } from "node:zlib";
import { performance } from "node:perf_hooks";
import { statSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultCacheDir } from "./cacheDir";
import {
  type AliasData, type Article, type ArticleMeta, buildCorpus, type Corpus, forwardEntries, type ForwardEntries,
  InvertedIndex, InvertedIndexBuilder, type InvertedIndexData, isGrouping, learnOutlets, type Problem,
} from "../engine";
import { listSourceFiles } from "./corpusLoader";
import { ingestAll, learnAliasDataOf, learnAliasesOf, sha1, type AliasStatsJson, type FileEntry, type IngestedFile, type StoredMeta } from "./ingest";

/**
 * Bump when ingestion, index terms or the file layout change: older caches are then rebuilt.
 * 8: index.bin holds the article-level postings too.
 * 9: the postings are each group's of alike passages, with each passage's group (`passageGroups`).
 * 10: index.bin no longer holds article-level postings (nothing ranks articles).
 * 11: a run of Chinese, Japanese or Thai gives the index terms of its words, not one term (`segmentWords`).
 */
export const CACHE_FORMAT = 11;

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
  /**
   * A cold build (no persisted index to start from) reports the part indexed
   * so far now and then (`PartialSchedule`), so that an editor can check
   * against it meanwhile.
   */
  onPartial?(partial: PartialCorpus): void;
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

export { defaultCacheDir };

/** What the cache holds for one file: the article without its text, and what indexing learned of it. */
interface CachedArticle {
  meta: Omit<Article, "text" | "passages" | "boilerplate">;
  /** start, end, paragraph per passage. */
  passages: number[];
  /** start, end per boilerplate span. */
  boilerplate: number[];
  /** Byte range of the text in `text.bin` (UTF-8), and its length once decoded (UTF-16 code units). */
  text: [number, number, number];
}

interface Manifest {
  format: number;
  /** The corpus this cache is for (`cacheKey`). */
  key: string;
  files: Array<FileEntry & { article: number }>;
  /** CRC-32 of each blob, checked before anything in it is used. */
  checksums: Record<string, string>;
  index: { terms: number; postings: number; passages: number };
}

/** An article as the persisted index stores it: its text in UTF-8 and its spans as numbers. */
interface Stored {
  /** The outlet as the file gave it (before `learnOutlets`). */
  outlet: string | null;
  bytes(): Uint8Array;
  /** The text's length once decoded, in UTF-16 code units. */
  textLength: number;
  passages: ArrayLike<number>;
  boilerplate: ArrayLike<number>;
}

interface Ingested {
  entry: FileEntry;
  article: Article;
  stored: Stored;
  /** The alias statistics as JSON text; filled in (for a cached article, from `stats.json`) before the aliases are learned again. */
  aliasJson?: string;
  /** The article's position in the cache it was read from. */
  cached?: number;
  /** Its position among the listed files: the builder's slot. */
  slot: number;
}

/** An article's text, passages and boilerplate as the numbers and bytes they are made from (`storedForm`). */
export interface StoredForm {
  /** The text in UTF-8; undefined where UTF-8 cannot carry it (lone surrogates of a UTF-16 file). */
  bytes(): Uint8Array | undefined;
  /** The text's length in UTF-16 code units (known without decoding it). */
  textLength: number;
  /** start, end, paragraph per passage. */
  passages: ArrayLike<number>;
  /** start, end per boilerplate span. */
  boilerplate: ArrayLike<number>;
}

const storedForms = new WeakMap<Article, StoredForm>();

/**
 * What a lazy article is made from, so that it can be handed to another
 * thread without making its text (`node/corpusImage.ts`); undefined for an
 * article that is not lazy.
 */
export function storedForm(article: Article): StoredForm | undefined {
  return storedForms.get(article);
}

/**
 * An article whose text, passages and boilerplate are made on first use, from
 * the numbers the persisted index (or an ingestion worker) gives: a check
 * reads the few articles retrieval returns, so most are never made.
 */
export function lazyArticle(
  id: string, meta: StoredMeta, text: () => string, passages: ArrayLike<number>, boilerplate: ArrayLike<number>, bytes: () => Uint8Array | undefined, textLength: number,
): Article {
  const article = { ...meta, id } as Article;
  storedForms.set(article, { bytes, textLength, passages, boilerplate });
  Object.defineProperties(article, {
    text: lazily(text),
    passages: lazily(() => {
      const list: Article["passages"] = [];
      for (let i = 0; i < passages.length; i += 3) list.push({ index: i / 3, span: { start: passages[i], end: passages[i + 1] }, paragraph: passages[i + 2] });
      return list;
    }),
    boilerplate: lazily(() => {
      const spans: Article["boilerplate"] = [];
      for (let i = 0; i < boilerplate.length; i += 2) spans.push({ start: boilerplate[i], end: boilerplate[i + 1] });
      return spans;
    }),
  });
  return article;
}

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
  let cached: LoadedCache | undefined;
  if (folder) {
    try {
      cached = await readCache(folder, key);
    } catch (e) {
      stats.cacheProblem = (e as Error).message;
    }
  }
  const entries = statEntries(files, cached, report);

  const { ingested, toIngest } = matchCached(entries, cached, stats);
  // New and changed files go into the postings as they arrive, already in the builder's term ids.
  const builder = new InvertedIndexBuilder();
  const { spare, touched } = await ingestChanged({ paths: toIngest.map((i) => entries[i]!.path), slots: toIngest, ingested, cached, builder, stats, maxBytes, options });

  const kept = ingested.filter((x): x is Ingested => !!x);
  stats.files = kept.length;
  stats.bytes = kept.reduce((n, x) => n + x.entry.size, 0);
  const articles = learnOutlets(kept.map((x) => x.article));
  stats.reused += touched;
  const unchanged = cached && stats.reindexed === 0 && touched === 0 && kept.length === cached.manifest.files.length && kept.every((x, i) => cached!.manifest.files[i]?.path === x.entry.path);
  if (unchanged) {
    void spare?.terminate();
    return { corpus: buildCorpus(articles, { aliasData: cached!.aliasData, index: new InvertedIndex(cached!.index) }), stats };
  }
  try {
    await cached?.fillAliasStats(kept);
  } catch (e) {
    void spare?.terminate();
    // The statistics of the unchanged files are lost: read every file again.
    if (folder) await rm(folder, { recursive: true, force: true });
    const fresh = await loadIndexedCorpus(paths, options);
    return { corpus: fresh.corpus, stats: { ...fresh.stats, cacheProblem: (e as Error).message } };
  }
  return { corpus: await rebuild({ folder, key, kept, articles, builder, cached, spare, report }), stats };
}

/**
 * Ingests the new and changed files (`paths`, builder slots `slots`) into
 * `ingested` and `builder`; returns the ingestion worker kept for the aliases
 * and how many files were touched but not changed. A cold build reports the
 * part indexed so far as it goes (`onPartial`).
 */
async function ingestChanged(p: {
  paths: string[];
  slots: number[];
  ingested: Array<Ingested | undefined>;
  cached: LoadedCache | undefined;
  builder: InvertedIndexBuilder;
  stats: IndexStats;
  maxBytes: number;
  options: IndexedCorpusOptions;
}): Promise<{ spare: Worker | undefined; touched: number }> {
  const { ingested, cached, builder, options } = p;
  let done = 0;
  let touched = 0;
  const partial = options.onPartial && !cached ? new PartialSchedule(p.paths.length) : undefined;
  options.onProgress?.(0, p.paths.length);
  const spare = await ingestAll(
    p.paths,
    p.maxBytes,
    (term) => builder.idOf(term),
    (k, reply) => {
      const i = p.slots[k];
      options.onProgress?.(++done, p.paths.length);
      if ("problem" in reply) {
        options.onProblem?.(reply.problem);
        return;
      }
      // Touched but not changed: the cached article stands.
      const hit = cached?.byPath.get(reply.entry.path);
      if (hit && hit.entry.hash === reply.entry.hash) {
        ingested[i] = { ...cached!.materialise(hit), entry: reply.entry, slot: i };
        touched++;
        return;
      }
      builder.addIds(i, reply.entries);
      ingested[i] = ingestedOf(reply, i);
      p.stats.reindexed++;
      if (partial?.due(done)) options.onPartial!(partialOf(ingested, builder, done, p.paths.length));
    },
    { keepWorker: true },
  );
  return { spare, touched };
}

/** The corpus of a cold build so far, as `onPartial` gets it. */
export interface PartialCorpus {
  /** The articles ingested so far, in the order of the listing (not yet the final corpus's order of outlets). */
  articles: Article[];
  index: InvertedIndexData;
  /** The aliases learned from these articles alone. */
  aliasData: AliasData;
  /** Files done of the files to ingest. */
  done: number;
  total: number;
}

/**
 * When a cold build reports its part indexed so far: first once it has run
 * `FIRST_MS` and ingested `MIN_FILES`, then whenever the part has doubled
 * and `EVERY_MS` have passed, while no more than half the files are done.
 * Each part costs a snapshot of its postings and a check of the open
 * documents against it, on the same cores as the build: at 10,000 articles
 * (a build of 5 to 10 s here) a second part at a third of the files added
 * 70 MB to the server's peak and a second to the build, for no claim
 * answered sooner, so only archives whose build takes longer get more than
 * one. Doubling keeps the parts' total cost under twice the last one's.
 */
class PartialSchedule {
  static readonly FIRST_MS = 400;
  static readonly EVERY_MS = 10_000;
  static readonly MIN_FILES = 200;
  private readonly started = performance.now();
  private last = 0;
  private lastAt = 0;

  constructor(private readonly total: number) {}

  due(done: number): boolean {
    const now = performance.now() - this.started;
    if (done < PartialSchedule.MIN_FILES || done > this.total / 2 || done < 2 * this.last) return false;
    if (now < (this.last ? this.lastAt + PartialSchedule.EVERY_MS : PartialSchedule.FIRST_MS)) return false;
    this.last = done;
    this.lastAt = now;
    return true;
  }
}

/** The articles ingested so far (every one fresh: a cold build), their postings and their aliases. */
function partialOf(ingested: ReadonlyArray<Ingested | undefined>, builder: InvertedIndexBuilder, done: number, total: number): PartialCorpus {
  const kept = ingested.filter((x): x is Ingested => !!x);
  const index = builder.snapshot(kept.map((x) => x.slot));
  return { articles: kept.map((x) => x.article), index, aliasData: learnAliasDataOf(kept.map((x) => x.aliasJson!)), done, total };
}

/**
 * Each listed file's size and time, to compare with the cache. Synchronous on
 * purpose: 10,000 stats cost less than 10,000 promises (and this runs in a
 * worker in the editor). With no cache to compare with, every file is
 * ingested, and ingesting it gives its size and time: no stat here.
 */
function statEntries(files: readonly string[], cached: LoadedCache | undefined, report: (p: Problem) => void): Array<{ path: string; size: number; mtimeMs: number } | undefined> {
  return files.map((path) => {
    if (!cached) return { path, size: 0, mtimeMs: 0 };
    try {
      const s = statSync(path);
      return { path, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      report({ file: path, message: "deleted while indexing, skipped", severity: "warning" });
      return undefined;
    }
  });
}

/** Per file: the cached article when size and time match, else ingest it (`toIngest`; unless its bytes turn out the same). */
function matchCached(entries: ReturnType<typeof statEntries>, cached: LoadedCache | undefined, stats: IndexStats): { ingested: Array<Ingested | undefined>; toIngest: number[] } {
  const ingested: Array<Ingested | undefined> = new Array(entries.length);
  const toIngest: number[] = [];
  entries.forEach((e, i) => {
    if (!e) return;
    const hit = cached?.byPath.get(e.path);
    if (hit && hit.entry.size === e.size && hit.entry.mtimeMs === e.mtimeMs) {
      ingested[i] = { ...cached!.materialise(hit), slot: i };
      stats.reused++;
    } else {
      toIngest.push(i);
    }
  });
  return { ingested, toIngest };
}

/** A freshly ingested file as the corpus keeps it: a lazy article over the bytes and numbers the worker sent. */
function ingestedOf(reply: IngestedFile, slot: number): Ingested {
  const { text, textString, passages, boilerplate } = reply;
  const decode = () => textString ?? Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8");
  const stored: Stored = { outlet: reply.meta.outlet, bytes: () => (textString === undefined ? text : Buffer.from(textString, "utf8")), textLength: reply.textLength, passages, boilerplate };
  const bytes = () => (textString === undefined ? text : undefined);
  return { entry: reply.entry, article: lazyArticle(reply.entry.path, reply.meta, decode, passages, boilerplate, bytes, reply.textLength), stored, aliasJson: reply.aliasJson, slot };
}

/**
 * The corpus from new and changed files (already in `builder`) and unchanged
 * ones (their postings from the cached index), with the persisted index
 * written anew. The aliases are learned on another thread (`spare`, an
 * ingestion worker kept for it, when there is one) while this one lays out
 * the postings and writes the cache.
 */
async function rebuild(p: {
  folder: string | undefined;
  key: string;
  kept: Ingested[];
  articles: Article[];
  builder: InvertedIndexBuilder;
  cached: LoadedCache | undefined;
  spare: Worker | undefined;
  report(problem: Problem): void;
}): Promise<Corpus> {
  const { folder, kept, cached, builder } = p;
  if (cached && kept.some((x) => x.cached !== undefined)) {
    const forward = cached.forward();
    for (const x of kept) if (x.cached !== undefined) builder.addEntries(x.slot, forward(x.cached), cached.index.terms);
  }
  const aliasData = learnAliasesOf(kept.map((x) => x.aliasJson!), p.spare);
  const index = new InvertedIndex(builder.finish(kept.map((x) => x.slot)));
  const written = folder
    ? writeCache(folder, p.key, kept, p.articles, index, aliasData).catch((e: unknown) =>
        p.report({ file: folder, message: `cannot write the index cache (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the corpus is indexed anew at each start`, severity: "warning" }),
      )
    : undefined;
  const corpus = buildCorpus(p.articles, { aliasData: await aliasData, index });
  await written;
  return corpus;
}

interface LoadedCache {
  manifest: Manifest;
  byPath: Map<string, { entry: FileEntry; article: number }>;
  aliasData: AliasData;
  index: InvertedIndexData;
  materialise(hit: { entry: FileEntry; article: number }): Omit<Ingested, "slot">;
  /** Reads the alias statistics of the cached articles among `items` (from `stats.json`). */
  fillAliasStats(items: Ingested[]): Promise<void>;
  /** Each cached article's postings as forward entries (computed once, on first call). */
  forward(): (article: number) => ForwardEntries;
}

const BLOBS = ["articles.json", "aliases.json", "text.bin", "index.bin", "stats.json"] as const;
/** Read at every load (and `index.bin`, by `readIndex`); `stats.json` only when the aliases must be learned again. */
const EAGER = ["articles.json", "aliases.json", "text.bin"] as const;

const checksum = (b: Uint8Array) => crc32(b).toString(16);

/**
 * Checks that every file of the manifest has its article, and every span lies
 * in its text, on the numbers, so that reading an article later cannot fail;
 * gives each file's entry and each article's first passage in the index.
 */
function checkBounds(manifest: Manifest, articles: CachedArticle[], textBytes: number, index: InvertedIndexData) {
  const byPath = new Map<string, { entry: FileEntry; article: number }>();
  const passageBase: number[] = [];
  const inside = (start: number, end: number, length: number) => start >= 0 && start <= end && end <= length;
  let firstPassage = 0;
  for (const f of manifest.files) {
    const a = articles[f.article];
    if (!a || !inside(a.text[0], a.text[1], textBytes)) throw new Error("index cache is inconsistent: rebuilt");
    const length = a.text[2];
    for (let i = 0; i < a.passages.length; i += 3) if (!inside(a.passages[i], a.passages[i + 1], length)) throw new Error("index cache is inconsistent: rebuilt");
    for (let i = 0; i < a.boilerplate.length; i += 2) if (!inside(a.boilerplate[i], a.boilerplate[i + 1], length)) throw new Error("index cache is inconsistent: rebuilt");
    // A PDF's pages are spans of its extracted text like the others.
    if (a.meta.pages !== undefined && !(Array.isArray(a.meta.pages) && a.meta.pages.every((p) => p && inside(p.start, p.end, length)))) {
      throw new Error("index cache is inconsistent: rebuilt");
    }
    passageBase[f.article] = firstPassage;
    firstPassage += a.passages.length / 3;
    byPath.set(f.path, { entry: f, article: f.article });
  }
  if (firstPassage !== index.lengths.length) throw new Error("index cache is inconsistent: rebuilt");
  return { byPath, passageBase };
}

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
  const blob = async (name: (typeof BLOBS)[number]) => {
    // Read in one call: a promise-based read of 40 MB goes through the thread pool 512 KB at a time (80 ms idle at 10,000 articles).
    const b = readFileSync(join(folder, name));
    if (checksum(b) !== manifest.checksums[name]) throw new Error(`index cache file ${name} is corrupt (checksum): rebuilt`);
    return b;
  };
  const blobs = new Map<string, Buffer>();
  for (const name of EAGER) blobs.set(name, await blob(name));
  // Read on first use, and then only once; a corrupt file fails the load that needs it, which then indexes anew.
  let aliasStats: Promise<AliasStatsJson[]> | undefined;
  const statsOf = () => (aliasStats ??= blob("stats.json").then((b) => JSON.parse(b.toString("utf8")) as AliasStatsJson[]));
  const cachedArticles = JSON.parse(blobs.get("articles.json")!.toString("utf8")) as CachedArticle[];
  const aliasData = JSON.parse(blobs.get("aliases.json")!.toString("utf8")) as AliasData;
  // Kept as bytes: an article's text is decoded when something first reads it (most never are).
  const text = blobs.get("text.bin")!;
  const index = readIndex(join(folder, "index.bin"), manifest.checksums["index.bin"]);
  if (index.lengths.length !== manifest.index.passages || index.postingDocs.length !== manifest.index.postings) throw new Error("index cache is inconsistent: rebuilt");
  let fwd: ReturnType<typeof forwardEntries> | undefined;
  const { byPath, passageBase } = checkBounds(manifest, cachedArticles, text.length, index);
  return {
    manifest,
    byPath,
    aliasData,
    index,
    materialise({ entry, article: k }) {
      const c = cachedArticles[k];
      const bytes = () => text.subarray(c.text[0], c.text[1]);
      const article = lazyArticle(entry.path, c.meta, () => text.toString("utf8", c.text[0], c.text[1]), c.passages, c.boilerplate, bytes, c.text[2]);
      return { entry, article, stored: { outlet: c.meta.outlet, bytes, textLength: c.text[2], passages: c.passages, boilerplate: c.boilerplate }, cached: k };
    },
    forward() {
      const f = (fwd ??= forwardEntries(index));
      return (k) => {
        const first = passageBase[k];
        const count = cachedArticles[k].passages.length / 3;
        const from = f.docStart[first];
        const to = f.docStart[first + count];
        const starts = Uint32Array.from({ length: count + 1 }, (_, i) => f.docStart[first + i] - from);
        return { ids: f.ids.subarray(from, to), freqs: f.freqs.subarray(from, to), starts };
      };
    },
    async fillAliasStats(items) {
      const all = await statsOf();
      for (const x of items) {
        if (x.cached === undefined) continue;
        const st = all[x.cached];
        if (!st) throw new Error("index cache is inconsistent: rebuilt");
        x.aliasJson = JSON.stringify(st);
      }
    },
  };
}

/**
 * Writes a file in pieces, with its checksum as it goes, so that no blob of a
 * large archive is ever held whole in memory; returns the checksum.
 */
async function writePieces(path: string, pieces: Iterable<Buffer>): Promise<string> {
  let crc = 0;
  const file = await open(path, "w");
  try {
    for (const piece of pieces) {
      crc = crc32(piece, crc);
      await file.write(piece);
    }
  } finally {
    await file.close();
  }
  return crc.toString(16);
}

/** A JSON array, a thousand items a piece (the reader parses it whole: the format is plain JSON). */
function* jsonArray<T>(items: readonly T[], each: (item: T, i: number) => unknown): Iterable<Buffer> {
  yield Buffer.from("[");
  for (let i = 0; i < items.length; i += 1000) {
    const part = items.slice(i, i + 1000).map((x, k) => JSON.stringify(each(x, i + k)));
    yield Buffer.from((i ? "," : "") + part.join(","));
  }
  yield Buffer.from("]");
}

async function writeCache(folder: string, key: string, kept: Ingested[], articles: readonly Article[], index: InvertedIndex, aliasData: Promise<AliasData>): Promise<void> {
  // Written beside, then swapped in: a reader never sees half a cache.
  const temp = `${folder}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temp, { recursive: true });
  try {
    const checksums: Record<string, string> = {};
    const put = async (name: (typeof BLOBS)[number], data: Buffer) => {
      checksums[name] = checksum(data);
      await writeFile(join(temp, name), data);
    };
    const stream = async (name: (typeof BLOBS)[number], pieces: Iterable<Buffer>) => {
      checksums[name] = await writePieces(join(temp, name), pieces);
    };
    /** A JSON array of items already written as JSON, a thousand a piece. */
    function* jsonTexts(items: readonly string[]): Iterable<Buffer> {
      yield Buffer.from("[");
      for (let i = 0; i < items.length; i += 1000) yield Buffer.from((i ? "," : "") + items.slice(i, i + 1000).join(","));
      yield Buffer.from("]");
    }
    const ranges: Array<[number, number, number]> = [];
    await stream("text.bin", textPieces(kept, ranges));
    await stream(
      "articles.json",
      jsonArray(articles, (a, i): CachedArticle => ({
        // The outlet as the file gave it: `learnOutlets` runs again over the corpus at each load.
        meta: {
          id: a.id, title: a.title, outlet: kept[i].stored.outlet, byline: a.byline, date: a.date, url: a.url,
          // A PDF's or Word file's text is the extracted text (kept in text.bin like any other), and a PDF's pages go with it.
          ...(a.extractedFrom ? { extractedFrom: a.extractedFrom } : {}), ...(a.pages ? { pages: a.pages } : {}),
        },
        passages: Array.from(kept[i].stored.passages),
        boilerplate: Array.from(kept[i].stored.boilerplate),
        text: ranges[i],
      })),
    );
    await stream("index.bin", indexParts(index.data, index.data.groupOf ?? Uint32Array.from(index.data.lengths, (_, p) => p)));
    await stream("stats.json", jsonTexts(kept.map((x) => x.aliasJson!)));
    // Last: the aliases may still be being learned.
    await put("aliases.json", Buffer.from(JSON.stringify(await aliasData)));
    const manifest: Manifest = {
      format: CACHE_FORMAT,
      key,
      files: kept.map((x, article) => ({ ...x.entry, article })),
      checksums,
      index: { terms: index.data.terms.length, postings: index.data.postingDocs.length, passages: index.data.lengths.length },
    };
    await writeFile(join(temp, "manifest.json"), JSON.stringify(manifest));
    await rm(folder, { recursive: true, force: true });
    await rename(temp, folder);
  } catch (e) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * The texts of `kept` as the pieces of `text.bin`, one article at a time, as
 * the bytes they were read or ingested as; `ranges` gets each one's byte
 * range and decoded length as the pieces are taken.
 */
function* textPieces(kept: readonly Ingested[], ranges: Array<[number, number, number]>): Iterable<Buffer> {
  let offset = 0;
  for (const x of kept) {
    const bytes = x.stored.bytes();
    ranges.push([offset, offset + bytes.length, x.stored.textLength]);
    offset += bytes.length;
    yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/**
 * The index's typed arrays as the pieces of one file: a JSON header (terms,
 * array lengths), then each array 8-byte aligned: the postings' and the
 * passages' groups, so that no load works those out again.
 */
function indexParts(d: InvertedIndexData, groupOf: Uint32Array): Buffer[] {
  const arrays = [d.postingStart, d.postingDocs, d.postingFreqs, d.lengths, d.refArticle, d.refPassage, groupOf];
  const header = Buffer.from(JSON.stringify({ terms: d.terms, lengths: arrays.map((a) => a.length) }));
  const parts: Buffer[] = [Buffer.alloc(4), header];
  parts[0].writeUInt32LE(header.length);
  let size = 4 + header.length;
  for (const a of arrays) {
    const pad = (8 - (size % 8)) % 8;
    parts.push(Buffer.alloc(pad));
    // A view of the array, not a copy.
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    size += pad + a.byteLength;
  }
  return parts;
}

/** A property made by `make` when first read, then kept (enumerable, so copies and clones see its value). */
function lazily<T>(make: () => T): PropertyDescriptor {
  let value: T | undefined;
  return { enumerable: true, configurable: true, get: () => (value ??= make()) };
}

/**
 * Reads `index.bin` straight into its typed arrays, its checksum worked out
 * on the way and compared before anything in it is used: no copy of the
 * whole file is held (40 MB at 10,000 articles, on top of the arrays, at the
 * load's peak).
 */
function readIndex(path: string, expected: string | undefined): InvertedIndexData {
  const corrupt = () => new Error("index cache file index.bin is corrupt: rebuilt");
  const fd = openSync(path, "r");
  let parts: ReturnType<typeof readIndexParts>;
  try {
    parts = readIndexParts(fd, fstatSync(fd).size, corrupt);
  } finally {
    closeSync(fd);
  }
  if (parts.crc !== expected) throw new Error("index cache file index.bin is corrupt (checksum): rebuilt");
  const { terms, arrays } = parts;
  const [postingStart, postingDocs, postingFreqs, lengths, refArticle, refPassage, groupOf] = arrays;
  const d: InvertedIndexData = {
    terms,
    postingStart: postingStart as Uint32Array,
    postingDocs: postingDocs as Uint32Array,
    postingFreqs: postingFreqs as Uint16Array,
    lengths: lengths as Uint16Array,
    refArticle: refArticle as Uint32Array,
    refPassage: refPassage as Uint32Array,
  };
  checkPostings(d.terms.length, d.postingStart, d.postingDocs, d.lengths.length);
  if (!isGrouping(groupOf as Uint32Array, d.lengths.length)) throw new Error("index cache is inconsistent: rebuilt");
  // Only a group's first passage has postings: they stand for every member's.
  for (let k = 0; k < d.postingDocs.length; k++) if (groupOf[d.postingDocs[k]] !== d.postingDocs[k]) throw new Error("index cache is inconsistent: rebuilt");
  d.groupOf = groupOf as Uint32Array;
  return d;
}

/** The kinds of `indexParts`' arrays, in order. */
const INDEX_ARRAYS = ["u32", "u32", "u16", "u16", "u32", "u32", "u32"] as const;

/** The header and arrays of `index.bin` (open as `fd`, `size` bytes) and the CRC-32 of all its bytes; `corrupt` when its layout does not hold. */
function readIndexParts(fd: number, size: number, corrupt: () => Error): { terms: string[]; arrays: Array<Uint32Array | Uint16Array>; crc: string } {
  let at = 0;
  let crc = 0;
  const fill = (target: Uint8Array) => {
    if (target.length > size - at) throw corrupt();
    for (let done = 0; done < target.length; ) {
      const n = readSync(fd, target, done, target.length - done, at + done);
      if (n === 0) throw corrupt();
      done += n;
    }
    at += target.length;
    crc = crc32(target, crc);
  };
  const head = Buffer.alloc(4);
  fill(head);
  const headerBytes = Buffer.alloc(Math.min(head.readUInt32LE(0), size - at + 1));
  fill(headerBytes);
  let header: { terms?: unknown; lengths?: unknown };
  try {
    header = JSON.parse(headerBytes.toString("utf8"));
  } catch {
    throw corrupt();
  }
  const { terms, lengths } = header;
  if (!Array.isArray(terms) || !terms.every((t) => typeof t === "string")) throw corrupt();
  if (!Array.isArray(lengths) || lengths.length !== INDEX_ARRAYS.length || !lengths.every((n) => Number.isInteger(n) && n >= 0)) throw corrupt();
  const arrays = INDEX_ARRAYS.map((kind, i) => {
    fill(Buffer.alloc((8 - (at % 8)) % 8));
    const bytes = (kind === "u32" ? 4 : 2) * (lengths[i] as number);
    if (bytes > size - at) throw corrupt();
    const array = kind === "u32" ? new Uint32Array(lengths[i] as number) : new Uint16Array(lengths[i] as number);
    fill(new Uint8Array(array.buffer));
    return array;
  });
  // Whatever follows the arrays is part of the file's checksum too.
  if (at < size) fill(Buffer.alloc(size - at));
  return { terms, arrays, crc: (crc >>> 0).toString(16) };
}

/** Checks that a term's run of postings lies in the postings, and that each names a document there is. */
function checkPostings(terms: number, postingStart: Uint32Array, postingDocs: Uint32Array, documents: number): void {
  if (postingStart.length !== terms + 1 || postingStart[terms] !== postingDocs.length) throw new Error("index cache is inconsistent: rebuilt");
  for (let k = 0; k < postingDocs.length; k++) if (postingDocs[k] >= documents) throw new Error("index cache is inconsistent: rebuilt");
}
