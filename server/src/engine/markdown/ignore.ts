/**
 * Ignore comments. `<!-- grounded-ignore-next-line -->` covers the next
 * non-blank line and the whole block that starts on it;
 * `<!-- grounded-disable -->` … `<!-- grounded-enable -->` covers everything in
 * between (to the end of the draft when the region is never closed). Comments are
 * taken from HTML nodes only, so a comment shown inside a code block does nothing.
 */
import type { Span } from "../types";
import { type MdNode, endOf, startOf } from "./parse";

const COMMENT = /<!--\s*grounded-(ignore-next-line|disable|enable)\s*-->/g;

interface Directive {
  kind: "ignore-next-line" | "disable" | "enable";
  start: number;
  end: number;
}

/** Collects the directives in HTML nodes, in draft order. */
export class IgnoreCollector {
  private readonly directives: Directive[] = [];

  add(node: MdNode): void {
    const value = node.value ?? "";
    if (value.indexOf("grounded-") < 0) return;
    const base = startOf(node);
    const nodeEnd = endOf(node, base);
    for (const m of value.matchAll(COMMENT)) {
      // The value omits container prefixes (`> `), so offsets inside it are approximate; clamp to the node.
      const start = Math.min(base + m.index, nodeEnd);
      const end = Math.min(start + m[0].length, nodeEnd);
      this.directives.push({ kind: m[1] as Directive["kind"], start, end });
    }
  }

  /**
   * The spans a sentence is ignored in when its start falls inside one, given the
   * draft and where each prose block (paragraph, heading, table row) starts and ends.
   */
  regions(draft: string, blocks: Span[]): Span[] {
    // `blocks` must be sorted by start (draft order).
    const directives = [...this.directives].sort((a, b) => a.start - b.start);
    const out: Span[] = [];
    let disabledFrom = -1;
    for (const d of directives) {
      if (d.kind === "disable") {
        if (disabledFrom < 0) disabledFrom = d.end;
      } else if (d.kind === "enable") {
        if (disabledFrom >= 0) out.push({ start: disabledFrom, end: d.start });
        disabledFrom = -1;
      } else {
        const line = nextNonBlankLine(draft, d.end);
        if (!line) continue;
        let end = line.end;
        // Blocks are in draft order; look only at those starting on the line.
        for (let k = firstAtOrAfter(blocks, line.start); k < blocks.length && blocks[k].start <= line.end; k++) {
          if (blocks[k].end > end) end = blocks[k].end;
        }
        out.push({ start: line.start, end });
      }
    }
    if (disabledFrom >= 0) out.push({ start: disabledFrom, end: draft.length });
    return out;
  }
}

function firstAtOrAfter(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first line after the one holding `offset` that has something besides white space and quote markers. */
function nextNonBlankLine(draft: string, offset: number): Span | null {
  let i = offset;
  // Move to the start of the next line.
  while (i < draft.length && draft[i] !== "\n" && draft[i] !== "\r") i++;
  while (i < draft.length) {
    if (draft[i] === "\r" && draft[i + 1] === "\n") i += 2;
    else i++;
    const start = i;
    let end = i;
    while (end < draft.length && draft[end] !== "\n" && draft[end] !== "\r") end++;
    if (/[^\s>]/.test(draft.slice(start, end))) return { start, end };
    i = end;
  }
  return null;
}
