/**
 * The tokens and dates of the source sentences a check read (the costly layer
 * of their analysis: wink-nlp's tags and lemmas, chrono's dates), kept beside
 * the persisted index between runs, so that checking a draft again, or
 * another draft on the same subject, does not analyse the same sentences
 * again. At 10,000 synthetic articles the 80-sentence draft reads 1,351
 * sentences: 0.4 s to analyse, 5 MB of JSON, 30 ms to read back.
 *
 * An entry is only ever used by the code that made it: the file records the
 * running bundle's checksum and length and Node's version (the bundle names
 * its data files by their content's hash), and a rebuilt bundle or another
 * Node does not read it; run from sources (the tests under tsx) nothing is
 * kept. The file's own checksum is checked, and each
 * entry's shape and offsets, before anything in it is used; a file that fails
 * is ignored (the sentences are analysed as if there were none).
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import { type DateMention, type Lexical, lexicalEntries, lexicalMadeAnew, seedLexical, type Token } from "../engine";

/** How many sentences are kept: the lexical memo's room for seeded entries. */
const KEPT = 10_000;
const FILE = "sentences.bin";

/** What made the entries: the bundle, by checksum and length, and Node; undefined when not run from a bundle. */
function codeIdentity(): string | undefined {
  if (typeof __filename !== "string" || !__filename.endsWith(".js")) return undefined;
  try {
    const code = readFileSync(__filename);
    return `${crc32(code).toString(16)}-${code.length}-${process.version}`;
  } catch {
    return undefined;
  }
}

let identity: string | null | undefined;
const identityOnce = () => (identity === undefined ? (identity = codeIdentity() ?? null) : identity);

/** A token as kept: text, start, end, lower case (0: the text's), lemma (0: the lower case), part of speech, flags (1 a word, 2 capitalised). */
type KeptToken = [string, number, number, string | 0, string | 0, string, number];

function keep(t: Token): KeptToken {
  const lower = t.lower === t.text.toLowerCase() ? 0 : t.lower;
  return [t.text, t.start, t.end, lower, t.lemma === t.lower ? 0 : t.lemma, t.pos, (t.isWord ? 1 : 0) | (t.isCapitalized ? 2 : 0)];
}

function tokenOf(k: KeptToken): Token {
  const [text, start, end, lower, lemma, pos, flags] = k;
  const low = lower === 0 ? text.toLowerCase() : lower;
  return { text, start, end, lower: low, lemma: lemma === 0 ? low : lemma, pos, isWord: (flags & 1) !== 0, isCapitalized: (flags & 2) !== 0 };
}

const isOffset = (x: unknown, length: number): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= length;
const isPart = (x: unknown) => x === undefined || Number.isInteger(x);

/** The entry as the memo takes it, or undefined when it is not the shape `lexicalEntries` gives (offsets inside its sentence). */
function entryOf(x: unknown): [string, Lexical] | undefined {
  if (!Array.isArray(x) || x.length !== 3 || typeof x[0] !== "string" || !Array.isArray(x[1]) || !Array.isArray(x[2])) return undefined;
  const key = x[0];
  const length = key.length - key.indexOf("\u0000") - 1;
  const tokens: Token[] = [];
  for (const k of x[1] as unknown[]) {
    if (!Array.isArray(k) || k.length !== 7 || typeof k[0] !== "string" || typeof k[5] !== "string" || !Number.isInteger(k[6])) return undefined;
    if (!isOffset(k[1], length) || !isOffset(k[2], length) || k[1] > k[2] || (k[3] !== 0 && typeof k[3] !== "string") || (k[4] !== 0 && typeof k[4] !== "string")) return undefined;
    tokens.push(tokenOf(k as KeptToken));
  }
  const dates: DateMention[] = [];
  for (const d of x[2] as unknown[]) {
    const m = d as DateMention;
    if (!m || typeof m !== "object" || !isOffset(m.start, length) || !isOffset(m.end, length) || m.start > m.end) return undefined;
    if (!isPart(m.year) || !isPart(m.month) || !isPart(m.day) || (m.relative !== undefined && typeof m.relative !== "string")) return undefined;
    dates.push(m);
  }
  return [key, { tokens, dates }];
}

/** Seeds the analysis memo with the sentences kept in `folder` (the persisted index's) by this same code; quietly nothing when there are none. */
export function loadSentences(folder: string): void {
  const code = identityOnce();
  if (!code) return;
  let b: Buffer;
  try {
    b = readFileSync(join(folder, FILE));
  } catch {
    return;
  }
  if (b.length < 4 || b.readUInt32LE(0) !== crc32(b.subarray(4))) return;
  let kept: { code?: unknown; entries?: unknown };
  try {
    kept = JSON.parse(b.toString("utf8", 4));
  } catch {
    return;
  }
  if (kept.code !== code || !Array.isArray(kept.entries)) return;
  const entries: Array<[string, Lexical]> = [];
  for (const x of kept.entries) {
    const e = entryOf(x);
    if (!e) return;
    entries.push(e);
  }
  seedLexical(entries);
}

/**
 * Keeps the sentences this process analysed in `folder`, when it analysed
 * any anew (those it read first, then the others kept, `KEPT` at most).
 * Written beside and renamed in; a folder that cannot be written only means
 * the next run analyses them again.
 */
export function saveSentences(folder: string): void {
  const code = identityOnce();
  if (!code || !lexicalMadeAnew()) return;
  const temp = join(folder, `${FILE}.tmp-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w");
    // Entry by entry, the checksum worked out on the way and written in front last: no copy of the whole file is made
    // at the end of the check, where its memory peaks, and each entry's packed tokens are young garbage.
    let at = 4;
    let crc = 0;
    const put = (text: string) => {
      const piece = Buffer.from(text, "utf8");
      crc = crc32(piece, crc);
      writeSync(fd!, piece, 0, piece.length, at);
      at += piece.length;
    };
    put(`{"code":${JSON.stringify(code)},"entries":[`);
    lexicalEntries(KEPT).forEach(([key, l], i) => put((i ? "," : "") + JSON.stringify([key, l.tokens.map(keep), l.dates])));
    put("]}");
    const head = Buffer.alloc(4);
    head.writeUInt32LE(crc);
    writeSync(fd, head, 0, 4, 0);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, join(folder, FILE));
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
  }
}
