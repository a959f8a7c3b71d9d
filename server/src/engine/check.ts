/** The engine's one entry point: a draft and a corpus in, findings out. */
import type { Corpus } from "./corpus/corpus";
import type { CheckResult, Evidence, Finding } from "./findings";
import { analyzeDraft } from "./markdown/draft";
import type { DraftSentence } from "./markdown/types";
import { type CancellationToken, neverCancelled } from "./types";
import { DEFAULT_MODEL, type VerdictModel } from "./verify/model";
import { verifyClaim, type Verification, type WindowJudgement } from "./verify/verify";

export interface CheckSettings {
  /** Check headings as claims too. */
  checkHeadings: boolean;
  /** At most this many evidence passages per claim. */
  maxEvidence: number;
  /** The fitted thresholds; the default is `verify/model.ts`. */
  model: VerdictModel;
}

export const defaultCheckSettings: CheckSettings = { checkHeadings: false, maxEvidence: 3, model: DEFAULT_MODEL };

/**
 * Checks every claim of a Markdown draft against the corpus. Pure and
 * deterministic: the same text, corpus and settings give the same findings.
 * Cancellation stops between claims and returns what was found so far.
 */
export function checkDocument(
  draft: { path: string; text: string },
  corpus: Corpus,
  settings: Partial<CheckSettings> = {},
  token: CancellationToken = neverCancelled,
): CheckResult {
  const s = { ...defaultCheckSettings, ...settings };
  const analysis = analyzeDraft(draft.text, { checkHeadings: s.checkHeadings });
  const findings: Finding[] = [];
  for (const sentence of analysis.sentences) {
    if (token.isCancellationRequested) break;
    if (!sentence.isClaim || sentence.ignored) continue;
    findings.push(checkSentence(sentence, corpus, s));
  }
  return { findings, problems: [] };
}

/** Verifies one draft sentence; exported so the language server can re-check only changed sentences. */
export function checkSentence(sentence: DraftSentence, corpus: Corpus, settings: CheckSettings = defaultCheckSettings): Finding {
  const v = verifyClaim(sentence.plain, corpus, settings.model);
  return toFinding(sentence, v, corpus, settings);
}

function toFinding(sentence: DraftSentence, v: Verification, corpus: Corpus, settings: CheckSettings): Finding {
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
  const decisive = v.evidence[0];
  const conflict = v.verdict === "contradicted" ? decisive?.conflict : undefined;
  const claimSpan = conflict?.claimSpan ?? (conflict && conflict.claimUnit >= 0 ? v.claim.units[conflict.claimUnit] : undefined);
  if (conflict && conflict.replacement !== undefined && claimSpan && claimSpan.end > claimSpan.start) {
    const start = sentence.offsets[claimSpan.start];
    const end = sentence.offsets[claimSpan.end - 1] + 1;
    if (start !== undefined && end > start) {
      finding.correction = { span: { start, end }, replacement: conflict.replacement, kind: conflict.correctionKind ?? "word" };
    }
  }
  return finding;
}

function toEvidence(j: WindowJudgement, corpus: Corpus): Evidence {
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
