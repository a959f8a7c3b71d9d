/**
 * Parses a draft into an mdast tree (CommonMark + GFM + YAML front matter) and
 * gives the rest of the Markdown layer a loose, total view of its nodes.
 *
 * The view is deliberately untyped beyond the fields we read: the tree comes
 * from several mdast extensions, and every reader below must cope with a field
 * being absent rather than trust a type that a future extension may break.
 */
import { CHUNK_LENGTH, parseInChunks } from "./chunks";
import { withLinearEditMap } from "./editMap";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { frontmatter } from "micromark-extension-frontmatter";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";

/** The fields of an mdast node that the Markdown layer reads. */
export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  identifier?: string;
  label?: string | null;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/**
 * Parses `text` (see `defuse`); throws only if micromark itself fails (the caller falls back).
 *
 * GFM is enabled piece by piece, without autolink literals: that extension alone
 * doubles parsing time on large drafts, and bare URLs in text are found later by
 * the plain-text builder (`plain.ts`), which is all the Markdown layer needs them for.
 */
export function parseMarkdown(text: string, chunkLength = CHUNK_LENGTH, linearEditMap = true): MdNode {
  // micromark's edit map is quadratic on drafts full of lists and quotes: `editMap.ts` has a linear one for the parse's duration.
  return linearEditMap ? withLinearEditMap(() => parseInChunks(text, parseWhole, chunkLength)) : parseInChunks(text, parseWhole, chunkLength);
}

function parseWhole(text: string): MdNode {
  return fromMarkdown(text, {
    extensions: [gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem(), frontmatter(["yaml"])],
    mdastExtensions: [
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTableFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
      frontmatterFromMarkdown(["yaml"]),
    ],
  }) as unknown as MdNode;
}

/** Start offset of a node, or `fallback` when the node has no position. */
export function startOf(node: MdNode, fallback = 0): number {
  return node.position?.start.offset ?? fallback;
}

/** End offset of a node, or `fallback` when the node has no position. */
export function endOf(node: MdNode, fallback = 0): number {
  return node.position?.end.offset ?? fallback;
}

/** The concatenated `value` of every text-like descendant (iterative: no recursion on deep trees). */
export function textOf(node: MdNode): string {
  let out = "";
  const stack: MdNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "text" || n.type === "inlineCode") out += n.value ?? "";
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** Container markers (`>`, list bullets) deeper than this on one line are blanked out. */
const MAX_CONTAINER_DEPTH = 32;
/** Emphasis delimiters or brackets beyond this count in one run of non-blank lines are blanked out. */
const MAX_DELIMITERS = 300;

/**
 * Returns `text` with the constructs that make micromark slow (quadratic),
 * overflow its stack or shift its offsets replaced by spaces, keeping every
 * offset: a leading byte order mark, containers
 * nested more than 32 deep on a line, and paragraphs with hundreds of emphasis
 * delimiters or brackets. Ordinary drafts come back unchanged (the same string).
 * Parse and align against the result; the blanked characters become white space
 * in the plain text.
 */
export function defuse(text: string): string {
  let codes: Uint16Array | null = null;
  const blank = (i: number) => {
    codes ??= Uint16Array.from({ length: text.length }, (_, k) => text.charCodeAt(k));
    codes[i] = 32;
  };
  // micromark drops a leading byte order mark and counts its offsets without it: a space keeps every offset in place.
  if (text.charCodeAt(0) === 0xfeff) blank(0);
  let chunkStart = -1;
  let emphasis = 0;
  let brackets = 0;
  const closeChunk = (end: number) => {
    if (chunkStart >= 0 && (emphasis > MAX_DELIMITERS || brackets > MAX_DELIMITERS)) {
      for (let i = chunkStart; i < end; i++) {
        const c = text.charCodeAt(i);
        if (emphasis > MAX_DELIMITERS && (c === 42 || c === 95 || c === 126)) {
          // Keep a line-leading bullet (`* item`) so lists stay lists.
          const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
          const next = text.charCodeAt(i + 1);
          const bullet = c === 42 && (prev === 10 || prev === 13 || prev === 32) && (next === 32 || next === 9) && lineLead(text, i);
          if (!bullet) blank(i);
        } else if (brackets > MAX_DELIMITERS && (c === 91 || c === 93)) blank(i);
      }
    }
    chunkStart = -1;
    emphasis = 0;
    brackets = 0;
  };
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = lineStart;
    let nonBlank = false;
    while (lineEnd < text.length) {
      const c = text.charCodeAt(lineEnd);
      if (c === 10 || c === 13) break;
      if (c !== 32 && c !== 9) nonBlank = true;
      if (c === 42 || c === 95 || c === 126) emphasis++;
      else if (c === 91 || c === 93) brackets++;
      lineEnd++;
    }
    if (!nonBlank) closeChunk(lineStart);
    else if (chunkStart < 0) chunkStart = lineStart;
    // Cap container depth at the start of the line.
    // Nesting comes from markers on the line or from indentation (a list nested by spaces).
    let depth = 0;
    for (let i = lineStart; i < lineEnd; ) {
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      const tooDeep = () => ++depth > MAX_CONTAINER_DEPTH || i - lineStart > 4 * MAX_CONTAINER_DEPTH;
      if (c === 32 || c === 9) i++;
      else if (c === 62 /* > */ || ((c === 45 || c === 42 || c === 43) && (next === 32 || next === 9))) {
        if (tooDeep()) blank(i);
        i++;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < lineEnd && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const p = text.charCodeAt(j);
        if ((p === 46 || p === 41) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
          if (tooDeep()) for (let k = i; k <= j; k++) blank(k);
          i = j + 1;
        } else break;
      } else break;
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  closeChunk(text.length);
  if (codes === null) return text;
  let out = "";
  const c: Uint16Array = codes;
  for (let i = 0; i < c.length; i += 8192) out += String.fromCharCode(...c.subarray(i, i + 8192));
  return out;
}

/** Whether only white space and container markers precede `i` on its line. */
function lineLead(text: string, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 62) return false;
  }
  return true;
}
