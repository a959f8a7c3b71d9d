/**
 * One source file from disk to an ingested, indexed article: what
 * `loadIndexedCorpus` does per file, on this thread or in `ingestWorker.ts`.
 *
 * What comes back is compact on purpose: the text as UTF-8 bytes, spans and
 * index terms as typed arrays, terms as ids into the sender's vocabulary
 * (each term's string crosses between threads once). A cold build of 10,000
 * articles spent more time cloning, splitting and collecting millions of
 * small strings and objects on the main thread than the workers spent
 * ingesting; typed arrays are copied in one piece and hold no objects.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import {
  type AliasData, type AliasStats, type Article, collectAliasStats, forEachIndexWord, type ForwardEntries, indexTermOf,
  learnAliasData, passageText, type Problem, TermIds,
} from "../engine";
import { readSourceBytesSync } from "./corpusLoader";
import { articleFromBytes } from "./sources";
import { canStart, startWorker } from "./workers";

export interface FileEntry {
  /** As listed (the article id). */
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes. */
  hash: string;
}

/** An article's alias statistics as plain arrays (how they are stored and sent). */
export interface AliasStatsJson {
  names: Array<[string, number]>;
  acronyms: string[];
  runs: string[];
}

/** What an article is besides its text, spans and id: the metadata, and for an extracted source what it came from. */
export type StoredMeta = Omit<Article, "id" | "text" | "passages" | "boilerplate">;

/** One ingested file, compact (see the file's comment). */
export interface IngestedFile {
  entry: FileEntry;
  meta: StoredMeta;
  /** The decoded text in UTF-8, and its length in UTF-16 code units. */
  text: Uint8Array;
  textLength: number;
  /** The decoded text itself where UTF-8 cannot carry it exactly (lone surrogates of a UTF-16 file). */
  textString?: string;
  /** start, end, paragraph of each passage (passage k is the k-th triple). */
  passages: Uint32Array;
  /** start, end of each boilerplate span. */
  boilerplate: Uint32Array;
  /** Each passage's distinct terms, in order of first use, as ids into the sender's vocabulary, with counts. */
  entries: ForwardEntries;
  /**
   * The article's alias statistics (`AliasStatsJson`) as JSON text: what the
   * persisted index stores, and one string to keep rather than thousands of
   * small arrays until they are merged.
   */
  aliasJson: string;
}

export type IngestReply = IngestedFile | { problem: Problem };

export const sha1 = (b: Uint8Array | string) => createHash("sha1").update(b).digest("hex");

/** Words as written are memoised up to this many (then the memo starts again), as `indexTerms` memoises its terms. */
const WORD_MEMO_LIMIT = 500_000;

/**
 * Term ids of one sender. `fresh()` gives the terms added since its last call,
 * in id order, so that a receiver can extend its own table of these ids.
 */
export class TermVocabulary extends TermIds {
  private sent = 0;
  /** A word as written → its term's id, or -1 for a stop word. */
  private readonly words = new Map<string, number>();

  /** The id of a word's index term (`indexTermOf`), or -1 when it has none. */
  idOfWord(raw: string): number {
    let id = this.words.get(raw);
    if (id === undefined) {
      const term = indexTermOf(raw);
      id = term ? this.idOf(term) : -1;
      if (this.words.size >= WORD_MEMO_LIMIT) this.words.clear();
      this.words.set(raw, id);
    }
    return id;
  }

  get size(): number {
    return this.terms.length;
  }

  fresh(): string[] {
    const out = this.terms.slice(this.sent);
    this.sent = this.terms.length;
    return out;
  }
}

/**
 * Passages' index terms (`indexTerms` of each text) as forward entries:
 * distinct terms in order of first use, with counts, as
 * `InvertedIndexBuilder.add` makes them; words go straight to term ids.
 */
function entriesOf(texts: readonly string[], vocabulary: TermVocabulary): ForwardEntries {
  const ids: number[] = [];
  const freqs: number[] = [];
  const starts = new Uint32Array(texts.length + 1);
  /** Where a term's entry of the current passage is, by term id, valid when `seen[id]` is this passage's mark. */
  let at = new Int32Array(Math.max(1024, vocabulary.size * 2));
  let seen = new Int32Array(at.length);
  texts.forEach((text, k) => {
    const mark = k + 1;
    forEachIndexWord(text, (raw) => {
      const id = vocabulary.idOfWord(raw);
      if (id < 0) return;
      if (id >= seen.length) {
        const grown = new Int32Array(id * 2);
        grown.set(seen);
        seen = grown;
        const grownAt = new Int32Array(id * 2);
        grownAt.set(at);
        at = grownAt;
      }
      if (seen[id] === mark) {
        if (freqs[at[id]] < 65535) freqs[at[id]]++;
        return;
      }
      seen[id] = mark;
      at[id] = ids.length;
      ids.push(id);
      freqs.push(1);
    });
    starts[k + 1] = ids.length;
  });
  return { ids: Uint32Array.from(ids), freqs: Uint16Array.from(freqs), starts };
}

const encoder = new TextEncoder();
/** A surrogate without its other half: UTF-8 cannot carry it (only a UTF-16 file can hold one). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Reads, decodes, ingests and indexes one file; a problem that names it instead of a throw. */
export async function ingestFile(path: string, maxBytes: number, vocabulary: TermVocabulary): Promise<IngestReply> {
  const read = readSourceBytesSync(path, maxBytes);
  if ("problem" in read) return read;
  const entry: FileEntry = { path, size: read.bytes.length, mtimeMs: read.mtimeMs, hash: sha1(read.bytes) };
  // Text, Markdown and HTML are parsed at once; PDF and Word files are extracted first (asynchronously).
  const parsed = await articleFromBytes(path, read.bytes);
  if ("problem" in parsed) return parsed;
  const article = parsed.article;
  // What `indexArticle` gives, with the terms going straight to ids.
  const texts = article.passages.map((p) => passageText(article, p));
  const s = collectAliasStats(texts);
  const passages = new Uint32Array(article.passages.length * 3);
  article.passages.forEach((p, k) => {
    passages[3 * k] = p.span.start;
    passages[3 * k + 1] = p.span.end;
    passages[3 * k + 2] = p.paragraph;
  });
  const boilerplate = new Uint32Array(article.boilerplate.length * 2);
  article.boilerplate.forEach((b, k) => {
    boilerplate[2 * k] = b.start;
    boilerplate[2 * k + 1] = b.end;
  });
  const { id: _id, text, passages: _p, boilerplate: _b, ...meta } = article;
  return {
    entry,
    meta,
    text: encoder.encode(text),
    textLength: text.length,
    textString: LONE_SURROGATE.test(text) ? text : undefined,
    passages,
    boilerplate,
    entries: entriesOf(texts, vocabulary),
    aliasJson: JSON.stringify({ names: [...s.names], acronyms: [...s.acronyms], runs: s.runs } satisfies AliasStatsJson),
  };
}

/** Learns the aliases of articles from their statistics as JSON text (`aliasJson`), in their order. */
export function learnAliasDataOf(aliasJsons: readonly string[]): AliasData {
  const into: AliasStats = { names: new Map(), acronyms: new Set(), runs: [] };
  for (const json of aliasJsons) {
    const s = JSON.parse(json) as AliasStatsJson;
    for (const [w, n] of s.names) into.names.set(w, (into.names.get(w) ?? 0) + n);
    for (const x of s.acronyms) into.acronyms.add(x);
    for (const r of s.runs) into.runs.push(r);
  }
  return learnAliasData(into);
}

/**
 * `learnAliasDataOf` on a worker thread when there are many articles and an
 * ingestion worker can start (the caller meanwhile lays out postings and writes
 * the persisted index), else here.
 */
export async function learnAliasesOf(aliasJsons: readonly string[], spare?: Worker): Promise<AliasData> {
  if (!spare && (aliasJsons.length < PARALLEL_FROM || availableParallelism() < 2 || !canStart("ingest"))) return learnAliasDataOf(aliasJsons);
  // An ingestion worker that is done ingesting, when the caller kept one: no new thread and heap to start.
  const worker = spare ?? startWorker("ingest", WORKER_OPTIONS);
  try {
    return await new Promise<AliasData>((resolve, reject) => {
      worker.once("message", (m: { aliasData: AliasData }) => resolve(m.aliasData));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the alias worker stopped (exit code ${code})`)));
      worker.postMessage({ learn: aliasJsons });
    });
  } finally {
    await worker.terminate();
  }
}

/** What a worker answers for a batch of paths: the terms its vocabulary gained, then a reply per path. */
export interface IngestBatchReply {
  id: number;
  vocabulary: string[];
  replies: IngestReply[];
}

/**
 * The workers' young generation is kept small: what they allocate dies young
 * (a file's text and tokens), and V8's default on a large machine lets each
 * isolate hold some tens of megabytes of it, which a cold build's peak RSS
 * paid for three times.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8 } };
/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_FROM = 64;
const BATCH = 32;

/**
 * Receives replies from several senders, turning each sender's term ids into
 * the receiver's (`idOf`, e.g. the postings builder's) before `onReply` sees them.
 */
class Receiver {
  private readonly tables: number[][] = [];
  constructor(
    private readonly idOf: (term: string) => number,
    private readonly onReply: (i: number, reply: IngestReply) => void,
  ) {}

  batch(sender: number, first: number, vocabulary: readonly string[], replies: readonly IngestReply[]): void {
    const table = (this.tables[sender] ??= []);
    for (const t of vocabulary) table.push(this.idOf(t));
    replies.forEach((r, k) => {
      if (!("problem" in r)) {
        const ids = r.entries.ids;
        for (let j = 0; j < ids.length; j++) ids[j] = table[ids[j]];
      }
      this.onReply(first + k, r);
    });
  }
}

/**
 * Ingests `paths`, calling `onReply` for each in any order, with term ids
 * already given by `idOf`: in worker threads (one per core, four at most)
 * when there are many and ingestion workers can start (`workers.ts`), else on this thread.
 * With `keepWorker`, one worker is not stopped but returned, for
 * `learnAliasesOf` (the caller stops it).
 */
export async function ingestAll(
  paths: readonly string[],
  maxBytes: number,
  idOf: (term: string) => number,
  onReply: (i: number, reply: IngestReply) => void,
  options: { keepWorker?: boolean } = {},
): Promise<Worker | undefined> {
  const receiver = new Receiver(idOf, onReply);
  const workers = Math.min(4, availableParallelism());
  if (paths.length < PARALLEL_FROM || workers < 2 || !canStart("ingest")) {
    const vocabulary = new TermVocabulary();
    for (let i = 0; i < paths.length; i++) {
      const reply = await ingestFile(paths[i], maxBytes, vocabulary);
      receiver.batch(0, i, vocabulary.fresh(), [reply]);
      // Let timers and messages through between files: this may be the language server's thread.
      if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    return undefined;
  }
  return inWorkers(paths, maxBytes, workers, receiver, options.keepWorker ?? false);
}

async function inWorkers(paths: readonly string[], maxBytes: number, workers: number, receiver: Receiver, keep: boolean): Promise<Worker | undefined> {
  let next = 0;
  let batchId = 0;
  const pool = Array.from({ length: workers }, () => startWorker("ingest", WORKER_OPTIONS));
  const release = new Map<Worker, () => void>();
  try {
    await Promise.all(
      pool.map(
        (worker, sender) =>
          new Promise<void>((resolve, reject) => {
            const pending = new Map<number, number>();
            const send = () => {
              if (next >= paths.length) {
                if (!pending.size) resolve();
                return;
              }
              const first = next;
              next = Math.min(paths.length, next + BATCH);
              const id = batchId++;
              pending.set(id, first);
              worker.postMessage({ id, paths: paths.slice(first, next), maxBytes });
            };
            const onMessage = (m: IngestBatchReply) => {
              const first = pending.get(m.id)!;
              pending.delete(m.id);
              // The next batch goes out before this one is taken in, so the worker never waits for this thread.
              send();
              receiver.batch(sender, first, m.vocabulary, m.replies);
              if (next >= paths.length && !pending.size) resolve();
            };
            const onExit = (code: number) => {
              if (pending.size) reject(new Error(`an ingestion worker stopped (exit code ${code})`));
            };
            worker.on("message", onMessage);
            worker.on("error", reject);
            worker.on("exit", onExit);
            // Only these: Node's own listeners on a worker (which keep its port referenced) must stay.
            release.set(worker, () => {
              worker.off("message", onMessage);
              worker.off("error", reject);
              worker.off("exit", onExit);
            });
            // Two batches in flight per worker: one being ingested, one waiting in its queue.
            send();
            send();
          }),
      ),
    );
  } catch (e) {
    await Promise.all(pool.map((w) => w.terminate()));
    throw e;
  }
  const kept = keep ? pool[0] : undefined;
  if (kept) release.get(kept)!();
  await Promise.all(pool.filter((w) => w !== kept).map((w) => w.terminate()));
  return kept;
}
