/**
 * The CSL style a writer chose (`grounded.citation.csl`, `"csl"` in
 * `.grounded.jsonc`): a bundled one by name (`apa`, `chicago-author-date`, in
 * the repository's `styles/` folder with the en-US locale, all CC BY-SA 3.0
 * from the CSL project) or any `.csl` file by path. A style that cannot be read
 * or used is one problem naming it; the hand-written citation format is then
 * used.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { cslProblem, type CslStyle } from "../engine/edits/csl";
import type { Problem } from "../engine/types";

export const BUNDLED_STYLES = ["apa", "chicago-author-date"] as const;
const LOCALE = "locales-en-US.xml";

/** The bundled `styles/` folder: beside `dist/` in a build or a .vsix, at the repository's root from the sources. */
export function stylesFolder(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, "styles", LOCALE))) return join(dir, "styles");
  }
  return undefined;
}

const loaded = new Map<string, { style: CslStyle } | { problem: Problem }>();

/**
 * The style for a setting's value, read once per file: `null` when none is set
 * (the hand-written format), else the style or the problem that names it.
 * A path is relative to `base` (the workspace folder, or the project file's).
 */
export function loadCslStyle(value: string | undefined, base: string): { style: CslStyle } | { problem: Problem } | null {
  const v = value?.trim();
  if (!v) return null;
  const folder = stylesFolder();
  const bundled = (BUNDLED_STYLES as readonly string[]).includes(v);
  const file = bundled ? (folder ? join(folder, `${v}.csl`) : v) : isAbsolute(v) ? v : resolve(base, v);
  let hit = loaded.get(file);
  if (!hit) {
    hit = read(v, file, folder);
    loaded.set(file, hit);
  }
  return hit;
}

function read(name: string, file: string, folder: string | undefined): { style: CslStyle } | { problem: Problem } {
  const problem = (message: string) => ({ problem: { file, message: `CSL style: ${message}; citations use Grounded's own format`, severity: "warning" as const } });
  if (!folder) return problem(`the bundled styles folder (styles/${LOCALE}) is missing`);
  let xml: string;
  try {
    xml = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return problem(code === "ENOENT" ? `no such file (give ${BUNDLED_STYLES.join(" or ")}, or the path of a .csl file)` : `cannot read it (${code})`);
  }
  const style: CslStyle = { name, xml, locale: readFileSync(join(folder, LOCALE), "utf8") };
  const why = cslProblem(style);
  return why ? problem(why) : { style };
}

/** Forgets the styles read (a .csl file changed on disk). */
export function forgetCslStyles(): void {
  loaded.clear();
}
