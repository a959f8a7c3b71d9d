/** The CLI as ../shared/docs/cli-contract.md fixes it, run from the built bundle. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function cli(...args: string[]) {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "grounded-cli-"));
const draft = join(dir, "draft.md");
writeFileSync(draft, "# Notes\n\nThe CSTO operates a 5,000-soldier force.\n\nWhy does it matter?\n\nChina announced a new investment fund for Central Asia.\n");
const clean = join(dir, "clean.md");
writeFileSync(clean, "The Collective Security Treaty Organization operates a 3,500-soldier force.\n");

test("--format json prints one document that follows the contract; exit 1 on a contradiction", () => {
  const r = cli("check", "--corpus", "corpus", "--format", "json", draft);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.version, 1);
  assert.deepEqual(Object.keys(report.corpus), ["documents", "passages"]);
  assert.equal(report.corpus.documents, 5);
  assert.equal(report.files[0].path, draft);
  const claims = report.files[0].claims;
  assert.equal(claims.length, 2, "the question is not a claim");
  const [c, u] = claims;
  assert.deepEqual(c.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 40 } });
  assert.equal(c.verdict, "contradicted");
  assert.match(c.reason, /3,500.*5,000/);
  assert.ok(c.score > 0 && c.score <= 1);
  const e = c.evidence[0];
  assert.equal(e.source, "corpus/001_e3fd39bb26fc0bf8.txt");
  assert.equal(e.outlet, "The Moscow Times");
  assert.equal(e.date, "2012-05-15");
  assert.match(e.quote, /3,500-soldier force/);
  assert.deepEqual(Object.keys(e.range), ["start", "end"]);
  assert.equal(u.verdict, "unsupported");
});

test("exit 0 without contradictions, and with --no-exit", () => {
  assert.equal(cli("check", "--corpus", "corpus", clean).code, 0);
  assert.equal(cli("check", "--corpus", "corpus", "--no-exit", draft).code, 0);
});

test("--format text prints path:line:col  severity  message and a summary", () => {
  const r = cli("check", "--corpus", "corpus", "--no-exit", draft);
  assert.match(r.stdout, new RegExp(`^${draft.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3:1  warning  contradicted: `, "m"));
  assert.match(r.stdout, /^2 claims checked in 1 file against 5 sources: 0 supported, 1 contradicted, 1 unsupported$/m);
});

test("usage errors and unreadable inputs exit 2 with a one-line message naming the file", () => {
  const missing = cli("check", "--corpus", "corpus", join(dir, "nope.md"));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.md: no such file/);
  const badCorpus = cli("check", "--corpus", join(dir, "no-corpus"), draft);
  assert.equal(badCorpus.code, 2);
  assert.match(badCorpus.stderr, /no-corpus: corpus folder does not exist/);
  assert.equal(cli("check", "--format", "xml", draft).code, 2);
  assert.equal(cli("frobnicate").code, 2);
  const binary = join(dir, "binary.md");
  writeFileSync(binary, Buffer.from([0x63, 0xe9, 0x00]));
  const b = cli("check", "--corpus", "corpus", binary);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /binary\.md: not valid UTF-8/);
  assert.equal(cli("--help").code, 0);
});

test("a bad corpus file is skipped with a warning on stderr; the rest is checked", () => {
  const r = cli("check", "--corpus", "test/fixtures/corpora/mixed", "--format", "json", clean);
  assert.match(r.stderr, /binary\.txt: binary file/);
  assert.ok(JSON.parse(r.stdout).corpus.documents >= 4);
});

test("existing citations are verified: unknown keys and sources that do not say it", () => {
  const cites = join(dir, "cites.md");
  writeFileSync(cites, [
    "The CSTO was founded in 1992.[^moscowtimes-2012-05-15]",
    "",
    "China announced a new investment fund for Central Asia.[^moscowtimes-2012-05-15]",
    "",
    "The CSTO operates a 3,500-soldier force.[^nosuchkey]",
    "",
  ].join("\n"));
  const r = cli("check", "--corpus", "corpus", "--format", "json", cites);
  assert.equal(r.code, 0, "citation problems are not contradictions");
  const file = JSON.parse(r.stdout).files[0];
  assert.deepEqual(file.citations.map((c: { code: string; range: { start: { line: number } } }) => [c.code, c.range.start.line]), [
    ["cited-source-mismatch", 2],
    ["unknown-citation", 4],
  ]);
  assert.equal(file.claims[1].text, "China announced a new investment fund for Central Asia.", "the marker is not part of the claim");
});

test("--bibliography gives citations by its keys their sources; --csl styles the html report; a broken one is one warning", () => {
  const root = mkdtempSync(join(tmpdir(), "grounded-cli-bib-"));
  mkdirSync(join(root, "corpus"));
  writeFileSync(join(root, "corpus", "ferry.txt"), "Ferry News\n\nThe ferry to Zorland runs twice a day in summer, the operator said on Tuesday.\n");
  writeFileSync(join(root, "refs.bib"), "@article{roe2020ferry,\n  title = {Ferry News},\n  author = {Roe, Jane},\n  year = {2020},\n  file = {corpus/ferry.txt},\n}\n");
  writeFileSync(join(root, "broken.bib"), "@article{bad,\n  title = {Unclosed,\n");
  const cited = join(root, "cited.md");
  writeFileSync(cited, "The ferry to Zorland runs twice a day in summer [@roe2020ferry].\n");
  const run = (...args: string[]) => cli("check", "--corpus", join(root, "corpus"), "--no-cache", ...args, cited);
  const codes = (r: ReturnType<typeof cli>) => JSON.parse(r.stdout).files[0].citations.map((c: { code: string }) => c.code);

  assert.deepEqual(codes(run("--format", "json")), ["unknown-citation"], "without the bibliography the key names no source");
  const withBib = run("--format", "json", "--bibliography", join(root, "refs.bib"));
  assert.equal(withBib.stderr, "");
  assert.deepEqual(codes(withBib), [], "the entry's file is the source");
  assert.equal(JSON.parse(withBib.stdout).files[0].claims[0].verdict, "supported");

  const broken = run("--format", "json", "--bibliography", join(root, "broken.bib"));
  assert.equal(broken.code, 0);
  const lines = broken.stderr.trim().split("\n");
  assert.equal(lines.length, 1, broken.stderr);
  assert.match(lines[0], /broken\.bib: bibliography: syntax error at line \d+, column \d+: .*; its entries are not used$/);

  const apa = run("--format", "html", "--bibliography", join(root, "refs.bib"), "--csl", "apa");
  assert.equal(apa.code, 0, apa.stderr);
  assert.match(apa.stdout, /— Roe, J\. \(2020\)\. <i>Ferry News<\/i>\./, "the passage is cited in APA, from the entry");
  const plain = run("--format", "html", "--bibliography", join(root, "refs.bib"));
  assert.doesNotMatch(plain.stdout, /Roe, J\. \(2020\)/, "without a style, Grounded's own format");
  const missing = run("--format", "html", "--csl", join(root, "nope.csl"));
  assert.equal(missing.code, 0);
  assert.match(missing.stderr, /nope\.csl: CSL style: no such file .*; citations use Grounded's own format/);
  assert.equal(run("--csl").code, 2, "--csl needs a value");
});

test("claims ignored by comments are counted in the text summary, the JSON report (an added field) and the HTML report", () => {
  const corpus = join(dir, "harbour");
  mkdirSync(corpus, { recursive: true });
  writeFileSync(join(corpus, "harbour.txt"), "The Port Authority of Valmora approved a budget of 48 million euros on Tuesday.\n\nHarbour master Elena Vasquez said the dredging would begin in March 2024.\n");
  const ignoring = join(dir, "ignoring.md");
  writeFileSync(ignoring, [
    '<!-- grounded-ignore: "Dockworkers demanded higher pay." -->',
    "Dockworkers demanded higher pay. The Port Authority of Valmora approved a budget of 58 million euros.",
    "",
    "<!-- grounded-ignore-next-line -->",
    "Harbour master Elena Vasquez said the dredging would begin in May 2024.",
    "",
  ].join("\n"));
  const text = cli("check", "--corpus", corpus, "--no-exit", "--no-cache", ignoring);
  assert.match(text.stdout, /: 1 claim: 0 supported, 1 contradicted, 0 unsupported; 2 ignored by comments \(not checked\)$/m, text.stdout + text.stderr);
  assert.match(text.stdout, /^1 claim checked in 1 file against 1 source: 0 supported, 1 contradicted, 0 unsupported; 2 ignored by comments \(not checked\)$/m);
  const json = JSON.parse(cli("check", "--corpus", corpus, "--format", "json", "--no-cache", ignoring).stdout);
  assert.equal(json.files[0].ignored, 2);
  assert.deepEqual(json.files[0].claims.map((c: { text: string }) => c.text), ["The Port Authority of Valmora approved a budget of 58 million euros."]);
  assert.equal(JSON.parse(cli("check", "--corpus", corpus, "--format", "json", "--no-cache", clean).stdout).files[0].ignored, 0);
  const html = cli("check", "--corpus", corpus, "--format", "html", "--no-cache", ignoring).stdout;
  assert.match(html, /1 claim in 1 file, checked against 1 source; 2 claims not checked: ignore comments in the draft cover them\./);
  assert.match(html, /<p class="ignored">2 claims not checked: ignore comments in the draft cover them\.<\/p>/);
});
