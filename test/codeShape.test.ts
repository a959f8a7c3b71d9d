/**
 * The shape the project holds its code to: no function over 80 lines in
 * `server/src` and `client/src` (generated code aside), measured with the
 * TypeScript parser, each function from its first line to its last; layers
 * that point one way; and one door into the engine.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

/** Every module a file names: static imports and re-exports, `import("…")` types and calls, `require("…")`. */
function modulesNamedBy(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)"([^"]+)"/gm)].map((m) => m[1]);
}

test("hosts reach the engine only through its API, engine/index.ts", () => {
  const engine = resolve("server/src/engine");
  const door = new Set([engine, join(engine, "index"), join(engine, "index.ts")]);
  // Everything that is not the engine and runs it: the language server, node/, the CLI, project/, report/, the tooling.
  const hosts = [...sources("server/src").filter((f) => !resolve(f).startsWith(engine + "/")), ...sources("scripts"), ...sources("bench")];
  assert.ok(hosts.length > 60, `only ${hosts.length} host files`);
  const problems: string[] = [];
  for (const file of hosts) {
    for (const spec of modulesNamedBy(file)) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(engine + "/") || door.has(target)) continue;
      const api = relative(dirname(file), engine);
      problems.push(`${file} imports ${spec}: import it from "${api.startsWith(".") ? api : `./${api}`}" (engine/index.ts) instead`);
    }
  }
  assert.deepEqual(problems, []);
});
