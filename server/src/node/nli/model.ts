/**
 * The entailment model on this thread: `model.int8.onnx` run by
 * onnxruntime-node, one pair per run. Dynamic int8 quantization scales each
 * activation over the whole batch, so a pair's logits would move with its
 * batch-mates (docs/model-plan.md: up to 0.15 in a logit, an argmax flipped
 * in 32 pairs); one pair a run gives the same answer for the same pair
 * however a check is batched, and is also the fastest on a CPU. A run blocks
 * its thread for 5–30 ms: the language server runs the model in its check
 * worker, never on its own thread.
 *
 * `loadNliModel` checks everything before a verdict depends on it: the
 * manifest, the model file's SHA-256 against it, the tokenizer, and that
 * onnxruntime-node has its binary for this platform; any failure is one
 * message naming the file and the problem.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type * as Ort from "onnxruntime-node";
import type { EntailmentScore } from "../../engine";
import { type Label, MODEL_FILE, type NliManifest, readManifest, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE } from "./manifest";
import { PairTokenizer } from "./tokenizer";

/** A loaded model: scores one pair at a time. */
export interface NliModel {
  /** `nli-` and the first 8 hex digits of the model file's SHA-256: how the status bar and the CLI name the verdicts. */
  readonly name: string;
  /** The model file's SHA-256, hex (part of every cache key). */
  readonly sha256: string;
  readonly tokenizer: PairTokenizer;
  /** Model runs so far (a test counts them: a second run over a cached check makes none). */
  readonly runs: number;
  /** The pair's probabilities; `cut` when it was longer than the model's window. */
  score(premise: string, hypothesis: string): Promise<EntailmentScore>;
  /** The raw logits of one encoded pair, in the manifest's label order (the parity test compares them with Python's). */
  logits(ids: readonly number[], typeIds: readonly number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/**
 * onnxruntime-node, loaded on first use only (its binary is 20–50 MB; no
 * thread that never scores loads it). A plain `require`: the CLI's bundle
 * runs as a `vm.Script` (its code cache), where `import()` has no loader.
 */
function onnxruntime(): typeof Ort | { problem: string } {
  try {
    return require("onnxruntime-node") as typeof Ort;
  } catch (e) {
    return { problem: `onnxruntime-node cannot be loaded for ${process.platform}-${process.arch}: ${firstLine(e)}` };
  }
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0];

/** The model in `folder` (the package's `models/nli/`), run on `threads` threads, or one message naming the file and what is wrong with it. */
export async function loadNliModel(folder: string, threads = modelThreads()): Promise<NliModel | { problem: string }> {
  const manifest = readManifest(folder);
  if ("problem" in manifest) return manifest;
  const file = join(folder, MODEL_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${file}: ${code === "ENOENT" ? "missing" : `cannot be read (${code ?? firstLine(e)})`}` };
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== manifest.sha256) {
    return { problem: `${file}: damaged or truncated (${bytes.length} bytes; its SHA-256 ${sha256.slice(0, 12)}… is not ${manifest.sha256.slice(0, 12)}…, the one nli.json names)` };
  }
  let tokenizer: PairTokenizer;
  try {
    const read = (name: string) => JSON.parse(readFileSync(join(folder, name), "utf8")) as object;
    tokenizer = new PairTokenizer(read(TOKENIZER_FILE), read(TOKENIZER_CONFIG_FILE), manifest.max_len);
  } catch (e) {
    return { problem: `${join(folder, TOKENIZER_FILE)}: cannot be used (${firstLine(e)})` };
  }
  const ort = onnxruntime();
  if ("problem" in ort) return ort;
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all", enableCpuMemArena: false,
    });
  } catch (e) {
    return { problem: `${file}: onnxruntime cannot load it (${firstLine(e)})` };
  }
  return new OnnxNliModel(ort, session, manifest, sha256, tokenizer);
}

/**
 * Threads for one run of the model: two where the machine has two cores or
 * more. On the 2-core development machine a pair of the fit's (97 word pieces
 * on average) took 11 ms on one thread and 7.2 ms on two, and 9.5 ms on two
 * while another process trained on the other core. The logits are the same
 * bit for bit on 1, 2 or 4 threads (305 of the fit's pairs), so a verdict
 * does not depend on the machine's cores.
 */
export function modelThreads(): number {
  return Math.min(2, availableParallelism());
}

class OnnxNliModel implements NliModel {
  readonly name: string;
  runs = 0;
  /** Where each of entail, contradict, neither is in the output row. */
  private readonly at: Record<Label, number>;

  constructor(private readonly ort: typeof Ort, private readonly session: Ort.InferenceSession, private readonly manifest: NliManifest, readonly sha256: string, readonly tokenizer: PairTokenizer) {
    this.name = `nli-${sha256.slice(0, 8)}`;
    this.at = { entail: manifest.labels.indexOf("entail"), contradict: manifest.labels.indexOf("contradict"), neither: manifest.labels.indexOf("neither") };
  }

  async logits(ids: readonly number[], typeIds: readonly number[]): Promise<Float32Array> {
    const n = ids.length;
    const tensor = (values: Iterable<number>) => new this.ort.Tensor("int64", BigInt64Array.from(values, BigInt), [1, n]);
    const feeds: Record<string, Ort.Tensor> = { input_ids: tensor(ids), attention_mask: tensor(ids.map(() => 1)), token_type_ids: tensor(typeIds) };
    this.runs++;
    const out = await this.session.run(feeds, [this.manifest.output]);
    const logits = out[this.manifest.output];
    if (!logits || logits.type !== "float32" || logits.data.length !== this.manifest.labels.length) {
      throw new Error(`the model's output "${this.manifest.output}" is not ${this.manifest.labels.length} numbers`);
    }
    return logits.data as Float32Array;
  }

  async score(premise: string, hypothesis: string): Promise<EntailmentScore> {
    const { ids, typeIds, cut } = this.tokenizer.encode(premise, hypothesis);
    const p = softmax(await this.logits(ids, typeIds));
    return { entail: p[this.at.entail], contradict: p[this.at.contradict], neither: p[this.at.neither], cut };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Probabilities from logits, in double precision (the largest subtracted first, so nothing overflows). */
export function softmax(logits: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
