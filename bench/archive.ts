/**
 * A deterministic generator of synthetic news archives for the benchmark.
 *
 * Articles are recombined and perturbed sentences of a seed corpus (by default
 * the bundled sample articles): names, figures and dates are changed, so
 * near-duplicates abound as they do in real newswire. The same seed and size
 * always give the same files, byte for byte.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { decodeSource, formatOf, parseArticle } from "../server/src/engine";
import { rng } from "../scripts/perturb";

/** The seeded generator the claim perturbation uses too (mulberry32: deterministic across platforms). */
export const prng = rng;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SYLLABLES = ["va", "ren", "ko", "tol", "mir", "sa", "bek", "lin", "dor", "ost", "ka", "mel", "vi", "gor", "na", "shev", "ru", "tan", "lev", "zar"];

/** The body sentences of the seed corpus, the material every synthetic article is made of. */
export function seedSentences(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const format = formatOf(name);
    if (!format) continue;
    const decoded = decodeSource(name, readFileSync(join(dir, name)));
    if ("problem" in decoded) continue;
    const a = parseArticle(name, decoded.text, format);
    for (const p of a.passages) {
      const s = a.text.slice(p.span.start, p.span.end).replace(/\s+/g, " ").trim();
      if (s.split(" ").length >= 6) out.push(s);
    }
  }
  return out;
}

export class Perturber {
  private readonly names: string[] = [];

  constructor(private readonly random: () => number) {
    // A pool of made-up surnames and places, so that perturbed names are new words.
    for (let i = 0; i < 400; i++) {
      const n = 2 + Math.floor(random() * 2);
      let w = "";
      for (let k = 0; k < n; k++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      this.names.push(w[0].toUpperCase() + w.slice(1));
    }
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** Changes a few names, figures and dates of a sentence; `strength` 0..1 is the chance of each change. */
  perturb(sentence: string, strength: number): string {
    return sentence
      .replace(/\b(1[89]\d\d|20[0-4]\d)\b/g, (y) => (this.random() < strength ? String(1990 + Math.floor(this.random() * 36)) : y))
      .replace(/\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b/g, (n) => {
        if (/^(1[89]|20)\d\d$/.test(n) || this.random() >= strength) return n;
        const v = Number(n.replace(/,/g, ""));
        const w = Math.max(1, Math.round(v * (0.5 + this.random())));
        return n.includes(",") ? w.toLocaleString("en-US") : String(w);
      })
      .replace(new RegExp(`\\b(${MONTHS.join("|")})\\b`, "g"), (m) => (this.random() < strength ? this.pick(MONTHS) : m))
      .replace(/(?<=[a-z,] )[A-Z][a-z]{3,}\b/g, (w) => (this.random() < strength * 0.5 ? this.pick(this.names) : w));
  }

  name(): string {
    return this.pick(this.names);
  }
}

export interface ArchiveOptions {
  articles: number;
  seed?: number;
  /** Folder of seed articles (default: the bundled corpus). */
  seedDir?: string;
}

/** One synthetic article's text: a header of title, byline and date, then paragraphs of 1–3 sentences (about 4 KB). */
export function synthArticle(sentences: readonly string[], p: Perturber, random: () => number): string {
  const pick = () => sentences[Math.floor(random() * sentences.length)];
  const title = p.perturb(pick(), 0.5).replace(/[.!?]+$/, "").split(" ").slice(0, 9).join(" ");
  const date = `${MONTHS[Math.floor(random() * 12)]} ${1 + Math.floor(random() * 28)}, ${2000 + Math.floor(random() * 24)}`;
  const lines = [title, "", `By ${p.name()} ${p.name()}`, "", date, "", ""];
  let size = lines.join("\n").length;
  while (size < 3800) {
    const n = 1 + Math.floor(random() * 3);
    const para: string[] = [];
    // Most sentences are lightly changed copies: near-duplicates, as in newswire.
    for (let k = 0; k < n; k++) para.push(p.perturb(pick(), random() < 0.3 ? 0 : 0.35));
    const text = para.join(" ");
    lines.push(text, "");
    size += text.length + 1;
  }
  return lines.join("\n");
}

/**
 * Writes an archive of `articles` files under `dir` (skipped when the folder
 * already holds that archive: a marker file names its size and seed).
 */
export function writeArchive(dir: string, options: ArchiveOptions): { dir: string; bytes: number; files: number } {
  const seed = options.seed ?? 1;
  const marker = join(dir, ".archive.json");
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, "utf8")) as { articles: number; seed: number; bytes: number };
    if (m.articles === options.articles && m.seed === seed) return { dir, bytes: m.bytes, files: m.articles };
  }
  const sentences = seedSentences(options.seedDir ?? join(__dirname, "..", "corpus"));
  const random = prng(seed);
  const p = new Perturber(random);
  let bytes = 0;
  for (let i = 0; i < options.articles; i++) {
    // A hundred articles a folder, as archives are usually split by date or desk.
    const sub = join(dir, String(Math.floor(i / 100)).padStart(4, "0"));
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const text = synthArticle(sentences, p, random);
    writeFileSync(join(sub, `a${String(i).padStart(6, "0")}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(marker, JSON.stringify({ articles: options.articles, seed, bytes }));
  return { dir, bytes, files: options.articles };
}

/**
 * A draft of Markdown claims drawn from the archive's own material: a third
 * copied (supported), a third with a figure or name changed (contradicted),
 * a third made up (unsupported). Paragraphs of four sentences.
 */
export function writeDraft(file: string, options: { sentences?: number; words?: number; seed?: number; seedDir?: string }): { sentences: number; words: number } {
  const sentences = seedSentences(options.seedDir ?? join(__dirname, "..", "corpus"));
  const random = prng((options.seed ?? 1) * 7919);
  const p = new Perturber(random);
  const out: string[] = ["# Draft", ""];
  let para: string[] = [];
  let count = 0;
  let words = 0;
  const done = () => (options.sentences !== undefined ? count >= options.sentences : words >= (options.words ?? 80));
  while (!done()) {
    const base = sentences[Math.floor(random() * sentences.length)];
    const kind = count % 3;
    const s = kind === 0 ? base : kind === 1 ? p.perturb(base, 1) : `${p.name()} ${p.perturb(base.split(" ").slice(3).join(" "), 0.5)}`;
    para.push(s);
    count++;
    words += s.split(/\s+/).length;
    if (para.length === 4) {
      out.push(para.join(" "), "");
      para = [];
    }
  }
  if (para.length) out.push(para.join(" "), "");
  writeFileSync(file, out.join("\n"));
  return { sentences: count, words };
}
