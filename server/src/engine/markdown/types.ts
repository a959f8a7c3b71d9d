/** What the Markdown layer hands to the verifier: the draft's prose, sentence by sentence. */
import type { CitationMarker } from "../findings";
import type { Span } from "../types";

export type BlockKind = "paragraph" | "heading" | "listItem" | "tableCell" | "blockquote";

/** One sentence of the draft's prose, with the markup taken out and a map back to the draft. */
export interface DraftSentence {
  /** The sentence in the draft, from its first to its last visible character (closing punctuation included). */
  span: Span;
  /**
   * The sentence as plain text: emphasis markers, link targets, footnote references,
   * inline code and HTML removed; link text kept; white space folded to single spaces.
   */
  plain: string;
  /** `offsets[i]` is the draft offset of `plain[i]`; `offsets[plain.length]` is `span.end`. */
  offsets: number[];
  /** The innermost block that holds the sentence. */
  block: BlockKind;
  /** The position of that block among the draft's prose blocks: sentences of one paragraph share it. */
  blockIndex: number;
  /** Whether the sentence reads as a factual claim (not a question, framing or signposting). */
  isClaim: boolean;
  /** Citation markers inside or right after the sentence (before the next sentence starts). */
  citations: CitationMarker[];
  /** Set when an ignore comment covers it: one that names it (`grounded-ignore: "…"`), `grounded-ignore-next-line`, or a `grounded-disable` region. */
  ignored: boolean;
}

/** A footnote definition `[^key]: text` found in the draft. */
export interface FootnoteDefinition {
  key: string;
  /** The whole definition, from `[^` to the end of its text. */
  span: Span;
  /** Its text as plain text. */
  text: string;
  /** The first URL in the definition, if any. */
  url: string | null;
}

export interface DraftAnalysis {
  sentences: DraftSentence[];
  footnotes: FootnoteDefinition[];
  /** The span of the YAML front matter block, including its `---` fences, if present. */
  frontMatter: Span | null;
  /** The parsed front matter (`bibliography:` and the like), `{}` when absent or invalid. */
  frontMatterData: Record<string, unknown>;
  /** How many sentences that read as claims an ignore comment covers: they are not checked. */
  ignoredClaims: number;
}

export interface DraftOptions {
  /** Check headings too (off by default). */
  checkHeadings: boolean;
  /**
   * The index of the corpus article that is this draft's own file, when the
   * corpus holds it (a draft saved inside its sources' folder): it is never
   * evidence for the draft's claims, which would all be "supported" by
   * themselves. The host finds it, by path; the engine knows no files.
   */
  ownArticle?: number;
}
