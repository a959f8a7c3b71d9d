/**
 * How one open document cites (`node/citing.ts` does the work): the
 * bibliography named by `grounded.bibliography`, the project file's
 * `"bibliography"` or else the draft's front matter, and the style of
 * `grounded.citation.csl` or the project file's `"csl"`.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CitationFormat, HAND_FORMAT } from "../engine/edits/citations";
import type { CslStyle } from "../engine/edits/csl";
import type { Problem } from "../engine/types";
import { bibliographyFiles } from "../node/bibliography";
import { CitingResolver, type DocumentCiting } from "../node/citing";
import { BUNDLED_STYLES } from "../node/csl";
import { outsideWorkspace } from "./trust";
import type { LoadedCorpus } from "./corpora";
import type { Settings } from "./settings";

export type { DocumentCiting };

export class Citing {
  private readonly resolver: CitingResolver;

  /** `untrusted`: whether the workspace is untrusted now; then no bibliography or style outside the workspace folder is read. */
  constructor(private readonly report: (p: Problem) => void, private readonly untrusted: () => boolean = () => false) {
    this.resolver = new CitingResolver(report);
  }

  /** The files among `files` that may be read: all of them, or in an untrusted workspace those inside its folder. */
  private readable(files: string[], folder: string): string[] {
    if (!this.untrusted()) return files;
    return files.filter((f) => {
      if (!outsideWorkspace([f], folder).length) return true;
      this.report({ file: f, message: "outside the workspace folder, and this workspace is not trusted; it is not read (trust the workspace to use it)", severity: "warning" });
      return false;
    });
  }

  format(settings: Settings, folder: string): { format: CitationFormat; style?: CslStyle } {
    // A style path from the project file was made absolute against it; the editor's is relative to the workspace folder.
    const base = settings.projectRoot ?? folder;
    const csl = settings.citationCsl;
    const isPath = !!csl && !(BUNDLED_STYLES as readonly string[]).includes(csl);
    if (isPath && !this.readable([resolve(base, csl)], folder).length) return { format: HAND_FORMAT };
    return this.resolver.format(csl, base);
  }

  forDocument(uri: string, frontMatter: Record<string, unknown>, settings: Settings, folder: string, loaded: LoadedCorpus): Promise<DocumentCiting> {
    const draftDir = uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : folder;
    const { style } = this.format(settings, folder);
    return this.resolver.resolve({
      files: this.readable(bibliographyFiles(settings.bibliography, folder, frontMatter, draftDir), folder),
      csl: style ? settings.citationCsl : undefined, cslBase: settings.projectRoot ?? folder, corpus: loaded.corpus, root: loaded.root, keys: loaded.keys,
    });
  }
}
