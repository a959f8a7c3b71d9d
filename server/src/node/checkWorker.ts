/**
 * The language server's check worker (started from its bundle, `workers.ts`; the server's
 * side is `checkInWorker.ts`): it parses each draft it is sent and checks
 * its claims (the engine's check session, `engine/session.ts`) against a
 * corpus it was sent before, keeping a verdict cache per corpus,
 * and posts the findings back in pieces. A check stops at its next pause
 * once the server sets its cancel flag. The reading model (`nli/`) runs
 * here, loaded on the first check that wants it: the server's thread never
 * waits on it.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import {
  type AliasData, type Article, buildCorpus, checkDocument, type CheckProgress, CheckSession, type Corpus,
  type DraftAnalysis, type Finding, outlineOf, parseArticle, type SearchHit, type VerdictCache, type Verifier,
} from "../engine";
import { PrefetchedIndex } from "./archive/pgArchive";
import { corpusOfImage, type CorpusImage } from "./corpusImage";
import { type ReadingReport, ThreadReading } from "./nli/reading";

/** A corpus as it goes to the worker: a local corpus's image, or an archive's prefetch. */
export type PortableCorpus =
  | { kind: "image"; image: CorpusImage }
  | { kind: "prefetched"; articles: Article[]; aliasData: AliasData; hits: Array<[string, SearchHit[]]>; size: number };

export type ToWorker =
  | { type: "corpus"; id: number; corpus: PortableCorpus }
  | { type: "forget"; id: number }
  | { type: "forgetVerdicts"; id: number }
  /** `model`: whether the reading model is wanted (`grounded.model`); `cacheDir`: where its answers are kept. */
  | { type: "check"; id: number; corpus: number; verdicts: number; text: string; checkHeadings: boolean; ownArticle?: number; cancel: Int32Array; model: boolean; cacheDir: string | null };

export type FromWorker =
  /** How far the check is, with the findings made since the last message (`FindingsPiece`). */
  | ({ type: "progress"; id: number; checked: number; claims: number } & FindingsPiece)
  | ({ type: "findings"; id: number } & FindingsPiece)
  /** `verifier`: the name of what decided the verdicts ("lexical", or the reading model's). */
  | { type: "done"; id: number; analysis: DraftAnalysis; verifier: string }
  /** The reading model was loaded, or could not be (once). */
  | ({ type: "reading" } & ReadingReport)
  | { type: "cancelled"; id: number }
  | { type: "failed"; id: number; message: string }
  | { type: "log"; message: string };

/**
 * Findings as they go over, in order. A sentence that recurs shares its first
 * finding's evidence (the session's verdict cache); a copy per message would not, so such a
 * finding goes with no evidence, and `sameEvidence` pairs its position with
 * the position of the first finding that has it (a long draft that repeats
 * itself is then as small on the server's thread as it is here).
 */
export interface FindingsPiece {
  findings: Finding[];
  sameEvidence: Array<[number, number]>;
}

/**
 * Findings `from` to `to` of `findings`, whose first is the claim numbered
 * `base`, as a piece; `first` remembers which finding (by claim number) first had each evidence list.
 */
function piece(findings: readonly Finding[], from: number, to: number, base: number, first: Map<Finding["evidence"], number>): FindingsPiece {
  const out: FindingsPiece = { findings: [], sameEvidence: [] };
  for (let i = from; i < to; i++) {
    const f = findings[i];
    const k = f.evidence.length ? first.get(f.evidence) : undefined;
    if (k === undefined) {
      first.set(f.evidence, base + i);
      out.findings.push(f);
    } else {
      out.findings.push({ ...f, evidence: [] });
      out.sameEvidence.push([base + i, k]);
    }
  }
  return out;
}

/** Findings per message: each message is taken in as one task on the server's thread. */
const FINDINGS_PER_MESSAGE = 2000;

const corpora = new Map<number, Corpus>();
/** The verdict caches, by the server's id and then by the verifier's name: the model's verdicts and the lexical ones are never mixed. */
const verdicts = new Map<number, Map<string, VerdictCache>>();
let reading: ThreadReading | undefined;

/** The cache of verdicts `id` made by `verifier`. */
function verdictsOf(id: number, verifier: Verifier): VerdictCache {
  let byVerifier = verdicts.get(id);
  if (!byVerifier) verdicts.set(id, (byVerifier = new Map()));
  let cache = byVerifier.get(verifier.name);
  if (!cache) byVerifier.set(verifier.name, (cache = new Map()));
  return cache;
}

function corpusOf(p: PortableCorpus): Corpus {
  if (p.kind === "image") return corpusOfImage(p.image);
  return buildCorpus(p.articles, { aliasData: p.aliasData, index: new PrefetchedIndex(new Map(p.hits), p.size) });
}

const pause = () => new Promise<void>((r) => setImmediate(r));

/**
 * A full garbage collection, or undefined where V8 gives none. V8 gives it
 * only with `--expose-gc`; set at run time, the flag exposes `gc` in a new
 * context (as Jest's leak detector gets it), and a worker cannot be started
 * with V8 flags of its own.
 */
function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? () => void gc() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drafts longer than this leave behind, once checked, garbage several times
 * their size (their analysis), which V8 collects only when this thread
 * allocates again: the memory would stay taken while the server's thread
 * needs its own (a 5 MB draft's report). Their check is followed by a full
 * collection once no check runs, which gives it back to the system.
 */
const LONG_DRAFT = 1_000_000;
let collect: (() => void) | undefined;
let running = 0;

function collectWhenIdle(): void {
  setImmediate(() => {
    if (!running) collect?.();
  });
}

async function check(m: Extract<ToWorker, { type: "check" }>, post: (m: FromWorker) => void): Promise<void> {
  const corpus = corpora.get(m.corpus);
  if (!corpus) return post({ type: "failed", id: m.id, message: `the check worker has no corpus ${m.corpus}` });
  reading ??= new ThreadReading((r) => post({ type: "reading", ...r }));
  const verifier = await reading.verifier(m.model, m.cacheDir);
  const token = { get isCancellationRequested() { return Atomics.load(m.cancel, 0) !== 0; } };
  // The findings go over as they are made, a few at each pause, so that the server can show the first ones early,
  // and are let go of here once posted (the server's thread keeps them).
  let sent = 0;
  const first = new Map<Finding["evidence"], number>();
  const progress = (p: CheckProgress) => {
    post({ type: "progress", id: m.id, checked: p.checked, claims: p.claims, ...piece(p.findings, 0, p.findings.length, p.first, first) });
    sent = p.first + p.findings.length;
  };
  // Nothing else waits for this thread: the findings go over every two claims verified anew, so the first are shown early.
  const session = new CheckSession(corpus, { verdicts: verdictsOf(m.verdicts, verifier), verifier });
  const result = await session.check({ path: "", text: m.text }, { checkHeadings: m.checkHeadings, ownArticle: m.ownArticle }, token, { pause, progress, freshPerPause: 2, drain: true });
  if (!result) return post({ type: "cancelled", id: m.id });
  const rest = result.findings;
  for (let i = 0; i < rest.length; i += FINDINGS_PER_MESSAGE) post({ type: "findings", id: m.id, ...piece(rest, i, Math.min(rest.length, i + FINDINGS_PER_MESSAGE), sent, first) });
  post({ type: "done", id: m.id, analysis: outlineOf(result.analysis), verifier: verifier.name });
  reading.checked();
}

/**
 * What checking loads on first use (the NLP model, WordNet's table, chrono),
 * loaded before the first draft comes: a sentence checked against a corpus of one article.
 */
function warmUp(): void {
  const article = parseArticle("warm-up.txt", "Warm-up\n\nThe port of Riga reopened on 3 May 2021 after 14 months, the city said.\n", "txt");
  checkDocument({ path: "warm-up.md", text: "The port of Riga reopened on 3 May 2021 after 12 months.\n" }, buildCorpus([article]));
}

/** Runs this thread as the check worker (`workers.ts` starts it from the server's bundle). */
export function runCheckWorker(): void {
  const port = parentPort;
  if (!port) return;
  collect = fullCollection();
  const post = (m: FromWorker) => port.postMessage(m);
  port.on("message", (m: ToWorker) => {
    if (m.type === "corpus") corpora.set(m.id, corpusOf(m.corpus));
    else if (m.type === "forget") corpora.delete(m.id);
    else if (m.type === "forgetVerdicts") verdicts.delete(m.id);
    else {
      running++;
      check(m, post)
        .catch((e: unknown) => post({ type: "failed", id: m.id, message: (e as Error)?.stack ?? String(e) }))
        .finally(() => {
          running--;
          if (m.text.length > LONG_DRAFT) collectWhenIdle();
        });
    }
  });
  setImmediate(() => {
    try {
      warmUp();
    } catch (e) {
      post({ type: "log", message: `grounded: the check worker's warm-up failed: ${(e as Error)?.message ?? e}` });
    }
  });
}
