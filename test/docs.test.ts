/**
 * The documentation stays true to the code: every option the CLI's help
 * prints is described in `docs/cli.md`, and every relative link of the README
 * and `docs/` leads to a file (and, within a page, to a heading) that exists;
 * the README's example output is what the CLI prints.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { exampleOutput, generatedExample } from "../scripts/generate";

function help(...args: string[]): string {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("every option of grounded --help and grounded index --help is described in docs/cli.md", () => {
  const doc = readFileSync("docs/cli.md", "utf8");
  const options = new Set([...`${help("--help")}\n${help("index", "--help")}`.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]));
  assert.ok(options.size >= 12, [...options].join(" "));
  for (const o of options) assert.ok(doc.includes(`\`${o}`), `${o} is in --help but not described in docs/cli.md`);
});

/** A heading's anchor as GitHub makes it. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");

test("the README's and docs/' relative links lead somewhere", () => {
  const pages = ["README.md", "ARCHITECTURE.md", ...readdirSync("docs").map((f) => join("docs", f))];
  for (const page of pages) {
    const text = readFileSync(page, "utf8");
    for (const [, target] of text.matchAll(/\]\(((?!https?:|mailto:)[^)\s]+)\)/g)) {
      const [file, anchor] = target.split("#");
      const path = file ? join(dirname(page), file) : page;
      assert.ok(existsSync(path), `${page}: ${target} leads nowhere`);
      if (anchor && path.endsWith(".md")) {
        const anchors = [...readFileSync(path, "utf8").matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]));
        assert.ok(anchors.includes(anchor), `${page}: ${target}: no such heading in ${path}`);
      }
    }
  }
});

test("the README's example is what npm start prints today, supported claims' lines included", () => {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const readme = readFileSync("README.md", "utf8");
  const output = exampleOutput();
  assert.match(output, /  hint  supported: .* says this  \[supported\]\n/);
  assert.equal(readme, generatedExample(readme, output), "README.md's example is out of date: run npm run generate");
});
