/**
 * The language server's check worker, seen from the server's thread: a
 * `DraftChecker` that hands each draft to one worker thread
 * (`checkWorker.ts`), where its Markdown is parsed and its claims checked,
 * so that a 5 MB draft never keeps the server from answering hovers and
 * completions. The worker keeps the corpora it was given (a few, the most
 * recently used) and the verdict caches, so an edit re-checks only the
 * sentences it changed, as on this thread.
 *
 * A local corpus goes over as the image it was made from (shared memory:
 * nothing is copied); a corpus of the shared archive (a small prefetch) as
 * its articles and hits. A corpus of any other kind is checked on this thread.
 * The reading model runs in the worker (`grounded.model`, from `reading`);
 * how its loading went is told to `onReading`, once.
 */
import type { Worker } from "node:worker_threads";
import type { CancellationToken, CheckProgress, CheckSession, Corpus, DraftAnalysis, DraftCheck, DraftChecker, DraftOptions, Finding, VerdictCache } from "../engine";
import { PrefetchedIndex } from "./archive/pgArchive";
import { imageOfCorpus } from "./corpusImage";
import type { PortableCorpus, ToWorker, FromWorker } from "./checkWorker";
import type { ReadingReport, ReadingSwitch } from "./nli/reading";
import { canStart, startWorker } from "./workers";

/** Corpora and verdict caches the worker keeps: the current corpus of a few folders, and the last archive prefetches. */
const RESIDENT = 4;
/** How often a pending check's token is looked at, so that the worker stops a stale check (it reads a flag in shared memory). */
const CANCEL_POLL_MS = 20;

interface Pending {
  token: CancellationToken;
  cancel: Int32Array;
  findings: Finding[];
  progress?: (p: CheckProgress) => void;
  resolve(check: DraftCheck | undefined): void;
  reject(e: Error): void;
}

/** What `corpus` is for the worker, or undefined when it cannot go there. */
function portable(corpus: Corpus): PortableCorpus | undefined {
  const image = imageOfCorpus(corpus);
  if (image) return { kind: "image", image };
  if (corpus.index instanceof PrefetchedIndex) {
    return { kind: "prefetched", articles: [...corpus.articles], aliasData: corpus.aliasData, hits: [...corpus.index.hits], size: corpus.index.size };
  }
  return undefined;
}

/** Numbers for objects, given on first sight, and which of them the worker holds (oldest first). */
class Resident<T extends object> {
  private readonly ids = new WeakMap<T, number>();
  private next = 1;
  private held: number[] = [];

  /** The object's id, whether the worker must be sent it, and the id the worker must let go of to make room. */
  use(x: T): { id: number; fresh: boolean; evict?: number } {
    let id = this.ids.get(x);
    if (id === undefined) this.ids.set(x, (id = this.next++));
    const at = this.held.indexOf(id);
    if (at >= 0) {
      this.held.splice(at, 1);
      this.held.push(id);
      return { id, fresh: false };
    }
    this.held.push(id);
    return { id, fresh: true, evict: this.held.length > RESIDENT ? this.held.shift() : undefined };
  }

  /** The id of an object the worker holds, now let go of (undefined when it holds none). */
  drop(x: T): number | undefined {
    const id = this.ids.get(x);
    const at = id === undefined ? -1 : this.held.indexOf(id);
    if (at < 0) return undefined;
    this.held.splice(at, 1);
    return id;
  }

  /** The worker is gone: it holds nothing. */
  clear(): void {
    this.held = [];
  }
}

export class WorkerDraftChecker implements DraftChecker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly corpora = new Resident<Corpus>();
  private readonly caches = new Resident<VerdictCache>();
  private poll: NodeJS.Timeout | undefined;
  private broken = false;

  /**
   * `here` checks what cannot go to the worker (a corpus of another kind, or no worker can start) on this thread;
   * `reading` says whether the worker reads with the model (default: it does not), `onReading` hears how its loading went.
   */
  constructor(
    private readonly here: DraftChecker,
    private readonly log: (message: string) => void = () => {},
    private readonly reading: ReadingSwitch = { wanted: false, cacheDir: null },
    private readonly onReading: (r: ReadingReport) => void = () => {},
  ) {}

  /** Whether the worker can start (a build, `workers.ts`); from the sources, drafts are checked on this thread. */
  static available(): boolean {
    return canStart("check");
  }

  /** Starts the worker now, so that it has loaded what checking needs before the first draft comes. */
  warm(): void {
    this.startedOrNot();
  }

  check(session: CheckSession, text: string, options: DraftOptions, token: CancellationToken, progress?: (p: CheckProgress) => void): Promise<DraftCheck | undefined> {
    const corpus = portable(session.corpus) ? session.corpus : undefined;
    const worker = corpus && !this.broken ? this.startedOrNot() : undefined;
    if (!corpus || !worker) return this.here.check(session, text, options, token, progress);
    const c = this.corpora.use(corpus);
    if (c.fresh) worker.postMessage({ type: "corpus", id: c.id, corpus: portable(corpus)! } satisfies ToWorker);
    if (c.evict !== undefined) worker.postMessage({ type: "forget", id: c.evict } satisfies ToWorker);
    const v = this.caches.use(session.verdicts);
    if (v.evict !== undefined) worker.postMessage({ type: "forgetVerdicts", id: v.evict } satisfies ToWorker);
    const id = this.nextId++;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { token, cancel, findings: [], progress, resolve, reject });
      const { wanted: model, cacheDir } = this.reading;
      worker.postMessage({ type: "check", id, corpus: c.id, verdicts: v.id, text, checkHeadings: options.checkHeadings, ownArticle: options.ownArticle, cancel, model, cacheDir } satisfies ToWorker);
      this.watchTokens();
    });
  }

  forget(session: CheckSession): void {
    const corpus = this.corpora.drop(session.corpus);
    if (corpus !== undefined) this.worker?.postMessage({ type: "forget", id: corpus } satisfies ToWorker);
    const verdicts = this.caches.drop(session.verdicts);
    if (verdicts !== undefined) this.worker?.postMessage({ type: "forgetVerdicts", id: verdicts } satisfies ToWorker);
  }

  /** The worker, or undefined (for good) when none can be started here: drafts are then checked on this thread. */
  private startedOrNot(): Worker | undefined {
    try {
      return this.started();
    } catch (e) {
      this.broken = true;
      this.log(`grounded: the check worker cannot start (${(e as Error)?.message ?? e}); drafts are checked on the server's thread`);
      return undefined;
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker("check");
    worker.on("message", (m: FromWorker) => this.received(m));
    worker.on("error", (e) => this.stopped(worker, e));
    worker.on("exit", (code) => this.stopped(worker, new Error(`the check worker stopped (exit code ${code})`)));
    // The worker never keeps the server alive by itself.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private received(m: FromWorker): void {
    if (m.type === "log") return this.log(m.message);
    if (m.type === "reading") return this.onReading(m);
    const p = this.pending.get(m.id);
    if (!p) return;
    // Findings come in pieces, each its own message, so that taking in a long draft's never holds this thread for long.
    if (m.type === "findings" || m.type === "progress") {
      for (const f of m.findings) p.findings.push(f);
      for (const [i, k] of m.sameEvidence) p.findings[i].evidence = p.findings[k].evidence;
    }
    if (m.type === "progress") return p.progress?.({ checked: m.checked, claims: m.claims, findings: p.findings, first: 0 });
    if (m.type === "findings") return;
    this.pending.delete(m.id);
    if (m.type === "done") p.resolve({ findings: p.findings, analysis: m.analysis as DraftAnalysis, verifier: m.verifier });
    else if (m.type === "cancelled") p.resolve(undefined);
    else p.reject(new Error(m.message));
  }

  /** The worker failed or stopped: its checks fail (and are logged by the caller), and the next check starts a new one. */
  private stopped(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.corpora.clear();
    this.caches.clear();
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** While checks are pending, their tokens are looked at now and then; a stale check's flag tells the worker to stop it. */
  private watchTokens(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const p of this.pending.values()) if (p.token.isCancellationRequested) Atomics.store(p.cancel, 0, 1);
      if (!this.pending.size) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    }, CANCEL_POLL_MS);
    this.poll.unref();
  }
}
