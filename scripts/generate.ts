/**
 * Writes what is derived from the registry of checks
 * (`server/src/engine/verify/checks/`): the `disabledChecks` enum of
 * `schemas/grounded.schema.json` and the README's "Diagnostic codes" section;
 * and the README's example, what `npm start` prints (the CLI's bundle, so
 * build first). `npm run generate` rewrites them; `test/checks.test.ts` and
 * `test/docs.test.ts` fail when one is out of date.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { CHECK_IDS, CODES } from "../server/src/engine";

const BEGIN = "<!-- codes: written by `npm run generate` from server/src/engine/verify/checks/; edit the checks, not this -->";
const END = "<!-- end of codes -->";

/** The README with its codes section written from the registry. */
export function generatedReadme(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md: the markers of the codes section are missing (${BEGIN} … ${END})`);
  const sections = CODES.map((c) => `### ${c.id}\n${c.docs}\n`).join("\n");
  return `${readme.slice(0, start)}${BEGIN}\n\n${sections}\n${readme.slice(end)}`;
}

/** The schema's text with the `disabledChecks` enum written from the registry (the rest as it is). */
export function generatedSchema(schema: string): string {
  const re = /("disabledChecks": \{[^]*?"enum": )\[[^\]]*\]/;
  if (!re.test(schema)) throw new Error("schemas/grounded.schema.json: no disabledChecks enum to write");
  return schema.replace(re, (_m, head: string) => `${head}[${CHECK_IDS.map((id) => JSON.stringify(id)).join(", ")}]`);
}

const EXAMPLE_BEGIN = "<!-- example: the output of `npm start`, written by `npm run generate`; test/docs.test.ts holds it to the CLI's -->";
const EXAMPLE_END = "<!-- end of example -->";

/** What `npm start` prints after its build: the text report of examples/draft.md against corpus/. */
export function exampleOutput(): string {
  const r = spawnSync(process.execPath, ["dist/cli.js", "check", "--corpus", "corpus", "--no-exit", "--no-cache", "examples/draft.md"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`dist/cli.js failed (build first: npm run build): ${r.stderr}`);
  return r.stdout;
}

/** The README with its example written from the CLI's `output`. */
export function generatedExample(readme: string, output: string): string {
  const start = readme.indexOf(EXAMPLE_BEGIN);
  const end = readme.indexOf(EXAMPLE_END);
  if (start < 0 || end < start) throw new Error(`README.md: the markers of the example are missing (${EXAMPLE_BEGIN} … ${EXAMPLE_END})`);
  return `${readme.slice(0, start)}${EXAMPLE_BEGIN}\n\n\`\`\`text\n${output.replace(/\n?$/, "\n")}\`\`\`\n\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const output = exampleOutput();
  const readme = (text: string) => generatedExample(generatedReadme(text), output);
  const files: Array<[string, (text: string) => string]> = [["README.md", readme], ["schemas/grounded.schema.json", generatedSchema]];
  for (const [file, generate] of files) {
    const before = readFileSync(file, "utf8");
    const after = generate(before);
    if (after !== before) writeFileSync(file, after);
    console.error(`${file}: ${after === before ? "up to date" : "written"}`);
  }
}
