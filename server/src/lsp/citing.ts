/**
 * How one open document cites (`node/citing.ts` does the work): the
 * bibliography named by `grounded.bibliography`, the project file's
 * `"bibliography"` or else the draft's front matter, and the style of
 * `grounded.citation.csl` or the project file's `"csl"`.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CitationFormat } from "../engine/edits/citations";
import type { CslStyle } from "../engine/edits/csl";
import type { Problem } from "../engine/types";
import { bibliographyFiles } from "../node/bibliography";
import { CitingResolver, type DocumentCiting } from "../node/citing";
import type { LoadedCorpus } from "./corpora";
import type { Settings } from "./settings";

export type { DocumentCiting };

export class Citing {
  private readonly resolver: CitingResolver;

  constructor(report: (p: Problem) => void) {
    this.resolver = new CitingResolver(report);
  }

  format(settings: Settings, folder: string): { format: CitationFormat; style?: CslStyle } {
    // A style path from the project file was made absolute against it; the editor's is relative to the workspace folder.
    return this.resolver.format(settings.citationCsl, settings.projectRoot ?? folder);
  }

  forDocument(uri: string, frontMatter: Record<string, unknown>, settings: Settings, folder: string, loaded: LoadedCorpus): Promise<DocumentCiting> {
    const draftDir = uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : folder;
    return this.resolver.resolve({
      files: bibliographyFiles(settings.bibliography, folder, frontMatter, draftDir),
      csl: settings.citationCsl, cslBase: settings.projectRoot ?? folder, corpus: loaded.corpus, root: loaded.root, keys: loaded.keys,
    });
  }
}
