/**
 * How one open document cites (`project/citing.ts` does the work): the
 * bibliography named by `grounded.bibliography`, the project file's
 * `"bibliography"` or else the draft's front matter, and the style of
 * `grounded.citation.csl` or the project file's `"csl"`. The editor's paths
 * are relative to the workspace folder (the project file's were made absolute
 * against it). In an untrusted workspace no bibliography or style outside the
 * workspace folder is read, as for corpus paths (`trust.ts`).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { frontMatterOf, type Problem } from "../engine";
import { bibliographyFiles } from "../project/bibliography";
import { type CitingFormat, CitingResolver, type DocumentCiting } from "../project/citing";
import { isBundledStyle, type Settings } from "../project/settings";
import type { Workspace } from "../project/workspace";
import type { ServerContext } from "./context";
import type { LoadedCorpus } from "./corpora";
import { outsideWorkspace } from "./trust";

export interface CitingHost {
  workspace: Workspace;
  /** A bibliography or style that cannot be used is said once, like a bad setting. */
  report(problem: Problem): void;
  /** Whether the workspace is untrusted now. */
  untrusted(): boolean;
}

export class Citing {
  private readonly resolver: CitingResolver;

  constructor(private readonly host: CitingHost) {
    this.resolver = new CitingResolver(host.workspace, host.report);
  }

  /** The files among `files` that may be read: all of them, or in an untrusted workspace those inside its folder. */
  private async readable(files: string[], folder: string): Promise<string[]> {
    if (!this.host.untrusted()) return files;
    const outside = new Set(await outsideWorkspace(files, folder, this.host.workspace));
    for (const f of outside) {
      this.host.report({ file: f, message: "outside the workspace folder, and this workspace is not trusted; it is not read (trust the workspace to use it)", severity: "warning" });
    }
    return files.filter((f) => !outside.has(f));
  }

  /** Whether a file may be read: always, or in an untrusted workspace when it is inside the workspace folder (else with a warning). */
  async mayRead(file: string, folder: string): Promise<boolean> {
    return (await this.readable([file], folder)).length > 0;
  }

  /** The style setting, when it may be read (a bundled style always may). */
  private async style(settings: Settings, folder: string): Promise<string | undefined> {
    const csl = settings.citationCsl;
    if (!csl || isBundledStyle(csl)) return csl || undefined;
    return (await this.readable([this.resolver.styleFile(csl, folder)], folder)).length ? csl : undefined;
  }

  /** The document's citation format: its CSL style's, else the hand-written one. */
  async format(settings: Settings, folder: string): Promise<CitingFormat> {
    return this.resolver.format(await this.style(settings, folder), folder);
  }

  /** How a document cites: its bibliography matched to `loaded`'s corpus, and its style. */
  async forDocument(uri: string, frontMatter: Record<string, unknown>, settings: Settings, folder: string, loaded: LoadedCorpus): Promise<DocumentCiting> {
    const draftDir = uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : folder;
    return this.resolver.resolve({
      files: await this.readable(bibliographyFiles(settings.bibliography, folder, frontMatter, draftDir), folder),
      csl: await this.style(settings, folder), cslBase: folder, corpus: loaded.corpus, root: loaded.root,
    });
  }
}

/** How a document cites now: from its last check when that is of this version and corpus, else worked out for the request. */
export async function citingNow(ctx: ServerContext, doc: TextDocument, loaded: LoadedCorpus): Promise<DocumentCiting> {
  const checked = ctx.checked.get(doc.uri);
  if (checked && checked.version === doc.version && checked.loaded === loaded) return checked.citing;
  // Only the front matter matters here: a long draft's whole analysis would hold the server's thread.
  const frontMatter = checked?.version === doc.version ? checked.analysis.frontMatterData : frontMatterOf(doc.getText());
  return ctx.citing.forDocument(doc.uri, frontMatter, await ctx.settings.for(doc.uri), ctx.folders.folderOf(doc.uri), loaded);
}
