/**
 * The language server: documents and settings in, diagnostics, hovers, quick
 * fixes, completion and definitions out. All verdicts come from the engine's
 * `checkSentence`; this file only adapts.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import Fuse from "fuse.js";
import {
  type CompletionItem, CompletionItemKind, type Connection, DidChangeWatchedFilesNotification, type InitializeResult,
  type Location, TextDocumentSyncKind, TextDocuments, ResponseError,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { buildCorpus, LineIndex, type Corpus, type Finding } from "../engine";
import { checkCitations, checkSentence, defaultCheckSettings } from "../engine/check";
import { uniqueCitationKeys } from "../engine/corpus/ingest";
import { analyzeDraft } from "../engine/markdown/draft";
import type { DraftSentence } from "../engine/markdown/types";
import { indexTerms } from "../engine/retrieval/evidenceIndex";
import { loadCorpus } from "../node/corpusLoader";
import { footnoteText } from "../engine/edits/citations";
import { codeActionsFor, DOCS_URL, hoverFor, sourceUri, toDiagnostic, type References } from "./convert";
import { DEFAULT_SETTINGS, validateSettings, type Settings } from "./settings";

interface LoadedCorpus {
  corpus: Corpus;
  keys: Map<string, string>;
  /** Bumped on every reload, so cached verdicts of an older corpus are not reused. */
  generation: number;
  root: string;
}

interface DocumentState {
  version: number;
  findings: Finding[];
  timer?: NodeJS.Timeout;
  /** Incremented per check; a check whose number is stale publishes nothing. */
  run: number;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const corpora = new Map<string, Promise<LoadedCorpus>>();
  /** Verdicts per sentence text, so an edit re-checks only the sentences it changed. */
  const sentenceCache = new Map<string, Finding>();
  let folders: string[] = [];
  let hasConfiguration = false;
  let hasProgress = false;
  let generation = 0;

  const log = (message: string) => connection.console.log(message);
  const safe = <A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        log(`grounded: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        if (fallback instanceof ResponseError) throw fallback;
        return fallback;
      }
    };

  connection.onInitialize((params): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    hasProgress = !!params.capabilities.window?.workDoneProgress;
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
    // Editors that do not watch the corpus themselves get a registration.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.{txt,md,markdown,html,htm}" }] }).catch(() => undefined);
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders = folders.filter((f) => !e.removed.some((r) => fileURLToPath(r.uri) === f)).concat(e.added.map((a) => fileURLToPath(a.uri)));
      reloadAll();
    });
  });

  function folderOf(uri: string): string {
    const path = uri.startsWith("file:") ? fileURLToPath(uri) : "";
    return folders.filter((f) => path.startsWith(f)).sort((a, b) => b.length - a.length)[0] ?? folders[0] ?? process.cwd();
  }

  async function settingsFor(uri: string): Promise<Settings> {
    if (!hasConfiguration) return DEFAULT_SETTINGS;
    const raw = await connection.workspace.getConfiguration({ scopeUri: uri, section: "grounded" });
    const problems: string[] = [];
    const s = validateSettings(raw, problems);
    for (const p of problems) log(p);
    return s;
  }

  function corpusFor(folder: string, settings: Settings): Promise<LoadedCorpus> {
    const key = `${folder}\u0000${settings.corpusPaths.join("\u0000")}`;
    let loading = corpora.get(key);
    if (!loading) {
      loading = loadFolder(folder, settings);
      corpora.set(key, loading);
    }
    return loading;
  }

  async function loadFolder(folder: string, settings: Settings): Promise<LoadedCorpus> {
    const paths = settings.corpusPaths.map((p) => (isAbsolute(p) ? p : resolve(folder, p)));
    const progress = hasProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin("Grounded: indexing sources", undefined, paths.join(", "));
    try {
      const { articles } = await loadCorpus(paths, { onProblem: (p) => log(`grounded: ${p.file}: ${p.message}`) });
      // Article ids are shown relative to the workspace folder, and resolved against it.
      const relative = articles.map((a) => ({ ...a, id: a.id.startsWith(folder) ? a.id.slice(folder.length + 1) : a.id }));
      const corpus = buildCorpus(relative);
      log(`grounded: indexed ${corpus.articles.length} articles, ${corpus.index.size} passages from ${paths.join(", ")}`);
      return { corpus, keys: uniqueCitationKeys(corpus.articles), generation: ++generation, root: folder };
    } finally {
      progress?.done();
    }
  }

  function reloadAll(): void {
    corpora.clear();
    sentenceCache.clear();
    for (const d of documents.all()) schedule(d, 0);
  }

  function schedule(doc: TextDocument, delay?: number): void {
    const state = states.get(doc.uri) ?? { version: doc.version, findings: [], run: 0 };
    states.set(doc.uri, state);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void validate(doc.uri), delay ?? DEFAULT_SETTINGS.debounceMs);
  }

  function cachedCheck(s: DraftSentence, text: string, loaded: LoadedCorpus): Finding {
    const raw = text.slice(s.span.start, s.span.end);
    const key = `${loaded.generation}\u0000${raw}`;
    const hit = sentenceCache.get(key);
    if (hit) {
      // Same words elsewhere in the document: move the spans with the sentence.
      const delta = s.span.start - hit.span.start;
      const shift = (sp: { start: number; end: number }) => ({ start: sp.start + delta, end: sp.end + delta });
      return { ...hit, span: s.span, citations: s.citations, correction: hit.correction && { ...hit.correction, span: shift(hit.correction.span) } };
    }
    const f = checkSentence(s, loaded.corpus, defaultCheckSettings);
    if (sentenceCache.size > 20_000) sentenceCache.clear();
    sentenceCache.set(key, f);
    return f;
  }

  const validate = safe("check", undefined, async (uri: string) => {
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (!doc || !state) return;
    const run = ++state.run;
    const version = doc.version;
    const settings = await settingsFor(uri);
    const loaded = await corpusFor(folderOf(uri), settings);
    const text = doc.getText();
    const analysis = analyzeDraft(text, { checkHeadings: settings.checkHeadings });
    const findings: Finding[] = [];
    for (const s of analysis.sentences) {
      if (!s.isClaim || s.ignored) continue;
      findings.push(cachedCheck(s, text, loaded));
      // Yield between sentences so hovers and newer edits are answered.
      if (findings.length % 20 === 0) await new Promise((r) => setImmediate(r));
      if (state.run !== run || documents.get(uri)?.version !== version) return; // stale: never published
    }
    state.version = version;
    state.findings = findings;
    const lines = new LineIndex(text);
    let diagnostics = findings.map((f) => toDiagnostic(f, lines, loaded.corpus, loaded.keys, settings, version, loaded.root)).filter((d) => !!d);
    for (const c of checkCitations(findings, analysis, loaded.corpus)) {
      diagnostics.push({ range: lines.rangeOf(c.span), severity: 2, source: "grounded", code: c.code, codeDescription: { href: `${DOCS_URL}#${c.code}` }, message: c.message });
    }
    if (diagnostics.length > settings.maxDiagnostics) {
      // Say so rather than let the editor cut the list silently.
      const total = diagnostics.length;
      const shown = settings.maxDiagnostics - 1;
      diagnostics = diagnostics.slice(0, shown);
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 3, source: "grounded", code: "too-many-claims",
        message: `Grounded shows ${shown} of ${total} findings; ${total - shown} more are not shown (raise grounded.maxDiagnostics or run "grounded check").`,
      });
    }
    await connection.sendDiagnostics({ uri, version, diagnostics });
    const tally = { supported: 0, contradicted: 0, unsupported: 0 };
    for (const f of findings) tally[f.verdict]++;
    await connection.sendNotification("grounded/status", { uri, version, ...tally });
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(states.get(e.document.uri)?.timer);
    states.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeConfiguration(() => reloadAll());
  connection.onDidChangeWatchedFiles((e) => {
    // Only changes to source files matter, not edits to the drafts themselves.
    if (e.changes.some((c) => !documents.get(c.uri))) reloadAll();
  });
  connection.onRequest("grounded/reindex", safe("reindex", null, () => {
    reloadAll();
    return null;
  }));

  const findingAt = (uri: string, offset: number) => states.get(uri)?.findings.find((f) => f.span.start <= offset && offset <= f.span.end);
  const markerAt = (text: string, offset: number) => {
    for (const m of text.slice(Math.max(0, offset - 200), offset + 200).matchAll(/\[\^([^\]\s]+)\]|\[@([^\]\s;,]+)[^\]]*\]|@([\w:.-]+)/g)) {
      const start = Math.max(0, offset - 200) + (m.index ?? 0);
      if (start <= offset && offset <= start + m[0].length) return m[1] ?? m[2] ?? m[3];
    }
    return undefined;
  };

  connection.onHover(safe("hover", null, async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const offset = doc.offsetAt(params.position);
    const loaded = await corpusFor(folderOf(doc.uri), await settingsFor(doc.uri));
    const key = markerAt(doc.getText(), offset);
    if (key) {
      const id = [...loaded.keys].find(([, k]) => k === key)?.[0];
      const article = id ? loaded.corpus.article(id) : undefined;
      const value = article
        ? hoverFor({ span: { start: 0, end: 0 }, text: "", verdict: "supported", score: 1, reason: `cited source: ${article.title ?? article.id}`, code: "citation", citations: [], evidence: article.passages.slice(0, 1).map((p) => ({ articleId: article.id, passage: p.index, span: p.span, quote: article.text.slice(p.span.start, p.span.end), score: 1, matched: [] })) }, loaded.corpus, loaded.root)
        : { kind: "markdown" as const, value: `No source in the corpus has the key \`${key.replace(/`/g, "")}\`.` };
      return { contents: value };
    }
    const f = findingAt(doc.uri, offset);
    if (!f || states.get(doc.uri)?.version !== doc.version) return null;
    const lines = new LineIndex(doc.getText());
    return { contents: hoverFor(f, loaded.corpus, loaded.root), range: lines.rangeOf(f.span) };
  }));

  connection.onCodeAction(safe("codeAction", [], async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const settings = await settingsFor(doc.uri);
    let references: References | undefined;
    if (settings.citationStyle === "pandoc" && doc.uri.startsWith("file:")) {
      // The CSL-JSON bibliography beside the draft: open in the editor, on disk, or not yet there.
      const refUri = new URL("references.json", doc.uri).toString();
      const open = documents.get(refUri);
      let text: string | null = open ? open.getText() : null;
      if (!open) {
        try {
          text = await readFile(fileURLToPath(refUri), "utf8");
        } catch {
          text = null;
        }
      }
      references = { uri: refUri, text };
    }
    return params.context.diagnostics.flatMap((d) => codeActionsFor(d, doc.uri, doc.getText(), doc.version, settings.citationStyle, references));
  }));

  connection.onDefinition(safe("definition", null, async (params): Promise<Location | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const key = markerAt(doc.getText(), doc.offsetAt(params.position));
    if (!key) return null;
    const loaded = await corpusFor(folderOf(doc.uri), await settingsFor(doc.uri));
    const id = [...loaded.keys].find(([, k]) => k === key)?.[0];
    const article = id ? loaded.corpus.article(id) : undefined;
    if (!article) return null;
    const span = article.passages[0]?.span ?? { start: 0, end: 0 };
    return { uri: sourceUri(article, loaded.root), range: new LineIndex(article.text).rangeOf(span) };
  }));

  // Footnote definitions' URLs are links.
  connection.onDocumentLinks(safe("documentLinks", [], (params) => {
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

  connection.onCompletion(safe("completion", [], async (params): Promise<CompletionItem[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const offset = doc.offsetAt(params.position);
    const m = /\[([\^@])([^\]\s]*)$/.exec(text.slice(Math.max(0, offset - 100), offset));
    if (!m) return [];
    const loaded = await corpusFor(folderOf(doc.uri), await settingsFor(doc.uri));
    const entries = loaded.corpus.articles.map((a) => ({ a, key: loaded.keys.get(a.id)!, title: a.title ?? "", outlet: a.outlet ?? "", date: a.date ?? "", byline: a.byline ?? "" }));
    const found = m[2] ? new Fuse(entries, { keys: ["key", "title", "outlet", "date", "byline"], threshold: 0.4, ignoreLocation: true }).search(m[2]).map((r) => r.item) : entries;
    const lines = new LineIndex(text);
    return found.slice(0, 50).map((e, i) => {
      const defined = new RegExp(`^\\[\\^${e.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]:`, "m").test(text);
      const item: CompletionItem = {
        label: e.key,
        kind: CompletionItemKind.Reference,
        detail: [e.title, e.outlet, e.date].filter(Boolean).join(" · "),
        sortText: String(i).padStart(4, "0"),
        filterText: `${e.key} ${e.title} ${e.outlet} ${e.date} ${e.byline}`,
        textEdit: { range: { start: doc.positionAt(offset - m[2].length), end: params.position }, newText: m[1] === "^" ? `${e.key}` : e.key },
      };
      if (m[1] === "^" && !defined) {
        const end = lines.positionAt(text.length);
        const lead = text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
        item.additionalTextEdits = [{ range: { start: end, end }, newText: `${lead}[^${e.key}]: ${footnoteText({ key: e.key, title: e.a.title, outlet: e.a.outlet, byline: e.a.byline, date: e.a.date, url: e.a.url })}\n` }];
      }
      return item;
    });
  }));

  connection.onRequest("grounded/report", safe("report", null, (params: { uri: string }) => {
    const state = states.get(params.uri);
    return state ? { version: state.version, claims: state.findings.map((f) => ({ text: f.text, verdict: f.verdict, reason: f.reason, code: f.code, sources: f.evidence.map((e) => e.articleId) })) } : null;
  }));

  connection.onRequest("grounded/searchPassages", safe("searchPassages", [], async (params: { uri?: string; query: string }) => {
    const loaded = await corpusFor(params.uri ? folderOf(params.uri) : folders[0] ?? process.cwd(), params.uri ? await settingsFor(params.uri) : DEFAULT_SETTINGS);
    return loaded.corpus.index.search(indexTerms(params.query), 20).map((h) => {
      const a = loaded.corpus.articles[h.article];
      const p = a.passages[h.passage];
      return { articleId: a.id, key: loaded.keys.get(a.id), title: a.title, outlet: a.outlet, date: a.date, url: a.url, quote: a.text.slice(p.span.start, p.span.end).replace(/\s+/g, " "), uri: pathToFileURL(resolve(loaded.root, a.id)).toString() };
    });
  }));

  // A failed request is answered with an error; the server goes on.
  process.on("uncaughtException", (e) => log(`grounded: uncaught: ${e?.stack ?? e}`));
  documents.listen(connection);
  connection.listen();
}
