/**
 * Labelled claims generated from a corpus itself, so that the verdict model can
 * be fitted and tested on any corpus a user has, not just on hand-written sets:
 * - supported: a source sentence, or its main clause;
 * - contradicted: the same sentence with one figure, year or name changed, a
 *   negation added, or a word swapped for its opposite;
 * - unsupported: sentences of an article left out of the corpus (the caller
 *   builds the corpus without it).
 * Deterministic for a given corpus and seed.
 */
import { analyze, areOpposites, areSynonyms, type Article } from "../server/src/engine";

export type Label = "supported" | "contradicted" | "unsupported" | "none";

export interface LabelledClaim {
  id: string;
  label: Label;
  /** Id prefix of the gold article (file name before `_`, `-` or `.`). */
  source?: string;
  claim: string;
  kind: string;
}

/** A small deterministic random number generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A source sentence as a writer would paste it: Markdown emphasis and links removed, space folded. */
export function plainSentence(raw: string): string {
  return raw
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

export function sourceId(article: Article): string {
  const base = article.id.split("/").pop() ?? article.id;
  return base.split(/[-_.]/)[0];
}

/** Opposite pairs found by scanning a word list with the lexicon's `areOpposites`. */
const OPPOSITE_CANDIDATES = [
  "increase", "decrease", "rise", "fall", "join", "leave", "accept", "reject", "formal", "informal", "strong", "weak",
  "large", "small", "first", "last", "before", "after", "more", "less", "public", "private", "open", "close",
  "support", "oppose", "win", "lose", "legal", "illegal", "higher", "lower", "early", "late", "rich", "poor",
  "friendly", "unfriendly", "likely", "unlikely", "stable", "unstable", "able", "unable", "possible", "impossible",
];

function oppositeOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  return OPPOSITE_CANDIDATES.find((c) => areOpposites(lower, c));
}

const AUX = /\b(is|are|was|were|has|have|had|will|would|can|could|should|must)\b(?! not\b)/;

/** Claims generated from the sentences of `articles`. */
export function perturb(articles: readonly Article[], seed = 1, perArticle = 40): LabelledClaim[] {
  const random = rng(seed);
  const out: LabelledClaim[] = [];
  // Names and the word before them, across the corpus, to swap a name for one used the same way.
  const namesAfter = new Map<string, Set<string>>();
  const sentencesOf = (a: Article) =>
    a.passages.map((p) => plainSentence(a.text.slice(p.span.start, p.span.end))).filter((s) => {
      const words = s.split(" ").length;
      return words >= 8 && words <= 45 && !/["“”]/.test(s) && /[.]$/.test(s);
    });
  for (const a of articles) {
    for (const s of sentencesOf(a)) {
      for (const m of s.matchAll(/\b(\p{Ll}+) (\p{Lu}\p{Ll}{3,})\b/gu)) {
        const set = namesAfter.get(m[1]) ?? new Set();
        set.add(m[2]);
        namesAfter.set(m[1], set);
      }
    }
  }
  for (const a of articles) {
    const src = sourceId(a);
    let n = 0;
    const pool = articlePool(sentencesOf(a));
    for (const s of sentencesOf(a)) {
      if (n >= perArticle) break;
      const id = `${src}-${n++}`;
      const choice = random();
      if (choice < 0.12) {
        // A part of the sentence, as a writer who takes one fact from it writes it.
        const fragment = fragmentOf(s, random);
        if (fragment) {
          out.push({ id: `${id}-f`, label: "supported", source: src, claim: fragment, kind: "fragment" });
          continue;
        }
      }
      if (choice < 0.35) {
        // The main clause alone, or the whole sentence.
        const clause = s.split(/, (?:which|who|whose|while|although|but) /)[0];
        const claim = clause !== s && clause.split(" ").length >= 6 ? `${clause.replace(/[,;:]$/, "")}.` : s;
        out.push({ id: `${id}-s`, label: "supported", source: src, claim, kind: clause !== s ? "clause" : "verbatim" });
        continue;
      }
      const changed = contradict(s, random, namesAfter, pool);
      if (changed) out.push({ id: `${id}-c`, label: "contradicted", source: src, claim: changed.claim, kind: changed.kind });
    }
    out.push(...quoteClaims(a, src, pool, random));
  }
  return out;
}

const QUOTE = /["“]([^"”]{20,})["”]/u;
const SPEAKER = /["”],? (\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*) (said|says|told|added|wrote)\b/u;

/**
 * Claims from an article's quotations, at most `QUOTES` of them: the sentence
 * as it is (supported), with a word of the quotation turned into its opposite
 * (a misquote), or with the quotation given to another person the article
 * names (the wrong speaker).
 */
function quoteClaims(a: Article, src: string, pool: ArticlePool, random: () => number): LabelledClaim[] {
  const out: LabelledClaim[] = [];
  const quoted = a.passages.map((p) => plainSentence(a.text.slice(p.span.start, p.span.end))).filter((s) => {
    const words = s.split(" ").length;
    return words >= 6 && words <= 45 && QUOTE.test(s) && SPEAKER.test(s);
  });
  for (const s of quoted.slice(0, QUOTES)) {
    const id = `${src}-q${out.length}`;
    const q = QUOTE.exec(s)!;
    const inside = q.index + q[0].indexOf(q[1]);
    const word = [...q[1].matchAll(/\b\p{Ll}{3,}\b/gu)].find((m) => oppositeOf(m[0]));
    const speaker = SPEAKER.exec(s)!;
    const others = pool.names.filter((n) => !s.includes(n) && !speaker[1].includes(n) && !n.includes(speaker[1]));
    const choice = random();
    if (choice < 0.3) {
      out.push({ id: `${id}-s`, label: "supported", source: src, claim: s, kind: "quote-verbatim" });
    } else if (choice < 0.65 && word) {
      const at = inside + (word.index ?? 0);
      out.push({ id: `${id}-c`, label: "contradicted", source: src, claim: s.slice(0, at) + oppositeOf(word[0]) + s.slice(at + word[0].length), kind: "quote" });
    } else if (others.length) {
      const at = (speaker.index ?? 0) + speaker[0].indexOf(speaker[1]);
      const other = pick(others, random)!;
      out.push({ id: `${id}-c`, label: "contradicted", source: src, claim: s.slice(0, at) + other + s.slice(at + speaker[1].length), kind: "speaker" });
    }
  }
  return out;
}
const QUOTES = 4;

/** What one article offers for swaps that stay inside it (the errors summarisers make: the wrong one of its names or figures). */
export interface ArticlePool {
  names: string[];
  numbers: string[];
}

const NAME_RUN = /\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*/gu;

/** The capitalised names (not at a sentence start) and the figures of an article's sentences. */
export function articlePool(sentences: readonly string[]): ArticlePool {
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const s of sentences) {
    for (const m of s.matchAll(NAME_RUN)) if ((m.index ?? 0) > 0 && m[0].length >= 4) names.add(m[0]);
    for (const m of s.matchAll(/\b\d[\d,.]*\b/g)) numbers.add(m[0]);
  }
  return { names: [...names].sort(), numbers: [...numbers].sort() };
}

function pick<T>(xs: readonly T[], random: () => number): T | undefined {
  return xs.length ? xs[Math.floor(random() * xs.length)] : undefined;
}

/** Swaps one name of the sentence for another name of the same article (an intrinsic entity error). */
function swapName(s: string, random: () => number, pool: ArticlePool): { claim: string; kind: string } | undefined {
  const here = [...s.matchAll(NAME_RUN)].filter((m) => (m.index ?? 0) > 0 && m[0].length >= 4);
  const m = pick(here, random);
  if (!m) return undefined;
  const last = (x: string) => x.split(" ").pop()!;
  const other = pick(pool.names.filter((n) => !s.includes(last(n)) && !m[0].includes(last(n)) && !last(n).includes(last(m[0]))), random);
  if (!other) return undefined;
  return { claim: s.slice(0, m.index) + other + s.slice((m.index ?? 0) + m[0].length), kind: "article-name" };
}

/** Swaps one figure of the sentence for another figure of the same article. */
function swapNumber(s: string, random: () => number, pool: ArticlePool): { claim: string; kind: string } | undefined {
  const here = [...s.matchAll(/\b\d[\d,.]*\b/g)];
  const m = pick(here, random);
  if (!m) return undefined;
  const other = pick(pool.numbers.filter((n) => n !== m[0] && !s.includes(n) && (n.length === 4) === (m[0].length === 4)), random);
  if (!other) return undefined;
  return { claim: s.slice(0, m.index) + other + s.slice((m.index ?? 0) + m[0].length), kind: "article-number" };
}

/** A run of the sentence between its commas, semicolons or dashes, of six words or more, as a sentence of its own. */
function fragmentOf(s: string, random: () => number): string | undefined {
  const parts = s.replace(/[.]$/, "").split(/\s*(?:,|;|\s[-–—]\s)\s*/).filter((p) => p.split(" ").length >= 6 && /\p{Lu}/u.test(p.slice(1)));
  const part = pick(parts, random);
  if (!part || part === s.replace(/[.]$/, "")) return undefined;
  return `${part[0].toUpperCase()}${part.slice(1)}.`;
}

function contradict(s: string, random: () => number, namesAfter: Map<string, Set<string>>, pool: ArticlePool = { names: [], numbers: [] }): { claim: string; kind: string } | undefined {
  const options: Array<() => { claim: string; kind: string } | undefined> = [
    () => swapName(s, random, pool),
    () => swapNumber(s, random, pool),
    () => {
      const m = /\b(1[89]\d\d|20\d\d)\b/.exec(s);
      if (!m) return undefined;
      const year = Number(m[1]) + (random() < 0.5 ? -3 : 2);
      return { claim: s.slice(0, m.index) + year + s.slice(m.index + 4), kind: "year" };
    },
    () => {
      const m = /\b(\d{1,3}(?:,\d{3})*|\d+)(?![\d,]*\s*(?:percent|%))\b/.exec(s.replace(/\b(1[89]\d\d|20\d\d)\b/g, (y) => "#".repeat(y.length)));
      if (!m) return undefined;
      const value = Number(m[1].replace(/,/g, ""));
      const other = value < 10 ? value + 3 : Math.round(value * 1.5);
      const text = m[1].includes(",") ? other.toLocaleString("en-US") : String(other);
      return { claim: s.slice(0, m.index) + text + s.slice(m.index + m[1].length), kind: "number" };
    },
    () => {
      for (const m of s.matchAll(/\b(\p{Ll}+) (\p{Lu}\p{Ll}{3,})\b/gu)) {
        const others = [...(namesAfter.get(m[1]) ?? [])].filter((x) => x !== m[2] && !s.includes(x)).sort();
        if (!others.length) continue;
        const other = others[Math.floor(random() * others.length)];
        const at = (m.index ?? 0) + m[1].length + 1;
        return { claim: s.slice(0, at) + other + s.slice(at + m[2].length), kind: "name" };
      }
      return undefined;
    },
    () => {
      const m = AUX.exec(s);
      // A sentence that already negates something would get a double negative.
      if (!m || m.index < 3 || /\b(not|no|never|neither|nor|n't|without)\b/i.test(s)) return undefined;
      const at = m.index + m[0].length;
      return { claim: `${s.slice(0, at)} not${s.slice(at)}`, kind: "negation" };
    },
    () => {
      for (const m of s.matchAll(/\b\p{Ll}{3,}\b/gu)) {
        const o = oppositeOf(m[0]);
        if (!o) continue;
        return { claim: s.slice(0, m.index) + o + s.slice((m.index ?? 0) + m[0].length), kind: "opposite" };
      }
      return undefined;
    },
  ];
  const start = Math.floor(random() * options.length);
  for (let k = 0; k < options.length; k++) {
    const r = options[(start + k) % options.length]();
    if (r) return r;
  }
  return undefined;
}

/** Sentences of an article that is left out of the corpus: nothing else says them. */
export function leftOutClaims(article: Article, limit = 15): LabelledClaim[] {
  const src = sourceId(article);
  const out: LabelledClaim[] = [];
  for (const p of article.passages) {
    const s = plainSentence(article.text.slice(p.span.start, p.span.end));
    if (s.split(" ").length < 8 || !/[.]$/.test(s) || /["“”]/.test(s)) continue;
    out.push({ id: `${src}-u${out.length}`, label: "unsupported", claim: s, kind: "left-out" });
    if (out.length >= limit) break;
  }
  return out;
}

/** A sentence that opens with a subject and its verb and gives a figure after them, with a second name after the verb. */
const SUBJECT_VERB_FIGURE = /^(?<subject>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*) (?<verb>(?!(?:his|this|was|is|as)\b)\p{Ll}{2,}(?:s|ed)) (?<middle>[^.,;:]*?)\b(?<figure>\d[\d,]*(?:\.\d+)?)(?<after>[^.;:]*)/u;
/** Capitalised words that open a sentence without naming anyone. */
const NOT_A_SUBJECT = new Set([
  "The", "He", "She", "It", "They", "But", "In", "A", "An", "This", "That", "These", "Those", "Mr", "Ms", "Mrs", "Dr",
  "His", "Her", "Their", "Its", "We", "I", "You", "There", "Last", "Next", "On", "At", "For", "With", "By", "From",
  "As", "When", "After", "Before", "And", "So", "If", "Now", "New", "First",
]);
const MONTH_OR_DAY = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
const notASubject = (name: string) => NOT_A_SUBJECT.has(name.split(" ")[0]) || MONTH_OR_DAY.test(name.split(" ")[0]);

/**
 * Pairs of claims about who did what, from sentences such as "Britain has
 * offered to send a company of 120 Gurkhas": the sentence's opening up to its
 * figure, with the figure changed, as its subject wrote it ("Britain has
 * offered to send a company of 243": contradicted) and with the subject
 * replaced by a name the sentence gives after its verb, in another role
 * ("Gurkhas has offered to send a company of 243": unsupported, since the
 * source gives the figure for someone else, and no fix from it is right).
 */
export function roleSwaps(articles: readonly Article[], perArticle = 2): LabelledClaim[] {
  const out: LabelledClaim[] = [];
  for (const a of articles) {
    const src = sourceId(a);
    let n = 0;
    for (const p of a.passages) {
      if (n >= perArticle) break;
      const s = plainSentence(a.text.slice(p.span.start, p.span.end));
      const m = SUBJECT_VERB_FIGURE.exec(s)?.groups;
      if (!m || notASubject(m.subject)) continue;
      const value = Number(m.figure.replace(/,/g, ""));
      if (!Number.isFinite(value) || value === 0 || (Number.isInteger(value) && value >= 1900 && value <= 2100)) continue;
      const other = [...m.after.matchAll(NAME_RUN)].map((x) => x[0]).find((y) => !notASubject(y) && y.length > 2 && !y.includes(m.subject) && !m.subject.includes(y));
      if (!other) continue;
      const figure = Number.isInteger(value) ? String(value * 2 + 3) : (value * 2 + 1).toFixed(1);
      const next = /^\s*(\p{Ll}{3,})\b/u.exec(m.after)?.[1];
      const tail = next && !STOP_AFTER_FIGURE.has(next) ? ` ${next}` : "";
      const rest = `${m.verb} ${m.middle}${figure}${tail}.`;
      const id = `${src}-r${n++}`;
      out.push({ id: `${id}-c`, label: "contradicted", source: src, claim: `${m.subject} ${rest}`, kind: "role-kept" });
      out.push({ id: `${id}-u`, label: "unsupported", claim: `${other} ${rest}`, kind: "role-swapped" });
    }
  }
  return out;
}
const STOP_AFTER_FIGURE = new Set(["and", "the", "for", "with", "from", "than", "over", "into", "after", "before", "while", "when", "which", "who", "that", "per"]);

/** A word's inflection as written, so that a swapped word keeps the sentence's grammar: plural or -s, -ed, -ing, or none. */
const inflection = (w: string) => (/ing$/.test(w) ? "ing" : /ed$/.test(w) ? "ed" : /[^s]s$/.test(w) ? "s" : "");

/**
 * Claims with one common noun or verb changed (FactCC's swaps, for the words
 * between the names): a source sentence, or a run of it between commas, with
 * a noun or verb replaced by one of the same part of speech and inflection
 * that its article uses elsewhere, that the sentence does not use and that
 * WordNet gives neither as a synonym nor as an opposite ("… spend £5.5bn on
 * new hospitals" -> "… on new schools"; "… plans to spend" -> "… plans to
 * cut"). Unsupported: the source says the sentence of something else. Each
 * comes after the text it was made from (supported, "word-kept"). The parts
 * of speech are the engine's own tagger's (wink-nlp).
 */
export function wordSwaps(articles: readonly Article[], seed = 1, perArticle = 2): LabelledClaim[] {
  const random = rng(seed);
  const out: LabelledClaim[] = [];
  const wordsOf = (s: string) =>
    analyze(s).units.filter((u) => u.kind === "word" && (u.pos === "NOUN" || u.pos === "VERB") && u.weight >= 0.5 && !u.negated && !u.quoted && /^\p{Ll}{4,}$/u.test(s.slice(u.start, u.end)));
  for (const a of articles) {
    const src = sourceId(a);
    const sentences = a.passages.map((p) => plainSentence(a.text.slice(p.span.start, p.span.end))).filter((s) => {
      const words = s.split(" ").length;
      return words >= 8 && words <= 40 && !/["“”]/.test(s) && /[.]$/.test(s);
    });
    const seen = new Set<string>();
    const pool: Array<{ word: string; lemma: string; pos: string }> = [];
    for (const s of sentences) {
      for (const u of wordsOf(s)) {
        const word = s.slice(u.start, u.end);
        if (!seen.has(`${u.pos} ${word}`)) pool.push({ word, lemma: u.lemma, pos: u.pos! });
        seen.add(`${u.pos} ${word}`);
      }
    }
    pool.sort((x, y) => (x.word < y.word ? -1 : x.word > y.word ? 1 : x.pos < y.pos ? -1 : 1));
    let n = 0;
    for (const sentence of sentences) {
      if (n >= perArticle) break;
      // A run between commas, from a sentence with no comma inside a figure ("6,000") to cut it.
      const fragment = random() < 0.3 ? fragmentOf(sentence, random) : undefined;
      const s = fragment && !/\d,\d/.test(sentence) ? fragment : sentence;
      const u = pick(wordsOf(s), random);
      if (!u) continue;
      const word = s.slice(u.start, u.end);
      const lower = s.toLowerCase();
      const other = pick(pool.filter((o) =>
        o.pos === u.pos && inflection(o.word) === inflection(word) && !lower.includes(o.word.slice(0, 5)) && o.lemma !== u.lemma &&
        !areSynonyms(o.lemma, u.lemma) && !areOpposites(o.lemma, u.lemma)), random);
      if (!other) continue;
      const id = `${src}-w${n++}`;
      out.push({ id: `${id}-s`, label: "supported", source: src, claim: s, kind: "word-kept" });
      out.push({ id: `${id}-u`, label: "unsupported", source: src, claim: s.slice(0, u.start) + other.word + s.slice(u.end), kind: `${u.pos === "NOUN" ? "noun" : "verb"}-swap` });
    }
  }
  return out;
}
