/**
 * The `grounded` command (`dist/cli.js`): runs the CLI's bundle
 * (`dist/cliMain.js`, from `server/src/cli.ts`) through a V8 code cache.
 *
 * The bundle is 6.5 MB of JavaScript (the NLP model and WordNet's tables are
 * read from `dist/data/`, see `esbuild.mjs`); V8 parsed and compiled it at
 * every start (about 0.3 s of the 80-sentence check from the persisted index
 * when it was 15 MB), and compiled again each function a check calls. After a run without a usable cache, the bytecode
 * compiled so far is written beside the persisted index (`--cache-dir`, else
 * `defaultCacheDir()`; nothing with `--no-cache`), named by the bundle's
 * checksum and length and by Node's version, so a rebuilt bundle or another
 * Node never reads it; the file's own checksum is checked before V8 is handed
 * it, and V8 rejects what does not fit its version and flags. Node 22 has
 * this built in (`module.enableCompileCache`); Node 20, which the project
 * supports, has only `vm.Script`'s `cachedData`. Any failure of the cache
 * runs the bundle as if there were none.
 */
import Module, { createRequire } from "node:module";
import { Script } from "node:vm";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { dirname, join } from "node:path";
import { defaultCacheDir } from "./cacheDir";

const PREFIX = "cli-code-";

/** The folder of the code cache: the persisted index's, as the command line names it; undefined for `--no-cache`. */
export function codeCacheFolder(args: readonly string[]): string | undefined {
  let folder: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") break;
    if (args[i] === "--no-cache") return undefined;
    if (args[i] === "--cache-dir" && args[i + 1] !== undefined) folder = args[++i];
    else if (args[i].startsWith("--cache-dir=")) folder = args[i].slice("--cache-dir=".length);
  }
  return folder ?? defaultCacheDir();
}

/** The cache's bytes, if the file is whole: a 4-byte CRC-32 of the rest, then what V8 made. */
function readCache(file: string): Buffer | undefined {
  let b: Buffer;
  try {
    b = readFileSync(file);
  } catch {
    return undefined;
  }
  if (b.length < 4) return undefined;
  const data = b.subarray(4);
  return b.readUInt32LE(0) === crc32(data) ? data : undefined;
}

/** Writes the cache beside, then renames it in (a reader never sees half), and removes the caches of other bundles. */
function writeCache(folder: string, name: string, data: Buffer): void {
  try {
    mkdirSync(folder, { recursive: true });
    const temp = join(folder, `${name}.tmp-${process.pid}`);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(crc32(data));
    writeFileSync(temp, Buffer.concat([head, data]));
    renameSync(temp, join(folder, name));
    for (const f of readdirSync(folder)) if (f.startsWith(PREFIX) && f !== name && !f.includes(".tmp-")) rmSync(join(folder, f), { force: true });
  } catch {
    // A cache that cannot be written only means the next start compiles the bundle again.
  }
}

function run(): void {
  const bundle = join(__dirname, "cliMain.js");
  const source = readFileSync(bundle);
  const folder = codeCacheFolder(process.argv.slice(2));
  const name = `${PREFIX}${crc32(source).toString(16)}-${source.length}-${process.version}-${process.arch}.bin`;
  const cached = folder ? readCache(join(folder, name)) : undefined;
  const script = new Script(Module.wrap(source.toString("utf8")), { filename: bundle, cachedData: cached });
  if (folder && (!cached || script.cachedDataRejected)) {
    // At exit, so that the functions the run compiled are in it too.
    process.once("exit", () => writeCache(folder, name, script.createCachedData()));
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
}

if (require.main === module) run();
