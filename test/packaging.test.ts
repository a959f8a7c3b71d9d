/**
 * What the package declares and ships: every package the bundles import is a
 * declared dependency and every dependency is imported (no more resolving by
 * hoisting, nothing declared for nothing); what the tests and scripts import
 * is declared too; the Node version in `engines` has every API used; and the
 * VSIX holds only the bundles (and the data files and CSL styles they read),
 * the reading model and its runtime for one platform, runs from those files
 * alone, workers and the model too, and stays under 50 MB.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { deflateRawSync } from "node:zlib";
import * as esbuild from "esbuild";
import type { IngestBatchReply } from "../server/src/node/ingest";
import { workerDataFor, type WorkerRole } from "../server/src/node/workers";
import { startServer } from "./helpers/lspClient";

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
  // The workers are in the server's and the CLI's bundles (`node/workers.ts`).
  const entries = ["client/src/extension.ts", "server/src/serverEntry.ts", "server/src/cliEntry.ts"];
  const result = await esbuild.build({
    entryPoints: entries, bundle: true, platform: "node", format: "cjs", write: false, metafile: true, outdir: "out/packaging-check",
    external: ["vscode", "onnxruntime-node"], mainFields: ["module", "main"], logLevel: "silent",
  });
  const out = new Set<string>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    if (file.includes("node_modules/")) continue;
    for (const i of input.imports) {
      // An external package (onnxruntime-node, placed beside the bundles) is named by its path; Node's own modules are not packages.
      const specifier = i.original ?? (i.external && !isBuiltin(i.path) ? i.path : undefined);
      const name = specifier ? packageOf(specifier) : undefined;
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

/** The files `vsce ls` says the VSIX holds, as the build in dist/ stands. */
function vsixFiles(): string[] {
  const vsce = "node_modules/.bin/vsce";
  assert.ok(existsSync(vsce), `${vsce} is missing: it is a development dependency, installed by "npm ci"`);
  assert.ok(existsSync("dist/extension.js"), 'dist/ is missing: run "npm run build" first');
  const r = spawnSync(vsce, ["ls", "--no-dependencies"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter(Boolean).sort();
}

/** The data files (`dist/data/`, see esbuild.mjs) that a bundle reads. */
function dataFilesOf(bundle: string): string[] {
  return [...readFileSync(bundle, "utf8").matchAll(/join\(__dirname,\s*"data",\s*"([\w.-]+\.json)"\)/g)].map((m) => `dist/data/${m[1]}`);
}

/** What the reading model's runtime may ship (esbuild.mjs): onnxruntime-node's and onnxruntime-common's JavaScript, and this platform's binary alone. */
const RUNTIME_FILE = new RegExp(
  `^dist/node_modules/(onnxruntime-node/(package\\.json|dist/\\w+\\.js|bin/napi-v6/${process.platform}/${process.arch}/[\\w.-]+)|onnxruntime-common/(package\\.json|dist/cjs/[\\w-]+\\.(js|json)))$`,
);

test("the VSIX holds only the bundles, the data files they read, the manifest, the README, the licence, the schema, the images, the bundled CSL styles, and the reading model with its runtime for this platform", () => {
  const files = vsixFiles();
  const data = [...new Set([...dataFilesOf("dist/server.js"), ...dataFilesOf("dist/extension.js")])].sort();
  assert.ok(data.length >= 3, `the server's data files were not found (${data})`);
  assert.deepEqual(files.filter((f) => f.startsWith("dist/data/")), data, "the data files the bundles read, and no others");
  const runtime = files.filter((f) => f.startsWith("dist/node_modules/"));
  assert.deepEqual(runtime.filter((f) => !RUNTIME_FILE.test(f)), [], "only onnxruntime's JavaScript and this platform's binary");
  assert.ok(runtime.includes(`dist/node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`), "this platform's binary");
  assert.deepEqual(
    files.filter((f) => !/^images\/[\w-]+\.png$/.test(f) && !f.startsWith("dist/data/") && !f.startsWith("dist/node_modules/")),
    [
      "LICENSE", "MODEL_CARD.md", "README.md", "dist/extension.js", "dist/server.js",
      "models/nli/model.int8.onnx", "models/nli/nli.json", "models/nli/tokenizer.json", "models/nli/tokenizer_config.json",
      "package.json", "schemas/grounded.schema.json", "styles/README.md", "styles/apa.csl", "styles/chicago-author-date.csl", "styles/locales-en-US.xml",
    ],
  );
});

/** The worker roles a file names in `startWorker("…")` calls. */
const rolesStartedIn = (file: string) => [...readFileSync(file, "utf8").matchAll(/startWorker\("(\w+)"/g)].map((m) => m[1]);

test("every worker a bundle starts is a role its entry runs (workers start from the bundle's own file)", async () => {
  for (const entry of ["server/src/serverEntry.ts", "server/src/cliEntry.ts"]) {
    const result = await esbuild.build({
      entryPoints: [entry], bundle: true, platform: "node", format: "cjs", write: false, metafile: true, outdir: "out/packaging-check",
      external: ["vscode", "onnxruntime-node"], mainFields: ["module", "main"], logLevel: "silent",
    });
    const started = new Set(Object.keys(result.metafile.inputs).filter((f) => f.startsWith("server/src/")).flatMap(rolesStartedIn));
    const runs = new Set([...readFileSync(entry, "utf8").matchAll(/(\w+): run\w+Worker\b/g)].map((m) => m[1]));
    assert.ok(started.size >= 1, `${entry}: no worker found`);
    assert.deepEqual([...started].filter((r) => !runs.has(r)), [], `${entry} bundles code that starts these workers but does not run them`);
  }
});

/** A copy of what the VSIX holds, as an installed extension has it. */
function installedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "grounded-vsix-"));
  for (const f of vsixFiles()) cpSync(f, join(dir, f));
  return dir;
}

/** Starts a worker for `role` from `bundle`, sends it `message` and resolves with its first answer. */
function askWorker(bundle: string, role: WorkerRole, message: unknown): Promise<unknown> {
  const worker = new Worker(bundle, { workerData: workerDataFor(role) });
  return new Promise<unknown>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the ${role} worker stopped (exit code ${code})`)));
    worker.postMessage(message);
  }).finally(() => worker.terminate());
}

test("the language server runs from the VSIX's files alone: it indexes and checks in its workers, and ingests in them", async () => {
  const ext = installedCopy();
  const ws = mkdtempSync(join(tmpdir(), "grounded-vsix-ws-"));
  try {
    // An ingestion worker started from the installed server's file answers a batch (a cold build's work).
    const article = resolve("corpus", readdirSync("corpus").sort()[1]);
    const reply = (await askWorker(join(ext, "dist/server.js"), "ingest", { id: 7, paths: [article], maxBytes: 1 << 26 })) as IngestBatchReply;
    assert.equal(reply.id, 7);
    assert.ok(reply.vocabulary.length > 50 && "passages" in reply.replies[0], JSON.stringify(reply).slice(0, 300));
    // The server itself, from the copy: the corpus is indexed in its index worker and the draft checked in its check worker.
    cpSync("corpus", join(ws, "corpus"), { recursive: true });
    const server = await startServer(ws, { corpus: { paths: ["corpus"] } }, { serverFile: join(ext, "dist/server.js"), initializationOptions: { cacheDir: null } });
    try {
      const uri = pathToFileURL(join(ws, "draft.md")).toString();
      const waiting = server.diagnostics(uri);
      await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: "The CSTO operates a 5,000-soldier force.\n" } });
      assert.equal((await waiting).diagnostics[0]?.code, "number-mismatch", server.logs.join("\n"));
      assert.deepEqual(server.logs.filter((l) => /worker|uncaught|unhandled/i.test(l)), [], "no worker failed or fell back to the server's thread");
      // The check worker read with the model shipped beside the installed bundle, through the runtime shipped with it.
      assert.ok(server.logs.some((l) => /the reading model nli-[0-9a-f]{8} is loaded/.test(l)), server.logs.join("\n"));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(ext, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});

test("the CLI's bundle ingests in workers started from its own file", async () => {
  const article = resolve("corpus", readdirSync("corpus").sort()[0]);
  const reply = (await askWorker(resolve("dist/cliMain.js"), "ingest", { id: 1, paths: [article], maxBytes: 1 << 26 })) as IngestBatchReply;
  assert.ok(reply.vocabulary.length > 50 && "passages" in reply.replies[0], JSON.stringify(reply).slice(0, 300));
});

/** The README's size of this platform's package: "grounded-writing-linux-x64.vsix (about N MB". */
function readmeSize(): number {
  const m = new RegExp(`grounded-writing-${process.platform}-${process.arch}\\.vsix \\(about ([\\d.]+) MB`).exec(readFileSync("README.md", "utf8"));
  assert.ok(m, "the README no longer says how large the package is");
  return Number(m[1]) * 1e6;
}

test("the VSIX is under 50 MB, as the README says: the engine and its data ship once, the runtime for one platform", async () => {
  // What `npm run package` zips: the files `vsce ls` lists, the JavaScript minified (dist/ may be a development build),
  // each deflated as the VSIX's zip does. Within 1% of the real package.
  let unpacked = 0;
  let packed = 0;
  for (const f of vsixFiles()) {
    let bytes = readFileSync(f);
    if (f.endsWith(".js")) bytes = Buffer.from((await esbuild.transform(bytes.toString("utf8"), { loader: "js", minify: true, target: "node20", supported: { "regexp-unicode-property-escapes": true } })).code);
    unpacked += bytes.length;
    packed += deflateRawSync(bytes).length;
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  assert.ok(packed < 50e6, `the VSIX would be ${mb(packed)} (${mb(unpacked)} unpacked)`);
  const said = readmeSize();
  assert.ok(Math.abs(packed - said) <= 0.1e6, `the README says about ${mb(said)}; the VSIX would be ${mb(packed)}`);
});
