/**
 * The Markdown layer's entry point: a draft's text in, its prose sentence by
 * sentence out, each with a map back to the draft, its citations, whether it
 * reads as a claim and whether an ignore comment covers it.
 *
 * Prose is taken from paragraphs, list items, table cells, block quotes and (on
 * request) headings. Code, front matter, HTML, link and footnote definitions are
 * never prose. The function is total: it never throws, whatever the string.
 */
import { parse as parseYaml } from "yaml";
import type { CitationMarker } from "../findings";
import type { Span } from "../types";
import { splitSentences } from "../text/sentences";
import { isClaimSentence } from "./claims";
import { IgnoreCollector, markNamedClaims } from "./ignore";
import { type MdNode, defuse, endOf, parseMarkdown, startOf } from "./parse";
import { type InlineContainer, type PlainText, buildPlain } from "./plain";
import type { BlockKind, DraftAnalysis, DraftOptions, DraftSentence, FootnoteDefinition } from "./types";

export type { DraftAnalysis, DraftOptions, DraftSentence, FootnoteDefinition } from "./types";
export { isClaimSentence } from "./claims";

interface ProseBlock {
  kind: BlockKind;
  span: Span;
  children: MdNode[];
}

const emptyAnalysis = (): DraftAnalysis => ({ sentences: [], footnotes: [], frontMatter: null, frontMatterData: {}, ignoredClaims: 0 });

/** The sentences to verify: those that read as claims and that no ignore comment covers, in draft order. */
export function claimSentences(analysis: DraftAnalysis): DraftSentence[] {
  return analysis.sentences.filter((s) => s.isClaim && !s.ignored);
}

/** Analyses a Markdown draft. Never throws: unparseable input degrades to blank-line-separated paragraphs. */
export function analyzeDraft(text: string, options: DraftOptions): DraftAnalysis {
  if (typeof text !== "string" || text.length === 0) return emptyAnalysis();
  try {
    // Parse and align against the defused text (same offsets; see `defuse`).
    const source = defuse(text);
    return analyzeTree(text, source, parseMarkdown(source), options);
  } catch {
    try {
      return analyzeFallback(text);
    } catch {
      return emptyAnalysis();
    }
  }
}

function analyzeTree(draft: string, source: string, root: MdNode, options: DraftOptions): DraftAnalysis {
  const definitions = collectDefinitions(root);
  const ignores = new IgnoreCollector();
  const blocks: ProseBlock[] = [];
  const footnotes: FootnoteDefinition[] = [];
  let frontMatter: Span | null = null;
  let frontMatterData: Record<string, unknown> = {};

  // Iterative walk (documents can nest thousands of levels deep), in document order.
  const stack: { node: MdNode; kind: BlockKind }[] = [{ node: root, kind: "paragraph" }];
  while (stack.length > 0) {
    const { node, kind } = stack.pop()!;
    const span = { start: startOf(node), end: endOf(node, startOf(node)) };
    switch (node.type) {
      case "yaml":
        if (frontMatter === null) {
          frontMatter = span;
          frontMatterData = parseFrontMatter(node.value ?? "");
        }
        continue;
      case "html":
        ignores.add(node);
        continue;
      case "footnoteDefinition":
        footnotes.push(footnoteOf(source, node, definitions));
        continue;
      case "paragraph":
        blocks.push({ kind, span, children: node.children ?? [] });
        continue;
      case "heading":
        if (options.checkHeadings) blocks.push({ kind: "heading", span, children: node.children ?? [] });
        continue;
      case "tableRow":
        for (const cell of node.children ?? []) blocks.push({ kind: "tableCell", span, children: cell.children ?? [] });
        continue;
      case "code":
      case "definition":
      case "thematicBreak":
      case "math":
      case "toml":
        continue;
    }
    const inner: BlockKind = node.type === "listItem" ? "listItem" : node.type === "blockquote" ? "blockquote" : kind;
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], kind: inner });
  }

  const sentences: DraftSentence[] = [];
  let blockIndex = 0;
  for (const block of blocks) {
    const plain = buildPlain(source, block.children, {
      definitions,
      citationLinks: true,
      onHtml: (n) => ignores.add(n),
    });
    sentencesOf(plain, block.kind, blockIndex++, sentences);
  }

  markIgnored(draft, ignores, blocks, sentences);
  return { sentences, footnotes, frontMatter, frontMatterData, ignoredClaims: sentences.filter((s) => s.isClaim && s.ignored).length };
}

/** Sets `ignored` on the sentences that an ignore comment covers: a region, or a comment that names them. */
function markIgnored(draft: string, ignores: IgnoreCollector, blocks: ProseBlock[], sentences: DraftSentence[]): void {
  const regions = mergeSpans(ignores.regions(draft, blocks.map((b) => b.span)));
  if (regions.length > 0) for (const s of sentences) s.ignored = isInside(regions, s.span.start);
  markNamedClaims(draft, ignores, sentences);
}

/** Splits one block's plain text into sentences and maps each back to the draft. */
function sentencesOf(plain: PlainText, kind: BlockKind, blockIndex: number, out: DraftSentence[]): void {
  if (plain.text.length === 0) return;
  const spans = splitSentences(plain.text);
  if (spans.length === 0) return;
  const byContentEnd = new Map<number, InlineContainer>();
  for (const c of plain.containers) if (c.end > c.contentEnd) byContentEnd.set(c.contentEnd, c);

  const first = out.length;
  for (const s of spans) {
    let start = plain.offsets[s.start];
    let end = plain.ends[s.end - 1];
    // Widen over closing markers that directly follow (`*said so.*`, `[text](url)`),
    // and over the opening ones too when the whole container is in the sentence.
    for (let c = byContentEnd.get(end), guard = 0; c && guard < 64; c = byContentEnd.get(end), guard++) {
      if (c.contentStart === start) start = c.start;
      end = c.end;
    }
    const text = plain.text.slice(s.start, s.end);
    const offsets = plain.offsets.slice(s.start, s.end);
    offsets.push(end);
    out.push({
      span: { start, end },
      plain: text,
      offsets,
      block: kind,
      blockIndex,
      isClaim: isClaimSentence(text),
      citations: [],
      ignored: false,
    });
  }
  // A citation belongs to the last sentence that starts before it: the one it sits in,
  // or the one whose closing punctuation it follows.
  let k = 0;
  for (const { marker, at } of plain.citations) {
    while (k + 1 < spans.length && spans[k + 1].start < at) k++;
    out[first + k].citations.push(marker as CitationMarker);
  }
}

function collectDefinitions(root: MdNode): Map<string, string> {
  const map = new Map<string, string>();
  const stack: MdNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "definition" && n.identifier && !map.has(n.identifier)) map.set(n.identifier, n.url ?? "");
    if (n.children) for (const c of n.children) stack.push(c);
  }
  return map;
}

function footnoteOf(draft: string, node: MdNode, definitions: Map<string, string>): FootnoteDefinition {
  const start = startOf(node);
  const parts: string[] = [];
  let url: string | null = null;
  const stack: MdNode[] = [...(node.children ?? [])].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (url === null && n.type === "link" && n.url) url = n.url;
    if (url === null && n.type === "linkReference" && definitions.get(n.identifier ?? "")) {
      url = definitions.get(n.identifier ?? "") ?? null;
    }
    if (n.type === "paragraph" || n.type === "heading" || n.type === "tableCell") {
      const plain = buildPlain(draft, n.children ?? [], { definitions, citationLinks: false });
      if (plain.text) parts.push(plain.text);
      // Links inside still need to be seen for the URL.
    }
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  const text = parts.join(" ");
  if (url === null) url = /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/i.exec(text)?.[0] ?? null;
  return { key: node.label ?? node.identifier ?? "", span: { start, end: endOf(node, start) }, text, url };
}

/**
 * The data of a draft's YAML front matter (`{}` when it has none or it does not
 * parse), without analysing the rest of the draft: the CLI reads the
 * bibliography it names before the check.
 */
export function frontMatterOf(text: string): Record<string, unknown> {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? parseFrontMatter(m[1]) : {};
}

function parseFrontMatter(value: string): Record<string, unknown> {
  try {
    const data: unknown = parseYaml(value.replace(/\r\n?/g, "\n"));
    if (data !== null && typeof data === "object" && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // Invalid YAML is the writer's business; the draft is still checked.
  }
  return {};
}

/** Sorts and merges overlapping spans (ends inclusive for membership). */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function isInside(merged: Span[], offset: number): boolean {
  let lo = 0;
  let hi = merged.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid].end < offset) lo = mid + 1;
    else if (merged[mid].start > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Used only if the parser fails: every blank-line-separated chunk is a plain paragraph. */
function analyzeFallback(draft: string): DraftAnalysis {
  const sentences: DraftSentence[] = [];
  let blockIndex = 0;
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const node: MdNode = { type: "text", value: draft.slice(start, end), position: { start: { offset: start }, end: { offset: end } } };
    sentencesOf(buildPlain(draft, [node], { definitions: new Map(), citationLinks: false }), "paragraph", blockIndex++, sentences);
    start = -1;
  };
  let lineStart = 0;
  while (lineStart <= draft.length) {
    let lineEnd = draft.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = draft.length;
    const blank = !/\S/.test(draft.slice(lineStart, lineEnd));
    if (blank) flush(lineStart);
    else if (start < 0) start = lineStart;
    lineStart = lineEnd + 1;
  }
  flush(draft.length);
  return { sentences, footnotes: [], frontMatter: null, frontMatterData: {}, ignoredClaims: 0 };
}
