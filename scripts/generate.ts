/**
 * Writes what is derived from the registry of checks
 * (`server/src/engine/verify/checks/`): the `disabledChecks` enum of
 * `schemas/grounded.schema.json` and the README's "Diagnostic codes" section.
 * `npm run generate` rewrites both; `test/checks.test.ts` fails when either
 * is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { CHECK_IDS, CODES } from "../server/src/engine/verify/checks";

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

if (process.argv[1]?.endsWith("generate.ts")) {
  const files: Array<[string, (text: string) => string]> = [["README.md", generatedReadme], ["schemas/grounded.schema.json", generatedSchema]];
  for (const [file, generate] of files) {
    const before = readFileSync(file, "utf8");
    const after = generate(before);
    if (after !== before) writeFileSync(file, after);
    console.error(`${file}: ${after === before ? "up to date" : "written"}`);
  }
}
