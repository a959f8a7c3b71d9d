/**
 * The CSL style a writer chose (`grounded.citation.csl`, `"csl"` in
 * `.grounded.jsonc`, `--csl`): a bundled one by name (`apa`,
 * `chicago-author-date`, in the workspace's styles folder with the en-US
 * locale, all CC BY-SA 3.0 from the CSL project) or any `.csl` file by path,
 * read through the `Workspace`. A style that cannot be read or used is one
 * problem naming it; the hand-written citation format is then used.
 */
import { join, resolve } from "node:path";
import { cslProblem, type CslStyle, type Problem } from "../engine";
import { BUNDLED_STYLES, isBundledStyle } from "./settings";
import { FileCache, readText, unreadable, type Workspace } from "./workspace";

/** The locale every style falls back to, in the styles folder. */
export const LOCALE_FILE = "locales-en-US.xml";

export type StyleRead = { style: CslStyle } | { problem: Problem };

export class CslStyles {
  private readonly files: FileCache<StyleRead>;

  constructor(private readonly ws: Pick<Workspace, "readFile" | "stat" | "stylesFolder">) {
    this.files = new FileCache(ws, (file) => this.read(file));
  }

  /** The file a setting's value names: a bundled style's file, or a path relative to `base`. */
  fileOf(value: string, base: string): string {
    return isBundledStyle(value) ? join(this.ws.stylesFolder ?? "styles", `${value}.csl`) : resolve(base, value);
  }

  /**
   * The style for a setting's value, read again only when its file changes:
   * `null` when none is set (the hand-written format), else the style or the
   * problem that names it. A path is relative to `base`.
   */
  async load(value: string | undefined, base: string): Promise<StyleRead | null> {
    const v = value?.trim();
    if (!v) return null;
    return (await this.files.get(this.fileOf(v, base))).value;
  }

  private async read(file: string): Promise<StyleRead> {
    const problem = (message: string) => ({ problem: { file, message: `CSL style: ${message}; citations use Grounded's own format`, severity: "warning" as const } });
    const folder = this.ws.stylesFolder;
    if (!folder) return problem(`the bundled styles folder (styles/${LOCALE_FILE}) is missing`);
    let xml: string;
    let locale: string;
    try {
      xml = await readText(this.ws, file);
    } catch (e) {
      const why = unreadable(e);
      return problem(why === "no such file" ? `no such file (give ${BUNDLED_STYLES.join(" or ")}, or the path of a .csl file)` : `cannot read it (${why})`);
    }
    try {
      locale = await readText(this.ws, join(folder, LOCALE_FILE));
    } catch (e) {
      return problem(`the bundled locale (styles/${LOCALE_FILE}) cannot be read (${unreadable(e)})`);
    }
    const style: CslStyle = { name: file, xml, locale };
    const why = cslProblem(style);
    return why ? problem(why) : { style };
  }
}
