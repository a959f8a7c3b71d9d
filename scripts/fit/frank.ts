/**
 * The FRANK summaries (test/fixtures/frank) as the checker meets them: every
 * summary one paragraph of one draft, checked against the pooled folder of
 * source articles, each gold sentence matched to the draft sentence that
 * covers its middle (as ../shared/eval/score-summaries.mjs does).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeDraft, type ClaimContext, contextOf } from "../../server/src/engine";

export type FrankLabel = "supported" | "not" | "unknown";

export interface FrankSentence {
  /** The summary's id, e.g. `f0001-bart`. */
  summary: string;
  set: string;
  /** The source article's id (its file name without `.txt`): the unit of cross-validation. */
  article: string;
  label: FrankLabel;
  /** The draft sentence that covers the gold sentence's middle, or null when none is a claim. */
  plain: string | null;
  context: ClaimContext;
}

interface Summary {
  id: string;
  set: string;
  source: string;
  sentences: Array<{ text: string; label: FrankLabel }>;
}

export function loadFrank(dir: string): FrankSentence[] {
  const items = readFileSync(join(dir, "summaries.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Summary);
  const parts = ["# Summaries", ""];
  const golds: Array<{ item: Summary; s: Summary["sentences"][number]; mid: number }> = [];
  let offset = parts.join("\n").length + 1;
  for (const item of items) {
    let col = 0;
    const texts: string[] = [];
    for (const s of item.sentences) {
      if (texts.length) col += 1;
      golds.push({ item, s, mid: offset + col + Math.floor(s.text.length / 2) });
      texts.push(s.text);
      col += s.text.length;
    }
    const line = texts.join(" ");
    parts.push(line, "");
    offset += line.length + 2;
  }
  const text = parts.join("\n");
  const sentences = analyzeDraft(text, { checkHeadings: false }).sentences;
  const out: FrankSentence[] = [];
  for (const g of golds) {
    const claim = claimAt(sentences, g.mid);
    out.push({
      summary: g.item.id, set: g.item.set, article: g.item.source, label: g.s.label,
      plain: claim ? claim.plain : null,
      context: claim ? contextOf(sentences, claim) : { previous: [] },
    });
  }
  return out;
}

type DraftSentence = ReturnType<typeof analyzeDraft>["sentences"][number];

/**
 * The draft sentence that covers `offset` (a labelled sentence's middle), when
 * the checker takes it for a claim; `sentences` in the draft's order. FRANK's
 * and WiCE's labelled sentences are found in their drafts so.
 */
export function claimAt<S extends Pick<DraftSentence, "span" | "isClaim" | "ignored">>(sentences: readonly S[], offset: number): S | undefined {
  let lo = 0;
  let hi = sentences.length;
  // The first sentence that ends after the offset.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid].span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  const hit = sentences[lo];
  return hit && hit.span.start <= offset && hit.isClaim && !hit.ignored ? hit : undefined;
}

/** The fold of an article: its number mod `folds`. */
export function foldOf(article: string, folds = 5): number {
  const n = Number(/\d+/.exec(article)?.[0] ?? 0);
  return n % folds;
}
