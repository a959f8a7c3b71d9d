/**
 * The verifier a host checks with: the engine's decision reading the model's
 * answers (`entailmentVerifier`) when the model is wanted and loads, else the
 * engine's own (`lexicalVerifier`), named as such. A model that is missing,
 * truncated, not the one `nli.json` names, or whose runtime has no binary
 * for this platform is one message (`problem`) and the lexical verdicts:
 * never a crash, never a silent change of verdicts.
 *
 * The model is loaded from the package's own folder, `models/nli/` beside
 * `dist/` (from the sources, the repository's), never from the working
 * directory; its answers go through an `EntailmentCache` kept in the cache
 * folder beside the persisted indexes.
 */
import { join } from "node:path";
import { decisionFor, entailmentVerifier, READING_MODEL, type EntailmentScore, type EntailmentScorer, lexicalVerifier, type Verifier } from "../../engine";
import { EntailmentCache } from "./cache";
import { loadNliModel, type NliModel } from "./model";

/**
 * `models/nli/` of the package this code runs from: beside `dist/` for the
 * bundles (`dist/server.js`, `dist/cliMain.js`), at the repository's root
 * from the sources (this file is `server/src/node/nli/reading.ts`).
 */
export function modelFolder(): string {
  const root = __filename.endsWith(".ts") ? join(__dirname, "..", "..", "..", "..") : join(__dirname, "..");
  return join(root, "models", "nli");
}

/** A scorer that answers from the cache, and runs the model (one pair a run) for the pairs it lacks. */
export function cachedScorer(model: NliModel, cache: EntailmentCache): EntailmentScorer {
  return {
    name: model.name,
    async score(pairs) {
      const out: EntailmentScore[] = [];
      for (const { premise, hypothesis } of pairs) {
        const key = cache.key(premise, hypothesis);
        let score = cache.get(key);
        if (!score) cache.set(key, (score = await model.score(premise, hypothesis)));
        out.push(score);
      }
      return out;
    },
  };
}

/** What a host checks with. */
export interface Reading {
  verifier: Verifier;
  /** Why the model is not used, naming the file and the problem (absent when it is used, or was not wanted). */
  problem?: string;
  /** The cache file could not be used (it is written anew). */
  cacheProblem?: string;
  model?: NliModel;
  cache?: EntailmentCache;
}

export interface ReadingOptions {
  /** Whether the model is wanted (`grounded.model` "auto", the CLI without `--no-model`). */
  wanted: boolean;
  /** Where the model is (default: `modelFolder()`). */
  folder?: string;
  /** The folder of the persisted indexes, where the model's answers are kept; null: in memory only. */
  cacheDir: string | null;
}

/** Loads the model (when wanted) and its cache: the verifier to check with, and why it is the lexical one when it is. */
export async function loadReading(o: ReadingOptions): Promise<Reading> {
  if (!o.wanted) return { verifier: lexicalVerifier };
  let model: NliModel | { problem: string };
  try {
    model = await loadNliModel(o.folder ?? modelFolder());
  } catch (e) {
    model = { problem: `the reading model cannot be loaded: ${(e as Error)?.message ?? e}` };
  }
  if ("problem" in model) return { verifier: lexicalVerifier, problem: `${model.problem}; verdicts are the lexical checks' alone` };
  // The verdict model that reads was fitted with one entailment model's answers: another model's would not mean what its weights do.
  const decision = decisionFor(model.sha256);
  if (!decision) {
    return { verifier: lexicalVerifier, problem: `${join(o.folder ?? modelFolder(), "model.int8.onnx")}: the verdict model was fitted with the answers of entailment model ${(READING_MODEL.reads ?? "none").slice(0, 12)}…, not ${model.sha256.slice(0, 12)}… (refit: npm run fit -- --write); verdicts are the lexical checks' alone` };
  }
  const cache = new EntailmentCache(model.sha256);
  const cacheProblem = o.cacheDir ? cache.load(o.cacheDir) : undefined;
  return { verifier: entailmentVerifier(cachedScorer(model, cache), decision), model, cache, ...(cacheProblem ? { cacheProblem } : {}) };
}

/** Keeps the model's new answers in the cache folder (a no-op without a model, a folder or new answers). */
export function saveReading(r: Reading, cacheDir: string | null): void {
  if (r.cache && cacheDir) r.cache.save(cacheDir);
}

/** The reading model's switch, as the language server last read it: `grounded.model`, and the cache folder. */
export interface ReadingSwitch {
  wanted: boolean;
  cacheDir: string | null;
}

/** What a thread says once it has tried to load the model: the verifier's name, and why it is the lexical one when it is. */
export interface ReadingReport {
  verifier: string;
  problem?: string;
  cacheProblem?: string;
}

/** New answers are written to the cache file at most this often while the editor checks. */
const SAVE_EVERY_MS = 5000;

/**
 * The reading model of one thread (the language server's check worker, or
 * its own thread where there is no worker): loaded on the first check that
 * wants it, once; `report` hears how that went, once.
 */
export class ThreadReading {
  private loaded: Promise<Reading> | undefined;
  private cacheDir: string | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly report: (r: ReadingReport) => void, private readonly folder?: string) {}

  /** The verifier for a check: the engine's own when the model is not wanted, else the model's (the engine's own when it does not load). */
  async verifier(wanted: boolean, cacheDir: string | null): Promise<Verifier> {
    if (!wanted) return lexicalVerifier;
    if (!this.loaded) {
      this.cacheDir = cacheDir;
      this.loaded = loadReading({ wanted: true, cacheDir, folder: this.folder }).then((r) => {
        this.report({ verifier: r.verifier.name, ...(r.problem ? { problem: r.problem } : {}), ...(r.cacheProblem ? { cacheProblem: r.cacheProblem } : {}) });
        return r;
      });
    }
    return (await this.loaded).verifier;
  }

  /** A check is done: its new answers are written soon, a few checks' together. */
  checked(): void {
    if (this.timer || !this.loaded) return;
    const loaded = this.loaded;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void loaded.then((r) => saveReading(r, this.cacheDir));
    }, SAVE_EVERY_MS);
    // Pending answers never keep the process alive; at worst the last few seconds' are worked out again.
    this.timer.unref();
  }
}
