/**
 * `npm run pack:cli`: the command line as a tarball to install anywhere with
 * `npm install -g ./grounded-writing-0.1.0.tgz` (or `--prefix DIR`), so that
 * `grounded check` runs in a writer's own folder, outside this repository.
 *
 * The tarball holds what `dist/cli.js` needs at run time and nothing else: the
 * launcher, the bundle it runs (`dist/cliMain.js`, every package it imports
 * inside it but onnxruntime-node, whose JavaScript and this platform's binary
 * are in `dist/node_modules/`), the reading model (`models/nli/`), the data the bundle reads (`dist/data/`), the bundled CSL styles
 * (`styles/`, found beside `dist/`), the README and the licence. Its
 * package.json is the repository's without `dependencies`: they are in the
 * bundle, so installing needs no registry and no network. It is packed from a
 * staging folder (`out/cli-package/`) because the repository's own
 * package.json declares them, and because vsce, which packages the extension,
 * refuses a `files` list beside `.vscodeignore`.
 *
 * Usage: `node --import tsx scripts/pack-cli.ts [--out DIR]` after
 * `npm run build`; prints the tarball's path.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * What the CLI reads at run time, relative to the repository's root: with the
 * reading model (`models/nli/`) and its runtime for this platform
 * (`dist/node_modules/`, placed there by esbuild.mjs).
 */
export const CLI_FILES = [
  "dist/cli.js", "dist/cliMain.js", "dist/data", "dist/node_modules", "styles", "README.md", "LICENSE",
  "models/nli/model.int8.onnx", "models/nli/nli.json", "models/nli/tokenizer.json", "models/nli/tokenizer_config.json",
];

/** The manifest of the CLI's package: the repository's name, version and `bin`, no dependencies and no extension fields. */
export function cliManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const keep = ["name", "displayName", "description", "version", "license", "private", "repository", "keywords", "bin"];
  const engines = manifest.engines as Record<string, string>;
  return { ...Object.fromEntries(keep.filter((k) => k in manifest).map((k) => [k, manifest[k]])), engines: { node: engines.node } };
}

/** Packs the CLI into `outDir` and returns the tarball's path. */
export function packCli(root: string, outDir: string): string {
  const stage = join(root, "out", "cli-package");
  for (const f of CLI_FILES) if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of CLI_FILES) cpSync(join(root, f), join(stage, f), { recursive: true });
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(cliManifest(JSON.parse(readFileSync(join(root, "package.json"), "utf8"))), null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", resolve(outDir)], { cwd: stage, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  return join(resolve(outDir), filename);
}

if (process.argv[1]?.endsWith("pack-cli.ts")) {
  const at = process.argv.indexOf("--out");
  console.log(packCli(process.cwd(), at > 0 ? process.argv[at + 1] : process.cwd()));
}
