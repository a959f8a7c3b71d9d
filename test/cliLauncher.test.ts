/**
 * The `grounded` command runs the CLI's bundle through a V8 code cache kept
 * beside the persisted index (`server/src/node/cliLauncher.ts`): written after
 * a run without one, read by the next, never written with `--no-cache`, and a
 * damaged cache file is a cache miss, never a failure. The output is the same
 * either way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeCacheFolder } from "../server/src/node/cliLauncher";
import { defaultCacheDir } from "../server/src/node/cacheDir";

const root = mkdtempSync(join(tmpdir(), "grounded-launcher-"));
const draft = join(root, "draft.md");
writeFileSync(draft, "The CSTO operates a 5,000-soldier force.\n\nChina announced a new investment fund for Central Asia.\n");

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  assert.equal(r.stderr.includes("Error"), false, r.stderr);
  return r.stdout;
}

const codeFiles = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith("cli-code-")) : []);

test("the code cache's folder is the persisted index's, as the command line names it", () => {
  assert.equal(codeCacheFolder(["check", "--cache-dir", "/x/y", "d.md"]), "/x/y");
  assert.equal(codeCacheFolder(["check", "--cache-dir=/x/z", "d.md"]), "/x/z");
  assert.equal(codeCacheFolder(["check", "--no-cache", "--cache-dir", "/x/y"]), undefined);
  assert.equal(codeCacheFolder(["check", "d.md"]), defaultCacheDir());
  assert.equal(codeCacheFolder(["check", "--", "--no-cache"]), defaultCacheDir());
});

test("a run writes the code cache, the next reads it, a damaged one is rebuilt: the same report each time", () => {
  const cache = join(root, "cache");
  const args = ["check", "--corpus", "corpus", "--cache-dir", cache, "--format", "json", "--no-exit", draft];
  const first = cli(args);
  const files = codeFiles(cache);
  assert.equal(files.length, 1, "one code cache, named for this bundle");
  const second = cli(args);
  assert.equal(second, first);
  // A flipped byte fails the file's checksum: the bundle is compiled anew and the cache written again.
  const file = join(cache, files[0]);
  const bytes = readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(file, bytes);
  assert.equal(cli(args), first);
  assert.notDeepEqual(readFileSync(file), bytes, "the damaged cache was replaced");
  assert.equal(cli(args), first);
});

test("--no-cache writes no code cache, not even in the default folder", () => {
  const home = join(root, "xdg");
  cli(["check", "--corpus", "corpus", "--no-cache", "--format", "json", "--no-exit", draft], { XDG_CACHE_HOME: home });
  assert.deepEqual(codeFiles(join(home, "grounded")), []);
});
