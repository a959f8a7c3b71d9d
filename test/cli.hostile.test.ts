/**
 * The CLI with hostile sources and drafts (issue #7): nothing from a source
 * reaches the terminal as a control sequence, every bad file is one named
 * warning on stderr, and awkward drafts are checked with exit status 0 or 1.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function cli(...args: string[]) {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "grounded-cli-hostile-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("escape sequences in a source's title and a file's name never reach the terminal", () => {
  const corpus = join(dir, "sources");
  mkdirSync(corpus);
  // A title that would hyperlink and recolour the terminal, and a body that says the claim.
  writeFileSync(join(corpus, "evil.txt"), "\x1b]8;;https://evil.example\x07Harbour\x1b[31m News\x1b]8;;\x07\n\nThe harbour of Zorland handled 900 ships in 2020, officials said.\n");
  writeFileSync(join(corpus, "name\x1b[2J\nforged line.txt"), Uint8Array.from([0, 1, 2, 3]));
  const draft = join(dir, "draft.md");
  writeFileSync(draft, "The harbour of Zorland handled 700 ships in 2020.\n");
  const r = cli("check", "--no-cache", "--corpus", corpus, draft);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /contradicted/);
  assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, "a control character reached the terminal");
  const warnings = r.stderr.trim().split("\n");
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /name\\x1b\[2J\\x0aforged line\.txt: .*binary/);
});

test("awkward drafts through the CLI: empty, BOM, CRLF and lone CR, astral and RTL text, an unterminated fence", () => {
  const corpus = join(dir, "corpus");
  cpSync("corpus", corpus, { recursive: true });
  const drafts: Record<string, string> = {
    "empty.md": "",
    "bom.md": "\ufeffThe CSTO operates a 5,000-soldier force.\n",
    "endings.md": "The CSTO operates a 5,000-soldier force.\r\n\r\nIt grew.\rThe Collective Security Treaty Organization operates a 3,500-soldier force.\n",
    "astral.md": "\u{1F389}\u{1F389} \u05D4\u05E0\u05DE\u05DC \u05E0\u05E4\u05EA\u05D7.\n\nThe CSTO operates a 5,000-soldier force.\n",
    "fence.md": "The CSTO operates a 5,000-soldier force.\n\n```\nThe CSTO operates a 9,000-soldier force.\n",
  };
  for (const [name, text] of Object.entries(drafts)) writeFileSync(join(dir, name), text);
  const r = cli("check", "--no-cache", "--corpus", corpus, "--format", "json", ...Object.keys(drafts).map((n) => join(dir, n)));
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: Array<{ path: string; claims: Array<{ text: string; verdict: string; range: { start: { line: number; character: number } } }> }> };
  const claims = (name: string) => report.files.find((f) => f.path.endsWith(name))!.claims;
  assert.deepEqual(claims("empty.md"), []);
  assert.deepEqual(claims("bom.md").map((c) => [c.verdict, c.range.start]), [["contradicted", { line: 0, character: 0 }]], "columns count after the byte order mark, as editors show them");
  assert.deepEqual(claims("endings.md").map((c) => c.range.start.line), [0, 2, 3], "a lone CR ends a line");
  assert.deepEqual(claims("astral.md").filter((c) => c.verdict === "contradicted").map((c) => c.range.start), [{ line: 2, character: 0 }]);
  assert.deepEqual(claims("fence.md").map((c) => c.text), ["The CSTO operates a 5,000-soldier force."], "code is never checked");
});

test("the text report of a draft with 300,000 claims is written (no spread of every line onto the stack)", async () => {
  const { formatText } = await import("../server/src/report/text");
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  const finding = { span: { start: 0, end: 5 }, text: "Claim \x1b[31mred.", verdict: "unsupported" as const, score: 0, reason: "no source \x07says it", code: "unsupported", evidence: [], citations: [] };
  const claims = Array.from({ length: 300_000 }, () => ({ finding, range, evidence: [], fingerprint: "f", severity: "information" as const, checkOff: false }));
  const text = formatText({ corpus: { documents: 1, passages: 1 }, files: [{ path: "draft\n.md", projectPath: "draft.md", claims, citations: [] }] }, { color: false, quiet: false });
  assert.equal(text.split("\n").length, 600_000 + 3);
  assert.doesNotMatch(text.slice(0, 1000), /[\x07\x1b]|draft\n\.md/, "control characters from the draft and sources are made visible");
});
