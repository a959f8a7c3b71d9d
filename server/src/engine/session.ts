/**
 * The check session: the one loop that checks a draft's claims, wherever it
 * runs (the CLI, the language server's thread, its check worker). A session
 * is a corpus, the settings that shape a verdict, a verifier and a cache of
 * verdicts per sentence; a check analyses the draft, takes each claim's
 * verdict from the cache or hands the claims not in it to the verifier, a
 * batch at a time, pausing between batches (so that a server answers other
 * requests, and a stale check stops there), and reports how far it is.
 *
 * The verifier is injected (`Verifier`): the engine's own, synchronous
 * decision (`lexicalVerifier`), or one that answers later (a model on another
 * thread). The loop is written once, as a generator that asks for verdicts
 * and pauses; `check` drives it asynchronously and `checkNow` at once, for a
 * verifier that answers at once. Pure: no IO, no clock.
 */
import type { Corpus } from "./corpus/corpus";
import type { CheckResult, Finding } from "./findings";
import { analyzeDraft, claimSentences } from "./markdown/draft";
import type { DraftAnalysis, DraftOptions, DraftSentence } from "./markdown/types";
import { type CancellationToken, neverCancelled, type Problem } from "./types";
import {
  type CheckSettings, checkCitations, contextOf, correctionOf, defaultCheckSettings, failedFinding, failedReason, MAX_CLAIM_LENGTH, tooLongFinding, toFinding, verdictKey,
} from "./check";
import type { VerdictModel } from "./verify/model";
import type { PassageRef } from "./retrieval/evidenceIndex";
import { evidencePassages, verifyClaim, type ClaimContext, type Verification } from "./verify/verify";

/** One claim for a verifier: the sentence as plain text, and the earlier sentences of its paragraph. */
export interface ClaimRequest {
  plain: string;
  context: ClaimContext;
  /** Judge the claim against these passages (and their neighbours) alone, retrieving nothing: a correction is checked against the source it came from. */
  within?: readonly PassageRef[];
}

/** A verifier's answer for one claim: its verification, or why it could not be verified. */
export type VerifierAnswer = Verification | { error: unknown };

/**
 * What decides claims. The session hands it the claims that its cache does
 * not answer, a batch at a time, and takes the answers in the same order; a
 * verifier may answer at once or later (a model on a worker thread). A
 * verifier never throws for one claim: it answers `{ error }` for it.
 */
export interface Verifier {
  /** How its verdicts are named to the writer (the status bar, the CLI): "lexical" is the engine's own decision. */
  readonly name: string;
  verify(claims: readonly ClaimRequest[], corpus: Corpus, model: VerdictModel): readonly VerifierAnswer[] | Promise<readonly VerifierAnswer[]>;
}

/** The engine's own decision (`verify/verify.ts`), claim by claim, at once. */
export const lexicalVerifier: Verifier = {
  name: "lexical",
  verify: (claims, corpus, model) =>
    claims.map((c) => {
      try {
        return verifyClaim(c.plain, corpus, model, c.context, c.within);
      } catch (error) {
        return { error };
      }
    }),
};

/** Verdicts per sentence (keyed by `verdictKey` of the sentence's text in the draft), for one corpus. */
export type VerdictCache = Map<string, Finding>;

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

/**
 * How a check paces itself: `pause` is awaited (and `progress` told) after
 * every `freshPerPause` claims verified anew and every 500 claims; with
 * `drain`, the findings told are let go of, and the result holds only those
 * after them (a 5 MB draft's tens of thousands are never all held twice).
 */
export interface Pacing {
  pause?: () => Promise<void>;
  progress?: (p: CheckProgress) => void;
  freshPerPause?: number;
  drain?: boolean;
}

/** What a check found: the draft's analysis, the findings of its claims in order, and the sentences that could not be checked. */
export interface SessionCheck {
  analysis: DraftAnalysis;
  findings: Finding[];
  problems: Problem[];
}

/** A check as the language server keeps it: the findings, and the part of the analysis its requests read (`outlineOf`). */
export interface DraftCheck {
  findings: Finding[];
  analysis: DraftAnalysis;
  /** The name of the verifier whose verdicts these are ("lexical": the engine's own). */
  verifier?: string;
}

/**
 * Where a session's checks run: on the calling thread, or elsewhere (the
 * language server's check worker, `node/checkInWorker.ts`), with the same
 * verdicts. Undefined when the token is cancelled on the way.
 */
export interface DraftChecker {
  check(session: CheckSession, text: string, options: DraftOptions, token: CancellationToken, progress?: (p: CheckProgress) => void): Promise<DraftCheck | undefined>;
  /** A session was replaced by a newer one: what was kept for checking in it may go. */
  forget?(session: CheckSession): void;
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

/** Verdicts kept per session before the cache starts again (a long editing session's memory stays bounded). */
const CACHE_LIMIT = 20_000;
/** Claims between two pauses, however many of them the cache answers. */
const CLAIMS_PER_PAUSE = 500;

/** What the loop asks of its driver: verdicts for a batch of claims, or a pause. */
type Need = { verify: readonly ClaimRequest[] } | { pause: true };
const PAUSE: Need = { pause: true };

/** One claim of a batch: its sentence, its cache key, its context, and whether it waits for the verifier. */
interface Pending {
  sentence: DraftSentence;
  key: string;
  context: ClaimContext;
  fresh: boolean;
}

export interface SessionOptions {
  /** The settings that shape a verdict (the model, evidence per claim); the defaults are `defaultCheckSettings`'. */
  settings?: Partial<Pick<CheckSettings, "maxEvidence" | "model">>;
  verifier?: Verifier;
  /** The cache to keep verdicts in (one shared by several corpora of the same sources: the archive's prefetches). */
  verdicts?: VerdictCache;
}

export class CheckSession {
  readonly verifier: Verifier;
  readonly verdicts: VerdictCache;
  private readonly settings: CheckSettings;

  constructor(readonly corpus: Corpus, options: SessionOptions = {}) {
    this.verifier = options.verifier ?? lexicalVerifier;
    this.verdicts = options.verdicts ?? new Map();
    this.settings = { ...defaultCheckSettings, ...options.settings };
  }

  /** Checks a draft's claims; undefined when the token is cancelled on the way. */
  async check(draft: { path: string; text: string }, options: DraftOptions, token: CancellationToken = neverCancelled, pacing: Pacing = {}): Promise<SessionCheck | undefined> {
    const steps = this.steps(draft, options, token, pacing);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      const need = step.value;
      if ("pause" in need) {
        await pacing.pause?.();
        step = steps.next();
      } else {
        step = steps.next(await this.verifier.verify(need.verify, this.corpus, this.settings.model));
      }
    }
  }

  /** The same check, at once and without pauses: for a verifier that answers at once (it throws for one that does not). */
  checkNow(draft: { path: string; text: string }, options: DraftOptions, token: CancellationToken = neverCancelled, pacing: Omit<Pacing, "pause"> = {}): SessionCheck | undefined {
    const steps = this.steps(draft, options, token, pacing);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      const need = step.value;
      if ("pause" in need) {
        step = steps.next();
        continue;
      }
      const answers = this.verifier.verify(need.verify, this.corpus, this.settings.model);
      if (!Array.isArray(answers)) throw new Error(`the ${this.verifier.name} verifier answers later: use CheckSession.check`);
      step = steps.next(answers as readonly VerifierAnswer[]);
    }
  }

  /** A draft and its citations checked, as the CLI reports them; undefined when cancelled. */
  async checkDocument(draft: { path: string; text: string }, options: DraftOptions & Pick<CheckSettings, "bibliographyKeys">, token: CancellationToken = neverCancelled): Promise<CheckResult | undefined> {
    const checked = await this.check(draft, options, token);
    return checked && {
      findings: checked.findings, citations: checkCitations(checked.findings, checked.analysis, this.corpus, options.bibliographyKeys), problems: checked.problems, ignored: checked.analysis.ignoredClaims,
    };
  }

  /**
   * The loop. It yields a batch of claims to verify (and takes their
   * answers) or a pause; a batch ends at the pause after it, so that the
   * claims a check has verified are told before it pauses. Cancellation is
   * looked at before each batch and after each pause.
   */
  private *steps(draft: { path: string; text: string }, options: DraftOptions, token: CancellationToken, pacing: Pacing): Generator<Need, SessionCheck | undefined, readonly VerifierAnswer[] | undefined> {
    const analysis = analyzeDraft(draft.text, { checkHeadings: options.checkHeadings });
    const claims = claimSentences(analysis);
    const freshPerPause = pacing.freshPerPause ?? 10;
    const problems: Problem[] = [];
    let findings: Finding[] = [];
    let first = 0;
    const tell = (checked: number) => {
      pacing.progress?.({ checked, claims: claims.length, findings, first });
      if (!pacing.drain) return;
      first += findings.length;
      findings = [];
    };
    tell(0);
    yield PAUSE;
    if (token.isCancellationRequested) return undefined;
    let fresh = 0;
    for (let i = 0; i < claims.length; ) {
      const batch: Pending[] = [];
      const wanted = new Map<string, ClaimRequest>();
      let pauses = false;
      while (i < claims.length && !pauses) {
        const p = this.pending(claims[i], draft.text, analysis, wanted, options.ownArticle);
        batch.push(p);
        i++;
        pauses = (p.fresh && ++fresh % freshPerPause === 0) || i % CLAIMS_PER_PAUSE === 0;
      }
      if (token.isCancellationRequested) return undefined;
      const answers = wanted.size ? yield { verify: [...wanted.values()] } : undefined;
      const byKey = new Map([...wanted.keys()].map((k, n) => [k, answers?.[n]]));
      // A correction is offered only when the sentence it makes checks as supported: those sentences are verified too.
      const fixes = this.corrections(batch, byKey);
      const rechecked = fixes.size ? yield { verify: [...fixes.values()].map((f) => f.request) } : undefined;
      const corrects = new Set([...fixes.keys()].filter((_, n) => verdictOf(rechecked?.[n]) === "supported"));
      for (const p of batch) findings.push(this.findingOf(p, draft, byKey, corrects, problems));
      if (!pauses) break;
      tell(i);
      yield PAUSE;
      if (token.isCancellationRequested) return undefined;
    }
    return { analysis, findings, problems };
  }

  /** A claim of a batch: new to the verifier unless the cache or the batch has it already (or it is too long to verify). */
  private pending(sentence: DraftSentence, text: string, analysis: DraftAnalysis, wanted: Map<string, ClaimRequest>, ownArticle: number | undefined): Pending {
    // A sentence's verdict depends on the earlier sentences of its paragraph ("She", "the club"): they are part of its key.
    const context: ClaimContext = { ...contextOf(analysis.sentences, sentence), ...(ownArticle === undefined ? {} : { ownArticle }) };
    const key = verdictKey(text.slice(sentence.span.start, sentence.span.end), context);
    const fresh = !this.verdicts.has(key) && !wanted.has(key) && sentence.plain.length <= MAX_CLAIM_LENGTH;
    if (fresh) wanted.set(key, { plain: sentence.plain, context });
    return { sentence, key, context, fresh };
  }

  /** The claims of a batch, by key, whose verification offers a correction, each with the claim as the correction would make it. */
  private corrections(batch: readonly Pending[], answers: Map<string, VerifierAnswer | undefined>): Map<string, { request: ClaimRequest }> {
    const out = new Map<string, { request: ClaimRequest }>();
    for (const p of batch) {
      const answer = p.fresh ? answers.get(p.key) : undefined;
      const fix = answer && !("error" in answer) ? correctionOf(p.sentence, answer) : undefined;
      if (fix) out.set(p.key, { request: { plain: fix.corrected, context: p.context, within: evidencePassages(answer as Verification) } });
    }
    return out;
  }

  /**
   * The finding of a claim of a batch: from the cache (its spans moved with
   * the sentence), or made from the verifier's answer (with its correction
   * when the claim's key is in `corrects`) and kept.
   */
  private findingOf(p: Pending, draft: { path: string }, answers: Map<string, VerifierAnswer | undefined>, corrects: ReadonlySet<string>, problems: Problem[]): Finding {
    const s = p.sentence;
    const hit = this.verdicts.get(p.key);
    if (hit) {
      // The same words, perhaps elsewhere in the document: move the spans with the sentence.
      const delta = s.span.start - hit.span.start;
      const correction = hit.correction && { ...hit.correction, span: { start: hit.correction.span.start + delta, end: hit.correction.span.end + delta } };
      return { ...hit, span: s.span, citations: s.citations, correction };
    }
    if (s.plain.length > MAX_CLAIM_LENGTH) return tooLongFinding(s);
    const answer = answers.get(p.key);
    if (!answer || "error" in answer) {
      // One sentence the engine cannot verify must not cost the writer the findings of all the others.
      const error = answer ? answer.error : new Error("the verifier gave no answer");
      problems.push({ file: draft.path, message: `${failedReason(error)}: "${clip(s.plain)}"`, severity: "warning" });
      return failedFinding(s, error);
    }
    const finding = toFinding(s, answer, this.corpus, this.settings, corrects.has(p.key));
    if (this.verdicts.size > CACHE_LIMIT) this.verdicts.clear();
    this.verdicts.set(p.key, finding);
    return finding;
  }
}

const verdictOf = (answer: VerifierAnswer | undefined) => (answer && !("error" in answer) ? answer.verdict : undefined);
const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/**
 * Checks every claim of a Markdown draft against the corpus, at once, with the
 * engine's own verifier: a session of one check. Pure and deterministic: the
 * same text, corpus and settings give the same findings. Cancellation stops
 * between claims and returns what was found so far.
 */
export function checkDocument(
  draft: { path: string; text: string },
  corpus: Corpus,
  settings: Partial<CheckSettings> = {},
  token: CancellationToken = neverCancelled,
): CheckResult {
  const s = { ...defaultCheckSettings, ...settings };
  const session = new CheckSession(corpus, { settings: { maxEvidence: s.maxEvidence, model: s.model } });
  const checked = session.checkNow(draft, { checkHeadings: s.checkHeadings }, token);
  if (!checked) return { findings: [], citations: [], problems: [], ignored: 0 };
  return { findings: checked.findings, citations: checkCitations(checked.findings, checked.analysis, corpus, s.bibliographyKeys), problems: checked.problems, ignored: checked.analysis.ignoredClaims };
}
