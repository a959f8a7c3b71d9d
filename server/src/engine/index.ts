/**
 * The engine's API: the one door through which its hosts reach it. The
 * language server (`lsp/`), the disk and the workers (`node/`), the CLI and
 * the other files of `server/src/` (`project/`, `report/`), and the tooling
 * (`scripts/`, `bench/`) import the engine from this file and from nothing
 * behind it (`test/codeShape.test.ts`), so that the modules behind it can move
 * and split freely; the tests under `test/` may reach inside (they are
 * white-box). Nothing below this folder does IO: hosts hand in text and get
 * plain data back.
 *
 * Grouped by what a host does with it. Most hosts need only the first groups
 * (the data, a check session, the corpus); the later ones serve one host each
 * and say which.
 */

// The data every layer shares: articles and their passages, a check's findings, a draft's sentences.
export type { Article, ArticleMeta, CancellationToken, Passage, Problem, Span, Verdict } from "./types";
export { neverCancelled } from "./types";
export type { CheckResult, CitationFinding, CitationMarker, Correction, Evidence, Finding, ModelReading } from "./findings";
export type { DraftAnalysis, DraftOptions, DraftSentence, FootnoteDefinition } from "./markdown/types";

// Positions: the one place where UTF-16 offsets become line and character.
export { LineIndex } from "./positions";
export type { Position, Range } from "./positions";

// Checking a draft: the check session (the one loop, for every host), its settings and its verifier seam;
// a claim's context (what an asynchronous index prefetches for) and the citations a writer made.
export { checkDocument, CheckSession, lexicalVerifier, outlineOf } from "./session";
export type { CheckProgress, ClaimRequest, DraftCheck, DraftChecker, Pacing, SessionCheck, SessionOptions, VerdictCache, Verifier, VerifierAnswer } from "./session";
export { checkCitations, contextOf, defaultCheckSettings, resolveCitation } from "./check";
export type { CheckSettings } from "./check";

// A reading model's seam: the windows of a claim a model reads, the pairs it scores (an injected, asynchronous
// `EntailmentScorer`) and the decision that turns its readings into a verification; `entailmentVerifier` is a
// session `Verifier` made of them.
export { decisionFor, ENTAILMENT_WINDOWS, entailmentVerifier, lexicalDecision, READING_MODEL, readingDecision, windowsToRead, windowText } from "./verify/entailment";
export type { EntailedVerification, EntailmentDecision, EntailmentPair, EntailmentScore, EntailmentScorer, WindowEntailment } from "./verify/entailment";

// The draft: its analysis (sentences, claims, citations, ignore comments), the sentences that are verified,
// its front matter alone, and the fold of a claim's text that fingerprints and accepted claims compare.
export { analyzeDraft, claimSentences, frontMatterOf } from "./markdown/draft";
export { foldClaimText } from "./text/claimText";

// Sources to articles, for the loaders (`node/sources/`, `node/corpusLoader.ts`, the archive's indexer):
// decoding, the source formats, metadata and boilerplate, and the layout of text extracted from PDF and Word files.
export { decodeSource, formatOf, learnOutlets, parseArticle, SOURCE_EXTENSIONS } from "./corpus/ingest";
export type { HtmlNode } from "./corpus/ingest";
export { articleFromExtracted, layoutParagraphs, layoutPdf, pageAt } from "./corpus/extracted";
export type { DocParagraph, PdfLine, PdfPage } from "./corpus/extracted";

// The corpus: built from articles (`buildCorpus`, with parts a cache or a search server built already), and what
// it owns (its aliases, its citation keys). `indexArticle` is the per-article part of indexing (cached per file,
// run in parallel); `citationKey` is an article's base key, which the archive stores.
export { buildCorpus, indexArticle, passageText } from "./corpus/corpus";
export type { ArticleIndexing, Corpus, CorpusParts } from "./corpus/corpus";
export { citationKey } from "./corpus/citationKeys";
export { aliasTable, collectAliasStats, learnAcronymsOfRun, learnAliasData } from "./corpus/aliases";
export type { AliasData, AliasStats, AliasTable } from "./corpus/aliases";

// Retrieval: the interface a search server implements, the index terms every passage and query gets, and the
// exact queries a claim will send (`queriesFor`), so that an asynchronous index fetches their passages first.
export { forEachIndexWord, indexTermOf, indexTerms } from "./retrieval/evidenceIndex";
export type { EvidenceIndex, PassageRef, SearchHit } from "./retrieval/evidenceIndex";
export { queriesFor } from "./verify/verify";
export type { ClaimContext } from "./verify/verify";

// The embedded index as plain data, for the persisted index and the corpus image (`node/corpusCache.ts`,
// `node/corpusImage.ts`, `node/ingest.ts`): built an article at a time, read back and checked.
export { forwardEntries, InvertedIndex, InvertedIndexBuilder, TermIds } from "./retrieval/invertedIndex";
export type { ForwardEntries, InvertedIndexData } from "./retrieval/invertedIndex";
export { isGrouping } from "./retrieval/passageGroups";

// The analysis memo of sentences, which `node/sentenceCache.ts` persists between runs.
export { analyze, lexicalEntries, lexicalMadeAnew, seedLexical } from "./nlp/analyze";
export type { Lexical, Token } from "./nlp/analyze";
export type { DateMention } from "./nlp/dates";

// The registry of checks: ids (diagnostic codes, `disabledChecks` names, SARIF rules), their docs, and the codes
// of problems that no check emits (a project file's, too many claims).
export { CHECK_IDS, CHECKS, CODES, CONFLICT_CHECK_IDS, DOCS_URL, docsUrl } from "./verify/checks";
export type { ConflictCheckId } from "./verify/checks";
export { projectFile, tooManyClaims } from "./verify/checks/codes";

// Edits and citations, for quick fixes, completions and reports: citations in the three styles and a CSL style's,
// a BibTeX file's new entries, the bibliography's entries matched to sources, quotations and ignore comments.
export {
  bibliographyEdit, bibtexText, citeEdits, definitionEditor, HAND_FORMAT, ignoreEdit, quoteAtEdits, quoteEdits, referencesText, safeUrl,
} from "./edits/citations";
export type { CitationFormat, CitationStyle, CitedSource, TextEdit } from "./edits/citations";
export { cslFormat, cslProblem, cslReferenceHtml } from "./edits/csl";
export type { CslStyle } from "./edits/csl";
export { citedFromEntry, matchBibliography } from "./bibliography/match";
export type { BibliographyEntry, BibliographyKeys, BibliographyMatch } from "./bibliography/match";

// Text from sources shown to a person: the Markdown and HTML escapers, and the one rule for comparing URLs.
export { escapeHtml, escapeMarkdown } from "./text/escape";
export { normalizeUrl } from "./text/urls";

// The verdict model's parts, for fitting it (`scripts/fit-model.ts`, `scripts/fit/`) and generating claims
// (`scripts/perturb.ts`); no host that checks a draft needs them.
export { conflictFeature, FEATURE_NAMES, featureValues, READING_FEATURE_NAMES, readingValues } from "./verify/features";
export type { FeatureName, FeatureValues } from "./verify/features";
export { decide, featureInput, judgeClaim, verdictOf } from "./verify/verify";
export { calibrate, DEFAULT_MODEL, modelInputs, probability, sameEventConflict, supportBlocked } from "./verify/model";
export type { LinearModel, Thresholds, VerdictModel } from "./verify/model";
export { areOpposites, areSynonyms } from "./nlp/lexicon";
