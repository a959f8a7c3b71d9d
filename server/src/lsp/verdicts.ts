/**
 * A draft's check as the editor runs it, wherever it runs (on the server's
 * thread, or in its check worker, `node/checkWorker.ts`): the draft's
 * analysis, then each claim's verdict from a cache of verdicts per sentence
 * kept for the corpus, so that an edit re-checks only the sentences it
 * changed. The verdict of one sentence is always `checkSentence`'s, the
 * engine's entry point. Pure: no IO, no clock.
 */
import type { CancellationToken, Corpus, Finding } from "../engine";
import { checkSentence, contextOf, defaultCheckSettings, verdictKey } from "../engine/check";
import type { ClaimContext } from "../engine/verify/verify";
import { analyzeDraft, claimSentences } from "../engine/markdown/draft";
import type { DraftAnalysis, DraftSentence } from "../engine/markdown/types";

/** Verdicts per sentence, for one corpus. */
export type VerdictCache = Map<string, Finding>;

/** What a check gives the server: the findings, and what of the analysis the server's requests read. */
export interface DraftCheck {
  findings: Finding[];
  /** The draft's footnotes and front matter, and only the sentences that carry citation markers (`outlineOf`). */
  analysis: DraftAnalysis;
}

/**
 * How far a check is: the draft parsed (`checked` 0), then claims checked of
 * `claims`, with their findings so far, in order, from the claim numbered
 * `first` on (0, unless the check hands its findings over as it goes: `drain`).
 */
export interface CheckProgress {
  checked: number;
  claims: number;
  findings: readonly Finding[];
  first: number;
}

/** How a check paces itself: a pause every `freshPerPause` claims verified anew; with `drain`, the findings handed to `progress` are not kept. */
export interface Pacing {
  freshPerPause?: number;
  drain?: boolean;
}

/** Verdicts kept per corpus before the cache starts again. */
const CACHE_LIMIT = 20_000;

/**
 * Analyses a draft and checks its claims against `corpus`; undefined when the
 * check became stale on the way. `pause` is awaited (and `progress` told)
 * after every `freshPerPause` claims verified anew and every 500 claims, so
 * that the thread can answer other requests (and a stale check stops there).
 * With `drain` (the check worker, which posts the findings as they come),
 * the findings told are let go of, and the result holds only those after
 * them: a 5 MB draft's tens of thousands are then never all held twice.
 */
export async function checkDraft(
  text: string, options: { checkHeadings: boolean }, corpus: Corpus, verdicts: VerdictCache, token: CancellationToken,
  pause: () => Promise<void>, progress?: (p: CheckProgress) => void, { freshPerPause = 10, drain = false }: Pacing = {},
): Promise<DraftCheck | undefined> {
  const analysis = analyzeDraft(text, { checkHeadings: options.checkHeadings });
  const claims = claimSentences(analysis);
  let findings: Finding[] = [];
  let first = 0;
  const tell = (checked: number) => {
    progress?.({ checked, claims: claims.length, findings, first });
    if (!drain) return;
    first += findings.length;
    findings = [];
  };
  tell(0);
  await pause();
  if (token.isCancellationRequested) return undefined;
  let fresh = 0;
  for (let i = 0; i < claims.length; i++) {
    const s = claims[i];
    // A sentence's verdict depends on the earlier sentences of its paragraph ("She", "the club"): they are part of its key.
    const context = contextOf(analysis.sentences, s);
    const cachedBefore = verdicts.has(verdictKey(text.slice(s.span.start, s.span.end), context));
    findings.push(cachedCheck(s, text, corpus, verdicts, context));
    // Yield now and then so that hovers and newer edits are answered; a stale check stops there.
    if ((!cachedBefore && ++fresh % freshPerPause === 0) || (i + 1) % 500 === 0) {
      tell(i + 1);
      await pause();
      if (token.isCancellationRequested) return undefined;
    }
  }
  return { findings, analysis: outlineOf(analysis) };
}

/**
 * The part of an analysis the server's requests read (citation markers,
 * footnotes, front matter): small, where the whole analysis of a long draft
 * is as large as the draft several times over, and would have to be copied
 * from the check worker to the server's thread.
 */
export function outlineOf(analysis: DraftAnalysis): DraftAnalysis {
  return { ...analysis, sentences: analysis.sentences.filter((s) => s.citations.length > 0) };
}

/** The verdict of one sentence, from the cache when the same sentence was checked before against this corpus. */
export function cachedCheck(s: DraftSentence, text: string, corpus: Corpus, verdicts: VerdictCache, context: ClaimContext = { previous: [] }): Finding {
  const raw = verdictKey(text.slice(s.span.start, s.span.end), context);
  const hit = verdicts.get(raw);
  if (hit) {
    // The same words, perhaps elsewhere in the document: move the spans with the sentence.
    const delta = s.span.start - hit.span.start;
    const correction = hit.correction && { ...hit.correction, span: { start: hit.correction.span.start + delta, end: hit.correction.span.end + delta } };
    return { ...hit, span: s.span, citations: s.citations, correction };
  }
  const f = checkSentence(s, corpus, defaultCheckSettings, context);
  if (verdicts.size > CACHE_LIMIT) verdicts.clear();
  verdicts.set(raw, f);
  return f;
}
