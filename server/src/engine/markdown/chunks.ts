/**
 * Parses a long draft in pieces. micromark keeps every event of a document
 * until the end of the parse, about 350 bytes of memory per character of a
 * draft full of lists and quotes: a 5 MB draft needed 1.7 GB. Parsed in pieces
 * of about 256 KB, only one piece's events are alive at a time.
 *
 * A draft is cut only where nothing can be open across the cut: at a line that
 * follows a blank line and starts with a letter or digit in its first column
 * (every block quote, list item, paragraph and table has ended there), outside
 * the front matter, a top-level fenced code block and a multi-line HTML block.
 * A piece whose last block is code or HTML reaching its end may have been cut
 * inside that block: it is parsed together with the next. Link and footnote
 * definitions are document-wide: a piece that refers to a label another piece
 * defines is parsed again with a stand-in definition of that label, whose
 * nodes are then dropped.
 */
import type { MdNode } from "./parse";

/** Pieces are about this long (characters); drafts up to twice this are parsed whole. */
export const CHUNK_LENGTH = 256 * 1024;

/** Offsets where `text` may be cut, about `size` apart. */
export function safeCuts(text: string, size: number): number[] {
  const cuts: number[] = [];
  let last = 0;
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let previousBlank = false;
  // Front matter runs to its closing line; no cut inside it.
  let from = 0;
  const fm = /^(---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n\1[ \t]*(\r?\n|$)/.exec(text);
  if (fm) from = fm[0].length;
  const line = /[^\r\n]*(\r\n|\r|\n|$)/g;
  line.lastIndex = from;
  while (line.lastIndex < text.length) {
    const start = line.lastIndex;
    const m = line.exec(text)!;
    if (m[0].length === 0) break;
    const content = m[0].replace(/[\r\n]+$/, "");
    const blank = /^[ \t]*$/.test(content);
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(content);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
    } else if (htmlEnd) {
      if (htmlEnd.test(content)) htmlEnd = null;
    } else {
      if (previousBlank && start - last >= size && /^[\p{L}\p{N}]/u.test(content)) {
        cuts.push(start);
        last = start;
      }
      const open = /^ {0,3}(`{3,}|~{3,})/.exec(content);
      if (open) fence = { char: open[1][0], length: open[1].length };
      else htmlEnd = htmlBlockEnd(content);
    }
    previousBlank = blank;
  }
  return cuts;
}

/** The end condition of an HTML block that may span blank lines (CommonMark types 1 to 5), if `line` opens one and does not close it. */
function htmlBlockEnd(line: string): RegExp | null {
  const kinds: Array<[RegExp, RegExp]> = [
    [/<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
    [/<!--/, /-->/],
    [/<\?/, /\?>/],
    [/<![A-Za-z]/, />/],
    [/<!\[CDATA\[/, /\]\]>/],
  ];
  for (const [open, close] of kinds) {
    const at = line.search(open);
    if (at >= 0 && !close.test(line.slice(at + 2))) return close;
  }
  return null;
}

/** Adds `delta` to the offsets of `node` and all its descendants. */
function shift(node: MdNode, delta: number): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.position) {
      n.position = {
        start: { ...n.position.start, offset: (n.position.start.offset ?? 0) + delta },
        end: { ...n.position.end, offset: (n.position.end.offset ?? 0) + delta },
      };
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
}

/** A label as micromark compares them: case and runs of white space do not matter. */
const normalize = (label: string) => label.replace(/[\t\n\r ]+/g, " ").trim().toLowerCase().toUpperCase();

/** The definitions a tree's top level holds, as stand-ins keyed by their normalized label ("^" first for footnotes). */
function definitionsOf(children: MdNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [...children];
  while (stack.length) {
    const n = stack.pop()!;
    const label = n.label ?? n.identifier;
    if (n.type === "definition" && label) out.set(normalize(label), `[${label}]: <>`);
    else if (n.type === "footnoteDefinition" && label) out.set(`^${normalize(label)}`, `[^${label}]: x`);
    if (n.children) for (const c of n.children) stack.push(c);
  }
  return out;
}

/** The labels `text` may refer to: every bracketed run, normalized ("^" first for footnotes). */
function referencesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\[(\^?)((?:[^\[\]\\]|\\.){1,999})\]/g)) out.add(`${m[1]}${normalize(m[2])}`);
  return out;
}

/** Parses `text` with `parse` piece by piece (see the module comment); short drafts in one go. */
export function parseInChunks(text: string, parse: (text: string) => MdNode, size = CHUNK_LENGTH): MdNode {
  if (text.length <= 2 * size) return parse(text);
  const cuts = safeCuts(text, size);
  if (!cuts.length) return parse(text);
  const bounds = [0, ...cuts, text.length];
  const pieces: Array<{ from: number; text: string; children: MdNode[]; defined: Map<string, string> }> = [];
  let from = 0;
  for (let k = 1; k < bounds.length; k++) {
    const to = bounds[k];
    const piece = text.slice(from, to);
    const children = parse(piece).children ?? [];
    const last = children.at(-1);
    // Code or HTML running to the end of the piece may continue past the cut: parse it with the next piece.
    if (to < text.length && last && (last.type === "code" || last.type === "html") && (last.position?.end.offset ?? 0) >= piece.trimEnd().length) continue;
    pieces.push({ from, text: piece, children, defined: definitionsOf(children) });
    from = to;
  }
  // Definitions are document-wide: a piece that refers to a label defined in another piece is parsed again
  // with a stand-in definition of it. The stand-ins go after the first piece (front matter must stay at its
  // start) and before the others, which start with a letter or digit that no definition can take as its own.
  const all = new Map<string, string>();
  for (const p of pieces) for (const [id, standIn] of p.defined) if (!all.has(id)) all.set(id, standIn);
  const children: MdNode[] = [];
  for (const p of pieces) {
    let own = p.children;
    let delta = p.from;
    const foreign = [...referencesIn(p.text)].filter((id) => all.has(id) && !p.defined.has(id)).map((id) => all.get(id)!);
    if (foreign.length) {
      const standIns = foreign.join("\n\n");
      const before = p.from > 0 ? `${standIns}\n\n` : "";
      const root = parse(p.from > 0 ? before + p.text : `${p.text}\n\n${standIns}`);
      own = (root.children ?? []).filter((c) => {
        const at = c.position?.start.offset ?? 0;
        return at >= before.length && at < before.length + p.text.length;
      });
      delta = p.from - before.length;
    }
    for (const c of own) shift(c, delta);
    for (const c of own) children.push(c);
  }
  return { type: "root", children, position: { start: { offset: 0 }, end: { offset: text.length } } };
}
