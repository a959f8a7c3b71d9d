/**
 * `nli.json`, written by `training/export.py` beside the model: what the
 * runtime needs to feed the model and read its output, and the SHA-256 the
 * model file must have. Read and checked before anything is loaded.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The model's three answers, as the engine names them (`EntailmentScore`). */
export const LABELS = ["entail", "contradict", "neither"] as const;
export type Label = (typeof LABELS)[number];

/** The fields of `nli.json` the runtime reads (export.py writes more: versions, quantization, its checks). */
export interface NliManifest {
  /** The model's outputs in order: each of `LABELS` once. */
  labels: Label[];
  /** Input names, in the order export.py gave them: input_ids, attention_mask, token_type_ids. */
  inputs: string[];
  /** The output name: logits, one row of `labels.length` per pair. */
  output: string;
  /** Word pieces per pair at most, [CLS] and both [SEP] included. */
  max_len: number;
  /** The SHA-256 of `model.int8.onnx`, hex. */
  sha256: string;
}

/** The files of the model's folder. */
export const MODEL_FILE = "model.int8.onnx";
export const MANIFEST_FILE = "nli.json";
export const TOKENIZER_FILE = "tokenizer.json";
export const TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

const INPUTS = ["input_ids", "attention_mask", "token_type_ids"];

/** The manifest of the model in `folder`, or why it cannot be used (naming the file). */
export function readManifest(folder: string): NliManifest | { problem: string } {
  const file = join(folder, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${file}: ${code === "ENOENT" ? "missing" : code ? `cannot be read (${code})` : `not JSON (${(e as Error).message})`}` };
  }
  const m = raw as Partial<NliManifest>;
  const labels = Array.isArray(m.labels) ? m.labels : [];
  const valid =
    labels.length === LABELS.length && LABELS.every((l) => labels.includes(l)) &&
    Array.isArray(m.inputs) && INPUTS.every((i) => m.inputs!.includes(i)) &&
    typeof m.output === "string" && Number.isInteger(m.max_len) && m.max_len! >= 16 && m.max_len! <= 4096 &&
    typeof m.sha256 === "string" && /^[0-9a-f]{64}$/.test(m.sha256);
  if (!valid) return { problem: `${file}: not the manifest export.py writes (labels, inputs, output, max_len, sha256)` };
  return { labels: labels as Label[], inputs: m.inputs!, output: m.output!, max_len: m.max_len!, sha256: m.sha256! };
}
