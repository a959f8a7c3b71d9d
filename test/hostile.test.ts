/**
 * Hostile and broken input at the engine and loader level (issue #7): the
 * Markdown parser stays linear on drafts full of lists and quotes, and corpus
 * folders of every shape load with one named problem per bad file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { buildCorpus, checkDocument, type Corpus, type Finding } from "../server/src/engine";
import { checkSentence } from "../server/src/engine/check";
import { analyzeDraft } from "../server/src/engine/markdown/draft";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { bigArticle } from "./helpers/bigInputs";
import { EditMap } from "micromark-util-edit-map";
import { linearEditMapAvailable, micromarkConsume } from "../server/src/engine/markdown/editMap";
import { parseMarkdown } from "../server/src/engine/markdown/parse";
import { safeCuts } from "../server/src/engine/markdown/chunks";

test("micromark's edit map is linear while Grounded parses, and only then; the linear one gives the same trees", () => {
  assert.ok(linearEditMapAvailable(), "micromark-util-edit-map changed shape: the linear consume is not used");
  parseMarkdown("- a\n> b\nlazy\n");
  assert.equal((EditMap.prototype as unknown as { consume: unknown }).consume, micromarkConsume, "the patch does not outlive the parse");
  // Lists and quotes closed after lazy lines are what the edit map rearranges.
  const piece = fc.constantFrom(
    "- item", "  - nested", "> quote", "> > deeper", "lazy line", "1. first", "   continued", "", "```", "~~~", "| a | b |", "|---|---|",
    "[^1]: note", "Text with *emphasis* and [link](http://x).", "<!-- c -->", "    indented", "* star", "+ plus", "# Heading", "---",
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
      const text = lines.join(eol);
      const patched = JSON.stringify(parseMarkdown(text));
      const original = JSON.stringify(parseMarkdown(text, undefined, false));
      assert.equal(patched, original);
    }),
    { numRuns: 300, seed: 7 },
  );
});

// ---------------------------------------------------------------------------
// Corpus folders of every shape

const ARTICLE = (n: number) => `Harbour Bulletin ${n}\n\nThe harbour of Port ${n} handled ${n + 100} ships in 2020, officials said on Monday.\n`;

/** A script and everything it imports as one file in a temporary folder that any user can read. */
function bundleForAnotherUser(entry: string): string {
  const dir = tempDir("grounded-bundle-");
  const outfile = join(dir, "script.cjs");
  buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", target: "node20", outfile, logLevel: "error", mainFields: ["module", "main"] });
  chmodSync(outfile, 0o644);
  return outfile;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

test("10,000 tiny files load and index, every one of them", async () => {
  const dir = tempDir("grounded-tiny-");
  try {
    for (let i = 0; i < 10_000; i++) {
      const sub = join(dir, `d${Math.floor(i / 1000)}`);
      if (i % 1000 === 0) mkdirSync(sub);
      writeFileSync(join(sub, `a${i}.txt`), ARTICLE(i));
    }
    const started = performance.now();
    const { articles, problems } = await loadCorpus([dir]);
    const corpus = buildCorpus(articles);
    const seconds = (performance.now() - started) / 1000;
    console.log(`# 10,000 files: loaded and indexed in ${seconds.toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    assert.deepEqual(problems, []);
    assert.equal(corpus.articles.length, 10_000);
    assert.ok(corpus.index.search(["port", "4321", "ships"], 3).some((h) => corpus.articles[h.article].id.endsWith("/a4321.txt")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a symbolic link loop, a broken link, spaces and non-Latin names: each file once, one named warning per bad entry", async () => {
  const dir = tempDir("grounded-links-");
  try {
    const nested = join(dir, "Quellen für Ärzte", "новости");
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, "記事 one.txt"), ARTICLE(1));
    writeFileSync(join(dir, "top level.md"), ARTICLE(2));
    symlinkSync(dir, join(nested, "loop"));
    symlinkSync(join(dir, "nowhere"), join(dir, "broken.txt"));
    symlinkSync(join(dir, "self.txt"), join(dir, "self.txt"));
    const { articles, problems } = await loadCorpus([dir]);
    assert.deepEqual(articles.map((a) => a.id.slice(dir.length)).sort(), ["/Quellen für Ärzte/новости/記事 one.txt", "/top level.md"]);
    const about = (name: string) => problems.filter((p) => p.file.endsWith(name));
    assert.equal(about("/loop").length, 1, JSON.stringify(problems));
    assert.match(about("/loop")[0].message, /symbolic link loop/);
    assert.equal(about("broken.txt").length, 1);
    assert.equal(about("self.txt").length, 1);
    assert.equal(problems.length, 3, JSON.stringify(problems));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unreadable file is skipped with one warning naming it; the rest loads", () => {
  const dir = tempDir("grounded-unreadable-");
  try {
    writeFileSync(join(dir, "ok.txt"), ARTICLE(1));
    writeFileSync(join(dir, "secret.txt"), ARTICLE(2));
    chmodSync(join(dir, "secret.txt"), 0o000);
    // As root every file is readable: run the loader as `nobody` then. `nobody` may not be able to read the
    // checkout (a clone in a folder only its owner can read), so the loader runs as one bundle from a temporary folder.
    const asRoot = process.getuid?.() === 0;
    const out = execFileSync(process.execPath, [bundleForAnotherUser("test/helpers/loadCorpusJson.ts"), dir], {
      encoding: "utf8", cwd: tmpdir(), ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const { articles, problems } = JSON.parse(out) as { articles: string[]; problems: Array<{ file: string; message: string }> };
    assert.deepEqual(articles, [join(dir, "ok.txt")]);
    assert.equal(problems.length, 1);
    assert.ok(problems[0].file.endsWith("secret.txt"));
    assert.match(problems[0].message, /permission denied/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("files deleted and rewritten while the folder is indexed: no throw, one problem or one article each, the untouched all load", async () => {
  const dir = tempDir("grounded-racing-");
  try {
    const files = Array.from({ length: 800 }, (_, i) => join(dir, `f${i}.txt`));
    files.forEach((f, i) => writeFileSync(f, ARTICLE(i)));
    const loading = loadCorpus([dir]);
    // While the loader reads: delete a quarter of the files, rewrite a quarter as binary, a quarter as another article; leave a quarter alone.
    const mutating = Promise.all(files.map((f, i) =>
      i % 4 === 0 ? unlink(f) : i % 4 === 1 ? writeFile(f, Uint8Array.from([0, 1, 2, 0, 255])) : i % 4 === 2 ? writeFile(f, ARTICLE(i + 10_000)) : undefined,
    ));
    const [{ articles, problems }] = await Promise.all([loading, mutating]);
    const loaded = new Set(articles.map((a) => a.id));
    for (const [i, f] of files.entries()) {
      const named = problems.filter((p) => p.file === f);
      assert.ok(named.length <= 1, `${f}: ${JSON.stringify(named)}`);
      // A file deleted before the folder was listed is simply not there; any other is loaded or reported, not both.
      if (i % 4 === 0) assert.ok(!(loaded.has(f) && named.length), `${f} is both loaded and reported`);
      else if (i % 4 === 3) assert.ok(loaded.has(f) && !named.length, `${f} was not touched, and must load`);
      else assert.ok(loaded.has(f) !== (named.length === 1), `${f} is neither loaded nor reported exactly once`);
    }
    for (const a of articles) assert.ok(a.passages.every((p) => p.span.end <= a.text.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a 5 MB article loads and indexes (50 MB under npm run stress)", async () => {
  const dir = tempDir("grounded-big-");
  try {
    writeFileSync(join(dir, "big.txt"), bigArticle(5));
    const started = performance.now();
    const { articles, problems } = await loadCorpus([dir]);
    const corpus = buildCorpus(articles);
    console.log(`# 5 MB article: loaded and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    assert.deepEqual(problems, []);
    assert.ok(corpus.index.size > 10_000);
    const over = await loadCorpus([dir], { maxFileBytes: 1024 * 1024 });
    assert.deepEqual(over.articles, []);
    assert.match(over.problems[0].message, /larger than 1 MB, skipped/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a claim that recurs is verified once, and each occurrence keeps its own spans and correction", async () => {
  const { articles } = await loadCorpus(["corpus"]);
  const corpus = buildCorpus(articles);
  const claim = "The CSTO operates a 5,000-soldier force.";
  const text = `${claim}\n\n\u{1F389}\n\n- ${claim}\n\r\n> ${claim}\n`;
  const { findings } = checkDocument({ path: "draft.md", text }, corpus);
  assert.equal(findings.length, 3);
  for (const f of findings) {
    assert.equal(text.slice(f.span.start, f.span.end), claim);
    assert.equal(f.code, "number-mismatch");
    assert.equal(text.slice(f.correction!.span.start, f.correction!.span.end), "5,000", "the correction points into its own sentence");
    assert.deepEqual({ ...f, span: undefined, correction: undefined }, { ...checkSentenceAt(text, f.span.start, corpus), span: undefined, correction: undefined });
  }
});

/** The finding of the one sentence that starts at `start`, checked on its own. */
function checkSentenceAt(text: string, start: number, corpus: Corpus): Finding {
  const sentence = analyzeDraft(text, { checkHeadings: false }).sentences.find((s) => s.span.start === start)!;
  return checkSentence(sentence, corpus);
}

test("a byte order mark at the start of a draft shifts no span (found by the fuzz test)", () => {
  const text = "\ufeffThe port reopened. It grew \u{10000}.\n";
  const spans = analyzeDraft(text, { checkHeadings: false }).sentences.map((s) => text.slice(s.span.start, s.span.end));
  assert.deepEqual(spans, ["The port reopened.", "It grew \u{10000}."]);
  assert.deepEqual(analyzeDraft("\ufeff\u{10000}", { checkHeadings: false }).sentences.map((s) => s.span), [{ start: 1, end: 3 }]);
});

test("a long draft parsed in pieces gives the same blocks, text and references as parsed whole", () => {
  const line = fc.constantFrom(
    "", "", "", "The port reopened in May.", "Prices rose 5% in 2020[^1].", "See [the report][r] and [x].", "[r]: https://example.org/r", "[x]: <https://x.y>",
    "[^1]: A note with *emphasis*.", "- An item.", "  continued item.", "1. First.", "2. Second.", "> A quote.", "> > Nested.", "lazy continuation.",
    "```", "  ```", "~~~~", "code [r] line", "<!-- a comment", "still comment -->", "<!-- grounded-ignore-next-line -->", "<pre>", "</pre>", "| a | b |", "|---|---|",
    "# Heading", "Setext", "===", "    indented code", "\u{1F389} Party.", "\u05E9\u05DC\u05D5\u05DD.", "---",
  );
  /** What the Markdown layer reads of a tree: every node but the list containers (a cut may split one list in two). */
  const project = (root: ReturnType<typeof parseMarkdown>) => {
    const out: string[] = [];
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type !== "list" && n.type !== "root") out.push(`${n.type} ${n.position?.start.offset}-${n.position?.end.offset} ${n.value ?? ""} ${n.identifier ?? ""}`);
      for (const c of n.children ?? []) stack.push(c);
    }
    return out.sort();
  };
  let chunked = 0;
  fc.assert(
    fc.property(fc.boolean(), fc.array(line, { minLength: 20, maxLength: 120 }), fc.constantFrom("\n", "\r\n"), (frontMatter, lines, eol) => {
      const text = (frontMatter ? `---${eol}title: x${eol}---${eol}` : "") + lines.join(eol) + eol;
      if (safeCuts(text, 40).length) chunked++;
      assert.deepEqual(project(parseMarkdown(text, 40)), project(parseMarkdown(text, Infinity)));
    }),
    { numRuns: 400, seed: 11, includeErrorInReport: true },
  );
  assert.ok(chunked > 50, `only ${chunked} drafts were cut`);
});
