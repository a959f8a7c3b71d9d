// Builds the client, the language server and the CLI into dist/ (one bundle each, their workers in the same file),
// and places the reading model's runtime for one platform in dist/node_modules/ (vsce's target names: linux-x64, …).
//   node esbuild.mjs [--watch] [--production] [--target PLATFORM-ARCH]   (default: $GROUNDED_TARGET, else this machine's)
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
const targetAt = process.argv.indexOf("--target");
const target = targetAt > 0 ? process.argv[targetAt + 1] : process.env.GROUNDED_TARGET || `${process.platform}-${process.arch}`;

/**
 * Large JSON files (WordNet's tables, wink-nlp's model: 8 MB in all) are read
 * at run time from files of their own in `dist/data/` (named by their
 * content's hash), which the server, its workers and the CLI share, and
 * parsed with `JSON.parse`: V8 parses JSON several times faster than the same
 * data as JavaScript, the bundles' sources (which V8 keeps in memory, in each
 * thread) and the CLI's code cache are 8 MB smaller, and a thread reads only
 * the files it uses. Small files (package.json) stay as esbuild writes them,
 * so their named imports are kept as they are.
 */
const DATA = "dist/data";
/** Each data file's write, by name: the bundles built at once write the same files once. */
const written = new Map();
const largeJson = {
  name: "large-json",
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (text.length < 64 * 1024) return undefined;
      // Parsed once here: a file that is not JSON fails the build, as esbuild's own loader would.
      const json = JSON.stringify(JSON.parse(text));
      const name = `${basename(args.path, ".json")}-${createHash("sha1").update(json).digest("hex").slice(0, 12)}.json`;
      if (!written.has(name)) written.set(name, mkdir(DATA, { recursive: true }).then(() => writeFile(`${DATA}/${name}`, json)));
      await written.get(name);
      const read = `require("node:fs").readFileSync(require("node:path").join(__dirname, "data", ${JSON.stringify(name)}), "utf8")`;
      return { contents: `module.exports = JSON.parse(${read});`, loader: "js" };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // `vscode` is provided by the editor at run time; onnxruntime-node is a native module, placed beside the bundles (below).
  external: ["vscode", "onnxruntime-node"],
  // Prefer ES modules: some packages (jsonc-parser) ship a UMD build that bundlers cannot follow.
  mainFields: ["module", "main"],
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
  plugins: [largeJson],
  // Node 20 has Unicode property escapes (\p{Lu}); without this esbuild writes each such literal as a
  // `new RegExp(…)` call, which then builds a regular expression object every time the line runs.
  supported: { "regexp-unicode-property-escapes": true },
};

const entries = [
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js" },
  // The language server, and its worker threads (indexing, checking drafts, ingesting files), which start from this same
  // file with their role in `workerData` (server/src/node/workers.ts), so that the engine and its data ship once.
  { entryPoints: ["server/src/serverEntry.ts"], outfile: "dist/server.js" },
  // The `grounded` command: a small launcher that runs the CLI's bundle through a V8 code cache (server/src/node/cliLauncher.ts).
  { entryPoints: ["server/src/node/cliLauncher.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } },
  // The CLI, and the workers in which it ingests files, started from this same file.
  { entryPoints: ["server/src/cliEntry.ts"], outfile: "dist/cliMain.js" },
  // The integration suite; mocha stays a runtime require from the repository's node_modules.
  { entryPoints: ["client/src/test/index.ts"], outfile: "out/test/index.js", external: ["vscode", "mocha"] },
];

/**
 * The reading model's runtime (server/src/node/nli/): onnxruntime-node stays
 * outside the bundles (it loads a native library), and what it needs at run
 * time is placed in dist/node_modules/, where the bundles' `require` finds it
 * first: its JavaScript, onnxruntime-common's, and the one binary of the
 * target platform (20–50 MB; all of them would be 300 MB), so that a
 * `.vsix` is made per platform (`vsce package --target`). Hard links where
 * the disk allows, else copies. A platform onnxruntime-node has no binary for
 * (darwin-x64 in 1.30.0) gets none: the model is then said to be unusable and
 * the lexical checks decide.
 */
const RUNTIME = "dist/node_modules";
async function placeRuntime() {
  await rm(RUNTIME, { recursive: true, force: true });
  const [platform, arch] = target.split("-");
  const place = async (files) => {
    for (const f of files) {
      const to = join(RUNTIME, f);
      await mkdir(dirname(to), { recursive: true });
      await link(join("node_modules", f), to).catch(() => copyFile(join("node_modules", f), to));
    }
  };
  const inFolder = async (dir, keep = () => true) => (await readdir(join("node_modules", dir)).catch(() => [])).filter(keep).map((f) => `${dir}/${f}`);
  const js = (f) => f.endsWith(".js") || f === "package.json";
  await place(["onnxruntime-node/package.json", ...(await inFolder("onnxruntime-node/dist", js))]);
  await place(["onnxruntime-common/package.json", ...(await inFolder("onnxruntime-common/dist/cjs", js))]);
  const binary = await inFolder(`onnxruntime-node/bin/napi-v6/${platform}/${arch}`);
  if (!binary.length) console.error(`esbuild: onnxruntime-node has no binary for ${target}: the reading model will not load there`);
  await place(binary);
}

// The data files of an earlier build are not the ones this build names.
await rm(DATA, { recursive: true, force: true });
await placeRuntime();

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.error("esbuild: watching for changes…");
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
