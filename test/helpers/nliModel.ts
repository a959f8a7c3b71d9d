/**
 * The reading model the tests run: `models/nli/` of the repository, as the
 * build ships it. A test that needs it fails, saying how to make it, when it
 * is not there: the model is part of the build, never skipped silently.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
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

/**
 * A copy of the built package in its own folder: the bundles and their data,
 * the runtime (linked, or copied without its binary) and `models/nli/` with
 * its model file as `model` says.
 */
export function packageCopy(root: string, name: string, model: "whole" | "missing" | "truncated" | "altered", runtime: "linked" | "no binary" = "linked"): string {
  assert.ok(existsSync("dist/cliMain.js"), 'dist/ is missing: run "npm run build" first');
  const dir = join(root, name);
  mkdirSync(join(dir, "dist"), { recursive: true });
  for (const f of readdirSync("dist")) {
    if (f === "node_modules" || f.endsWith(".map")) continue;
    cpSync(join("dist", f), join(dir, "dist", f), { recursive: true });
  }
  if (runtime === "linked") symlinkSync(resolve("dist/node_modules"), join(dir, "dist/node_modules"), "dir");
  else {
    cpSync("dist/node_modules", join(dir, "dist/node_modules"), { recursive: true, filter: (src) => !src.includes(join("onnxruntime-node", "bin")) });
  }
  const models = join(dir, "models/nli");
  mkdirSync(models, { recursive: true });
  for (const f of ["nli.json", "tokenizer.json", "tokenizer_config.json"]) cpSync(join(MODEL_DIR, f), join(models, f));
  const bytes = readFileSync(join(MODEL_DIR, "model.int8.onnx"));
  if (model === "whole") symlinkSync(join(MODEL_DIR, "model.int8.onnx"), join(models, "model.int8.onnx"));
  if (model === "truncated") writeFileSync(join(models, "model.int8.onnx"), bytes.subarray(0, bytes.length >> 1));
  if (model === "altered") writeFileSync(join(models, "model.int8.onnx"), Buffer.concat([bytes.subarray(0, 1000), Buffer.from([bytes[1000] ^ 1]), bytes.subarray(1001)]));
  return dir;
}
