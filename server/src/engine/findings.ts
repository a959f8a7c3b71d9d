/**
 * What the engine reports about a draft: plain data, converted to diagnostics,
 * hovers and code actions in one place each by the LSP layer and printed by the CLI.
 */
import type { Problem, Span, Verdict } from "./types";

/** A passage that supports or contradicts a claim. */
export interface Evidence {
  /** `Article.id` of the source. */
  articleId: string;
  /** Index of the central passage in `Article.passages`. */
  passage: number;
  /** The quoted window (the passage, perhaps with a neighbour) in the source file's text. */
  span: Span;
  /** The source text of `span`, verbatim but for folded white space. */
  quote: string;
  /** How strongly this passage bears on the claim, 0..1. */
  score: number;
  /** Spans of the source text whose words the claim shares (for highlighting). */
  matched: Span[];
  /** The figure, date or name in the source that disagrees with the claim. */
  conflict?: Span;
}

/** A citation already present in the draft. */
export interface CitationMarker {
  kind: "footnote" | "pandoc" | "link";
  /** The key (`moscowtimes-2012-12-19`) or, for a link, its URL. */
  key: string;
  /** The marker itself in the draft, e.g. `[^key]`. */
  span: Span;
}

/** The part of a contradicted claim that a quick fix can replace with the source's own words. */
export interface Correction {
  /** The span of the draft that disagrees (e.g. the figure `5,000`). */
  span: Span;
  /** What the source says instead (e.g. `3,500`). */
  replacement: string;
  /** What kind of thing is corrected, for the fix's title. */
  kind: "figure" | "date" | "name" | "word" | "quote";
}

export interface Finding {
  /** The claim sentence in the draft. */
  span: Span;
  /** The claim as plain text (markup removed). */
  text: string;
  verdict: Verdict;
  /** Confidence in the verdict, 0..1. */
  score: number;
  /** A short sentence a writer understands. */
  reason: string;
  /** The id of the check that decided the verdict; also the diagnostic code and README anchor. */
  code: string;
  /** Best first. */
  evidence: Evidence[];
  /** Present when a contradicted claim can be corrected from the source. */
  correction?: Correction;
  /** Citations the writer already attached to this sentence. */
  citations: CitationMarker[];
  /** What the reading model read, when one read the claim (issue #25). */
  reading?: ModelReading;
}

/** The reading model's answer for the window it found most entailing, among the windows it read for a claim. */
export interface ModelReading {
  /** P(the window entails the claim), P(contradicts), P(neither), rounded to two places. */
  entail: number;
  contradict: number;
  neither: number;
  /** The article of that window. */
  articleId: string;
  /** Some window was longer than the model reads, and only its first part was read. */
  cut: boolean;
}

/** A problem with a citation the writer already made. */
export interface CitationFinding {
  /** `unknown-citation` or `cited-source-mismatch`. */
  code: string;
  /** The citation marker in the draft. */
  span: Span;
  message: string;
  /** The article the key resolved to, if any. */
  articleId?: string;
}

export interface CheckResult {
  findings: Finding[];
  /** Citations that resolve to no source, or whose source does not say what the sentence claims. */
  citations: CitationFinding[];
  problems: Problem[];
  /** How many claims ignore comments cover (not checked, not in `findings`). */
  ignored: number;
}
