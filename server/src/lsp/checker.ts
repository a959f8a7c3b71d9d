/**
 * Checking one document in the editor: its settings, its corpus (the shared
 * archive when one answers, else the local corpus, the last one built while a
 * new one is indexed), and each claim's verdict from the corpus's cache of
 * verdicts per sentence, so an edit re-checks only the sentences it changed.
 * A check yields now and then so that hovers and newer edits are answered; a
 * stale check (a newer edit, the document closed) stops and publishes nothing.
 */
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type CancellationToken, type Finding, LineIndex } from "../engine";
import { checkCitations, checkSentence, contextOf, defaultCheckSettings, verdictKey } from "../engine/check";
import type { ClaimContext } from "../engine/verify/verify";
import type { CitationFinding } from "../engine/findings";
import { analyzeDraft, claimSentences } from "../engine/markdown/draft";
import type { DraftAnalysis, DraftSentence } from "../engine/markdown/types";
import type { DocumentCiting } from "../project/citing";
import type { Settings } from "../project/settings";
import type { ServerContext } from "./context";
import type { LoadedCorpus } from "./corpora";
import { isProjectConfig } from "./projectConfigs";

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
}

/** Verdicts kept per corpus before the cache starts again. */
const CACHE_LIMIT = 20_000;
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
  try {
    const analysis = analyzeDraft(text, { checkHeadings: settings.checkHeadings });
    const findings = await checkClaims(analysis, text, loaded, token);
    if (!findings || token.isCancellationRequested) return;
    const path = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
    const citing = await ctx.citing.forDocument(uri, analysis.frontMatterData, settings, ctx.folders.folderOf(uri), loaded);
    if (token.isCancellationRequested) return;
    const citations = checkCitations(findings, analysis, loaded.corpus, citing.bibliography?.byKey);
    await publish({ uri, path, version, text, lines: new LineIndex(text), analysis, findings, citations, loaded, settings, citing });
  } finally {
    progress?.done();
  }
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

/** The findings of the claims, in order; undefined when the check became stale on the way. */
async function checkClaims(analysis: DraftAnalysis, text: string, loaded: LoadedCorpus, token: CancellationToken): Promise<Finding[] | undefined> {
  const findings: Finding[] = [];
  let fresh = 0;
  let seen = 0;
  for (const s of claimSentences(analysis)) {
    const context = contextOf(analysis.sentences, s);
    const cachedBefore = loaded.verdicts.has(verdictKey(text.slice(s.span.start, s.span.end), context));
    findings.push(cachedCheck(s, context, text, loaded));
    // Yield now and then so that hovers and newer edits are answered; a stale check stops there.
    if ((!cachedBefore && ++fresh % 10 === 0) || ++seen % 500 === 0) {
      await new Promise((r) => setImmediate(r));
      if (token.isCancellationRequested) return undefined;
    }
  }
  return findings;
}

/** The verdict of one sentence, from the corpus's cache when the same sentence was checked before. */
function cachedCheck(s: DraftSentence, context: ClaimContext, text: string, loaded: LoadedCorpus): Finding {
  const raw = verdictKey(text.slice(s.span.start, s.span.end), context);
  const hit = loaded.verdicts.get(raw);
  if (hit) {
    // The same words, perhaps elsewhere in the document: move the spans with the sentence.
    const delta = s.span.start - hit.span.start;
    const correction = hit.correction && { ...hit.correction, span: { start: hit.correction.span.start + delta, end: hit.correction.span.end + delta } };
    return { ...hit, span: s.span, citations: s.citations, correction };
  }
  const f = checkSentence(s, loaded.corpus, defaultCheckSettings, context);
  if (loaded.verdicts.size > CACHE_LIMIT) loaded.verdicts.clear();
  loaded.verdicts.set(raw, f);
  return f;
}
