// Builds the client, the language server and the CLI into dist/ (one bundle each).
//   node esbuild.mjs [--watch] [--production]
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/**
 * Large JSON files (WordNet's tables, wink-nlp's model: 8 MB in all) go into
 * the bundles as `JSON.parse` of one string rather than as object literals:
 * V8 parses JSON several times faster than the same data as JavaScript.
 * Small files (package.json) stay as esbuild writes them, so their named
 * imports are kept as they are. With `beside`, the CLI's bundle reads each
 * one from a file of its own in `dist/data/` (named by its content's hash)
 * instead: its source, which V8 keeps in memory, and its code cache are
 * then 8 MB smaller, and the string literal is not held a second time.
 */
const DATA = "dist/data";
function largeJson(beside) {
  return {
    name: "large-json",
    setup(build) {
      build.onLoad({ filter: /\.json$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        if (text.length < 64 * 1024) return undefined;
        // Parsed once here: a file that is not JSON fails the build, as esbuild's own loader would.
        const json = JSON.stringify(JSON.parse(text));
        if (!beside) return { contents: `module.exports = JSON.parse(${JSON.stringify(json)});`, loader: "js" };
        const name = `${basename(args.path, ".json")}-${createHash("sha1").update(json).digest("hex").slice(0, 12)}.json`;
        await mkdir(DATA, { recursive: true });
        await writeFile(`${DATA}/${name}`, json);
        const read = `require("node:fs").readFileSync(require("node:path").join(__dirname, "data", ${JSON.stringify(name)}), "utf8")`;
        return { contents: `module.exports = JSON.parse(${read});`, loader: "js" };
      });
    },
  };
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // `vscode` is provided by the editor at run time.
  external: ["vscode"],
  // Prefer ES modules: some packages (jsonc-parser) ship a UMD build that bundlers cannot follow.
  mainFields: ["module", "main"],
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
  plugins: [largeJson(false)],
  // Node 20 has Unicode property escapes (\p{Lu}); without this esbuild writes each such literal as a
  // `new RegExp(…)` call, which then builds a regular expression object every time the line runs.
  supported: { "regexp-unicode-property-escapes": true },
};

const entries = [
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js" },
  { entryPoints: ["server/src/server.ts"], outfile: "dist/server.js" },
  // The language server indexes in this worker thread.
  { entryPoints: ["server/src/node/indexWorker.ts"], outfile: "dist/indexWorker.js" },
  // The language server parses drafts and checks their claims in this worker thread.
  { entryPoints: ["server/src/node/checkWorker.ts"], outfile: "dist/checkWorker.js" },
  // Cold index builds ingest files in these worker threads, one per core (at most four).
  { entryPoints: ["server/src/node/ingestWorker.ts"], outfile: "dist/ingestWorker.js" },
  // The `grounded` command: a small launcher that runs the CLI's bundle through a V8 code cache (server/src/node/cliLauncher.ts).
  { entryPoints: ["server/src/node/cliLauncher.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } },
  { entryPoints: ["server/src/cli.ts"], outfile: "dist/cliMain.js", plugins: [largeJson(true)] },
  // The integration suite; mocha stays a runtime require from the repository's node_modules.
  { entryPoints: ["client/src/test/index.ts"], outfile: "out/test/index.js", external: ["vscode", "mocha"] },
];

// The CLI's data files of an earlier build are not the ones this build names.
await rm(DATA, { recursive: true, force: true });

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.error("esbuild: watching for changes…");
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
