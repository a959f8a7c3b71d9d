// Builds the client, the language server and the CLI into dist/ (one bundle each).
//   node esbuild.mjs [--watch] [--production]
import { readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/**
 * Large JSON files (WordNet's tables, wink-nlp's model: 8 MB in all) go into
 * the bundles as `JSON.parse` of one string rather than as object literals:
 * V8 parses JSON several times faster than the same data as JavaScript, and
 * a string costs little in the CLI's code cache. Small files (package.json)
 * stay as esbuild writes them, so their named imports are kept as they are.
 */
const jsonAsString = {
  name: "json-as-string",
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (text.length < 64 * 1024) return undefined;
      // Parsed once here: a file that is not JSON fails the build, as esbuild's own loader would.
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: "js" };
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
  // `vscode` is provided by the editor at run time.
  external: ["vscode"],
  // Prefer ES modules: some packages (jsonc-parser) ship a UMD build that bundlers cannot follow.
  mainFields: ["module", "main"],
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
  plugins: [jsonAsString],
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
  { entryPoints: ["server/src/cli.ts"], outfile: "dist/cliMain.js" },
  // The integration suite; mocha stays a runtime require from the repository's node_modules.
  { entryPoints: ["client/src/test/index.ts"], outfile: "out/test/index.js", external: ["vscode", "mocha"] },
];

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.error("esbuild: watching for changes…");
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
