/**
 * Quick fixes, built from a diagnostic's `code` and `data` alone (no server
 * state): use the source's figure, date, name or word; cite the sources; quote
 * the source; search the sources for an unsupported claim (the client's
 * *Search sources* command, where the client said it has it); ignore the
 * claim alone. Each edit carries the document version it was
 * made for, so an edit for an older version does not apply. In the pandoc
 * style, a citation also adds its entry to the bibliography the draft names
 * (its front matter's `bibliography:` or the setting: a BibTeX or CSL-JSON
 * file), else to `references.json` beside the draft, which it then names in
 * the front matter.
 */
import {
  type CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit,
} from "vscode-languageserver/node";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import {
  analyzeDraft, bibliographyEdit, bibtexText, type CitationFormat, type CitationStyle, type CitedSource, citeEdits,
  HAND_FORMAT, ignoreEdit, LineIndex, quoteEdits, referencesText, type Span, type TextEdit,
} from "../engine";
import { bibliographyFiles } from "../project/bibliography";
import type { Settings } from "../project/settings";
import { readText } from "../project/workspace";
import { currentCheck, type ServerContext } from "./context";
import type { FixData } from "./diagnostics";
import { analysisForRequest } from "./markers";

function toLsp(edits: TextEdit[], lines: LineIndex): LspTextEdit[] {
  return edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText }));
}

function versioned(uri: string, version: number, edits: LspTextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** The bibliography a pandoc-style citation adds its entry to: its URI and current text (null when absent). */
export interface References {
  uri: string;
  text: string | null;
  /** BibTeX or BibLaTeX (`.bib`), else CSL-JSON. */
  format?: "csl-json" | "bibtex";
  /** The draft names it already (its front matter or the setting): no `bibliography:` is added. */
  named?: boolean;
  /** The version of the open document, when the file is open in the editor. */
  version?: number;
  /** The draft's front matter block, when the server knows it already (else the draft is analysed for it). */
  frontMatter?: Span | null;
}

/** The client's command that opens *Search sources* with a query (`client/src/searchSources.ts`). */
export const SEARCH_SOURCES_COMMAND = "grounded.searchSources";

/**
 * Quick fixes for one diagnostic, from its data and the current text (of the
 * same version); citations read as `format` says (a CSL style's, else the
 * hand-written one); `clientCommands` are the client's commands an action may run.
 */
export function codeActionsFor(
  d: Diagnostic, uri: string, text: string, version: number, style: CitationStyle, references?: References, format: CitationFormat = HAND_FORMAT,
  clientCommands: ReadonlySet<string> = new Set(),
): CodeAction[] {
  const data = d.data as FixData | undefined;
  if (!data || d.source !== "grounded" || data.version !== version || !data.span) return [];
  const lines = new LineIndex(text);
  const actions: CodeAction[] = [];
  const action = (title: string, edit: WorkspaceEdit | undefined, preferred = false): void => {
    if (edit) actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit });
  };
  if (data.correction && data.correction.span.end > data.correction.span.start && data.correction.span.end <= text.length) {
    const what = data.correction.kind === "figure" ? "figure" : data.correction.kind;
    action(`Use the source's ${what}: "${data.correction.replacement}"`, versioned(uri, version, toLsp([{ span: data.correction.span, newText: data.correction.replacement }], lines)), true);
  }
  if (data.verdict === "supported" && data.sources.length) {
    const title = `Cite ${data.sources.map((s) => s.outlet ?? s.title ?? s.key).slice(0, 2).join(" and ")}`;
    action(title, citationEdit(uri, version, text, citeEdits(text, data.span, data.sources, style, format), data.sources, style, references), true);
  }
  if (data.quote && data.sources[0] && data.verdict !== "unsupported") {
    action("Quote the source", citationEdit(uri, version, text, quoteEdits(text, data.span, data.quote, data.sources[0], style, format), [data.sources[0]], style, references));
  }
  const claim = typeof data.text === "string" ? data.text : text.slice(data.span.start, data.span.end);
  if (data.verdict === "unsupported" && clientCommands.has(SEARCH_SOURCES_COMMAND) && claim.trim()) {
    const title = "Search the sources for this claim";
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: SEARCH_SOURCES_COMMAND, arguments: [claim] } });
  }
  action("Ignore this claim", versioned(uri, version, toLsp([ignoreEdit(text, data.span, claim)], lines)));
  return actions;
}

/**
 * The workspace edit that adds a citation: the draft's edits and, in the pandoc
 * style, the entries in the draft's bibliography, or in `references.json`
 * (created when absent) with `bibliography:` in the front matter; no file
 * changes when every entry is there. Undefined when there is nothing to do.
 */
export function citationEdit(
  uri: string, version: number, text: string, edits: TextEdit[], sources: CitedSource[], style: CitationStyle, references?: References,
): WorkspaceEdit | undefined {
  if (!edits.length) return undefined;
  const lines = new LineIndex(text);
  const bib = style !== "pandoc" || !references ? null : references.format === "bibtex" ? bibtexText(references.text, sources) : referencesText(references.text, sources);
  if (bib === null || !references) return versioned(uri, version, toLsp(edits, lines));
  const file = references.uri.split("/").pop()!;
  const fm = references.named ? null : bibliographyEdit(text, references.frontMatter !== undefined ? references.frontMatter : analyzeDraft(text, { checkHeadings: false }).frontMatter, file);
  const changes: NonNullable<WorkspaceEdit["documentChanges"]> = [{ textDocument: { uri, version }, edits: toLsp(fm ? [fm, ...edits] : edits, lines) }];
  if (references.text === null) changes.push({ kind: "create", uri: references.uri, options: { ignoreIfExists: true } });
  if (bib !== references.text) {
    const old = references.text ?? "";
    changes.push({ textDocument: { uri: references.uri, version: references.version ?? null }, edits: [{ range: new LineIndex(old).rangeOf({ start: 0, end: old.length }), newText: bib }] });
  }
  return { documentChanges: changes };
}

/**
 * Where a pandoc-style citation's entry goes: the first bibliography the draft
 * names (the setting, else its front matter), a BibTeX or CSL-JSON file; else
 * `references.json` beside the draft. Open in the editor, on disk, or not yet
 * there. Undefined (the citation alone) for a bibliography of another kind, or
 * one an untrusted workspace may not read.
 */
export async function referencesFor(ctx: ServerContext, doc: TextDocument, settings: Settings): Promise<References | undefined> {
  if (settings.citationStyle !== "pandoc" || !doc.uri.startsWith("file:")) return undefined;
  const analysis = analysisForRequest(doc.getText(), currentCheck(ctx, doc.uri));
  const folder = ctx.folders.folderOf(doc.uri);
  const named = bibliographyFiles(settings.bibliography, folder, analysis.frontMatterData, dirname(fileURLToPath(doc.uri)))[0];
  const format = !named || /\.json$/i.test(named) ? "csl-json" : /\.(bib|bibtex)$/i.test(named) ? "bibtex" : undefined;
  if (!format || (named && !(await ctx.citing.mayRead(named, folder)))) return undefined;
  const uri = named ? pathToFileURL(named).toString() : new URL("references.json", doc.uri).toString();
  const base = { uri, format, named: Boolean(named), frontMatter: analysis.frontMatter } as const;
  const open = ctx.documents.get(uri);
  if (open) return { ...base, text: open.getText(), version: open.version };
  try {
    return { ...base, text: await readText(ctx.workspace, fileURLToPath(uri)) };
  } catch {
    return { ...base, text: null };
  }
}

/** `textDocument/codeAction`: the quick fixes of the diagnostics the editor asks about. */
export async function provideCodeActions(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const settings = await ctx.settings.for(doc.uri);
  const references = await referencesFor(ctx, doc, settings);
  const { format } = await ctx.citing.format(settings, ctx.folders.folderOf(doc.uri));
  return params.context.diagnostics.flatMap((d) => codeActionsFor(d, doc.uri, doc.getText(), doc.version, settings.citationStyle, references, format, ctx.clientCommands));
}
