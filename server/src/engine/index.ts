/**
 * The engine's public surface. The CLI and the language server call only what is
 * exported here; nothing below this folder does IO.
 */
export type { Article, ArticleMeta, CancellationToken, Passage, Problem, Span, Verdict } from "./types";
export { neverCancelled } from "./types";
export type { CheckResult, CitationMarker, Correction, Evidence, Finding } from "./findings";
export type { DraftAnalysis, DraftSentence, FootnoteDefinition } from "./markdown/types";
export { LineIndex } from "./positions";
export type { Position, Range } from "./positions";
export { checkDocument, defaultCheckSettings } from "./check";
export type { CheckSettings } from "./check";
export { buildCorpus } from "./corpus/corpus";
export type { Corpus } from "./corpus/corpus";
