/**
 * The shared archive in the editor (`grounded.archive.url`): the corpus a draft
 * is checked against comes from PostgreSQL when the archive answers in time,
 * and from the local corpus when it does not. A down or slow database never
 * holds a check up for longer than the request time limit; the client is told
 * (`grounded/archive`) so its status bar can say the archive is unreachable;
 * and the connection is tried again in the background, with growing pauses,
 * until it answers.
 *
 * The language server calls `ArchiveSource.loadedFor` where it gets the local
 * corpus for a check, and `configure` when the settings change.
 */
import { CheckSession, type DraftSentence, type VerdictCache } from "../engine";
import { describeTarget, resolveDatabaseUrl } from "../node/archive/connection";
import { PgArchive } from "../node/archive/pgArchive";
import type { LoadedCorpus } from "./corpora";

/** The notification the client shows in its status bar. */
export const ARCHIVE_STATUS = "grounded/archive";

export interface ArchiveStatusParams {
  state: "off" | "connected" | "unreachable";
  /** host:port, never the password. */
  target: string | null;
  /** One line for the status bar's tooltip and the log. */
  message: string;
}

export interface ArchiveHost {
  log(message: string): void;
  notify(status: ArchiveStatusParams): void;
  /** The archive answers (first, or again): documents checked against the local corpus meanwhile should be checked again. */
  reconnected(): void;
}

/** The parts of `PgArchive` the editor uses (a stand-in in tests). */
export interface ArchiveClient {
  corpusForDrafts: PgArchive["corpusForDrafts"];
  state(): Promise<unknown>;
  /** Changes when an indexing run completes. */
  readonly version: string | undefined;
  close(): Promise<void>;
}

export interface ArchiveSourceOptions {
  /** Milliseconds the archive has to answer at all (connect, and a first small query per check) before it counts as unreachable (default 4,000). */
  requestTimeoutMs?: number;
  /**
   * Milliseconds a check waits for a draft's evidence from an archive that did
   * answer (default 60,000): a long draft against a large archive takes a while,
   * which is not the archive being down. Past it, that check uses the local corpus.
   */
  prefetchTimeoutMs?: number;
  /** Pauses before each new attempt to connect, in milliseconds; the last one repeats (default 1 s, 2 s, 5 s, 10 s, 30 s). */
  retryMs?: readonly number[];
  open?(url: string, timeoutMs: number, statementTimeoutMs: number): Promise<ArchiveClient>;
}

const openPg = (url: string, timeoutMs: number, statementTimeoutMs: number): Promise<ArchiveClient> =>
  PgArchive.open(url, { connectTimeoutMs: timeoutMs, statementTimeoutMs, queryTimeoutMs: statementTimeoutMs + 1_000, applicationName: "grounded editor" });

class Timeout extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`no answer in ${ms} ms (timed out)`)), ms);
    }),
  ]);
}

export class ArchiveSource {
  private url: string | undefined;
  private client: Promise<ArchiveClient> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private generation = 0;
  private readonly timeoutMs: number;
  private readonly prefetchTimeoutMs: number;
  private readonly retryMs: readonly number[];
  private readonly open: (url: string, timeoutMs: number, statementTimeoutMs: number) => Promise<ArchiveClient>;
  /** Verdicts per sentence (as written in the draft), valid while the archive's version does not change. */
  private verdicts: VerdictCache = new Map();
  private verdictsVersion: string | undefined;
  state: ArchiveStatusParams["state"] = "off";

  constructor(
    private readonly host: ArchiveHost,
    options: ArchiveSourceOptions = {},
  ) {
    this.timeoutMs = options.requestTimeoutMs ?? 4_000;
    this.prefetchTimeoutMs = Math.max(this.timeoutMs, options.prefetchTimeoutMs ?? 60_000);
    this.retryMs = options.retryMs ?? [1_000, 2_000, 5_000, 10_000, 30_000];
    this.open = options.open ?? openPg;
  }

  /** Takes the `grounded.archive.url` setting: a postgres:// URL, `env:NAME`, or empty for none. */
  configure(setting: unknown): void {
    const value = typeof setting === "string" ? setting.trim() : "";
    const url = value ? resolveDatabaseUrl(value) : undefined;
    if (value && !url) this.host.log(`grounded.archive.url: ${value} names an environment variable that is not set; using the local corpus`);
    if (url === this.url) return;
    this.reset();
    this.url = url;
    if (!url) this.setState("off", "no archive: the local corpus is used");
    else this.connectSoon(0);
  }

  /**
   * The corpus to check a draft against, from the archive, or `undefined` when
   * no archive is set or it does not answer in time (then the local corpus is
   * used). Never throws; never waits longer than the request time limit.
   */
  async loadedFor(text: string, options: { checkHeadings: boolean; root: string }): Promise<LoadedCorpus | undefined> {
    if (!this.url || this.state !== "connected" || !this.client) return undefined;
    const generation = this.generation;
    try {
      // Whether the archive answers at all: within the short limit, else it is unreachable.
      const client = await within(this.client, this.timeoutMs);
      await within(client.state(), this.timeoutMs);
      if (client.version !== this.verdictsVersion) {
        this.verdicts = new Map();
        this.verdictsVersion = client.version;
      }
      // A sentence whose verdict the server has cached needs only its evidence's articles, not a search.
      const verdicts = this.verdicts;
      const known = (t: string, s: DraftSentence) => verdicts.get(t.slice(s.span.start, s.span.end))?.evidence.map((e) => e.articleId);
      let corpus;
      try {
        corpus = await within(client.corpusForDrafts([text], { checkHeadings: options.checkHeadings, known }), this.prefetchTimeoutMs);
      } catch (e) {
        // It answered, but this draft's evidence takes too long: this check uses the local corpus.
        if (!(e instanceof Timeout) || generation !== this.generation) throw e;
        this.host.log(`grounded: the archive took over ${Math.round(this.prefetchTimeoutMs / 1000)} s for this draft's evidence; checked against the local corpus`);
        return undefined;
      }
      if (generation !== this.generation) return undefined;
      return { corpus, generation: -1 - generation, root: options.root, session: new CheckSession(corpus, { verdicts: this.verdicts }) };
    } catch (e) {
      if (generation === this.generation) this.fail(e);
      return undefined;
    }
  }

  dispose(): void {
    this.reset();
    this.url = undefined;
  }

  private reset(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const old = this.client;
    this.client = undefined;
    this.attempt = 0;
    this.verdicts = new Map();
    void old?.then((c) => c.close()).catch(() => {});
  }

  private connectSoon(delay: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private async connect(): Promise<void> {
    const url = this.url;
    if (!url) return;
    const generation = this.generation;
    const pending = this.open(url, this.timeoutMs, this.prefetchTimeoutMs);
    this.client = pending;
    try {
      const client = await within(pending, this.timeoutMs + 1_000);
      await within(client.state(), this.timeoutMs);
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.verdicts = new Map();
      this.setState("connected", `archive at ${describeTarget(url)}`);
      this.host.reconnected();
    } catch (e) {
      if (generation === this.generation) this.fail(e);
    }
  }

  private fail(e: unknown): void {
    const url = this.url;
    if (!url) return;
    // Whatever the old connection was doing, it is given up: the next attempt opens a new one.
    this.generation++;
    const old = this.client;
    this.client = undefined;
    void old?.then((c) => c.close()).catch(() => {});
    const why = (e as Error)?.message ?? String(e);
    const delay = this.retryMs[Math.min(this.attempt, this.retryMs.length - 1)];
    this.attempt++;
    this.setState("unreachable", `archive at ${describeTarget(url)} is unreachable (${why.replace(/^archive database at \S+ is unreachable: /, "")}); using the local corpus; trying again in ${Math.round(delay / 1000)} s`);
    this.connectSoon(delay);
  }

  private setState(state: ArchiveStatusParams["state"], message: string): void {
    const changed = state !== this.state;
    this.state = state;
    if (changed || state === "unreachable") this.host.log(`grounded: ${message}`);
    if (changed) this.host.notify({ state, target: this.url ? describeTarget(this.url) : null, message });
  }
}
