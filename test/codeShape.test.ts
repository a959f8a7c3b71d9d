/**
 * The shape the project holds its code to: no function over 80 lines in
 * `server/src` and `client/src` (generated code aside), measured with the
 * TypeScript parser, each function from its first line to its last.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const MAX_LINES = 80;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every function of a file with its length in lines, named as a reader would find it. */
function functionLengths(file: string): Array<{ name: string; lines: number }> {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ name: string; lines: number }> = [];
  const visit = (node: ts.Node, owner: string) => {
    let name = owner;
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const named = (node as ts.FunctionLikeDeclaration).name;
      name = named && ts.isIdentifier(named) ? named.text : owner;
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ name: `${file}:${start + 1} ${name}`, lines: end - start + 1 });
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      name = node.name.text;
    }
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(sf, "(top level)");
  return out;
}

test(`no function in server/src or client/src is over ${MAX_LINES} lines`, () => {
  const files = [...sources("server/src"), ...sources("client/src")];
  assert.ok(files.length > 50, `only ${files.length} files`);
  const long = files.flatMap(functionLengths).filter((f) => f.lines > MAX_LINES).sort((a, b) => b.lines - a.lines);
  assert.deepEqual(long.map((f) => `${f.name}: ${f.lines} lines`), []);
});

/** The bare and `node:` modules a file imports, and the project folders it reaches into. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from "([^"]+)"/gm)].map((m) => m[1]);
}

test("the layers point one way: the engine, project/ and report/ reach no IO; lsp/ reads no file itself; node/ knows no lsp/", () => {
  // Pure computation from Node is allowed everywhere: paths, URLs, hashes.
  const pure = new Set(["node:path", "node:url", "node:crypto"]);
  const rules: Array<[string, (spec: string) => string | undefined]> = [
    ["server/src/engine", (s) => (s.startsWith("node:") && !pure.has(s) ? "IO" : /\/(lsp|node|project|report)\//.test(s) || /^\.\.\/(lsp|node|project|report)/.test(s) ? "a layer above" : undefined)],
    ["server/src/project", (s) => (s.startsWith("node:") && !pure.has(s) ? "IO" : /\.\.\/(lsp|node|report)\//.test(s) ? "a layer above" : undefined)],
    ["server/src/report", (s) => (s.startsWith("node:") && !pure.has(s) ? "IO" : /\.\.\/(lsp|node)\//.test(s) ? "a layer above" : undefined)],
    // The shared archive is the one thing lsp/ takes from node/: a database connection, not files.
    ["server/src/lsp", (s) => (s.startsWith("node:") && !pure.has(s) ? "IO" : /\.\.\/node\//.test(s) && !/\.\.\/node\/archive\//.test(s) ? "node/ (files go through the Workspace)" : undefined)],
    // node/ hosts the engine (workers, the disk): it knows nothing of the language server.
    ["server/src/node", (s) => (/\.\.\/(\.\.\/)?lsp\//.test(s) ? "lsp/ (the check loop is the engine's session)" : undefined)],
  ];
  const problems: string[] = [];
  for (const [dir, judge] of rules) {
    for (const file of sources(dir)) {
      for (const spec of importsOf(file)) {
        const why = judge(spec);
        if (why) problems.push(`${file} imports ${spec}: ${why}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
