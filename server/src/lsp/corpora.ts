/**
 * The corpora the server has indexed, one per workspace folder and set of
 * corpus paths. A reload replaces a corpus only once the new one is built, so
 * hovers and completions answer from the old corpus while indexing runs.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { type Article, buildCorpus, type Corpus, type Finding, type Problem } from "../engine";
import { uniqueCitationKeys } from "../engine/corpus/ingest";
import { listSourceFiles } from "../node/corpusLoader";
import { indexInWorker } from "../node/indexInWorker";

export interface LoadedCorpus {
  corpus: Corpus;
  /** Citation key per article id. */
  keys: Map<string, string>;
  /** Unique per load, so that verdicts of an older corpus are never reused. */
  generation: number;
  /** The workspace folder; article ids are relative to it. */
  root: string;
  /** Verdicts per sentence text for this corpus: an edit re-checks only the sentences it changed. */
  verdicts: Map<string, Finding>;
}

/** What a corpus store needs from the connection. */
export interface CorpusHost {
  log(message: string): void;
  /** Starts a progress report in the editor; `done` ends it. */
  progress(title: string, message: string): Promise<{ report?(percentage: number, message: string): void; done(): void } | undefined>;
  /** Where the persisted index lives (null: no cache). */
  readonly cacheDir: string | null;
  /** A newer corpus is ready for these paths: what was checked against an older one is checked again. */
  ready?(paths: CorpusPaths): void;
}

/** The configured corpus paths of one folder, as absolute folders and glob matchers. */
export class CorpusPaths {
  readonly key: string;
  private readonly folders: string[] = [];
  private readonly globs: Array<{ base: string; match: (relativePath: string) => boolean }> = [];

  /** Source files left out (the project file's `ignoreSources`), as absolute paths. */
  readonly ignored: (file: string) => boolean;

  constructor(readonly root: string, readonly paths: readonly string[], readonly ignore: readonly string[] = []) {
    this.key = `${root}\u0000${paths.join("\u0000")}${ignore.length ? `\u0001${ignore.join("\u0000")}` : ""}`;
    const ignored = ignore.length ? picomatch(ignore as string[], { dot: true }) : undefined;
    this.ignored = ignored ? (file) => ignored(resolve(root, file).replace(/\\/g, "/")) : () => false;
    for (const p of paths) {
      const scan = picomatch.scan(p.replace(/\\/g, "/"));
      if (scan.isGlob) {
        const pattern = isAbsolute(p) ? relative(root, p).replace(/\\/g, "/") : p.replace(/\\/g, "/").replace(/^\.\//, "");
        this.globs.push({ base: resolve(root, scan.base || "."), match: picomatch(pattern, { dot: false }) });
      } else {
        this.folders.push(resolve(root, p));
      }
    }
  }

  /** Whether a file (absolute path) is, or would be, part of this corpus. */
  contains(file: string): boolean {
    if (this.ignored(file)) return false;
    if (this.folders.some((f) => file === f || file.startsWith(f.endsWith(sep) ? f : f + sep))) return true;
    const rel = relative(this.root, file).replace(/\\/g, "/");
    return this.globs.some((g) => g.match(rel));
  }

  /** The files and folders to hand to `loadCorpus`: the folders as they are, globs expanded to files. */
  async expand(report: (p: Problem) => void): Promise<string[]> {
    const out = [...this.folders];
    for (const g of this.globs) {
      const files = await listSourceFiles([g.base], report);
      for (const f of files) if (g.match(relative(this.root, f).replace(/\\/g, "/"))) out.push(f);
    }
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

  /** The article of a source file (absolute path) in any corpus built so far, with the corpus's folder. */
  findArticle(file: string): { article: Article; root: string } | undefined {
    for (const loaded of this.ready.values()) {
      const article = loaded.corpus.articles.find((a) => resolve(loaded.root, a.id) === file);
      if (article) return { article, root: loaded.root };
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

  private async load(paths: CorpusPaths): Promise<LoadedCorpus> {
    const generation = ++this.generation;
    const log = (p: Problem) => this.host.log(`grounded: ${p.file}: ${p.message}`);
    this.indexing.set(paths.key, (this.indexing.get(paths.key) ?? 0) + 1);
    const progress = await this.host.progress("Grounded: indexing sources", paths.paths.join(", ")).catch(() => undefined);
    try {
      const listed = await paths.expand(log);
      // Ignored sources are left out before indexing (the index refers to articles by position).
      const inputs = paths.ignore.length ? (await listSourceFiles(listed, log)).filter((f) => !paths.ignored(f)) : listed;
      // In a worker thread: hovers, completions and edits are answered meanwhile.
      const { corpus: built, stats } = await indexInWorker(inputs, {
        cacheDir: this.host.cacheDir,
        cacheKey: paths.key,
        onProblem: log,
        onProgress: (done, total) => progress?.report?.(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} files`),
      });
      if (stats.cacheProblem) this.host.log(`grounded: ${stats.cacheFile}: ${stats.cacheProblem}`);
      // Article ids are shown relative to the workspace folder, and resolved against it.
      const ids = built.articles.map((a) => {
        const rel = relative(paths.root, a.id);
        return { ...a, id: rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.replace(/\\/g, "/") : a.id };
      });
      const corpus = buildCorpus(ids, { index: built.index, aliasData: built.aliasData });
      this.host.log(
        `grounded: indexed ${corpus.articles.length} articles, ${corpus.index.size} passages from ${paths.paths.join(", ")} ` +
          `(${stats.reused} from the index cache, ${stats.reindexed} read anew)`,
      );
      const loaded: LoadedCorpus = { corpus, keys: uniqueCitationKeys(corpus.articles), generation, root: paths.root, verdicts: new Map() };
      // A load that started earlier but finished later does not replace a newer corpus.
      const replaced = this.ready.get(paths.key);
      if ((replaced?.generation ?? 0) < generation) {
        this.ready.set(paths.key, loaded);
        if (replaced) this.host.ready?.(paths);
      }
      return loaded;
    } finally {
      this.indexing.set(paths.key, (this.indexing.get(paths.key) ?? 1) - 1);
      progress?.done();
    }
  }
}
