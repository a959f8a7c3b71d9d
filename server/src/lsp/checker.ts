/**
 * Checking one document in the editor: its settings, its corpus (the shared
 * archive when one answers, else the local corpus, the last one built while a
 * new one is indexed, or the part of a cold build indexed so far), then the
 * corpus's check session (`engine/session.ts`: the draft's analysis and each
 * claim's verdict), by a `DraftChecker`: the server's own check worker
 * (`node/checkInWorker.ts`), so that a long draft never keeps this thread from
 * answering hovers, or this thread where there is none. A stale check (a newer edit, the document
 * closed) stops and publishes nothing.
 */
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import {
  type CancellationToken, checkCitations, type CheckProgress, type CitationFinding, CheckSession, type DraftAnalysis,
  type DraftChecker, type Finding, frontMatterOf, type LineIndex, outlineOf, type Verifier,
} from "../engine";
import type { DocumentCiting } from "../project/citing";
import type { Settings } from "../project/settings";
import { documentLines, type Progress, type ServerContext } from "./context";
import type { LoadedCorpus } from "./corpora";
import { isProjectConfig } from "./projectConfigs";
import { ownArticle } from "../project/ownArticle";

/**
 * Checks on this thread, yielding now and then so that other requests are
 * answered (the CLI's tests, and a server without its worker bundle).
 * `verifier`, when given, says what decides the claims (the reading model,
 * `node/nli/`, or the engine's own checks): a session of the same corpus with
 * it, and verdicts of its own, takes the place of the corpus's session.
 */
export function checkerOnThisThread(verifier?: () => Promise<Verifier>): DraftChecker {
  const reading = new WeakMap<CheckSession, CheckSession>();
  const sessionFor = async (session: CheckSession) => {
    const v = verifier ? await verifier() : session.verifier;
    if (v === session.verifier) return session;
    let s = reading.get(session);
    if (s?.verifier !== v) reading.set(session, (s = new CheckSession(session.corpus, { verifier: v })));
    return s;
  };
  return {
    async check(session, text, options, token, progress) {
      const s = await sessionFor(session);
      const checked = await s.check({ path: "", text }, options, token, { pause: () => new Promise((r) => setImmediate(r)), progress });
      return checked && { findings: checked.findings, analysis: outlineOf(checked.analysis), verifier: s.verifier.name };
    },
  };
}

/** Checks on this thread with each corpus's own session. */
export const checkOnThisThread: DraftChecker = checkerOnThisThread();

/** What one check of one document version found, and against what. */
export interface CheckedDocument {
  uri: string;
  /** The document's path (its URI where it has none). */
  path: string;
  version: number;
  /** The text of that version, and its line index: positions of the findings are in it. */
  text: string;
  lines: LineIndex;
  analysis: DraftAnalysis;
  findings: Finding[];
  citations: CitationFinding[];
  /** The corpus the findings came from (hovers answer from it, even while a new corpus is indexed). */
  loaded: LoadedCorpus;
  settings: Settings;
  /** How the document cites (its bibliography's keys, its CSL style), as of this check. */
  citing: DocumentCiting;
  /** Set while the check is under way (its findings so far, against part of a cold build): the claims not checked yet. */
  unchecked?: number;
  /** What decided the verdicts: "lexical", or the reading model's name. */
  verifier?: string;
}

/** Drafts longer than this many characters report their check as progress. */
const LONG_DRAFT = 100_000;

/**
 * Checks a document (the scheduler's `check`): `publish` gets the result
 * unless the check became stale. `debounce` learns the document's debounce.
 */
export async function checkDocumentNow(
  ctx: ServerContext, uri: string, scheduled: CancellationToken, debounce: (ms: number) => void, publish: (c: CheckedDocument) => Promise<void>,
): Promise<void> {
  const doc = ctx.documents.get(uri);
  if (!doc || isProjectConfig(uri)) return;
  const version = doc.version;
  // Cancelled once the document changes or closes, or another check starts.
  const token: CancellationToken = {
    get isCancellationRequested() {
      return scheduled.isCancellationRequested || ctx.documents.get(uri)?.version !== version;
    },
  };
  const settings = await ctx.settings.for(uri);
  debounce(settings.debounceMs);
  const loaded = await corpusFor(ctx, doc, settings);
  if (token.isCancellationRequested) return;
  const text = doc.getText();
  // A long draft takes seconds: the editor shows that it is being checked (and when a newer edit cancels it).
  const progress = text.length > LONG_DRAFT ? await ctx.progress("Grounded: checking", uri.split("/").pop() ?? uri) : undefined;
  const path = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  const lines = documentLines(ctx, doc);
  const base = { uri, path, version, text, lines, loaded, settings };
  // Against part of a cold build, the claims it answers are shown as they are checked, the first within a second or so;
  // once this version has been shown, a check against a larger part shows its findings when it is done (none are taken back meanwhile).
  const shownBefore = ctx.checked.get(uri)?.version === version;
  const interim = loaded.partial && !shownBefore ? await interimPublisher(ctx, base, token, publish) : undefined;
  try {
    const onProgress = (p: CheckProgress) => {
      if (progress) reportTo(progress, p);
      interim?.(p);
    };
    // A draft saved among its sources is not evidence for itself.
    const own = uri.startsWith("file:") ? ownArticle(loaded.corpus, loaded.root, path) : undefined;
    const checked = await ctx.drafts.check(loaded.session, text, { checkHeadings: settings.checkHeadings, ownArticle: own }, token, progress || interim ? onProgress : undefined);
    if (!checked || token.isCancellationRequested) return;
    const { findings, analysis, verifier } = checked;
    const citing = await ctx.citing.forDocument(uri, analysis.frontMatterData, settings, ctx.folders.folderOf(uri), loaded);
    if (token.isCancellationRequested) return;
    // Against part of a cold build, a cited source may not be indexed yet: citations are checked once the whole corpus is.
    const citations = loaded.partial ? [] : checkCitations(findings, analysis, loaded.corpus, citing.bibliography?.byKey);
    await publish({ ...base, analysis, findings, citations, citing, verifier: verifier ?? loaded.session.verifier.name });
  } finally {
    progress?.done();
  }
}

/** A check's progress in the editor's words: the draft parsed, then the share of its claims checked. */
function reportTo(progress: Progress, { checked, claims }: CheckProgress): void {
  progress.report?.(claims ? Math.round((checked / claims) * 100) : 100, checked ? `${checked} of ${claims} claims` : `parsed: ${claims} claims`);
}

/** How often the findings so far are shown while a check runs against part of a cold build. */
const INTERIM_MS = 250;

/**
 * Publishes the findings so far of a check against part of a cold build, at
 * most every `INTERIM_MS`: the claims checked yet, the others counted as
 * pending (the document's front matter alone says how it cites, until its analysis comes).
 */
async function interimPublisher(
  ctx: ServerContext, base: Omit<CheckedDocument, "analysis" | "findings" | "citations" | "citing">, token: CancellationToken, publish: (c: CheckedDocument) => Promise<void>,
): Promise<(p: CheckProgress) => void> {
  const frontMatterData = frontMatterOf(base.text);
  const citing = await ctx.citing.forDocument(base.uri, frontMatterData, base.settings, ctx.folders.folderOf(base.uri), base.loaded);
  const analysis = { sentences: [], footnotes: [], frontMatter: null, frontMatterData, ignoredClaims: 0 };
  let shown = 0;
  // The first findings are shown as soon as there are any; then at most every INTERIM_MS.
  let last = -Infinity;
  return (p) => {
    if (token.isCancellationRequested || p.findings.length === shown || performance.now() - last < INTERIM_MS) return;
    shown = p.findings.length;
    last = performance.now();
    void publish({ ...base, analysis, findings: p.findings.slice(), citations: [], citing, unchecked: p.claims - p.findings.length }).catch(() => undefined);
  };
}

/**
 * The corpus to check against: with a shared archive set (`grounded.archive.url`)
 * that answers, its evidence (see archive.ts); else, while a changed corpus is
 * indexed again, the last one built (the store checks again once it is ready).
 */
async function corpusFor(ctx: ServerContext, doc: TextDocument, settings: Settings): Promise<LoadedCorpus> {
  const paths = ctx.corpora.pathsFor(doc.uri, settings);
  const load = ctx.corpora.store.get(paths);
  const archived = await ctx.archive.loadedFor(doc.getText(), { checkHeadings: settings.checkHeadings, root: ctx.folders.folderOf(doc.uri) });
  return archived ?? ctx.corpora.store.latest(paths) ?? (await load);
}
