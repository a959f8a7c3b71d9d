/**
 * The benchmark's generator: the same seed gives the same archive byte for
 * byte, another seed another archive, and drafts have the size asked for.
 * Small sizes only, so that this stays quick in `npm test`.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { writeArchive, writeDraft } from "../bench/archive";
import { analyzeDraft } from "../server/src/engine/markdown/draft";

const root = mkdtempSync(join(tmpdir(), "grounded-bench-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Every file of an archive (the marker too), by relative path. */
function contents(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

test("the same seed gives the same archive, byte for byte; another seed another one", () => {
  const a = writeArchive(join(root, "a"), { articles: 120, seed: 7 });
  const b = writeArchive(join(root, "b"), { articles: 120, seed: 7 });
  const c = writeArchive(join(root, "c"), { articles: 120, seed: 8 });
  assert.equal(a.files, 120);
  const [ca, cb, cc] = [a, b, c].map((x) => contents(x.dir));
  assert.equal([...ca.keys()].filter((k) => k.endsWith(".txt")).length, 120);
  assert.ok([...ca.keys()].some((k) => k.startsWith("0001/")), "a hundred articles a folder");
  assert.deepEqual([...ca.keys()], [...cb.keys()]);
  for (const [k, v] of ca) assert.ok(v.equals(cb.get(k)!), `${k} differs between two runs with the same seed`);
  assert.equal(a.bytes, b.bytes);
  const same = [...ca].filter(([k, v]) => k.endsWith(".txt") && cc.get(k)?.equals(v)).length;
  assert.equal(same, 0, "another seed gives other articles");
  // About 4 KB an article, as the sizes assume (10,000 articles ≈ 41 MB).
  assert.ok(a.bytes / a.files > 3800 && a.bytes / a.files < 4600, `${a.bytes / a.files} bytes an article`);
});

test("drafts have the size asked for", () => {
  const file80 = join(root, "draft-80.md");
  const d80 = writeDraft(file80, { sentences: 80 });
  assert.equal(d80.sentences, 80);
  const sentences = analyzeDraft(readFileSync(file80, "utf8"), { checkHeadings: false }).sentences;
  assert.equal(sentences.length, 80, "the engine finds the 80 sentences");

  const file5000 = join(root, "draft-5000w.md");
  const d5000 = writeDraft(file5000, { words: 5000 });
  const words = readFileSync(file5000, "utf8").replace(/^# Draft/, "").split(/\s+/).filter(Boolean).length;
  assert.ok(words >= 5000 && words < 5150, `${words} words`);
  assert.equal(d5000.words, words);
  const first = readFileSync(file5000, "utf8");
  writeDraft(file5000, { words: 5000 });
  assert.equal(readFileSync(file5000, "utf8"), first, "the same draft every time");
});
