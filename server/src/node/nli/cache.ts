/**
 * The model's answers, kept by the content of what it read: the key is the
 * SHA-256 of (the model's SHA-256, the premise, the hypothesis), so an entry
 * is right for any corpus, draft or run, and a new model never reads an old
 * model's answers. In memory, and in one file beside the persisted indexes
 * (`entailment.bin` in the cache folder), so that a second run of the CLI, or
 * the editor after a restart, scores nothing it scored before.
 *
 * The file is never trusted: its magic, length, checksum (CRC-32) and every
 * number are checked before anything in it is used; a file that fails is a
 * message and is written anew. Written beside and renamed in.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import type { EntailmentScore } from "../../engine";

export const CACHE_FILE = "entailment.bin";
const MAGIC = Buffer.from("GRNLI\u0000\u0001\n", "latin1");
/** Magic, the model's SHA-256, the entry count, the entries' CRC-32. */
const HEAD = MAGIC.length + 32 + 4 + 4;
/** A key, three float64 probabilities, the cut flag. */
const ENTRY = 32 + 3 * 8 + 1;
/** Entries kept at most (5.7 MB): the most recently used. */
const KEPT = 100_000;

export class EntailmentCache {
  /** By key (base64 of the SHA-256); Map order is the order of last use. */
  private readonly entries = new Map<string, EntailmentScore>();
  private readonly modelHash: Buffer;
  /** Entries added since the file was read or written. */
  private added = 0;

  /** `modelSha256`: the model file's SHA-256, hex. */
  constructor(modelSha256: string) {
    this.modelHash = Buffer.from(modelSha256, "hex");
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether there are answers the file does not have yet. */
  get dirty(): boolean {
    return this.added > 0;
  }

  /** The cache key of a pair. */
  key(premise: string, hypothesis: string): string {
    // Lengths first: no two pairs give the same bytes to hash, whatever their texts hold.
    return createHash("sha256").update(this.modelHash).update(`${premise.length}:${hypothesis.length}:${premise}\u0000${hypothesis}`).digest("base64");
  }

  get(key: string): EntailmentScore | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, score: EntailmentScore): void {
    this.entries.delete(key);
    this.entries.set(key, score);
    this.added++;
    if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Reads the file in `folder` into memory (entries already here win). No
   * file, or a file of another model, is quietly nothing; a damaged one is
   * the problem returned, and the next `save` replaces it.
   */
  load(folder: string): string | undefined {
    const file = join(folder, CACHE_FILE);
    let b: Buffer;
    try {
      b = readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === "ENOENT" ? undefined : `${file}: cannot be read (${code}); the model's answers are worked out again`;
    }
    const problem = (what: string) => `${file}: ${what}; ignored, the model's answers are worked out again and the file written anew`;
    if (b.length < HEAD || !b.subarray(0, MAGIC.length).equals(MAGIC)) return problem("not a cache of the model's answers");
    if (!b.subarray(MAGIC.length, MAGIC.length + 32).equals(this.modelHash)) return undefined;
    const count = b.readUInt32LE(MAGIC.length + 32);
    if (b.length !== HEAD + count * ENTRY) return problem(`truncated (${b.length} bytes, ${HEAD + count * ENTRY} expected)`);
    if (b.readUInt32LE(MAGIC.length + 36) !== crc32(b.subarray(HEAD))) return problem("its checksum does not match");
    const read: Array<[string, EntailmentScore]> = [];
    for (let i = 0, at = HEAD; i < count; i++, at += ENTRY) {
      const p = [b.readDoubleLE(at + 32), b.readDoubleLE(at + 40), b.readDoubleLE(at + 48)];
      const cut = b[at + 56];
      if (!p.every((x) => x >= 0 && x <= 1) || cut > 1) return problem("an entry is out of range");
      read.push([b.toString("base64", at, at + 32), { entail: p[0], contradict: p[1], neither: p[2], cut: cut === 1 }]);
    }
    for (const [key, score] of read) if (!this.entries.has(key)) this.entries.set(key, score);
    return undefined;
  }

  /** Writes the entries to `folder` when there are new ones; a folder that cannot be written only means they are worked out again next time. */
  save(folder: string): void {
    if (!this.added) return;
    const temp = join(folder, `${CACHE_FILE}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      mkdirSync(folder, { recursive: true });
      const body = Buffer.alloc(this.entries.size * ENTRY);
      let at = 0;
      for (const [key, s] of this.entries) {
        body.write(key, at, 32, "base64");
        body.writeDoubleLE(s.entail, at + 32);
        body.writeDoubleLE(s.contradict, at + 40);
        body.writeDoubleLE(s.neither, at + 48);
        body[at + 56] = s.cut ? 1 : 0;
        at += ENTRY;
      }
      const head = Buffer.alloc(HEAD);
      MAGIC.copy(head);
      this.modelHash.copy(head, MAGIC.length);
      head.writeUInt32LE(this.entries.size, MAGIC.length + 32);
      head.writeUInt32LE(crc32(body), MAGIC.length + 36);
      const fd = openSync(temp, "w");
      try {
        writeSync(fd, head);
        writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(folder, CACHE_FILE));
      this.added = 0;
    } catch {
      rmSync(temp, { force: true });
    }
  }
}
