/** Which citation marker of a draft is under the cursor, and the source it cites. */
import { analyzeDraft, type DraftAnalysis, type Evidence, resolveCitation, type Span } from "../engine";
import type { CheckedDocument } from "./checker";
import type { LoadedCorpus } from "./corpora";

export interface MarkerHit {
  key: string;
  /** The marker in the draft (for a pandoc group `[@a; @b]`, the whole group). */
  span: Span;
  /** Index of the draft sentence that the marker belongs to, if any. */
  sentence?: number;
}

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/**
 * The footnote or pandoc citation at `offset`: a marker that the Markdown layer
 * attached to a sentence, the label of a footnote definition, or, for markers it
 * does not see (in headings, half typed), a `[^key]` or `[@key]` around the offset.
 */
export function citationAt(text: string, analysis: DraftAnalysis, offset: number): MarkerHit | undefined {
  for (let i = 0; i < analysis.sentences.length; i++) {
    const markers = analysis.sentences[i].citations.filter((c) => c.kind !== "link" && contains(c.span, offset));
    if (!markers.length) continue;
    // In `[see @a; @b]` every key shares the group's span: take the key the cursor is on.
    const under = markers.find((m) => keyOccurrences(text, m.span, m.key).some((s) => contains(s, offset)));
    const m = under ?? markers[0];
    return { key: m.key, span: m.span, sentence: i };
  }
  for (const f of analysis.footnotes) {
    const label = { start: f.span.start, end: f.span.start + f.key.length + 3 };
    if (contains(label, offset) && text.startsWith(`[^${f.key}]`, f.span.start)) return { key: f.key, span: label };
  }
  const from = Math.max(0, offset - 200);
  for (const m of text.slice(from, offset + 200).matchAll(/\[\^([^\]\s]+)\]|\[[^\]]*?@([\w:.#$%&+?<>~/-]+)[^\]]*\]/g)) {
    const span = { start: from + (m.index ?? 0), end: from + (m.index ?? 0) + m[0].length };
    if (contains(span, offset)) return { key: (m[1] ?? m[2]).replace(/[.:]+$/, ""), span };
  }
  return undefined;
}

function keyOccurrences(text: string, span: Span, key: string): Span[] {
  const out: Span[] = [];
  const slice = text.slice(span.start, span.end);
  for (let at = slice.indexOf(key); at >= 0; at = slice.indexOf(key, at + 1)) out.push({ start: span.start + at - 1, end: span.start + at + key.length });
  return out;
}

/**
 * Drafts up to this many characters are analysed for a request when no check
 * of their current version is there yet (a few milliseconds); a longer one
 * would hold the server's thread (a 5 MB draft takes seconds), so its markers
 * are found around the cursor alone until its check comes.
 */
const ANALYSE_ON_REQUEST = 32_768;

/**
 * The draft's analysis for a request: its check's (of the current version),
 * else made now when the draft is short, else only its front matter (the
 * head of the draft up to the front matter's closing fence, analysed alone,
 * gives the same block as the whole draft would).
 */
export function analysisForRequest(text: string, checked: CheckedDocument | undefined): DraftAnalysis {
  if (checked) return checked.analysis;
  if (text.length <= ANALYSE_ON_REQUEST) return analyzeDraft(text, { checkHeadings: false });
  const close = /^\uFEFF?---[ \t]*\r?\n/.test(text) ? /\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(0, ANALYSE_ON_REQUEST)) : null;
  const head = close ? analyzeDraft(text.slice(0, close.index + close[0].length), { checkHeadings: false }) : undefined;
  return { sentences: [], footnotes: [], frontMatter: head?.frontMatter ?? null, frontMatterData: head?.frontMatterData ?? {}, ignoredClaims: 0 };
}

/** The cited article under the cursor and, when the sentence's evidence comes from it, that passage. */
export function resolveMarker(text: string, offset: number, loaded: LoadedCorpus, checked: CheckedDocument | undefined) {
  const analysis = analysisForRequest(text, checked);
  const hit = citationAt(text, analysis, offset);
  if (!hit) return undefined;
  // A key of the draft's bibliography resolves to the source its entry matched, as in the check.
  const articleId = resolveCitation(hit.key, analysis, loaded.corpus, checked?.citing.bibliography?.byKey);
  const article = articleId ? loaded.corpus.article(articleId) : undefined;
  const finding = checked?.findings.find((f) => f.citations.some((c) => c.span.start === hit.span.start));
  const evidence: Evidence | undefined = article ? finding?.evidence.find((e) => e.articleId === article.id) : undefined;
  return { hit, article, evidence };
}
