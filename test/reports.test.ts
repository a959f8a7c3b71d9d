/**
 * `grounded check` in review and CI, run from the built bundle in a temporary
 * project: SARIF (validated against the published 2.1.0 schema), JUnit, GitHub
 * annotations, the baseline, glob inputs and tallies, --quiet, colours, and
 * the project file as the CLI reads it.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { escapeData, escapeProperty } from "../server/src/report/github";
import { xmlEscape } from "../server/src/report/junit";
import { useColor } from "../server/src/report/text";

const CLI = resolve("dist/cli.js");
let ws: string;

function cli(args: string[], env: Record<string, string> = {}, cwd = ws) {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first');
  const clean = { ...process.env };
  delete clean.NO_COLOR;
  delete clean.FORCE_COLOR;
  // The persisted index goes to a folder of this test's own.
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd, env: { ...clean, XDG_CACHE_HOME: join(ws, ".cache"), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CONTRADICTED = "The CSTO operates a 5,000-soldier force.";
const UNSUPPORTED = "China announced a new investment fund for Central Asia.";
const SUPPORTED = "The Collective Security Treaty Organization operates a 3,500-soldier force.";

function write(path: string, text: string): string {
  mkdirSync(join(ws, path, ".."), { recursive: true });
  writeFileSync(join(ws, path), text);
  return path;
}

before(() => {
  ws = mkdtempSync(join(tmpdir(), "grounded-reports-"));
  cpSync("corpus", join(ws, "corpus"), { recursive: true });
  write("draft.md", `# Notes\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n\n${SUPPORTED}[^nosuchkey]\n`);
});

test("--format sarif is valid SARIF 2.1.0: one result per contradicted or unsupported claim, rule id = code, evidence as related locations", () => {
  const r = cli(["check", "--format", "sarif", "draft.md"]);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync("test/fixtures/sarif/sarif-schema-2.1.0.json", "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(JSON.parse(r.stdout));
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));

  const run = log.runs[0];
  const results = run.results as Array<Record<string, any>>;
  assert.deepEqual(results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine]), [
    ["number-mismatch", "warning", 3],
    ["unsupported", "note", 5],
    ["unknown-citation", "warning", 7],
  ]);
  assert.deepEqual(run.tool.driver.rules.map((rule: { id: string }) => rule.id), ["number-mismatch", "unknown-citation", "unsupported"]);
  for (const x of results) assert.equal(run.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  const contradicted = results[0];
  assert.deepEqual(contradicted.locations[0].physicalLocation.artifactLocation, { uri: "draft.md", uriBaseId: "%SRCROOT%" });
  assert.deepEqual(contradicted.locations[0].physicalLocation.region, { startLine: 3, startColumn: 1, endLine: 3, endColumn: CONTRADICTED.length + 1 });
  const related = contradicted.relatedLocations[0];
  assert.deepEqual(related.physicalLocation.artifactLocation, { uri: "corpus/001_e3fd39bb26fc0bf8.txt", uriBaseId: "%SRCROOT%" });
  assert.match(related.message.text, /3,500-soldier force/);
  assert.match(contradicted.partialFingerprints["groundedClaim/v1"], /^[0-9a-f]{20}$/);
  assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri.endsWith("/"), true);
});

test("the schema check can fail: a SARIF log with a wrong level is rejected", () => {
  const log = JSON.parse(cli(["check", "--format", "sarif", "draft.md"]).stdout);
  log.runs[0].results[0].level = "severe";
  const ajv = new Ajv({ strict: false, unicodeRegExp: false });
  addFormats(ajv);
  assert.equal(ajv.validate(JSON.parse(readFileSync("test/fixtures/sarif/sarif-schema-2.1.0.json", "utf8")), log), false);
});

test("--format junit: a suite per file, a failure per contradicted claim, unsupported claims skipped", () => {
  const r = cli(["check", "--format", "junit", "draft.md"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="grounded" tests="3" failures="1" errors="0" skipped="1">/);
  assert.match(r.stdout, /<testsuite name="draft\.md" tests="3" failures="1" errors="0" skipped="1">/);
  assert.equal((r.stdout.match(/<testcase /g) ?? []).length, 3);
  assert.match(r.stdout, /<testcase classname="draft\.md" name="3:1 The CSTO operates a 5,000-soldier force\." file="draft\.md" line="3">\n\s+<failure message="contradicted: [^"]*" type="number-mismatch">/);
  assert.match(r.stdout, /<skipped message="unsupported: /);
  // Every tag that opens is closed (a small well-formedness check without an XML parser).
  const stack: string[] = [];
  for (const m of r.stdout.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]);
  }
  assert.deepEqual(stack, []);
});

test("--format github: one workflow command per finding, escaped as the runner expects", () => {
  const r = cli(["check", "--format", "github", "draft.md"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 3, r.stdout);
  assert.match(lines[0], /^::warning file=draft\.md,line=3,col=1,endLine=3,endColumn=41,title=Grounded%3A contradicted \(number-mismatch\)::.*3,500.*%0ASource: corpus\/001_e3fd39bb26fc0bf8\.txt:\d+: /);
  assert.match(lines[1], /^::notice file=draft\.md,line=5,.*title=Grounded%3A unsupported \(unsupported\)::/);
  assert.match(lines[2], /^::warning file=draft\.md,line=7,col=\d+,title=Grounded%3A unknown-citation::/);
  for (const line of lines) assert.ok(!/[\r\n]/.test(line));
  const absolute = cli(["check", "--format", "github", join(ws, "draft.md")]);
  assert.match(absolute.stdout, /^::warning file=draft\.md,line=3,/, "paths are relative to the workspace, as the runner maps them");
});

const ESCAPES: Array<[string, string, string, string]> = [
  // input, escapeData, escapeProperty, xmlEscape
  ["50% of a, b: c", "50%25 of a, b: c", "50%25 of a%2C b%3A c", "50% of a, b: c"],
  ["line\r\nnext", "line%0D%0Anext", "line%0D%0Anext", "line\r\nnext"],
  [`<"Tom" & 'Jerry'>`, `<"Tom" & 'Jerry'>`, `<"Tom" & 'Jerry'>`, "&lt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&gt;"],
  ["bell\u0007", "bell\u0007", "bell\u0007", "bell"],
];

for (const [input, data, property, xml] of ESCAPES) {
  test(`escaping ${JSON.stringify(input)} for workflow commands and XML`, () => {
    assert.equal(escapeData(input), data);
    assert.equal(escapeProperty(input), property);
    assert.equal(xmlEscape(input), xml);
  });
}

test("baseline: recorded claims pass; a moved claim is not new; an edited figure is; a second copy of a claim is", () => {
  write("base.md", `# Notes\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n`);
  const missing = cli(["baseline", "write", "--output", "baseline.json", "base.md"]);
  assert.equal(missing.code, 2, "new claims need a reason");
  assert.match(missing.stderr, /2 claims are not in baseline\.json yet: say why they are accepted with --reason/);

  const w = cli(["baseline", "write", "--output", "baseline.json", "--reason", "Known before the checks ran", "base.md"]);
  assert.equal(w.code, 0, w.stderr);
  const baseline = JSON.parse(readFileSync(join(ws, "baseline.json"), "utf8"));
  assert.deepEqual(baseline.claims.map((c: Record<string, unknown>) => [c.path, c.code, c.verdict, c.text, c.count, c.reason]).sort(), [
    ["base.md", "number-mismatch", "contradicted", CONTRADICTED, 1, "Known before the checks ran"],
    ["base.md", "unsupported", "unsupported", UNSUPPORTED, 1, "Known before the checks ran"],
  ]);

  const cases: Array<{ name: string; text: string; code: number; baseline: string[] }> = [
    { name: "unchanged", text: `# Notes\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n`, code: 0, baseline: ["unchanged", "unchanged"] },
    { name: "moved down and reflowed", text: `# Notes\n\nA new first paragraph about nothing in particular.\n\n${UNSUPPORTED}\n\nMore text.  ${CONTRADICTED.replace(" a ", "\na ")}\n`, code: 0, baseline: ["unchanged", "unchanged"] },
    { name: "an edited figure", text: `# Notes\n\n${CONTRADICTED.replace("5,000", "6,000")}\n\n${UNSUPPORTED}\n`, code: 1, baseline: ["new", "unchanged"] },
    { name: "a second copy", text: `# Notes\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n\n${CONTRADICTED}\n`, code: 1, baseline: ["unchanged", "unchanged", "new"] },
  ];
  for (const c of cases) {
    write("base.md", c.text);
    const r = cli(["check", "--baseline", "baseline.json", "--format", "json", "base.md"]);
    assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
    const claims = JSON.parse(r.stdout).files[0].claims.filter((x: { verdict: string }) => x.verdict !== "supported");
    assert.deepEqual(claims.map((x: { baseline: string }) => x.baseline), c.baseline, c.name);
    assert.equal(/1 claim of baseline\.json no longer found/.test(r.stderr), c.name === "an edited figure", `${c.name}: ${r.stderr}`);
  }

  // SARIF carries the baseline state and accepted claims as suppressions, and stays schema-valid.
  const sarifText = cli(["check", "--baseline", "baseline.json", "--format", "sarif", "base.md"]).stdout;
  const sarif = JSON.parse(sarifText);
  const ajv = new Ajv({ strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const valid = ajv.validate(JSON.parse(readFileSync("test/fixtures/sarif/sarif-schema-2.1.0.json", "utf8")), JSON.parse(sarifText));
  assert.ok(valid, ajv.errorsText());
  assert.deepEqual(sarif.runs[0].results.map((x: { baselineState: string; suppressions?: unknown[] }) => [x.baselineState, !!x.suppressions]), [
    ["unchanged", true], ["unchanged", true], ["new", false],
  ]);

  // Rewriting keeps the reasons already given; a claim without a reason makes the file unusable.
  write("base.md", `# Notes\n\n${CONTRADICTED}\n\n${UNSUPPORTED}\n\n${CONTRADICTED}\n`);
  assert.equal(cli(["baseline", "write", "--output", "baseline.json", "base.md"]).code, 0, "no new fingerprint: no reason needed");
  const again = JSON.parse(readFileSync(join(ws, "baseline.json"), "utf8"));
  assert.deepEqual(again.claims.map((c: { count: number; reason: string }) => [c.count, c.reason]).sort(), [[1, "Known before the checks ran"], [2, "Known before the checks ran"]]);
  write("noreason.json", JSON.stringify({ version: 1, claims: [{ ...again.claims[0], reason: "" }] }));
  const bad = cli(["check", "--baseline", "noreason.json", "base.md"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /noreason\.json: claim 1 .* has no "reason"/);
  assert.equal(cli(["check", "--baseline", "nope.json", "base.md"]).code, 2);
});

test("glob inputs: every matching Markdown file, a tally per file and one overall; a glob that matches nothing is an error", () => {
  write("docs/a.md", `${CONTRADICTED}\n`);
  write("docs/guide/b.md", `${SUPPORTED}\n\n${UNSUPPORTED}\n`);
  write("docs/guide/notes.txt", `${CONTRADICTED}\n`);
  const r = cli(["check", "docs/**/*.md"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^docs\/a\.md: 1 claim: 0 supported, 1 contradicted, 0 unsupported$/m);
  assert.match(r.stdout, /^docs\/guide\/b\.md: 2 claims: 1 supported, 0 contradicted, 1 unsupported$/m);
  assert.match(r.stdout, /^3 claims checked in 2 files against 5 sources: 1 supported, 1 contradicted, 1 unsupported$/m);
  assert.doesNotMatch(r.stdout, /notes\.txt/);
  const none = cli(["check", "nowhere/**/*.md"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /nowhere\/\*\*\/\*\.md: no Markdown file matches/);
});

test("--quiet prints only the claims that fail the run", () => {
  const r = cli(["check", "--quiet", "draft.md"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 2, r.stdout);
  assert.match(lines[0], /^draft\.md:3:1  warning  contradicted: /);
  assert.equal(lines[1], `    "${CONTRADICTED}"`);
  const clean = cli(["check", "--quiet", "docs/guide/b.md"]);
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, "");
});

const COLOURS: Array<[Record<string, string>, boolean, boolean]> = [
  // environment, stdout is a terminal, colours
  [{}, false, false],
  [{}, true, true],
  [{ NO_COLOR: "1" }, true, false],
  [{ TERM: "dumb" }, true, false],
  [{ FORCE_COLOR: "1" }, false, true],
  [{ FORCE_COLOR: "0" }, true, true],
  [{ FORCE_COLOR: "0" }, false, false],
  [{ NO_COLOR: "1", FORCE_COLOR: "1" }, false, false],
];

test("colours only on a terminal, never with NO_COLOR", () => {
  for (const [env, tty, expected] of COLOURS) assert.equal(useColor(env, tty), expected, JSON.stringify([env, tty]));
  const piped = cli(["check", "draft.md"]);
  assert.doesNotMatch(piped.stdout, /\u001b\[/, "a pipe gets no colours");
  assert.match(cli(["check", "draft.md"], { FORCE_COLOR: "1" }).stdout, /\u001b\[33mwarning\u001b\[0m/);
  assert.doesNotMatch(cli(["check", "draft.md"], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout, /\u001b\[/);
});

test("the project file in the CLI: nested files, checks turned off, ignored sources, accepted claims, bad values", () => {
  const project = mkdtempSync(join(tmpdir(), "grounded-project-"));
  cpSync("corpus", join(project, "sources"), { recursive: true });
  const put = (path: string, text: string) => {
    mkdirSync(join(project, path, ".."), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  put(".grounded.jsonc", `{\n  // the whole project\n  "corpus": ["sources"],\n  "accepted": [{ "claim": ${JSON.stringify(UNSUPPORTED.toUpperCase())}, "reason": "Announced at the press conference." }]\n}\n`);
  put("top.md", `${CONTRADICTED}\n\n${UNSUPPORTED}\n`);
  put("team/.grounded.jsonc", `{ "corpus": "../sources", "disabledChecks": ["number-mismatch"], "severity": { "unsupported": "error" } }`);
  put("team/draft.md", `${CONTRADICTED}\n\n${UNSUPPORTED}\n`);
  put("pruned/.grounded.jsonc", `{ "corpus": "../sources", "ignoreSources": ["../sources/001_*.txt"] }`);
  put("pruned/draft.md", `${CONTRADICTED}\n`);

  const top = cli(["check", "--format", "json", "top.md"], {}, project);
  assert.equal(top.code, 1, top.stderr);
  const topClaims = JSON.parse(top.stdout).files[0].claims;
  assert.equal(topClaims[0].verdict, "contradicted");
  assert.deepEqual(topClaims[1].accepted, { by: "config", reason: "Announced at the press conference." }, "accepted by its text, whatever the case");

  const team = cli(["check", "--format", "json", "team/draft.md"], {}, project);
  assert.equal(team.code, 0, "the nested file turns number-mismatch off");
  const teamClaims = JSON.parse(team.stdout).files[0].claims;
  assert.equal(teamClaims[0].checkOff, true);
  assert.equal(teamClaims[1].accepted, undefined, "the nested file replaces the top one");
  const teamGithub = cli(["check", "--format", "github", "team/draft.md"], {}, project);
  assert.match(teamGithub.stdout, /^::error file=team\/draft\.md,line=3,/, "unsupported shown as errors");
  assert.doesNotMatch(teamGithub.stdout, /number-mismatch/);

  const pruned = cli(["check", "--format", "json", "pruned/draft.md"], {}, project);
  const prunedReport = JSON.parse(pruned.stdout);
  assert.equal(prunedReport.corpus.documents, 4, "the ignored source is left out");
  assert.notEqual(prunedReport.files[0].claims[0].verdict, "contradicted");

  // The fingerprint a report prints is the one the project file accepts.
  put("top.md", `${CONTRADICTED}\n`);
  const fingerprint = JSON.parse(cli(["check", "--format", "json", "top.md"], {}, project).stdout).files[0].claims[0].fingerprint;
  put(".grounded.jsonc", `{ "corpus": ["sources"], "accepted": [{ "fingerprint": "${fingerprint}", "reason": "Checked with the ministry." }] }`);
  const byFingerprint = cli(["check", "--format", "json", "top.md"], {}, project);
  assert.equal(byFingerprint.code, 0, byFingerprint.stderr);
  assert.deepEqual(JSON.parse(byFingerprint.stdout).files[0].claims[0].accepted, { by: "config", reason: "Checked with the ministry." });

  put("globbed/.grounded.jsonc", `{ "corpus": ["../sources/001_*.txt"] }`);
  put("globbed/draft.md", `${CONTRADICTED}\n`);
  const globbed = cli(["check", "--format", "json", "globbed/draft.md"], {}, project);
  assert.equal(globbed.code, 1, globbed.stderr);
  assert.equal(JSON.parse(globbed.stdout).corpus.documents, 1, "a glob corpus path is expanded");

  put("bad/.grounded.jsonc", `{\n  "corpus": ["../sources"],,\n}`);
  put("bad/draft.md", `${SUPPORTED}\n`);
  const bad = cli(["check", "bad/draft.md"], {}, project);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\/\.grounded\.jsonc:2:\d+: .*the file is ignored until it is fixed/);

  put("odd/.grounded.jsonc", `{ "corpus": ["../sources"], "colour": true }`);
  put("odd/draft.md", `${SUPPORTED}\n`);
  const odd = cli(["check", "odd/draft.md"], {}, project);
  assert.equal(odd.code, 0, odd.stderr);
  assert.match(odd.stderr, /warning: .*odd\/\.grounded\.jsonc:1:29: unknown setting "colour"/);
});
