/**
 * The language server: documents and settings in, diagnostics, hovers, quick
 * fixes, completion and definitions out. All verdicts come from the engine's
 * `checkSentence` and `checkCitations`; this file only adapts.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve, sep } from "node:path";
import {
  type CompletionItem, type Connection, type Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesNotification, ErrorCodes,
  type Hover, ResponseError, type InitializeResult, type Location, type Position, TextDocumentSyncKind, TextDocuments, type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { type CancellationToken, type Evidence, type Finding, LineIndex } from "../engine";
import { checkCitations, checkSentence, defaultCheckSettings, resolveCitation } from "../engine/check";
import { quoteAtEdits } from "../engine/edits/citations";
import { analyzeDraft } from "../engine/markdown/draft";
import type { DraftAnalysis, DraftSentence } from "../engine/markdown/types";
import { indexTerms } from "../engine/retrieval/evidenceIndex";
import {
  citationEdit, citationHover, codeActionsFor, DOCS_URL, hoverFor, rangeIn, type References, reportClaim, sourceUri, toDiagnostic,
} from "./convert";
import { ARCHIVE_STATUS, ArchiveSource } from "./archive";
import { CorpusPaths, CorpusStore, type LoadedCorpus } from "./corpora";
import { defaultCacheDir } from "../node/corpusCache";
import { citationAt } from "./markers";
import { applyProjectRules, configUri, isProjectConfig, mergeProjectSettings, ProjectConfigs } from "./projectConfigs";
import { DEFAULT_SETTINGS, validateSettings, type Settings } from "./settings";
import { CONFIG_FILE } from "../project/config";
import { limitToWorkspace, outsideWorkspace } from "./trust";
import { fileOfSourceTextUri, setClientShowsSourceText } from "./sourceText";
import { Citing, type DocumentCiting } from "./citing";
import { citationCompletions, citationPrefix } from "./completion";
import { pageAt } from "../engine/corpus/extracted";
import { reportPage } from "./reportPage";

/** What the client may say in `initializationOptions`. */
interface InitializationOptions {
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

/** What the server knows about one open document: the findings of the last version it published. */
interface DocumentState {
  /** The version the findings are for. */
  version: number;
  findings: Finding[];
  analysis?: DraftAnalysis;
  /** The corpus the findings came from (hovers answer from it, even while a new corpus is indexed). */
  loaded?: LoadedCorpus;
  timer?: NodeJS.Timeout;
  /** Incremented per check; a check whose number is stale publishes nothing. */
  run: number;
  /** The document's `grounded.debounceMs`, as of its last check. */
  debounceMs: number;
  /** The document's settings as of its last check: hovers use them rather than ask the editor again. */
  settings?: Settings;
  /** How the document cites (its bibliography and CSL style) as of its last check. */
  citing?: DocumentCiting;
}

/** The tally the client shows in its status bar (`grounded/status`). */
export interface StatusParams {
  uri: string;
  version: number;
  supported: number;
  contradicted: number;
  unsupported: number;
}

const CACHE_LIMIT = 20_000;
/** Drafts longer than this many characters report their check as progress. */
const LONG_DRAFT = 100_000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const pathsCache = new Map<string, CorpusPaths>();
  /** Settings messages already shown, so a bad value is reported once, not on every keystroke. */
  const reported = new Set<string>();
  let folders: string[] = [];
  let hasConfiguration = false;
  let hasProgress = false;
  let watchesCorpus = false;
  /** The persisted index's folder: the editor's storage for this extension when it says, else the user's cache folder. */
  let cacheDir: string | null = defaultCacheDir();
  let canRegisterWatchers = false;
  let hasWorkspaceFolders = false;
  let untrusted = false;

  const log = (message: string) => connection.console.log(message);
  // A bibliography or CSL style that cannot be used is said once, like a bad setting.
  const citing = new Citing((p) => reportSettings([`grounded: ${p.file}: ${p.message}`]), () => untrusted);
  const configs = new ProjectConfigs({
    openText: (file) => documents.get(configUri(file))?.getText(),
    publish: (file, diagnostics) => void connection.sendDiagnostics({ uri: configUri(file), diagnostics }),
  });
  /** Starts a progress report in the editor, when it can show one. */
  const startProgress = async (title: string, message: string) => {
    if (!hasProgress) return undefined;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin(title, 0, message);
    return progress;
  };
  const store = new CorpusStore({
    log,
    ready: () => recheckAll(),
    get cacheDir() {
      return cacheDir;
    },
    progress: startProgress,
  });

  // The shared archive (`grounded.archive.url`), when one is set; the local corpus otherwise (see archive.ts).
  const archive = new ArchiveSource({ log, notify: (s) => void connection.sendNotification(ARCHIVE_STATUS, s), reconnected: () => recheckAll() });
  const configureArchive = async () => {
    if (hasConfiguration) archive.configure((await connection.workspace.getConfiguration({ section: "grounded" }))?.archive?.url);
  };

  /** Wraps a notification handler: a failure is logged, and the server goes on. */
  const safe = <A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        log(`grounded: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };

  /** Wraps a request handler: a failure is logged and answered with an error naming the request; the next request works. */
  const request = <A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(`grounded: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        throw new ResponseError(ErrorCodes.InternalError, `grounded: ${name} failed: ${(e as Error)?.message ?? String(e)}`);
      }
    };

  connection.onInitialize((params): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    hasProgress = !!params.capabilities.window?.workDoneProgress;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    canRegisterWatchers = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const init = params.initializationOptions as InitializationOptions | undefined;
    watchesCorpus = !!init?.watchesCorpus;
    if (typeof init?.cacheDir === "string" && init.cacheDir) cacheDir = init.cacheDir;
    else if (init?.cacheDir === null) cacheDir = null;
    untrusted = init?.untrusted === true;
    setClientShowsSourceText(init?.sourceText === true);
    folders = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (!folders.length && params.rootUri) folders = [fileURLToPath(params.rootUri)];
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
  });

  connection.onInitialized(() => {
    void configureArchive().catch(() => undefined);
    // Editors whose client does not watch the corpus itself get a registration (Neovim and Emacs can honour it).
    if (!watchesCorpus && canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.{txt,md,markdown,html,htm,pdf,docx}" }, { globPattern: `**/${CONFIG_FILE}` }],
      }).catch(() => undefined);
    }
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(safe("workspaceFolders", undefined, (e) => {
        folders = folders.filter((f) => !e.removed.some((r) => fileURLToPath(r.uri) === f)).concat(e.added.map((a) => fileURLToPath(a.uri)));
        recheckAll();
      }));
    }
  });

  /** The workspace folder that holds a document (the longest match), else the first folder. */
  function folderOf(uri: string): string {
    const path = uri.startsWith("file:") ? fileURLToPath(uri) : "";
    const inside = folders.filter((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
    return inside.sort((a, b) => b.length - a.length)[0] ?? folders[0] ?? process.cwd();
  }

  async function editorSettingsFor(uri: string): Promise<Settings> {
    if (!hasConfiguration) return DEFAULT_SETTINGS;
    const raw = await connection.workspace.getConfiguration({ scopeUri: uri, section: "grounded" });
    const problems: string[] = [];
    const s = validateSettings(raw, problems);
    reportSettings(problems);
    return s;
  }

  /** Logs and shows each settings message once (not on every keystroke). */
  function reportSettings(problems: string[]): void {
    for (const p of problems) {
      if (reported.has(p)) continue;
      reported.add(p);
      log(p);
      // A client that cannot show messages still has the log line.
      Promise.resolve(connection.window.showWarningMessage(p) as unknown).catch(() => undefined);
    }
  }

  /**
   * In an untrusted workspace, the corpus paths that lead outside the workspace
   * folder are dropped, each with a message; in a trusted one they are read and
   * noted once in the log (hovers will quote files from there).
   */
  function trustedPaths(uri: string, s: Settings): Settings {
    const root = folderOf(uri);
    if (untrusted) {
      const problems: string[] = [];
      const corpusPaths = limitToWorkspace(s.corpusPaths, root, problems);
      reportSettings(problems);
      return problems.length ? { ...s, corpusPaths } : s;
    }
    for (const p of outsideWorkspace(s.corpusPaths, root)) {
      const note = `grounded.corpus.paths: "${p}" is outside the workspace folder; it is read because the workspace is trusted`;
      if (!reported.has(note)) log(note);
      reported.add(note);
    }
    return s;
  }

  /** The editor's settings with the nearest `.grounded.jsonc` over them (the file wins where it says something). */
  async function settingsFor(uri: string): Promise<Settings> {
    const editor = await editorSettingsFor(uri);
    if (!uri.startsWith("file:")) return trustedPaths(uri, editor);
    const file = configs.fileFor(fileURLToPath(uri), folderOf(uri));
    // The project file's corpus paths come from the workspace too: the same limit applies to them.
    return trustedPaths(uri, file ? mergeProjectSettings(editor, file, configs.read(file)) : editor);
  }

  function pathsFor(uri: string, settings: Settings): CorpusPaths {
    const root = folderOf(uri);
    const key = `${root}\u0000${settings.corpusPaths.join("\u0000")}\u0001${settings.ignoreSources.join("\u0000")}`;
    let paths = pathsCache.get(key);
    if (!paths) {
      paths = new CorpusPaths(root, settings.corpusPaths, settings.ignoreSources);
      pathsCache.set(key, paths);
    }
    return paths;
  }

  /** The corpus for a document now: the last one built, else (first use) the one being built. */
  async function corpusNow(uri: string): Promise<LoadedCorpus> {
    const paths = pathsFor(uri, await settingsFor(uri));
    return store.latest(paths) ?? store.get(paths);
  }

  function stateOf(doc: TextDocument): DocumentState {
    let state = states.get(doc.uri);
    if (!state) {
      state = { version: -1, findings: [], run: 0, debounceMs: DEFAULT_SETTINGS.debounceMs };
      states.set(doc.uri, state);
    }
    return state;
  }

  function schedule(doc: TextDocument, delay?: number): void {
    const state = stateOf(doc);
    clearTimeout(state.timer);
    // A newer edit makes any check under way stale at once.
    state.run++;
    state.timer = setTimeout(() => void validate(doc.uri), delay ?? state.debounceMs);
  }

  function recheckAll(): void {
    for (const d of documents.all()) schedule(d, 0);
  }

  /** The verdict of one sentence, from the corpus's cache when the same sentence was checked before. */
  function cachedCheck(s: DraftSentence, text: string, loaded: LoadedCorpus): Finding {
    const raw = text.slice(s.span.start, s.span.end);
    const hit = loaded.verdicts.get(raw);
    if (hit) {
      // The same words, perhaps elsewhere in the document: move the spans with the sentence.
      const delta = s.span.start - hit.span.start;
      const correction = hit.correction && { ...hit.correction, span: { start: hit.correction.span.start + delta, end: hit.correction.span.end + delta } };
      return { ...hit, span: s.span, citations: s.citations, correction };
    }
    const f = checkSentence(s, loaded.corpus, defaultCheckSettings);
    if (loaded.verdicts.size > CACHE_LIMIT) loaded.verdicts.clear();
    loaded.verdicts.set(raw, f);
    return f;
  }

  const validate = safe("check", undefined, async (uri: string) => {
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (!doc || !state || isProjectConfig(uri)) return;
    const run = state.run;
    const version = doc.version;
    // Cancelled once the document changes, closes, or another check starts.
    const token: CancellationToken = {
      get isCancellationRequested() {
        return states.get(uri) !== state || state.run !== run || documents.get(uri)?.version !== version;
      },
    };
    const settings = await settingsFor(uri);
    state.debounceMs = settings.debounceMs;
    state.settings = settings;
    // While a changed corpus is indexed again, check against the last one built: `ready` checks again after.
    // With a shared archive set (`grounded.archive.url`) that answers, its evidence instead (see archive.ts).
    const paths = pathsFor(uri, settings);
    const load = store.get(paths);
    const loaded =
      (await archive.loadedFor(doc.getText(), { checkHeadings: settings.checkHeadings, root: folderOf(uri) })) ?? store.latest(paths) ?? (await load);
    if (token.isCancellationRequested) return;
    const text = doc.getText();
    // A long draft takes seconds: the editor shows that it is being checked (and when a newer edit cancels it).
    const progress = text.length > LONG_DRAFT ? await startProgress("Grounded: checking", uri.split("/").pop() ?? uri) : undefined;
    try {
      await check(uri, doc, state, text, version, settings, loaded, token);
    } finally {
      progress?.done();
    }
  });

  async function check(
    uri: string, doc: TextDocument, state: DocumentState, text: string, version: number, settings: Settings, loaded: LoadedCorpus, token: CancellationToken,
  ): Promise<void> {
    const analysis = analyzeDraft(text, { checkHeadings: settings.checkHeadings });
    const findings: Finding[] = [];
    let fresh = 0;
    let seen = 0;
    for (const s of analysis.sentences) {
      if (!s.isClaim || s.ignored) continue;
      const cachedBefore = loaded.verdicts.has(text.slice(s.span.start, s.span.end));
      findings.push(cachedCheck(s, text, loaded));
      // Yield now and then so that hovers and newer edits are answered; a stale check stops there.
      if ((!cachedBefore && ++fresh % 10 === 0) || ++seen % 500 === 0) {
        await new Promise((r) => setImmediate(r));
        if (token.isCancellationRequested) return;
      }
    }
    if (token.isCancellationRequested) return;
    const lines = new LineIndex(text);
    const path = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
    const cites = await citing.forDocument(uri, analysis.frontMatterData, settings, folderOf(uri), loaded);
    if (token.isCancellationRequested) return;
    const project = applyProjectRules(findings, checkCitations(findings, analysis, loaded.corpus, cites.bibliography?.byKey), settings, path, folderOf(uri));
    let diagnostics: Diagnostic[] = project.findings.flatMap((f) => {
      const d = toDiagnostic(f, lines, loaded.corpus, cites.cite, settings, version, loaded.root);
      const reason = project.accepted.get(f);
      // An accepted claim stays visible, quietly, with the team's reason.
      if (d && reason !== undefined) return [{ ...d, severity: DiagnosticSeverity.Hint, message: `Accepted (${reason}): ${d.message}` }];
      return d ? [d] : [];
    });
    for (const c of project.citations) {
      diagnostics.push({
        range: lines.rangeOf(c.span), severity: DiagnosticSeverity.Warning, source: "grounded", code: c.code,
        codeDescription: { href: `${DOCS_URL}#${c.code}` }, message: c.message,
      });
    }
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    if (diagnostics.length > settings.maxDiagnostics) {
      // Say so at the top rather than let the editor cut the list silently.
      const total = diagnostics.length;
      const shown = Math.max(0, settings.maxDiagnostics - 1);
      diagnostics = diagnostics.slice(0, shown);
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information, source: "grounded", code: "too-many-claims",
        codeDescription: { href: `${DOCS_URL}#too-many-claims` },
        message: `Grounded shows ${shown} of ${total} findings; ${total - shown} more are not shown (raise grounded.maxDiagnostics or run "grounded check").`,
      });
    }
    Object.assign(state, { version, findings, analysis, loaded, citing: cites });
    await connection.sendDiagnostics({ uri, version, diagnostics });
    const tally: StatusParams = { uri, version, supported: 0, contradicted: 0, unsupported: 0 };
    for (const f of project.findings) if (!project.accepted.has(f)) tally[f.verdict]++;
    await connection.sendNotification("grounded/status", tally);
  }

  /** A project file changed (on disk, or open in the editor): re-read it, publish its problems, check every document again. */
  const projectFileChanged = (file: string) => {
    configs.changed(file);
    recheckAll();
  };
  documents.onDidOpen(safe("open", undefined, (e) => (isProjectConfig(e.document.uri) ? projectFileChanged(fileURLToPath(e.document.uri)) : schedule(e.document, 0))));
  documents.onDidChangeContent(safe("change", undefined, (e) => (isProjectConfig(e.document.uri) ? projectFileChanged(fileURLToPath(e.document.uri)) : schedule(e.document))));
  documents.onDidClose(safe("close", undefined, (e) => {
    if (isProjectConfig(e.document.uri)) {
      // Back to the file on disk.
      projectFileChanged(fileURLToPath(e.document.uri));
      return;
    }
    clearTimeout(states.get(e.document.uri)?.timer);
    states.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));
  connection.onDidChangeConfiguration(safe("configuration", undefined, () => {
    reported.clear();
    void configureArchive().catch(() => undefined);
    recheckAll();
  }));
  connection.onDidChangeWatchedFiles(safe("watchedFiles", undefined, (e) => {
    const files = e.changes.filter((c) => c.uri.startsWith("file:")).map((c) => fileURLToPath(c.uri));
    const projectFiles = files.filter(isProjectConfig);
    for (const f of projectFiles) configs.changed(f);
    // Only changes to source files and project files matter, not edits to the drafts themselves.
    if (store.invalidate(files.filter((f) => !isProjectConfig(f))) || projectFiles.length) recheckAll();
  }));
  // The user granted workspace trust: corpus paths outside the workspace may be read now.
  connection.onNotification("grounded/trusted", safe("trusted", undefined, () => {
    if (!untrusted) return;
    untrusted = false;
    reported.clear();
    recheckAll();
  }));
  connection.onRequest("grounded/reindex", request("reindex", () => {
    store.invalidate();
    recheckAll();
    return null;
  }));

  /** How a document cites now: from its last check when that is current, else worked out for this request. */
  async function citingFor(doc: TextDocument, loaded: LoadedCorpus): Promise<DocumentCiting> {
    const state = states.get(doc.uri);
    if (state?.citing && state.version === doc.version && state.loaded === loaded) return state.citing;
    const analysis = state?.version === doc.version && state.analysis ? state.analysis : analyzeDraft(doc.getText(), { checkHeadings: false });
    return citing.forDocument(doc.uri, analysis.frontMatterData, await settingsFor(doc.uri), folderOf(doc.uri), loaded);
  }

  /** The finding of the current version that covers `offset`. */
  const findingAt = (doc: TextDocument, offset: number): { finding: Finding; state: DocumentState } | undefined => {
    const state = states.get(doc.uri);
    if (!state || state.version !== doc.version) return undefined;
    const finding = state.findings.find((f) => f.span.start <= offset && offset <= f.span.end);
    return finding && { finding, state };
  };

  /** The cited article and, when the sentence's evidence comes from it, that passage. */
  function resolveMarker(doc: TextDocument, offset: number, loaded: LoadedCorpus) {
    const text = doc.getText();
    const state = states.get(doc.uri);
    const analysis = state?.version === doc.version && state.analysis ? state.analysis : analyzeDraft(text, { checkHeadings: false });
    const hit = citationAt(text, analysis, offset);
    if (!hit) return undefined;
    const articleId = resolveCitation(hit.key, analysis, loaded.corpus, state?.version === doc.version ? state.citing?.bibliography?.byKey : undefined);
    const article = articleId ? loaded.corpus.article(articleId) : undefined;
    const finding = state?.version === doc.version ? state.findings.find((f) => f.citations.some((c) => c.span.start === hit.span.start)) : undefined;
    const evidence: Evidence | undefined = article ? finding?.evidence.find((e) => e.articleId === article.id) : undefined;
    return { hit, article, evidence };
  }

  const indexing: Hover = { contents: { kind: "markdown", value: "Grounded is indexing the sources…" } };

  connection.onHover(request("hover", async (params): Promise<Hover | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const offset = doc.offsetAt(params.position);
    const lines = new LineIndex(doc.getText());
    // Never wait for indexing: answer from the corpus the findings came from, or the last one built.
    const claim = findingAt(doc, offset);
    const paths = pathsFor(doc.uri, states.get(doc.uri)?.settings ?? (await settingsFor(doc.uri)));
    const loaded = claim?.state.loaded ?? store.latest(paths);
    if (!loaded) return indexing;
    // Say so when the answer comes from an index that is being rebuilt.
    const note = (h: Hover): Hover => {
      if (!store.isIndexing(paths) || typeof h.contents !== "object" || !("kind" in h.contents)) return h;
      return { ...h, contents: { ...h.contents, value: `${h.contents.value}\n\n---\n\n_Grounded is re-indexing the sources; this is from the previous index._` } };
    };
    const marker = resolveMarker(doc, offset, loaded);
    if (marker) return note({ contents: citationHover(marker.hit.key, marker.article, marker.evidence, loaded.root), range: lines.rangeOf(marker.hit.span) });
    if (!claim) return null;
    return note({ contents: hoverFor(claim.finding, loaded.corpus, loaded.root), range: lines.rangeOf(claim.finding.span) });
  }));

  /** The CSL-JSON bibliography beside a draft: open in the editor, on disk, or not yet there. */
  async function referencesFor(doc: TextDocument, settings: Settings): Promise<References | undefined> {
    if (settings.citationStyle !== "pandoc" || !doc.uri.startsWith("file:")) return undefined;
    const uri = new URL("references.json", doc.uri).toString();
    const open = documents.get(uri);
    if (open) return { uri, text: open.getText(), version: open.version };
    try {
      return { uri, text: await readFile(fileURLToPath(uri), "utf8") };
    } catch {
      return { uri, text: null };
    }
  }

  connection.onCodeAction(request("codeAction", async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const settings = await settingsFor(doc.uri);
    const references = await referencesFor(doc, settings);
    const { format } = citing.format(settings, folderOf(doc.uri));
    return params.context.diagnostics.flatMap((d) => codeActionsFor(d, doc.uri, doc.getText(), doc.version, settings.citationStyle, references, format));
  }));

  connection.onDefinition(request("definition", async (params): Promise<Location | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const loaded = await corpusNow(doc.uri);
    const marker = resolveMarker(doc, doc.offsetAt(params.position), loaded);
    if (!marker?.article) return null;
    // The passage that bears on the sentence, else the article's first passage, else the start of the file.
    const span = marker.evidence?.span ?? marker.article.passages[0]?.span ?? { start: 0, end: 0 };
    return { uri: sourceUri(marker.article, loaded.root), range: rangeIn(marker.article, span) };
  }));

  // The URLs of footnote definitions are links.
  connection.onDocumentLinks(request("documentLinks", (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const lines = new LineIndex(text);
    return analyzeDraft(text, { checkHeadings: false }).footnotes.flatMap((f) => {
      if (!f.url || !/^https?:\/\//i.test(f.url)) return [];
      const at = text.indexOf(f.url, f.span.start);
      return at < 0 || at > f.span.end ? [] : [{ range: lines.rangeOf({ start: at, end: at + f.url.length }), target: f.url }];
    });
  }));

  connection.onCompletion(request("completion", async (params): Promise<CompletionItem[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const offset = doc.offsetAt(params.position);
    if (!citationPrefix(text, offset)) return [];
    const loaded = await corpusNow(doc.uri);
    return citationCompletions(text, offset, params.position, loaded, await citingFor(doc, loaded));
  }));

  connection.onRequest("grounded/report", request("report", (params: { uri: string }) => {
    const state = states.get(params.uri);
    const doc = documents.get(params.uri);
    if (!state?.loaded || !doc || state.version < 0) return null;
    const lines = new LineIndex(doc.version === state.version ? doc.getText() : "");
    const { corpus, keys, root } = state.loaded;
    return { uri: params.uri, version: state.version, claims: state.findings.map((f) => reportClaim(f, lines, corpus, state.citing?.cite ?? keys, root)) };
  }));

  // The same page as `grounded check --format html`, for the client's webview (its nonce allows the page's style and script).
  connection.onRequest("grounded/reportHtml", request("reportHtml", async (params: { uri: string; nonce: string }) => {
    const state = states.get(params.uri);
    const doc = documents.get(params.uri);
    if (!state?.loaded || !state.analysis || !doc || state.version !== doc.version || typeof params.nonce !== "string") return null;
    const settings = state.settings ?? (await settingsFor(doc.uri));
    return reportPage({
      uri: doc.uri, text: doc.getText(), findings: state.findings, analysis: state.analysis, corpus: state.loaded.corpus,
      citing: await citingFor(doc, state.loaded), settings, folder: folderOf(doc.uri), nonce: params.nonce,
    });
  }));

  connection.onRequest("grounded/searchPassages", request("searchPassages", async (params: { uri?: string; query: string; limit?: number }) => {
    if (typeof params?.query !== "string" || !params.query.trim()) return [];
    const uri = params.uri ?? pathToFileURL(resolve(folders[0] ?? process.cwd(), "untitled.md")).toString();
    const loaded = await corpusNow(uri);
    const limit = Math.min(Math.max(1, params.limit ?? 20), 100);
    return loaded.corpus.index.search(indexTerms(params.query), limit).map((h) => {
      const a = loaded.corpus.articles[h.article];
      const p = a.passages[h.passage];
      return {
        articleId: a.id, passage: h.passage, key: loaded.keys.get(a.id) ?? a.id, title: a.title, outlet: a.outlet, date: a.date, url: a.url,
        quote: a.text.slice(p.span.start, p.span.end).replace(/\s+/g, " "), uri: sourceUri(a, loaded.root), line: new LineIndex(a.text).positionAt(p.span.start).line,
      };
    });
  }));

  // The edit that quotes a passage at the cursor with its citation (the client's "Search sources" command).
  connection.onRequest("grounded/quoteEdit", request("quoteEdit", async (params: { uri: string; position: Position; articleId: string; passage: number }): Promise<WorkspaceEdit | null> => {
    const doc = documents.get(params.uri);
    if (!doc) return null;
    const settings = await settingsFor(doc.uri);
    const loaded = await corpusNow(doc.uri);
    const article = loaded.corpus.article(params.articleId);
    const passage = article?.passages[params.passage];
    if (!article || !passage) return null;
    const text = doc.getText();
    const cites = await citingFor(doc, loaded);
    const page = pageAt(article, passage.span.start);
    const source = { ...cites.cite(article), ...(page !== undefined ? { page } : {}) };
    const quote = article.text.slice(passage.span.start, passage.span.end);
    const edits = quoteAtEdits(text, doc.offsetAt(params.position), quote, source, settings.citationStyle, cites.format);
    return citationEdit(doc.uri, doc.version, text, edits, [source], settings.citationStyle, await referencesFor(doc, settings)) ?? null;
  }));

  // The extracted text of a PDF or Word source, for the client's read-only `grounded-source:` documents.
  connection.onRequest("grounded/sourceText", request("sourceText", (params: { uri: string }) => {
    const file = fileOfSourceTextUri(params?.uri ?? "");
    return file ? store.findArticle(file)?.article.text ?? null : null;
  }));

  // Whatever goes wrong in one handler, the server goes on.
  process.on("uncaughtException", (e) => log(`grounded: uncaught: ${e?.stack ?? e}`));
  process.on("unhandledRejection", (e) => log(`grounded: unhandled rejection: ${(e as Error)?.stack ?? e}`));
  documents.listen(connection);
  connection.listen();
}
