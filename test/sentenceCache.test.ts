/**
 * The sentences a check analysed are kept beside the persisted index
 * (`server/src/node/sentenceCache.ts`): written by a run that analysed some
 * anew, read by the next (which then analyses none and writes nothing), and
 * a damaged, tampered or foreign file is ignored and replaced. The report is
 * the same every time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { analyze, lexicalEntries, type Token } from "../server/src/engine/nlp/analyze";
import type { DateMention } from "../server/src/engine/nlp/dates";

const root = mkdtempSync(join(tmpdir(), "grounded-sentences-"));
const draft = join(root, "draft.md");
writeFileSync(draft, "The CSTO operates a 5,000-soldier force.\n\nChina announced a new investment fund for Central Asia on 3 May 2021.\n");
const cache = join(root, "cache");
const args = ["check", "--corpus", "corpus", "--cache-dir", cache, "--format", "json", "--no-exit", draft];

function cli(): string {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  return r.stdout;
}

function sentencesFile(): string {
  const folder = readdirSync(cache).find((f) => f.startsWith("corpus-"));
  assert.ok(folder, "the persisted index is written");
  return join(cache, folder, "sentences.bin");
}

/** The file with its JSON changed by `edit`, its checksum made right again. */
function rewrite(file: string, edit: (kept: { code: string; entries: unknown[][] }) => void): void {
  const kept = JSON.parse(readFileSync(file).toString("utf8", 4));
  edit(kept);
  const data = Buffer.from(JSON.stringify(kept));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(crc32(data));
  writeFileSync(file, Buffer.concat([head, data]));
}

test("a check keeps the sentences it analysed; the next reads them, analyses none anew and gives the same report", () => {
  const first = cli();
  const file = sentencesFile();
  const written = readFileSync(file);
  const kept = JSON.parse(written.toString("utf8", 4));
  assert.ok(kept.entries.length > 2, "the claims and the source sentences they were judged against");
  // The same entries in another order: a run that reads them analyses nothing anew and leaves the file as it is.
  rewrite(file, (k) => k.entries.reverse());
  const reordered = readFileSync(file);
  assert.notDeepEqual(reordered, written);
  assert.equal(cli(), first);
  assert.deepEqual(readFileSync(file), reordered, "the kept sentences were read, none analysed anew, nothing written");

  // A flipped byte fails the checksum: ignored, and written anew.
  const damaged = Buffer.from(written);
  damaged[damaged.length >> 1] ^= 0xff;
  writeFileSync(file, damaged);
  assert.equal(cli(), first);
  assert.deepEqual(readFileSync(file), written);

  // A token's offsets outside its sentence, with a right checksum: the file is not trusted.
  rewrite(file, (k) => ((k.entries[0][1] as unknown[][])[0][2] = 1e9));
  assert.equal(cli(), first);
  assert.deepEqual(readFileSync(file), written);

  // Entries another build wrote (another bundle or Node) are not read, even whole.
  rewrite(file, (k) => (k.code = `other-${k.code}`));
  assert.equal(cli(), first);
  assert.deepEqual(readFileSync(file), written);
});

/** A kept token as `sentenceCache.ts` writes it: text, start, end, lower case (0: the text's), lemma (0: the lower case), part of speech, flags. */
function tokenOf([text, start, end, lower, lemma, pos, flags]: [string, number, number, string | 0, string | 0, string, number]): Token {
  const low = lower === 0 ? text.toLowerCase() : lower;
  return { text, start, end, lower: low, lemma: lemma === 0 ? low : lemma, pos, isWord: (flags & 1) !== 0, isCapitalized: (flags & 2) !== 0 };
}

test("the kept sentences are what a fresh analysis of each gives, in whatever order the sentences are analysed", () => {
  // Sentences of FRANK's articles where wink-nlp's tokens depended on what the process had read before ("Lord's"),
  // and every name of Object.prototype as a word, checked against those articles.
  const frank = "test/fixtures/frank/corpus";
  const prose = ["f0124.txt", "f0206.txt", "f0212.txt"].map((f) => readFileSync(join(frank, f), "utf8").replace(/\n+/g, " "));
  const names = Object.getOwnPropertyNames(Object.prototype).map((name) => `The ${name} of Lord's ${name}'s was ${name}.`);
  const own = mkdtempSync(join(tmpdir(), "grounded-sentences-fresh-"));
  writeFileSync(join(own, "draft.md"), [...prose, names.join(" ")].join("\n\n") + "\n");
  const r = spawnSync(process.execPath, ["dist/cli.js", "check", "--no-model", "--corpus", frank, "--cache-dir", join(own, "cache"), "--format", "json", "--no-exit", join(own, "draft.md")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const folder = readdirSync(join(own, "cache")).find((f) => f.startsWith("corpus-"));
  assert.ok(folder, "the persisted index is written");
  const kept = JSON.parse(readFileSync(join(own, "cache", folder, "sentences.bin")).toString("utf8", 4)) as { entries: Array<[string, Parameters<typeof tokenOf>[0][], DateMention[]]> };
  assert.ok(kept.entries.length > 100, `${kept.entries.length} sentences kept`);
  // Analysed here in the other order from the check's: the same tokens and dates for every one.
  for (const [key] of [...kept.entries].reverse()) {
    const at = key.indexOf("\u0000");
    analyze(key.slice(at + 1), undefined, key.slice(0, at) || null);
  }
  const fresh = new Map(lexicalEntries(Infinity));
  for (const [key, tokens, dates] of kept.entries) {
    const made = fresh.get(key);
    assert.ok(made, `analysed: ${key}`);
    assert.deepEqual({ tokens: tokens.map(tokenOf), dates }, JSON.parse(JSON.stringify(made)), key);
  }
});
