/** What every provider of the language server shares: the connection, the documents, and the server's services. */
import type { Connection, TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type DraftChecker, LineIndex } from "../engine";
import type { Workspace } from "../project/workspace";
import type { ArchiveSource } from "./archive";
import type { CheckedDocument } from "./checker";
import type { Citing } from "./citing";
import type { DocumentCorpora } from "./corpora";
import type { Folders } from "./folders";
import type { Log } from "./handlers";
import type { ProjectConfigs } from "./projectConfigs";
import type { DocumentSettings } from "./settings";
import type { SourceLinks } from "./sources";

/** A progress report in the editor; `done` ends it. */
export interface Progress {
  report?(percentage: number, message: string): void;
  done(): void;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  log: Log;
  folders: Folders;
  configs: ProjectConfigs;
  settings: DocumentSettings;
  corpora: DocumentCorpora;
  archive: ArchiveSource;
  /** How each document cites: its bibliography and CSL style. */
  citing: Citing;
  /** Where drafts are analysed and their claims checked (the server's check worker, or this thread). */
  drafts: DraftChecker;
  /** The last check published per document: hovers, quick fixes and the report answer from it. */
  checked: Map<string, CheckedDocument>;
  /** Starts a progress report, when the editor can show one. */
  progress(title: string, message: string): Promise<Progress | undefined>;
  /** Where the evidence of a corpus whose ids are relative to `root` opens, as the client can show it. */
  sourceLinks(root: string): SourceLinks;
  /** The client's own commands that code actions may run, as it names them in `grounded/clientCommands` (none until it does). */
  clientCommands: Set<string>;
}

/** The last check of a document, if it is of the document's current version. */
export function currentCheck(ctx: ServerContext, uri: string): CheckedDocument | undefined {
  const checked = ctx.checked.get(uri);
  return checked && ctx.documents.get(uri)?.version === checked.version ? checked : undefined;
}

const lineIndexes = new WeakMap<TextDocument, { version: number; lines: LineIndex }>();

/**
 * The line index of a document's current text: its check's when that is of
 * this version, else made once per version (a 5 MB draft's takes several
 * milliseconds, too long to make again for every hover).
 */
export function documentLines(ctx: ServerContext, doc: TextDocument): LineIndex {
  const checked = currentCheck(ctx, doc.uri);
  if (checked) return checked.lines;
  const known = lineIndexes.get(doc);
  if (known?.version === doc.version) return known.lines;
  const lines = new LineIndex(doc.getText());
  lineIndexes.set(doc, { version: doc.version, lines });
  return lines;
}
