/**
 * One claim to one finding: a sentence's context and verdict key, its
 * verification made into a finding (the evidence quoted, the correction
 * placed in the draft), and the citations a writer made, checked. The loop
 * over a draft's claims is the check session's (`session.ts`).
 */
import type { BibliographyKeys } from "./bibliography/match";
import type { Corpus } from "./corpus/corpus";
import type { CitationFinding, Correction, Evidence, Finding, ModelReading } from "./findings";
import type { DraftAnalysis } from "./markdown/types";
import type { DraftSentence } from "./markdown/types";
import { CITATION_CHECKS } from "./verify/checks";
import { DEFAULT_MODEL, type VerdictModel } from "./verify/model";
import { evidencePassages, verifyClaim, type ClaimContext, type EvidenceWindow, type Verification } from "./verify/verify";
import type { EntailedVerification } from "./verify/entailment";

export interface CheckSettings {
  /** Check headings as claims too. */
  checkHeadings: boolean;
  /** At most this many evidence passages per claim. */
  maxEvidence: number;
  /** The fitted thresholds; the default is `verify/model.ts`. */
  model: VerdictModel;
  /**
   * A bibliography's keys: the article each names, or null for an entry that
   * matches no source (`engine/bibliography/match.ts`). Citations by these keys
   * resolve like the corpus's own.
   */
  bibliographyKeys?: BibliographyKeys;
}

export const defaultCheckSettings: CheckSettings = { checkHeadings: false, maxEvidence: 3, model: DEFAULT_MODEL };

/** How many earlier sentences of its paragraph a claim may refer back to. */
const CONTEXT_SENTENCES = 3;

/**
 * The context of a sentence of the draft: the earlier sentences of the same
 * prose block (a paragraph, list item or cell), oldest first, so that "She" or
 * "the club" can be read as the draft means it.
 */
export function contextOf(sentences: readonly DraftSentence[], sentence: DraftSentence): ClaimContext {
  const previous: string[] = [];
  const i = sentences.indexOf(sentence);
  if (i < 0) return { previous };
  const block = sentence.blockIndex;
  for (let k = i - 1; k >= 0 && previous.length < CONTEXT_SENTENCES && sentences[k].blockIndex === block; k--) {
    // An ignored sentence is still the writer's text: "She" after it means whom it names.
    previous.unshift(sentences[k].plain);
  }
  return { previous };
}

/**
 * The article a citation key stands for: a bibliography entry's source, the
 * corpus's own key, or a footnote definition naming its URL or title.
 */
export function resolveCitation(key: string, analysis: DraftAnalysis, corpus: Corpus, bibliography?: BibliographyKeys): string | undefined {
  const entry = bibliography?.get(key);
  if (entry) return entry;
  const direct = corpus.articleOfKey(key);
  if (direct) return direct;
  const def = analysis.footnotes.find((f) => f.key === key);
  if (!def) return undefined;
  const byUrl = def.url ? corpus.articleOfUrl(def.url) : undefined;
  if (byUrl) return byUrl;
  const text = def.text.toLowerCase();
  return corpus.articles.find((a) => a.title && a.title.length > 12 && text.includes(a.title.toLowerCase()))?.id;
}

/**
 * Verifies the citations a writer already made, with the citation checks of
 * the registry (`verify/checks`): the first check that reports a citation decides it.
 */
export function checkCitations(findings: Finding[], analysis: DraftAnalysis, corpus: Corpus, bibliography?: BibliographyKeys): CitationFinding[] {
  const out: CitationFinding[] = [];
  for (const finding of findings) {
    for (const marker of finding.citations) {
      if (marker.kind === "link") continue;
      const articleId = resolveCitation(marker.key, analysis, corpus, bibliography);
      // A key of the bibliography that names no source: the writer cites something Grounded cannot check.
      const context = { marker, finding, article: articleId ? corpus.article(articleId) : undefined, inBibliography: bibliography?.has(marker.key) === true };
      for (const check of CITATION_CHECKS) {
        const problem = check.detect(context);
        if (!problem) continue;
        out.push(problem);
        break;
      }
    }
  }
  return out;
}

/**
 * Sentences longer than this many characters are not verified: verification
 * grows faster than linearly with the claim's length (a 100,000-character
 * "sentence" took 40 s), and no writer means one claim by them. They come back
 * unsupported, with a reason that says why.
 */
export const MAX_CLAIM_LENGTH = 2_000;

/** A key for a sentence's verdict: its words and its context's (the same words after other sentences may mean another thing). */
export function verdictKey(text: string, context: ClaimContext): string {
  const key = context.previous.length ? `${context.previous.join("\u0000")}\u0001${text}` : text;
  // A draft in its own corpus is checked without its own file: its verdicts are its own.
  return context.ownArticle === undefined ? key : `${key}\u0002${context.ownArticle}`;
}

/** Verifies one draft sentence with the engine's own decision, at once (the check session's `lexicalVerifier` does the same for a batch). */
export function checkSentence(sentence: DraftSentence, corpus: Corpus, settings: CheckSettings = defaultCheckSettings, context?: ClaimContext): Finding {
  if (sentence.plain.length > MAX_CLAIM_LENGTH) return tooLongFinding(sentence);
  try {
    const v = verifyClaim(sentence.plain, corpus, settings.model, context);
    const fix = correctionOf(sentence, v);
    return toFinding(sentence, v, corpus, settings, !!fix && verifyClaim(fix.corrected, corpus, settings.model, context, evidencePassages(v)).verdict === "supported");
  } catch (error) {
    return failedFinding(sentence, error);
  }
}

/** The finding for a sentence too long to verify: unsupported, with a reason that says why. */
export function tooLongFinding(sentence: DraftSentence): Finding {
  return {
    span: sentence.span, text: sentence.plain, verdict: "unsupported", score: 0, code: "unsupported", evidence: [], citations: sentence.citations,
    reason: `this sentence is too long to check (${sentence.plain.length.toLocaleString("en-US")} characters; Grounded checks sentences of up to ${MAX_CLAIM_LENGTH.toLocaleString("en-US")})`,
  };
}

export const failedReason = (error: unknown) => `Grounded could not check this sentence (internal error: ${error instanceof Error ? error.message : String(error)})`;

/** The finding for a sentence whose verification failed: unsupported, with the error as its reason, so the rest of the draft is still checked. */
export function failedFinding(sentence: DraftSentence, error: unknown): Finding {
  return { span: sentence.span, text: sentence.plain, verdict: "unsupported", score: 0, code: "unsupported", evidence: [], citations: sentence.citations, reason: failedReason(error) };
}

/**
 * A verification made into a finding: the evidence quoted from the sources,
 * and the correction placed in the draft unless `corrects` is false (the
 * sentence it would make does not check as supported: `correctionOf`).
 */
export function toFinding(sentence: DraftSentence, v: Verification, corpus: Corpus, settings: Pick<CheckSettings, "maxEvidence">, corrects = true): Finding {
  const finding: Finding = {
    span: sentence.span,
    text: sentence.plain,
    verdict: v.verdict,
    score: v.score,
    reason: v.reason,
    code: v.code,
    evidence: v.evidence.slice(0, settings.maxEvidence).map((j) => toEvidence(j, corpus)),
    citations: sentence.citations,
  };
  const correction = corrects ? correctionOf(sentence, v) : undefined;
  if (correction) finding.correction = correction.correction;
  const reading = readingOf(v, corpus);
  if (reading) finding.reading = reading;
  return finding;
}

/** The reading model's most entailing window of a claim it read, for the hover and the report. */
function readingOf(v: Verification, corpus: Corpus): ModelReading | undefined {
  const readings = (v as Partial<EntailedVerification>).entailment;
  if (!readings?.length) return undefined;
  const best = readings.reduce((a, b) => (b.score.entail > a.score.entail ? b : a));
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    entail: r2(best.score.entail), contradict: r2(best.score.contradict), neither: r2(best.score.neither),
    articleId: corpus.articles[best.judgement.window.article].id, cut: readings.some((r) => r.score.cut),
  };
}

/**
 * The source's words for the part of a claim that differs, placed in the
 * draft, and the claim as it reads with them (plain text): a quick fix is
 * offered only when that sentence itself checks as supported against the
 * passages the finding's evidence stands on (the check session verifies it,
 * `evidencePassages`), so a fix never writes a figure the source gives for
 * something else, and an index that answers from a prefetch is asked nothing new.
 */
export function correctionOf(sentence: DraftSentence, v: Verification): { correction: Correction; corrected: string } | undefined {
  const decisive = v.evidence[0];
  // A contradiction, or a difference not sure enough for one (an unsupported finding coded by its check): the source's words are offered either way.
  const conflict = v.verdict === "contradicted" || (v.verdict === "unsupported" && v.code !== "unsupported") ? decisive?.conflict : undefined;
  const claimSpan = conflict?.claimSpan ?? (conflict && conflict.claimUnit >= 0 ? v.claim.units[conflict.claimUnit] : undefined);
  if (!conflict || conflict.replacement === undefined || !claimSpan || claimSpan.end <= claimSpan.start) return undefined;
  const start = sentence.offsets[claimSpan.start];
  const end = sentence.offsets[claimSpan.end - 1] + 1;
  if (start === undefined || !(end > start)) return undefined;
  const plain = sentence.plain;
  return {
    correction: { span: { start, end }, replacement: conflict.replacement, kind: conflict.correctionKind ?? "word" },
    corrected: plain.slice(0, claimSpan.start) + conflict.replacement + plain.slice(claimSpan.end),
  };
}

function toEvidence(j: EvidenceWindow, corpus: Corpus): Evidence {
  const article = corpus.articles[j.window.article];
  const base = j.window.span.start;
  const a = j.alignment;
  const matched = a.window.units.filter((_, k) => a.used[k]).map((u) => ({ start: base + u.start, end: base + u.end }));
  const evidence: Evidence = {
    articleId: article.id,
    passage: j.window.center,
    span: j.window.span,
    quote: article.text.slice(j.window.span.start, j.window.span.end).replace(/\s+/g, " "),
    score: Math.round(Math.max(j.support, j.contradiction) * 100) / 100,
    matched,
  };
  if (j.conflict) {
    const u = j.conflict.windowSpan ?? a.window.units[j.conflict.windowUnit];
    if (u) evidence.conflict = { start: base + u.start, end: base + u.end };
  }
  return evidence;
}
