/**
 * The engine's main types and entry points, gathered for callers that need
 * only those (the tests, the scripts). The CLI, the language server and the
 * archive also import the engine's modules directly (`check.ts`,
 * `markdown/draft.ts`, `verify/checks/`, …); what holds for all of them is
 * that nothing below this folder does IO.
 */
export type { Article, ArticleMeta, CancellationToken, Passage, Problem, Span, Verdict } from "./types";
export { neverCancelled } from "./types";
export type { CheckResult, CitationMarker, Correction, Evidence, Finding } from "./findings";
export type { DraftAnalysis, DraftSentence, FootnoteDefinition } from "./markdown/types";
export { LineIndex } from "./positions";
export { foldClaimText } from "./text/claimText";
export type { Position, Range } from "./positions";
export { defaultCheckSettings } from "./check";
export type { CheckSettings } from "./check";
export { checkDocument, CheckSession, lexicalVerifier, outlineOf } from "./session";
export type { CheckProgress, ClaimRequest, DraftCheck, DraftChecker, Pacing, SessionCheck, SessionOptions, VerdictCache, Verifier, VerifierAnswer } from "./session";
export { buildCorpus } from "./corpus/corpus";
export type { Corpus } from "./corpus/corpus";
export { decisionFor, ENTAILMENT_WINDOWS, entailmentVerifier, lexicalDecision, READING_MODEL, readingDecision, windowsToRead, windowText } from "./verify/entailment";
export type { EntailedVerification, EntailmentDecision, EntailmentPair, EntailmentScore, EntailmentScorer, WindowEntailment } from "./verify/entailment";
