/**
 * What the package declares and ships: every package the bundles import is a
 * declared dependency and every dependency is imported (no more resolving by
 * hoisting, nothing declared for nothing); what the tests and scripts import
 * is declared too; the Node version in `engines` has every API used; and the
 * VSIX holds only the bundles (and the CSL styles they read).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`); undefined for Node's own modules and relative paths. */
function packageOf(specifier: string): string | undefined {
  // Relative paths, Node's own modules, and what only looks like an import (a regular expression in a test) are not packages.
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/i.test(specifier) || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The packages that the bundled code of ours imports, from esbuild's metafile (what the bundles really resolve). */
async function bundledImports(): Promise<Set<string>> {
  const entries = ["client/src/extension.ts", "server/src/server.ts", "server/src/cli.ts", "server/src/node/indexWorker.ts", "server/src/node/ingestWorker.ts", "server/src/node/checkWorker.ts"];
  const result = await esbuild.build({
    entryPoints: entries, bundle: true, platform: "node", format: "cjs", write: false, metafile: true, outdir: "out/packaging-check",
    external: ["vscode"], mainFields: ["module", "main"], logLevel: "silent",
  });
  const out = new Set<string>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    if (file.includes("node_modules/")) continue;
    for (const i of input.imports) {
      const name = i.original ? packageOf(i.original) : undefined;
      if (name && name !== "vscode") out.add(name);
    }
  }
  return out;
}

/** Bare imports in the tests, scripts and benchmarks (their sources, by a plain scan). */
function toolImports(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "fixtures" || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(name)) {
        for (const m of readFileSync(path, "utf8").matchAll(/(?:from |import\(|require\()"([^"]+)"/g)) {
          const p = packageOf(m[1]);
          // `vscode` is the editor's own API, provided at run time.
          if (p && p !== "vscode") out.add(p);
        }
      }
    }
  };
  for (const dir of ["test", "scripts", "bench", "client/src/test"]) walk(dir);
  return out;
}

/** Development tools the project runs by command rather than imports, and type packages; each with why it is there. */
const TOOLS: Record<string, string> = {
  "@types/mocha": "types of the VS Code suite",
  "@types/node": "types",
  "@types/pg": "types of pg",
  "@types/picomatch": "types of picomatch",
  "@types/vscode": "types of the VS Code API",
  "@vscode/vsce": "npm run package, and the packaging test",
  tsx: "runs the tests and scripts",
  typescript: "npm run typecheck",
};

test("the runtime dependencies are exactly what the bundles import", async () => {
  const imported = await bundledImports();
  assert.deepEqual([...imported].sort(), Object.keys(manifest.dependencies).sort());
});

test("every package the tests and scripts import is declared; every development dependency is used", () => {
  const used = toolImports();
  const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]);
  for (const p of used) assert.ok(declared.has(p), `${p} is imported by a test or script but not declared`);
  for (const p of Object.keys(manifest.devDependencies)) {
    assert.ok(used.has(p) || p in TOOLS, `${p} is a development dependency that nothing imports or runs`);
    assert.ok(!(p in manifest.dependencies), `${p} is declared twice`);
  }
});

test("engines.node is at least the version that has every Node API the code uses", () => {
  const m = /^>=\s*(\d+)\.(\d+)/.exec(manifest.engines.node);
  assert.ok(m, `engines.node "${manifest.engines.node}" names no minimum version`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  // zlib.crc32 (the persisted index's checksums) came in Node 20.15.
  assert.ok(major > 20 || (major === 20 && minor >= 15), `engines.node ${manifest.engines.node}: zlib.crc32 needs 20.15`);
});

test("the VSIX holds only the bundles, the manifest, the README, the licence, the schema, the images and the bundled CSL styles", () => {
  const vsce = "node_modules/.bin/vsce";
  assert.ok(existsSync(vsce), `${vsce} is missing: it is a development dependency, installed by "npm ci"`);
  assert.ok(existsSync("dist/extension.js"), 'dist/ is missing: run "npm run build" first');
  const r = spawnSync(vsce, ["ls", "--no-dependencies"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split("\n").filter(Boolean).sort();
  assert.deepEqual(
    files.filter((f) => !/^images\/[\w-]+\.png$/.test(f)),
    [
      "LICENSE", "README.md", "dist/checkWorker.js", "dist/extension.js", "dist/indexWorker.js", "dist/ingestWorker.js", "dist/server.js", "package.json", "schemas/grounded.schema.json",
      "styles/README.md", "styles/apa.csl", "styles/chicago-author-date.csl", "styles/locales-en-US.xml",
    ],
  );
});

test("every worker the language server starts is in the VSIX", () => {
  // A worker missing from the package fails only in an installed extension (the server falls back to its own thread).
  const workers = new Set<string>();
  for (const file of readdirSync("server/src/node")) {
    if (!file.endsWith(".ts")) continue;
    for (const m of readFileSync(join("server/src/node", file), "utf8").matchAll(/const WORKER_FILE = join\(__dirname, "([\w.]+\.js)"\)/g)) workers.add(`dist/${m[1]}`);
  }
  assert.ok(workers.size >= 3, `the workers' files were not found (${[...workers]})`);
  const r = spawnSync("node_modules/.bin/vsce", ["ls", "--no-dependencies"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const listed = new Set(r.stdout.split("\n").filter(Boolean));
  assert.deepEqual([...workers].filter((w) => !listed.has(w)), [], "workers missing from the VSIX (.vscodeignore)");
});
