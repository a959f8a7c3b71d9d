/**
 * The reading model the tests run: `models/nli/` of the repository, as the
 * build ships it. A test that needs it fails, saying how to make it, when it
 * is not there: the model is part of the build, never skipped silently.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadNliModel, type NliModel } from "../../server/src/node/nli/model";
import { modelFolder } from "../../server/src/node/nli/reading";

export const MODEL_DIR = modelFolder();

/** How to make the model files when they are missing. */
export const HOW_TO_MAKE = [
  "models/nli/model.int8.onnx and nli.json are made by training/export.py from a trained checkpoint:",
  "  cd training && .venv/bin/python export.py --model out/nli --out ../models/nli \\",
  "    --fixtures ../test/fixtures/nli/parity.json --token-fixtures ../test/fixtures/nli/tokens.json",
  "(training/README.md; the model is committed with the trained weights).",
].join("\n");

let loaded: Promise<NliModel> | undefined;

/** The model, loaded once per test file; an assertion failure naming what is missing and how to make it. */
export function requireModel(): Promise<NliModel> {
  loaded ??= (async () => {
    for (const f of ["model.int8.onnx", "nli.json", "tokenizer.json", "tokenizer_config.json"]) {
      assert.ok(existsSync(join(MODEL_DIR, f)), `the reading model's ${join(MODEL_DIR, f)} is missing.\n${HOW_TO_MAKE}`);
    }
    const model = await loadNliModel(MODEL_DIR);
    if ("problem" in model) assert.fail(`the reading model cannot be loaded: ${model.problem}\n${HOW_TO_MAKE}`);
    return model;
  })();
  return loaded;
}
