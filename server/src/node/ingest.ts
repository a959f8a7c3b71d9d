/**
 * One source file from disk to an ingested, indexed article: what
 * `loadIndexedCorpus` does per file, on this thread or in `ingestWorker.ts`.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { indexArticle, type ArticleIndexing } from "../engine/corpus/corpus";
import { articleFromBytes } from "./sources";
import type { Article, Problem } from "../engine/types";
import { readSourceBytes } from "./corpusLoader";

export interface FileEntry {
  /** As listed (the article id). */
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes. */
  hash: string;
}

/**
 * What ingesting one file gives. Index terms travel as one space-joined string
 * per passage (terms never contain spaces): far cheaper to pass between
 * threads than millions of small strings.
 */
export type IngestReply =
  | { entry: FileEntry; article: Article; terms: string[]; aliasStats: ArticleIndexing["aliasStats"] }
  | { problem: Problem };

export const sha1 = (b: Uint8Array | string) => createHash("sha1").update(b).digest("hex");

/** Reads, decodes, ingests and indexes one file; a problem that names it instead of a throw. */
export async function ingestBytes(path: string, maxBytes: number): Promise<IngestReply> {
  const read = await readSourceBytes(path, maxBytes);
  if ("problem" in read) return read;
  const entry: FileEntry = { path, size: read.bytes.length, mtimeMs: read.mtimeMs, hash: sha1(read.bytes) };
  const parsed = await articleFromBytes(path, read.bytes);
  if ("problem" in parsed) return parsed;
  const article = parsed.article;
  const indexing = indexArticle(article);
  return { entry, article, terms: indexing.terms.map((t) => t.join(" ")), aliasStats: indexing.aliasStats };
}

/** The index terms of each passage, back from their wire form. */
export function termsOf(reply: Extract<IngestReply, { entry: FileEntry }>): string[][] {
  return reply.terms.map((t) => (t ? t.split(" ") : []));
}

/** The worker's bundle, beside this module's bundle (`dist/`). */
const WORKER_FILE = join(__dirname, "ingestWorker.js");
/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_FROM = 64;
const BATCH = 32;

/**
 * Ingests `paths`, calling `onReply` for each in any order: in worker threads
 * (one per core, at most four) when there are many and the worker bundle is
 * there, else on this thread.
 */
export async function ingestAll(paths: readonly string[], maxBytes: number, onReply: (i: number, reply: IngestReply) => void): Promise<void> {
  const workers = Math.min(4, availableParallelism());
  if (paths.length < PARALLEL_FROM || workers < 2 || !existsSync(WORKER_FILE)) {
    let next = 0;
    // A few reads in flight hide the disk's latency; parsing is on this thread either way.
    await Promise.all(
      Array.from({ length: Math.min(8, paths.length) }, async () => {
        while (next < paths.length) {
          const i = next++;
          onReply(i, await ingestBytes(paths[i], maxBytes));
        }
      }),
    );
    return;
  }
  let next = 0;
  let batchId = 0;
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_FILE));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const pending = new Map<number, number>();
            const send = () => {
              if (next >= paths.length) {
                resolve();
                return;
              }
              const first = next;
              next = Math.min(paths.length, next + BATCH);
              const id = batchId++;
              pending.set(id, first);
              worker.postMessage({ id, paths: paths.slice(first, next), maxBytes });
            };
            worker.on("message", (m: { id: number; replies: IngestReply[] }) => {
              const first = pending.get(m.id)!;
              pending.delete(m.id);
              m.replies.forEach((r, k) => onReply(first + k, r));
              send();
            });
            worker.on("error", reject);
            worker.on("exit", (code) => {
              if (pending.size) reject(new Error(`an ingestion worker stopped (exit code ${code})`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
