/**
 * The language server: wires the connection to the features, each in its own
 * file (as in vscode-markdown-languageservice): `scheduler.ts` decides when a
 * document is checked, `checker.ts` checks it, `diagnostics.ts` publishes the
 * findings, and one provider per request answers from the last check
 * (`hover.ts`, `codeActions.ts`, `completion.ts`, `definition.ts`,
 * `links.ts`, `report.ts`, `reportHtml.ts`, `search.ts`, `sourceText.ts`);
 * `citing.ts` says how each document cites. Files are read only through the
 * injected `Workspace`. Every handler goes through `handlers.ts`: a failure is
 * answered or logged, and the server goes on.
 */
import { fileURLToPath } from "node:url";
import { type Connection, DidChangeWatchedFilesNotification, type InitializeParams, type InitializeResult, TextDocumentSyncKind, TextDocuments } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { type DraftChecker, SOURCE_EXTENSIONS } from "../engine";
import { CONFIG_FILE } from "../project/config";
import { DEFAULT_SETTINGS } from "../project/settings";
import type { Workspace } from "../project/workspace";
import { ARCHIVE_STATUS, ArchiveSource } from "./archive";
import { checkDocumentNow, checkOnThisThread } from "./checker";
import { Citing } from "./citing";
import { provideCodeActions } from "./codeActions";
import { provideCompletion } from "./completion";
import type { Progress, ServerContext } from "./context";
import { CorpusStore, DocumentCorpora } from "./corpora";
import { provideDefinition } from "./definition";
import { publishDiagnostics } from "./diagnostics";
import { Folders, foldersOnDisk } from "./folders";
import { type Log, notification, request } from "./handlers";
import { provideHover } from "./hover";
import { provideLinks } from "./links";
import { configUri, isProjectConfig, ProjectConfigs } from "./projectConfigs";
import { provideReport } from "./report";
import { provideReportHtml } from "./reportHtml";
import { DocumentScheduler } from "./scheduler";
import { quoteEdit, searchPassages } from "./search";
import { DocumentSettings } from "./settings";
import { provideSourceText } from "./sourceText";

/** What the client may say in `initializationOptions`. */
export interface InitializationOptions {
  /** The client watches the corpus files itself (VS Code's FileSystemWatcher), so the server registers no watcher. */
  watchesCorpus?: boolean;
  /** Where to keep the persisted index (VS Code: the extension's global storage); `null` turns it off. */
  cacheDir?: string | null;
  /**
   * The workspace is not trusted (VS Code's workspace trust): corpus paths are
   * limited to the workspace folder. The client sends `grounded/trusted` once
   * the user grants trust.
   */
  untrusted?: boolean;
  /** The client opens `grounded-source:` documents (the text extracted from PDF and Word sources) through `grounded/sourceText`. */
  sourceText?: boolean;
}

/**
 * The reading model's switch (`grounded.model`, one per window, like the
 * archive) and the folder its answers are kept in, as this server last read
 * them; the draft checkers (`node/nli/`) read it at each check.
 */
export interface ReadingSwitch {
  wanted: boolean;
  cacheDir: string | null;
}

/** The values of `grounded.model`. */
const MODEL_CHOICES = ["auto", "off"];

/** What the client said at `initialize`. */
interface ClientState {
  hasConfiguration: boolean;
  hasProgress: boolean;
  hasWorkspaceFolders: boolean;
  canRegisterWatchers: boolean;
  watchesCorpus: boolean;
  untrusted: boolean;
  sourceText: boolean;
  cacheDir: string | null;
}

/** The requests the server answers, each by its provider; `startServer` registers them all through `request()`. */
export const REQUESTS = {
  "textDocument/hover": provideHover,
  "textDocument/codeAction": provideCodeActions,
  "textDocument/definition": provideDefinition,
  "textDocument/documentLink": provideLinks,
  "textDocument/completion": provideCompletion,
  "grounded/report": provideReport,
  "grounded/reportHtml": provideReportHtml,
  "grounded/sourceText": provideSourceText,
  "grounded/searchPassages": searchPassages,
  "grounded/quoteEdit": quoteEdit,
} as const;

/**
 * Starts the server on `connection`, reading files through `workspace`;
 * `defaultCacheDir` is the persisted index's folder unless the client names
 * one; `drafts` checks drafts (the server's check worker, else this thread);
 * `reading` is the reading model's switch the server keeps up to date for them.
 */
export function startServer(
  connection: Connection, workspace: Workspace, defaultCacheDir: string | null, drafts: DraftChecker = checkOnThisThread, reading: ReadingSwitch = { wanted: false, cacheDir: null },
): void {
  const documents = new TextDocuments(TextDocument);
  const log: Log = (message) => connection.console.log(message);
  const client: ClientState = {
    hasConfiguration: false, hasProgress: false, hasWorkspaceFolders: false, canRegisterWatchers: false, watchesCorpus: false, untrusted: false, sourceText: false,
    cacheDir: defaultCacheDir,
  };
  // The store and the archive ask for every document to be checked again; the scheduler exists only once the context does.
  let recheckAll = () => {};
  const ctx = createContext(connection, documents, workspace, log, client, () => recheckAll(), drafts);
  const scheduler = new DocumentScheduler(
    notification(log, "check", (uri: string, token) => checkDocumentNow(ctx, uri, token, (ms) => scheduler.setDebounce(uri, ms), async (checked) => {
      ctx.checked.set(uri, checked);
      await publishDiagnostics(ctx, checked);
    })),
    DEFAULT_SETTINGS.debounceMs,
  );
  recheckAll = () => scheduler.scheduleAll();
  connection.onInitialize(request(log, "initialize", (params: InitializeParams) => {
    const result = initialize(params, client, ctx);
    reading.cacheDir = client.cacheDir;
    return result;
  }));
  connection.onInitialized(notification(log, "initialized", () => initialized(ctx, client, scheduler, reading)));
  registerDocuments(ctx, client, scheduler, reading);
  for (const [method, provide] of Object.entries(REQUESTS)) {
    connection.onRequest(method, request(log, method.replace(/^.*\//, ""), (params: never) => (provide as (c: ServerContext, p: never) => unknown)(ctx, params)));
  }
  connection.onRequest("grounded/reindex", request(log, "reindex", () => {
    ctx.corpora.store.invalidate();
    scheduler.scheduleAll();
    return null;
  }));
  documents.listen(connection);
  connection.listen();
}

function createContext(
  connection: Connection, documents: TextDocuments<TextDocument>, workspace: Workspace, log: Log, client: ClientState, recheckAll: () => void, drafts: DraftChecker,
): ServerContext {
  const folders = new Folders(() => process.cwd());
  const configs = new ProjectConfigs({
    workspace,
    openText: (file) => documents.get(configUri(file))?.getText(),
    publish: (file, diagnostics) => void connection.sendDiagnostics({ uri: configUri(file), diagnostics }),
  });
  const settings = new DocumentSettings({
    connection, workspace, folders, configs, log, hasConfiguration: () => client.hasConfiguration, untrusted: () => client.untrusted,
  });
  const progress = async (title: string, message: string): Promise<Progress | undefined> => {
    if (!client.hasProgress) return undefined;
    const p = await connection.window.createWorkDoneProgress().catch(() => undefined);
    p?.begin(title, 0, message);
    return p;
  };
  const store = new CorpusStore({
    workspace, log, progress, ready: recheckAll, replaced: (old) => drafts.forget?.(old.session),
    get cacheDir() {
      return client.cacheDir;
    },
  });
  const corpora = new DocumentCorpora(store, (uri) => folders.folderOf(uri), (uri) => settings.for(uri));
  // The shared archive (`grounded.archive.url`), when one is set; the local corpus otherwise (see archive.ts).
  const archive = new ArchiveSource({ log, notify: (s) => void connection.sendNotification(ARCHIVE_STATUS, s), reconnected: recheckAll });
  const citing = new Citing({ workspace, report: (p) => settings.report([`grounded: ${p.file}: ${p.message}`]), untrusted: () => client.untrusted });
  const sourceLinks = (root: string) => ({ root, extractedText: client.sourceText });
  return { connection, documents, workspace, log, folders, configs, settings, corpora, archive, citing, drafts, checked: new Map(), progress, sourceLinks, clientCommands: new Set() };
}

function initialize(params: InitializeParams, client: ClientState, ctx: ServerContext): InitializeResult {
  client.hasConfiguration = !!params.capabilities.workspace?.configuration;
  client.hasProgress = !!params.capabilities.window?.workDoneProgress;
  client.hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
  client.canRegisterWatchers = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const init = params.initializationOptions as InitializationOptions | undefined;
  client.watchesCorpus = !!init?.watchesCorpus;
  if (typeof init?.cacheDir === "string" && init.cacheDir) client.cacheDir = init.cacheDir;
  else if (init?.cacheDir === null) client.cacheDir = null;
  client.untrusted = init?.untrusted === true;
  client.sourceText = init?.sourceText === true;
  // Only folders on disk are read (the extension declares no virtual workspaces); another editor may open others.
  const skipped = (uri: string) => ctx.log(`grounded: the workspace folder ${uri} is not on disk (not a file: URI); its sources are not read`);
  const uris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
  ctx.folders.set(foldersOnDisk(uris, skipped));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ["quickfix"] },
      definitionProvider: true,
      documentLinkProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: ["^", "@"] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "grounded", version: "0.1.0" },
  };
}

/** The server's own settings, the archive's and the reading model's, read again (at start and when settings change); whether the model's changed. */
async function configureServer(ctx: ServerContext, client: ClientState, reading: ReadingSwitch): Promise<boolean> {
  if (!client.hasConfiguration) return false;
  const section = await ctx.connection.workspace.getConfiguration({ section: "grounded" });
  ctx.archive.configure(section?.archive?.url);
  const model: unknown = section?.model ?? "auto";
  if (!MODEL_CHOICES.includes(model as string)) ctx.settings.report([`grounded.model: ${JSON.stringify(model)} is not auto or off; using auto`]);
  const wanted = model !== "off";
  const changed = wanted !== reading.wanted;
  reading.wanted = wanted;
  return changed;
}

function initialized(ctx: ServerContext, client: ClientState, scheduler: DocumentScheduler, reading: ReadingSwitch): void {
  // Documents opened before the settings were read are checked again if the model's setting is not what they were checked with.
  void configureServer(ctx, client, reading).then((changed) => changed && scheduler.scheduleAll()).catch(() => undefined);
  // Editors whose client does not watch the corpus itself get a registration (Neovim and Emacs can honour it).
  if (!client.watchesCorpus && client.canRegisterWatchers) {
    void ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/*.{${SOURCE_EXTENSIONS.join(",")}}` }, { globPattern: `**/${CONFIG_FILE}` }],
    }).catch(() => undefined);
  }
  if (client.hasWorkspaceFolders) {
    ctx.connection.workspace.onDidChangeWorkspaceFolders(notification(ctx.log, "workspaceFolders", (e) => {
      ctx.folders.change(e.added.map((a) => a.uri), e.removed.map((r) => r.uri));
      scheduler.scheduleAll();
    }));
  }
}

/** Documents opening, changing and closing; settings, watched files and trust changing; the client's commands. */
function registerDocuments(ctx: ServerContext, client: ClientState, scheduler: DocumentScheduler, reading: ReadingSwitch): void {
  const { connection, documents, log, configs } = ctx;
  /** A project file changed (on disk, or open in the editor): read it again, publish its problems, check every document again. */
  const projectFileChanged = async (file: string) => {
    await configs.changed(file);
    scheduler.scheduleAll();
  };
  documents.onDidOpen(notification(log, "open", (e) => (isProjectConfig(e.document.uri) ? projectFileChanged(fileURLToPath(e.document.uri)) : scheduler.schedule(e.document.uri, 0))));
  documents.onDidChangeContent(notification(log, "change", (e) => (isProjectConfig(e.document.uri) ? projectFileChanged(fileURLToPath(e.document.uri)) : scheduler.schedule(e.document.uri))));
  documents.onDidClose(notification(log, "close", async (e) => {
    // A project file closed: back to the file on disk.
    if (isProjectConfig(e.document.uri)) return projectFileChanged(fileURLToPath(e.document.uri));
    scheduler.close(e.document.uri);
    ctx.checked.delete(e.document.uri);
    await connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));
  connection.onDidChangeConfiguration(notification(log, "configuration", () => {
    ctx.settings.reset();
    // And again once the server's own settings are read, if the reading model's changed (the checks run with the new one).
    void configureServer(ctx, client, reading).then((changed) => changed && scheduler.scheduleAll()).catch(() => undefined);
    scheduler.scheduleAll();
  }));
  connection.onDidChangeWatchedFiles(notification(log, "watchedFiles", async (e) => {
    const files = e.changes.filter((c) => c.uri.startsWith("file:")).map((c) => fileURLToPath(c.uri));
    const projectFiles = files.filter(isProjectConfig);
    for (const f of projectFiles) await configs.changed(f);
    // Only changes to source files and project files matter, not edits to the drafts themselves.
    if (ctx.corpora.store.invalidate(files.filter((f) => !isProjectConfig(f))) || projectFiles.length) scheduler.scheduleAll();
  }));
  // The client names its own commands that code actions may run (VS Code's *Search sources*); other editors name none.
  connection.onNotification("grounded/clientCommands", notification(log, "clientCommands", (p: { commands?: unknown }) => {
    ctx.clientCommands = new Set(Array.isArray(p.commands) ? p.commands.filter((c): c is string => typeof c === "string") : []);
  }));
  // The user granted workspace trust: corpus paths outside the workspace may be read now.
  connection.onNotification("grounded/trusted", notification(log, "trusted", () => {
    if (!client.untrusted) return;
    client.untrusted = false;
    ctx.settings.reset();
    scheduler.scheduleAll();
  }));
}
