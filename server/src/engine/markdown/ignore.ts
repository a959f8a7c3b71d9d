/**
 * Ignore comments.
 *
 * - `<!-- grounded-ignore: "The council approved the new budget on Tuesday…" #719ef2fa -->` ignores
 *   one claim: the sentences it names, in the paragraph (list, table, quote)
 *   it stands in or right before, up to the next blank line. It names a
 *   sentence by its text, whole or its first words and `…`, and may add the
 *   fingerprint of the whole sentence (`claimFingerprint`), which the quick
 *   fix writes: an edit to another sentence, or moving the paragraph with its
 *   comment, keeps it; an edit to the ignored sentence brings its finding back.
 * - `<!-- grounded-ignore-next-line -->` covers the next non-blank line and
 *   the whole block that starts on it.
 * - `<!-- grounded-disable -->` … `<!-- grounded-enable -->` covers everything
 *   in between (to the end of the draft when the region is never closed).
 *
 * Comments are taken from HTML nodes only, so a comment shown inside a code
 * block does nothing.
 */
import { foldClaimText } from "../text/claimText";
import type { Span } from "../types";
import { type MdNode, endOf, startOf } from "./parse";
import type { DraftSentence } from "./types";

const COMMENT = /<!--\s*grounded-(?:(ignore-next-line|disable|enable)\s*|ignore:([^]*?))-->/g;

/** How an ignore comment names a claim. */
export interface ClaimName {
  /** The sentence's text as `normalizeClaim` gives it, or its first words (`prefix`); empty when only a fingerprint names it. */
  text: string;
  prefix: boolean;
  /** `claimFingerprint` of the whole sentence, when the comment gives one. */
  fingerprint?: string;
}

interface Directive {
  kind: "ignore-next-line" | "disable" | "enable" | "ignore-claim";
  start: number;
  end: number;
  claim?: ClaimName;
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
      if (m[1]) this.directives.push({ kind: m[1] as Directive["kind"], start, end });
      else {
        const claim = parseClaimName(m[2]);
        if (claim) this.directives.push({ kind: "ignore-claim", start, end, claim });
      }
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
      } else if (d.kind === "ignore-next-line") {
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

  /**
   * The claims named by `grounded-ignore:` comments, each with the span its
   * sentences must start in: the lines from the blank line before the comment
   * to the next blank line, and, when nothing follows the comment there, the
   * run of lines after the next blank.
   */
  claims(draft: string): Array<{ span: Span; claim: ClaimName }> {
    const out: Array<{ span: Span; claim: ClaimName }> = [];
    // In draft order, with the last run of lines kept: many comments in one long run walk it once.
    let run: Span = { start: -1, end: -1 };
    const runAt = (offset: number): Span => {
      if (offset < run.start || offset > run.end) run = { start: runStart(draft, offset), end: runEnd(draft, offset) };
      return run;
    };
    for (const d of [...this.directives].sort((a, b) => a.start - b.start)) {
      if (d.kind !== "ignore-claim" || !d.claim) continue;
      const own = runAt(d.start);
      let end = d.end <= own.end ? own.end : runAt(d.end).end;
      // Nothing after the comment in its run: the rest of its line is blank, and the line ends the run.
      const lineEnd = lineEndOf(draft, d.end);
      if (lineEnd >= end && isBlank(draft.slice(d.end, lineEnd))) {
        const next = nextNonBlankLine(draft, d.end);
        if (next) end = runAt(next.start).end;
      }
      out.push({ span: { start: own.start, end }, claim: d.claim });
    }
    return out;
  }
}

/**
 * A sentence's text as ignore comments compare it: folded as fingerprints
 * fold it (`foldClaimText`), and runs of dashes as one (two dashes could not
 * stand in an HTML comment).
 */
export function normalizeClaim(text: string): string {
  return foldClaimText(text).replace(/-{2,}/g, "-");
}

/** Eight hex digits of a sentence's normalised text (32-bit FNV-1a): the fingerprint an ignore comment gives. */
export function claimFingerprint(text: string): string {
  return fingerprintOf(normalizeClaim(text));
}

function fingerprintOf(normalized: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < normalized.length; i++) {
    h ^= normalized.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Whether an ignore comment's name covers a sentence whose normalised text is `text`. */
function names(name: ClaimName, text: string): boolean {
  if (name.text && !(name.prefix ? text.startsWith(name.text) : text === name.text)) return false;
  return name.fingerprint === undefined || fingerprintOf(text) === name.fingerprint;
}

/**
 * Sets `ignored` on the sentences that `grounded-ignore:` comments name, each
 * within its comment's span. Sentences are looked up by fingerprint or whole
 * text, so a long list with a comment every few items is not scanned once per
 * comment; only a name of first words without a fingerprint scans its span.
 */
export function markNamedClaims(draft: string, ignores: IgnoreCollector, sentences: readonly DraftSentence[]): void {
  const scopes = ignores.claims(draft);
  if (!scopes.length) return;
  const texts = sentences.map((s) => normalizeClaim(s.plain));
  const indexBy = (key: (text: string) => string) => {
    const map = new Map<string, number[]>();
    texts.forEach((t, i) => {
      const k = key(t);
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    });
    return map;
  };
  let byText: Map<string, number[]> | undefined;
  let byPrint: Map<string, number[]> | undefined;
  const done = new Set<string>();
  for (const { span, claim } of scopes) {
    // The same name over the same lines (a comment copied down a long list) is looked up once.
    const key = `${span.start}:${span.end}:${claim.fingerprint}:${claim.prefix}:${claim.text}`;
    if (done.has(key)) continue;
    done.add(key);
    let candidates: readonly number[] | undefined;
    if (claim.fingerprint !== undefined) candidates = (byPrint ??= indexBy(fingerprintOf)).get(claim.fingerprint) ?? [];
    else if (!claim.prefix) candidates = (byText ??= indexBy((t) => t)).get(claim.text) ?? [];
    const count = candidates ? candidates.length : sentences.length;
    const at = (i: number) => (candidates ? candidates[i] : i);
    // Both are in draft order: from the first that starts in the span.
    for (let i = firstIn(count, (i) => sentences[at(i)].span.start, span.start); i < count && sentences[at(i)].span.start <= span.end; i++) {
      if (names(claim, texts[at(i)])) sentences[at(i)].ignored = true;
    }
  }
}

/** The first of `count` positions, in ascending order of `start`, whose start is at or after `offset`. */
function firstIn(count: number, start: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words of a sentence a comment quotes, at most this many (and `LABEL_CHARACTERS` characters); the rest is `…` and the fingerprint. */
const LABEL_WORDS = 8;
const LABEL_CHARACTERS = 60;

/**
 * The comment that ignores the sentence of this plain text: the sentence
 * whole when it is short, else its first words, `…` and its fingerprint.
 */
export function ignoreComment(plain: string): string {
  const words = plain.replace(/-{2,}/g, "-").replace(/\s+/g, " ").trim().split(" ");
  let label = "";
  let taken = 0;
  for (const w of words) {
    if (taken === LABEL_WORDS || (taken > 0 && label.length + 1 + w.length > LABEL_CHARACTERS)) break;
    label += (taken++ ? " " : "") + w;
  }
  const whole = taken === words.length;
  return `<!-- grounded-ignore: "${label}${whole ? "" : "…"}"${whole ? "" : ` #${claimFingerprint(plain)}`} -->`;
}

/** The name inside a `grounded-ignore:` comment: `"text"`, `"first words…"`, each with an optional `#fingerprint`; null when it names nothing. */
function parseClaimName(inside: string): ClaimName | null {
  let rest = inside.trim();
  let fingerprint: string | undefined;
  const hash = /(?:^|\s)#([0-9a-f]{8})$/i.exec(rest);
  if (hash) {
    fingerprint = hash[1].toLowerCase();
    rest = rest.slice(0, hash.index).trim();
  }
  const quoted = /^["\u201c'\u2018]([^]*)["\u201d'\u2019]$/.exec(rest);
  if (quoted) rest = quoted[1];
  const prefix = /(?:…|\.\.\.)$/.test(rest);
  const text = normalizeClaim(prefix ? rest.replace(/(?:…|\.\.\.)$/, "") : rest);
  return text || fingerprint ? { text, prefix, fingerprint } : null;
}

function firstAtOrAfter(spans: Span[], offset: number): number {
  return firstIn(spans.length, (i) => spans[i].start, offset);
}

/** Whether a line is blank for ignore comments: nothing but white space and quote markers. */
const isBlank = (line: string) => !/[^\s>]/.test(line);

/** The start of the line holding `offset`. */
export function lineStartOf(draft: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, draft.length));
  while (i > 0 && draft[i - 1] !== "\n" && draft[i - 1] !== "\r") i--;
  return i;
}

/** The end of the line holding `offset` (before its line break). */
function lineEndOf(draft: string, offset: number): number {
  let i = offset;
  while (i < draft.length && draft[i] !== "\n" && draft[i] !== "\r") i++;
  return i;
}

/** The start of the line before the one starting at `lineStart` (which must not be the first). */
function previousLineStart(draft: string, lineStart: number): number {
  let i = lineStart - 1;
  if (draft[i] === "\n" && draft[i - 1] === "\r") i--;
  return lineStartOf(draft, i);
}

/**
 * The start of the run of non-blank lines holding `offset`, going up no
 * further than a line `stop` accepts (that line excluded).
 */
export function runStart(draft: string, offset: number, stop: (line: string) => boolean = () => false): number {
  let start = lineStartOf(draft, offset);
  while (start > 0) {
    const prev = previousLineStart(draft, start);
    const line = draft.slice(prev, start).replace(/\r?\n$|\r$/, "");
    if (isBlank(line) || stop(line)) break;
    start = prev;
  }
  return start;
}

/** The end of the run of non-blank lines holding `offset`. */
function runEnd(draft: string, offset: number): number {
  let end = lineEndOf(draft, offset);
  while (end < draft.length) {
    const next = end + (draft[end] === "\r" && draft[end + 1] === "\n" ? 2 : 1);
    const nextEnd = lineEndOf(draft, next);
    if (isBlank(draft.slice(next, nextEnd))) break;
    end = nextEnd;
  }
  return end;
}

/** The first line after the one holding `offset` that has something besides white space and quote markers. */
function nextNonBlankLine(draft: string, offset: number): Span | null {
  let i = lineEndOf(draft, offset);
  while (i < draft.length) {
    if (draft[i] === "\r" && draft[i + 1] === "\n") i += 2;
    else i++;
    const start = i;
    const end = lineEndOf(draft, i);
    if (!isBlank(draft.slice(start, end))) return { start, end };
    i = end;
  }
  return null;
}
