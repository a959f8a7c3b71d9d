/**
 * The persisted index: reused when nothing changed, updated per file, never
 * trusted when corrupt, and giving the same verdicts as a corpus indexed anew.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { checkDocument } from "../server/src/engine";
import { buildCorpus } from "../server/src/engine/corpus/corpus";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { CACHE_FORMAT, loadIndexedCorpus } from "../server/src/node/corpusCache";
import { forwardEntries, type InvertedIndex, type InvertedIndexData } from "../server/src/engine/retrieval/invertedIndex";
import { passageGroups } from "../server/src/engine/retrieval/passageGroups";
import type { Problem } from "../server/src/engine/types";

const draft = readFileSync("examples/draft.md", "utf8");

/** A fresh copy of the bundled corpus and an empty cache folder. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), "grounded-cache-"));
  const corpus = join(root, "corpus");
  cpSync("corpus", corpus, { recursive: true });
  return { corpus, cache: join(root, "cache"), files: readdirSync(corpus).sort().map((f) => join(corpus, f)) };
}

function verdicts(corpus: Parameters<typeof checkDocument>[1]) {
  return checkDocument({ path: "draft.md", text: draft }, corpus).findings.map((f) => `${f.verdict}:${f.code}:${f.evidence[0]?.articleId ?? "-"}:${f.text}`);
}

test("the second load reads the cache, and its verdicts equal a corpus indexed anew", async () => {
  const { corpus, cache } = fixture();
  const first = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([first.stats.reindexed, first.stats.reused, first.stats.files], [5, 0, 5]);
  const second = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([second.stats.reindexed, second.stats.reused], [0, 5]);
  assert.equal(second.stats.cacheProblem, undefined);
  const fresh = buildCorpus((await loadCorpus([corpus])).articles);
  assert.deepEqual(verdicts(second.corpus), verdicts(fresh));
  assert.deepEqual(second.corpus.articles.map((a) => [a.id, a.title, a.outlet, a.date, a.url, a.passages.length]), fresh.articles.map((a) => [a.id, a.title, a.outlet, a.date, a.url, a.passages.length]));
  assert.deepEqual(second.corpus.aliasData, fresh.aliasData);
  // The postings are read back as they were built, and nothing else is (index.bin holds them and the groups alone).
  const read = (second.corpus.index as InvertedIndex).data;
  assert.deepEqual(read, (fresh.index as InvertedIndex).data);
  assert.deepEqual(Object.keys(read).sort(), ["groupOf", "lengths", "postingDocs", "postingFreqs", "postingStart", "refArticle", "refPassage", "terms"] satisfies Array<keyof InvertedIndexData>);
  // The passages' groups come from the cache, equal to those worked out from the postings.
  assert.ok(read.groupOf, "the passages' groups come from the cache");
  assert.deepEqual(read.groupOf, passageGroups(forwardEntries(read)));
});

test("a changed file is read again, and only it; a touched file with the same bytes is not", async () => {
  const { corpus, cache, files } = fixture();
  await loadIndexedCorpus([corpus], { cacheDir: cache });
  appendFileSync(files[1], "\n\nThe Valmora harbour authority bought eleven cranes in 1997.\n");
  const later = new Date(Date.now() + 5000);
  utimesSync(files[2], later, later);
  const next = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([next.stats.reindexed, next.stats.reused], [1, 4]);
  const found = checkDocument({ path: "d.md", text: "The Valmora harbour authority bought eleven cranes in 1997.\n" }, next.corpus).findings;
  assert.equal(found[0]?.verdict, "supported", "the new sentence is in the index");
  // And the cache now holds the change: a third load reads nothing anew.
  const third = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([third.stats.reindexed, third.stats.reused], [0, 5]);
  assert.deepEqual(verdicts(third.corpus), verdicts(next.corpus));
  // Written again with the change: the groups are those of the updated postings.
  const updated = (third.corpus.index as InvertedIndex).data;
  assert.deepEqual(updated.groupOf, passageGroups(forwardEntries(updated)));
});

test("a removed file leaves the corpus, and an added one joins it", async () => {
  const { corpus, cache, files } = fixture();
  await loadIndexedCorpus([corpus], { cacheDir: cache });
  rmSync(files[0]);
  writeFileSync(join(corpus, "zz-new.txt"), "Harbour news\n\nMarch 3, 2020\n\nThe Valmora harbour authority hired 40 pilots for the new terminal.\n");
  const next = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([next.stats.files, next.stats.reindexed, next.stats.reused], [5, 1, 4]);
  assert.equal(next.corpus.article(files[0]), undefined);
  assert.ok(next.corpus.article(join(corpus, "zz-new.txt")));
});

for (const [what, damage, message = /rebuilt|JSON/] of [
  ["a corrupt postings file", (dir: string) => writeFileSync(join(dir, "index.bin"), Buffer.from("not an index"))],
  ["a truncated manifest", (dir: string) => writeFileSync(join(dir, "manifest.json"), '{"format":')],
  ["a manifest of another format", (dir: string) => {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...m, format: -1 }));
  }],
  // Format 9's index.bin also held article-level postings: read as today's layout, its arrays would be misread.
  ["a cache of the format before", (dir: string) => {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...m, format: CACHE_FORMAT - 1 }));
  }, new RegExp(`of format ${CACHE_FORMAT - 1}, expected ${CACHE_FORMAT}: rebuilt`)],
  ["an index.bin with more arrays than the format has (format 9's layout under today's number)", (dir: string) => {
    const bin = readFileSync(join(dir, "index.bin"));
    const size = bin.readUInt32LE(0);
    const header = JSON.parse(bin.subarray(4, 4 + size).toString("utf8"));
    const longer = Buffer.from(JSON.stringify({ ...header, lengths: [...header.lengths, 0, 0, 0, 0] }));
    const head = Buffer.alloc(4);
    head.writeUInt32LE(longer.length);
    const changed = Buffer.concat([head, longer, bin.subarray(4 + size)]);
    writeFileSync(join(dir, "index.bin"), changed);
    // Its checksum made to match, so that the layout is what rejects it.
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...m, checksums: { ...m.checksums, "index.bin": crc32(changed).toString(16) } }));
  }, /index\.bin is corrupt: rebuilt/],
  ["text that does not match its checksum", (dir: string) => appendFileSync(join(dir, "text.bin"), "x")],
] satisfies Array<[string, (dir: string) => void, RegExp?]>) {
  test(`${what} is never trusted: the corpus is indexed anew, with a message`, async () => {
    const { corpus, cache } = fixture();
    const first = await loadIndexedCorpus([corpus], { cacheDir: cache });
    damage(first.stats.cacheFile!);
    const next = await loadIndexedCorpus([corpus], { cacheDir: cache });
    assert.match(next.stats.cacheProblem ?? "", message);
    assert.deepEqual([next.stats.reindexed, next.stats.reused], [5, 0]);
    assert.deepEqual(verdicts(next.corpus), verdicts(first.corpus));
    // The rebuilt cache is good again.
    const again = await loadIndexedCorpus([corpus], { cacheDir: cache });
    assert.equal(again.stats.cacheProblem, undefined);
    assert.equal(again.stats.reused, 5);
  });
}

test("a cache folder that cannot be written is a warning; the corpus still loads", async () => {
  const { corpus } = fixture();
  const blocked = join(mkdtempSync(join(tmpdir(), "grounded-cache-")), "file");
  writeFileSync(blocked, "a file where the cache folder should be");
  const problems: Problem[] = [];
  const r = await loadIndexedCorpus([corpus], { cacheDir: blocked, onProblem: (p) => problems.push(p) });
  assert.equal(r.corpus.articles.length, 5);
  assert.ok(problems.some((p) => /cannot write the index cache/.test(p.message)), JSON.stringify(problems));
});

test("corrupt alias statistics, needed once a file changes, mean a full re-index, not a crash", async () => {
  const { corpus, cache, files } = fixture();
  const first = await loadIndexedCorpus([corpus], { cacheDir: cache });
  writeFileSync(join(first.stats.cacheFile!, "stats.json"), "[]");
  appendFileSync(files[3], "\n\nThe Valmora harbour authority bought eleven cranes in 1997.\n");
  const next = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.match(next.stats.cacheProblem ?? "", /stats\.json is corrupt/);
  assert.deepEqual([next.stats.reindexed, next.stats.reused], [5, 0]);
  const again = await loadIndexedCorpus([corpus], { cacheDir: cache });
  assert.deepEqual([again.stats.reindexed, again.stats.reused, again.stats.cacheProblem], [0, 5, undefined]);
  assert.deepEqual(verdicts(again.corpus), verdicts(buildCorpus((await loadCorpus([corpus])).articles)));
});

test("a cold build in worker threads (the built CLI, 80 files) gives the same findings as one on this thread", async () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-workers-"));
  const corpus = join(root, "corpus");
  const sources = readdirSync("corpus").sort();
  // Enough files for the CLI to ingest them in workers: the sample articles, each under 16 names.
  for (let copy = 0; copy < 16; copy++) {
    cpSync("corpus", join(corpus, `desk${copy}`), { recursive: true });
  }
  assert.equal(sources.length * 16, 80);
  const draftFile = join(root, "draft.md");
  writeFileSync(draftFile, draft);
  // Lexical verdicts on both sides (this test is about ingestion in workers; the reading model has tests of its own).
  const r = spawnSync(process.execPath, ["dist/cli.js", "check", "--corpus", corpus, "--no-cache", "--no-model", "--no-exit", "--format", "json", draftFile], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.corpus.documents, 80);
  const here = await loadIndexedCorpus([corpus], { cacheDir: null });
  const mine = checkDocument({ path: draftFile, text: draft }, here.corpus).findings;
  assert.deepEqual(
    report.files[0].claims.map((c: { verdict: string; text: string; evidence: Array<{ source: string }> }) => `${c.verdict}:${c.evidence[0]?.source ?? "-"}:${c.text}`),
    mine.map((f) => `${f.verdict}:${f.evidence[0]?.articleId ?? "-"}:${f.text}`),
  );
});
