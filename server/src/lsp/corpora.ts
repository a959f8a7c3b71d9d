/**
 * The corpora the server has indexed, one per workspace folder and set of
 * corpus paths. A reload replaces a corpus only once the new one is built, so
 * hovers and completions answer from the old corpus while indexing runs.
 */
import { resolve } from "node:path";
import { type Article, buildCorpus, CheckSession, type Corpus, type Problem } from "../engine";
import { type Glob, ignoredSources, parseGlob } from "../project/globs";
import { isInside, relativeIfInside } from "../project/paths";
import type { Settings } from "../project/settings";
import type { Workspace } from "../project/workspace";

export interface LoadedCorpus {
  corpus: Corpus;
  /** Unique per load, so that verdicts of an older corpus are never reused. */
  generation: number;
  /** The workspace folder; article ids are relative to it. */
  root: string;
  /** The check session of this corpus: its verdicts per sentence, so that an edit re-checks only the sentences it changed. */
  session: CheckSession;
  /**
   * Set while this is the part of a cold build indexed so far (files done of
   * the files to ingest): a claim it finds no evidence for may yet be
   * answered by the rest, so such claims are not shown until the whole corpus is ready.
   */
  partial?: { done: number; total: number };
}

/** What a corpus store needs from the server. */
export interface CorpusHost {
  workspace: Workspace;
  log(message: string): void;
  /** Starts a progress report in the editor; `done` ends it. */
  progress(title: string, message: string): Promise<{ report?(percentage: number, message: string): void; done(): void } | undefined>;
  /** Where the persisted index lives (null: no cache). */
  readonly cacheDir: string | null;
  /** A newer corpus is ready for these paths: what was checked against an older one is checked again. */
  ready?(paths: CorpusPaths): void;
  /** A corpus is no longer the one documents are checked against (a newer one, or its whole, replaced it). */
  replaced?(old: LoadedCorpus): void;
}

/** The configured corpus paths of one folder, as absolute folders and glob matchers. */
export class CorpusPaths {
  readonly key: string;
  /**
   * Names this corpus in the persisted index: the sources it names, resolved, and the ignored ones with
   * the folder they are relative to, as the CLI names its corpus (`cli.ts`'s `Corpora`). Not the
   * workspace folder: the same sources opened from another folder, or checked by `grounded check` or the
   * bench's build, start from the same index rather than build their own from nothing.
   */
  readonly cacheKey: string;
  private readonly folders: string[] = [];
  private readonly globs: Array<{ base: string; glob: Glob }> = [];

  /** Source files left out (the project file's `ignoreSources`, relative to `ignoreBase`), by absolute path. */
  readonly ignored: (file: string) => boolean;

  constructor(readonly root: string, readonly paths: readonly string[], readonly ignore: readonly string[] = [], ignoreBase = root) {
    this.key = `${root}\u0000${paths.join("\u0000")}${ignore.length ? `\u0001${ignoreBase}\u0000${ignore.join("\u0000")}` : ""}`;
    this.cacheKey = [...paths.map((p) => resolve(root, p)), ...(ignore.length ? ["\u0001", ignoreBase, ...ignore] : [])].join("\u0000");
    this.ignored = ignoredSources(ignore, ignoreBase);
    for (const p of paths) {
      const glob = parseGlob(p);
      if (glob.isGlob) this.globs.push({ base: resolve(root, glob.base), glob });
      else this.folders.push(resolve(root, p));
    }
  }

  /** Whether a file (absolute path) is, or would be, part of this corpus. */
  contains(file: string): boolean {
    if (this.ignored(file)) return false;
    return this.folders.some((f) => isInside(f, file)) || this.globs.some((g) => g.glob.matches(file, this.root));
  }

  /** The files and folders to index: the folders as they are, globs expanded to files. */
  async expand(ws: Pick<Workspace, "listSourceFiles">, report: (p: Problem) => void): Promise<string[]> {
    const out = [...this.folders];
    for (const g of this.globs) for (const f of await ws.listSourceFiles([g.base], report)) if (g.glob.matches(f, this.root)) out.push(f);
    return out;
  }
}

export class CorpusStore {
  /** The load in flight or done, per `CorpusPaths.key`; dropped when a source file changes. */
  private readonly loading = new Map<string, Promise<LoadedCorpus>>();
  /** The last corpus built per key, kept while a reload runs. */
  private readonly ready = new Map<string, LoadedCorpus>();
  private readonly paths = new Map<string, CorpusPaths>();
  private generation = 0;
  /** Keys whose corpus is being indexed right now. */
  private readonly indexing = new Map<string, number>();

  constructor(private readonly host: CorpusHost) {}

  /** The current corpus for these paths, loading it if needed. */
  get(paths: CorpusPaths): Promise<LoadedCorpus> {
    this.paths.set(paths.key, paths);
    let loading = this.loading.get(paths.key);
    if (!loading) {
      loading = this.load(paths);
      this.loading.set(paths.key, loading);
      // A failed load is not remembered: the next request tries again.
      loading.catch(() => {
        if (this.loading.get(paths.key) === loading) this.loading.delete(paths.key);
      });
    }
    return loading;
  }

  /** Whether a corpus for these paths is being indexed (a first load or a reload). */
  isIndexing(paths: CorpusPaths): boolean {
    return (this.indexing.get(paths.key) ?? 0) > 0;
  }

  /** The last corpus built for these paths, without waiting for a load under way. */
  latest(paths: CorpusPaths): LoadedCorpus | undefined {
    return this.ready.get(paths.key);
  }

  /** The article of a source file (an absolute path) in any corpus built so far. */
  findArticle(file: string): Article | undefined {
    for (const loaded of this.ready.values()) {
      const article = loaded.corpus.articles.find((a) => resolve(loaded.root, a.id) === file);
      if (article) return article;
    }
    return undefined;
  }

  /**
   * Forgets the corpora that hold any of `files` (absolute paths), or all of
   * them when `files` is absent. Returns whether any was forgotten.
   */
  invalidate(files?: readonly string[]): boolean {
    let any = false;
    for (const [key, p] of this.paths) {
      if (files && !files.some((f) => p.contains(f))) continue;
      any = this.loading.delete(key) || any;
    }
    return any;
  }

  /**
   * The part of a cold build indexed so far: documents are checked against
   * it until the whole corpus is ready, unless a corpus is ready already (a
   * whole corpus, if older, answers more than a part of the new one).
   */
  private partial(paths: CorpusPaths, generation: number, p: { corpus: Corpus; done: number; total: number }): void {
    const known = this.ready.get(paths.key);
    if (known && (!known.partial || known.generation > generation)) return;
    const corpus = withRelativeIds(p.corpus, paths.root);
    this.host.log(`grounded: indexed ${p.done} of ${p.total} files so far; checking against them until the rest is indexed`);
    // The same generation as the whole corpus to come: a later part or the whole replaces it.
    this.ready.set(paths.key, { corpus, generation, root: paths.root, session: new CheckSession(corpus), partial: { done: p.done, total: p.total } });
    if (known) this.host.replaced?.(known);
    this.host.ready?.(paths);
  }

  private async load(paths: CorpusPaths): Promise<LoadedCorpus> {
    const generation = ++this.generation;
    const log = (p: Problem) => this.host.log(`grounded: ${p.file}: ${p.message}`);
    this.indexing.set(paths.key, (this.indexing.get(paths.key) ?? 0) + 1);
    const progress = await this.host.progress("Grounded: indexing sources", paths.paths.join(", ")).catch(() => undefined);
    try {
      const ws = this.host.workspace;
      const listed = await paths.expand(ws, log);
      // Ignored sources are left out before indexing (the index refers to articles by position).
      const inputs = paths.ignore.length ? (await ws.listSourceFiles(listed, log)).filter((f) => !paths.ignored(f)) : listed;
      // The server's workspace indexes in a worker thread: hovers, completions and edits are answered meanwhile.
      const { corpus: built, stats } = await ws.loadCorpus(inputs, {
        cacheDir: this.host.cacheDir,
        cacheKey: paths.cacheKey,
        idRoot: paths.root,
        onProblem: log,
        onProgress: (done, total) => progress?.report?.(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} files`),
        onPartialCorpus: (p) => this.partial(paths, generation, p),
      });
      if (stats.cacheProblem) this.host.log(`grounded: ${stats.cacheFile}: ${stats.cacheProblem}`);
      const corpus = withRelativeIds(built, paths.root);
      this.host.log(
        `grounded: indexed ${corpus.articles.length} articles, ${corpus.index.size} passages from ${paths.paths.join(", ")} ` +
          `(${stats.reused} from the index cache, ${stats.reindexed} read anew)`,
      );
      const loaded: LoadedCorpus = { corpus, generation, root: paths.root, session: new CheckSession(corpus) };
      // A load that started earlier but finished later does not replace a newer corpus.
      const replaced = this.ready.get(paths.key);
      if ((replaced?.generation ?? 0) <= generation) {
        this.ready.set(paths.key, loaded);
        if (replaced) this.host.replaced?.(replaced);
        if (replaced) this.host.ready?.(paths);
      }
      return loaded;
    } finally {
      this.indexing.set(paths.key, (this.indexing.get(paths.key) ?? 1) - 1);
      progress?.done();
    }
  }
}

/**
 * The corpus with article ids relative to the workspace folder, as they are
 * shown and resolved against it: the corpus itself when its ids are so
 * already (the server's workspace makes them so), else its articles again,
 * their lazy texts left unread.
 */
function withRelativeIds(corpus: Corpus, root: string): Corpus {
  if (corpus.articles.every((a) => relativeIfInside(root, a.id) === a.id)) return corpus;
  const articles = corpus.articles.map((a) => Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(a), id: { value: relativeIfInside(root, a.id), enumerable: true, writable: true } }) as Article);
  return buildCorpus(articles, { index: corpus.index, aliasData: corpus.aliasData });
}

/** The corpus of each document: its folder and settings name its paths; the store loads them. */
export class DocumentCorpora {
  private readonly paths = new Map<string, CorpusPaths>();

  constructor(
    readonly store: CorpusStore,
    private readonly folderOf: (uri: string) => string,
    private readonly settingsFor: (uri: string) => Promise<Settings>,
  ) {}

  /** The corpus paths a document's settings name, relative to its workspace folder. */
  pathsFor(uri: string, settings: Settings): CorpusPaths {
    const paths = new CorpusPaths(this.folderOf(uri), settings.corpusPaths, settings.ignoreSources, settings.projectRoot);
    const known = this.paths.get(paths.key);
    if (known) return known;
    this.paths.set(paths.key, paths);
    return paths;
  }

  /** The corpus for a document now: the last one built, else (first use) the one being built. */
  async now(uri: string): Promise<LoadedCorpus> {
    const paths = this.pathsFor(uri, await this.settingsFor(uri));
    return this.store.latest(paths) ?? this.store.get(paths);
  }
}
