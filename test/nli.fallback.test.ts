/**
 * The reading model in the CLI, from the built bundle: a second run scores
 * nothing again (its answers are kept beside the persisted index), a damaged
 * cache file is a message and is written anew, and a model that cannot be
 * used (missing, truncated, not the file nli.json names, no runtime binary
 * for the platform) is one line on stderr naming the file and the problem,
 * and verdicts byte for byte those of `--no-model`: never a crash, never a
 * silent change. Each case runs a copy of the package (its `dist/` and
 * `models/nli/`) in a temporary folder: the model is found beside the
 * bundle, never in the working directory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CheckSession } from "../server/src/engine";
import { CACHE_FILE } from "../server/src/node/nli/cache";
import { loadReading, saveReading } from "../server/src/node/nli/reading";
import { memoryCorpus } from "./helpers/memoryCorpus";
import { packageCopy as copyIn, requireModel } from "./helpers/nliModel";

const root = mkdtempSync(join(tmpdir(), "grounded-nli-"));
test.after(() => rmSync(root, { recursive: true, force: true }));
const packageCopy = (name: string, model: Parameters<typeof copyIn>[2], runtime?: Parameters<typeof copyIn>[3]) => copyIn(root, name, model, runtime);

const draft = join(root, "draft.md");
writeFileSync(draft, "# Notes\n\nThe CSTO operates a 5,000-soldier force.\n\nKazakhstan hosted the summit in Astana in 2022.\n\nChina announced a new investment fund for Central Asia.\n");

function check(pkg: string, cacheDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(pkg, "dist/cli.js"), "check", "--corpus", "corpus", "--no-exit", "--cache-dir", cacheDir, ...args, draft], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** What the CLI says with `--no-model`, in JSON and text: the lexical verdicts. */
let lexical: { json: string; text: string } | undefined;
function lexicalOutput() {
  if (!lexical) {
    const pkg = resolve(".");
    const cache = join(root, "cache-lexical");
    lexical = { json: check(pkg, cache, "--no-model", "--format", "json").stdout, text: check(pkg, cache, "--no-model").stdout };
  }
  return lexical;
}

for (const [model, runtime, problem] of [
  ["missing", "linked", /models\/nli\/model\.int8\.onnx: missing; verdicts are the lexical checks' alone$/],
  ["truncated", "linked", /models\/nli\/model\.int8\.onnx: damaged or truncated \(\d+ bytes; its SHA-256 [0-9a-f]{12}… is not [0-9a-f]{12}…, the one nli\.json names\); verdicts are the lexical checks' alone$/],
  ["altered", "linked", /models\/nli\/model\.int8\.onnx: damaged or truncated \(\d+ bytes; its SHA-256 [0-9a-f]{12}… is not [0-9a-f]{12}…/],
  ["whole", "no binary", new RegExp(`onnxruntime-node cannot be loaded for ${process.platform}-${process.arch}: .*; verdicts are the lexical checks' alone$`)],
] as const) {
  test(`a model ${model === "whole" ? "whose runtime has no binary for this platform" : `file ${model}`}: one line on stderr, and verdicts byte for byte --no-model's`, async () => {
    await requireModel();
    const pkg = packageCopy(`${model}-${runtime.replace(" ", "-")}`, model, runtime);
    const cache = join(root, `cache-${model}-${runtime.replace(" ", "-")}`);
    const json = check(pkg, cache, "--format", "json");
    const lines = json.stderr.split("\n").filter(Boolean);
    assert.equal(lines.length, 1, json.stderr);
    assert.match(lines[0], /^grounded: /);
    assert.match(lines[0], problem);
    if (model !== "whole") assert.ok(lines[0].includes(join(pkg, "models/nli/model.int8.onnx")), "the message names the file");
    assert.equal(json.stdout, lexicalOutput().json);
    assert.equal(JSON.parse(json.stdout).verifier, "lexical");
    const text = check(pkg, cache);
    assert.equal(text.stdout, lexicalOutput().text);
    assert.match(text.stdout, /^verdicts: lexical \(the reading model was not used\)$/m);
  });
}

test("with the model, the CLI names it in the JSON and the text, decides the same claims with the reading decision, and a second run scores nothing again", async () => {
  const model = await requireModel();
  const pkg = packageCopy("whole", "whole");
  const cache = join(root, "cache-whole");
  const first = check(pkg, cache, "--format", "json");
  assert.equal(first.stderr, "");
  const report = JSON.parse(first.stdout);
  assert.equal(report.verifier, model.name);
  // The same claims as the lexical checks take, each decided by the reading decision: some score moves.
  const lexical = JSON.parse(lexicalOutput().json);
  const claims = (r: typeof report) => (r.files as Array<{ claims: Array<{ text: string; range: unknown; score: number; verdict: string }> }>).flatMap((f) => f.claims);
  assert.deepEqual(claims(report).map((f) => [f.text, f.range]), claims(lexical).map((f) => [f.text, f.range]));
  assert.ok(claims(report).some((f, i) => f.score !== claims(lexical)[i].score), "the model's readings moved no score");
  // Each claim the model read carries its reading (the most entailing window's answer); one it did not read is unsupported whatever a reading says (readingCanChange); the lexical report has none.
  const all = claims(report) as Array<{ text: string; verdict: string; reading?: { entail: number; contradict: number; neither: number; cut: boolean } }>;
  for (const c of all) {
    if (!c.reading) assert.equal(c.verdict, "unsupported", `${c.text}: not read, yet ${c.verdict}`);
    else assert.ok(Math.abs(c.reading.entail + c.reading.contradict + c.reading.neither - 1) <= 0.02 && typeof c.reading.cut === "boolean", c.text);
  }
  assert.ok(all.filter((c) => c.reading).length >= all.length / 2, `the model read ${all.filter((c) => c.reading).length} of ${all.length} claims`);
  assert.ok(all.some((c) => !c.reading), "every claim was read, though some have a figure or name no source gives");
  assert.ok((claims(lexical) as Array<{ reading?: unknown }>).every((c) => c.reading === undefined));
  const file = join(cache, CACHE_FILE);
  const kept = readFileSync(file);
  const written = statSync(file).mtimeMs;
  // The cache is written only when the model answered something new: the same bytes, not written again.
  const second = check(pkg, cache, "--format", "json");
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(readFileSync(file), kept);
  assert.equal(statSync(file).mtimeMs, written, "the second run scored nothing, so wrote nothing");
  assert.match(check(pkg, cache).stdout, new RegExp(`^verdicts: the reading model ${model.name} with the lexical checks$`, "m"));
});

test("a truncated or corrupt cache file is one message, the same verdicts, and is written anew", async () => {
  await requireModel();
  const pkg = packageCopy("whole-cache", "whole");
  const cache = join(root, "cache-corrupt");
  const first = check(pkg, cache, "--format", "json").stdout;
  const file = join(cache, CACHE_FILE);
  const whole = readFileSync(file);
  for (const [what, bytes, message] of [
    ["truncated", whole.subarray(0, whole.length - 20), /truncated/],
    ["corrupt", Buffer.concat([whole.subarray(0, whole.length - 8), Buffer.from("garbage!")]), /checksum does not match/],
    ["not a cache", Buffer.from("hello"), /not a cache of the model's answers/],
  ] as const) {
    writeFileSync(file, bytes);
    const r = check(pkg, cache, "--format", "json");
    assert.equal(r.stdout, first, what);
    const lines = r.stderr.split("\n").filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith(`grounded: ${file}: `), lines[0]);
    assert.match(lines[0], message);
    assert.deepEqual(readFileSync(file), whole, `${what}: written anew, the same answers`);
  }
});

test("the model's answers are kept by content: a second session over the saved cache runs the model not once (counted)", async () => {
  await requireModel();
  const cacheDir = join(root, "cache-count");
  const corpus = memoryCorpus(["harbour.txt", "The Valmora harbour authority bought eleven cranes in 1997, its director said on Monday.\n\nThe cranes cost 4.2 million euros.\n"]);
  const text = { path: "d.md", text: "The Valmora harbour authority bought twelve cranes in 1997.\n\nThe cranes cost 4.2 million euros.\n" };
  const first = await loadReading({ wanted: true, cacheDir });
  const a = await new CheckSession(corpus, { verifier: first.verifier }).check(text, { checkHeadings: false });
  assert.ok(first.model!.runs > 0);
  saveReading(first, cacheDir);
  await first.model!.release();
  const second = await loadReading({ wanted: true, cacheDir });
  const b = await new CheckSession(corpus, { verifier: second.verifier }).check(text, { checkHeadings: false });
  assert.equal(second.model!.runs, 0, "every pair answered from the file");
  assert.deepEqual(b!.findings, a!.findings);
  await second.model!.release();
  // Not wanted: the lexical verifier, no model loaded, no message.
  const off = await loadReading({ wanted: false, cacheDir });
  assert.equal(off.verifier.name, "lexical");
  assert.equal(off.problem, undefined);
});
