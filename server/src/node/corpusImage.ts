/**
 * A corpus as one thread hands it to another: its bulk (every article's text
 * in UTF-8, the spans, the postings) in shared memory, its metadata as small
 * objects. The index worker makes one (`imageOf`); the language server's main
 * thread and its check worker each make a `Corpus` of lazy articles over the
 * same bytes (`corpusOfImage`), so no text is copied again, and none is decoded
 * until something reads it.
 *
 * Structured clone, which this replaces, decoded every article's text on the
 * receiving thread (the server peaked at about 500 MB at 10,000 articles) and
 * would have copied the corpus again for the check worker.
 */
import { Buffer } from "node:buffer";
import { type AliasData, type Article, buildCorpus, type Corpus, type EvidenceIndex, InvertedIndex, type InvertedIndexData } from "../engine";
import { lazyArticle, storedForm } from "./corpusCache";
import { LONE_SURROGATE, type StoredMeta } from "./ingest";

/** An article's id and metadata: everything but its text and spans. */
export type ImageMeta = StoredMeta & { id: string };

export interface CorpusImage {
  metas: ImageMeta[];
  /** Every article's text in UTF-8, one after another (shared memory). */
  text: Uint8Array;
  /** Per article: the byte start and end of its text in `text`, and its length in UTF-16 code units. */
  textSpans: Uint32Array;
  /** The texts UTF-8 cannot carry (lone surrogates of a UTF-16 file), by article. */
  textStrings: Record<number, string>;
  /** Every article's passages (start, end, paragraph) one after another; article k's are `passageStarts[k] .. passageStarts[k + 1]`. */
  passages: Uint32Array;
  passageStarts: Uint32Array;
  /** The same for boilerplate spans (start, end). */
  boilerplate: Uint32Array;
  boilerplateStarts: Uint32Array;
  /** The postings, their arrays in shared memory. */
  index: InvertedIndexData;
  aliasData: AliasData;
}

/** A typed array's contents in shared memory, so that posting it to another thread copies nothing. */
function shared<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, make: (b: SharedArrayBuffer) => T): T {
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

const u32 = (b: SharedArrayBuffer) => new Uint32Array(b);
const u16 = (b: SharedArrayBuffer) => new Uint16Array(b);
const u8 = (b: SharedArrayBuffer) => new Uint8Array(b);

/** An article's spans as flat numbers: from its stored form when it is lazy, else from its objects. */
function spansOf(a: Article): { passages: ArrayLike<number>; boilerplate: ArrayLike<number> } {
  const stored = storedForm(a);
  if (stored) return stored;
  return { passages: a.passages.flatMap((p) => [p.span.start, p.span.end, p.paragraph]), boilerplate: a.boilerplate.flatMap((b) => [b.start, b.end]) };
}

/**
 * The image of a corpus's articles, postings and aliases, ids made relative
 * to `root` by `idOf`. A lazy article's text goes over as the bytes it was
 * read as, never decoded here.
 */
export function imageOf(articles: readonly Article[], index: InvertedIndexData, aliasData: AliasData, idOf: (id: string) => string = (id) => id): CorpusImage {
  const n = articles.length;
  const texts: Uint8Array[] = [];
  const textStrings: Record<number, string> = {};
  const textSpans = new Uint32Array(3 * n);
  const passageStarts = new Uint32Array(n + 1);
  const boilerplateStarts = new Uint32Array(n + 1);
  const spans = articles.map(spansOf);
  let bytes = 0;
  articles.forEach((a, k) => {
    const stored = storedForm(a);
    let utf8 = stored ? stored.bytes() : undefined;
    if (!stored && !LONE_SURROGATE.test(a.text)) utf8 = Buffer.from(a.text, "utf8");
    if (!utf8) textStrings[k] = a.text;
    const length = utf8?.length ?? 0;
    texts.push(utf8 ?? new Uint8Array(0));
    textSpans.set([bytes, bytes + length, stored ? stored.textLength : a.text.length], 3 * k);
    bytes += length;
    passageStarts[k + 1] = passageStarts[k] + spans[k].passages.length;
    boilerplateStarts[k + 1] = boilerplateStarts[k] + spans[k].boilerplate.length;
  });
  const text = new Uint8Array(new SharedArrayBuffer(bytes));
  const passages = new Uint32Array(new SharedArrayBuffer(4 * passageStarts[n]));
  const boilerplate = new Uint32Array(new SharedArrayBuffer(4 * boilerplateStarts[n]));
  for (let k = 0; k < n; k++) {
    text.set(texts[k], textSpans[3 * k]);
    passages.set(spans[k].passages, passageStarts[k]);
    boilerplate.set(spans[k].boilerplate, boilerplateStarts[k]);
  }
  return {
    metas: articles.map((a) => metaOf(a, idOf(a.id))),
    text, textSpans, textStrings, passages, passageStarts, boilerplate, boilerplateStarts,
    index: {
      terms: index.terms,
      postingStart: shared(index.postingStart, u32), postingDocs: shared(index.postingDocs, u32), postingFreqs: shared(index.postingFreqs, u16),
      lengths: shared(index.lengths, u16), refArticle: shared(index.refArticle, u32), refPassage: shared(index.refPassage, u32),
      // The passages' groups go too, so that no thread works them out again.
      ...(index.groupOf ? { groupOf: shared(index.groupOf, u32) } : {}),
    },
    aliasData,
  };
}

/** An article's metadata, read field by field (a spread would make a lazy article's text). */
function metaOf(a: Article, id: string): ImageMeta {
  const meta: ImageMeta = { id, title: a.title, outlet: a.outlet, byline: a.byline, date: a.date, url: a.url };
  if (a.extractedFrom) meta.extractedFrom = a.extractedFrom;
  if (a.pages) meta.pages = a.pages;
  return meta;
}

const images = new WeakMap<Corpus, CorpusImage>();

/** The image a corpus was made from (`corpusOfImage`), to hand it to another thread as it is. */
export function imageOfCorpus(corpus: Corpus): CorpusImage | undefined {
  return images.get(corpus);
}

/**
 * The corpus of an image: lazy articles over its shared bytes. With
 * `lazyIndex`, the postings' search structures are made on the first search
 * (the main thread searches only for *Search sources*).
 */
export function corpusOfImage(image: CorpusImage, options: { lazyIndex?: boolean } = {}): Corpus {
  const { text, textSpans, textStrings, passages, passageStarts, boilerplate, boilerplateStarts } = image;
  const articles = image.metas.map((meta, k) => {
    const [start, end, textLength] = [textSpans[3 * k], textSpans[3 * k + 1], textSpans[3 * k + 2]];
    const own = textStrings[k];
    const bytes = () => (own === undefined ? text.subarray(start, end) : undefined);
    const decode = () => own ?? Buffer.from(text.buffer, text.byteOffset + start, end - start).toString("utf8");
    const { id, ...rest } = meta;
    return lazyArticle(id, rest, decode, passages.subarray(passageStarts[k], passageStarts[k + 1]), boilerplate.subarray(boilerplateStarts[k], boilerplateStarts[k + 1]), bytes, textLength);
  });
  const index: EvidenceIndex = options.lazyIndex ? lazyIndex(image.index) : new InvertedIndex(image.index);
  const corpus = buildCorpus(articles, { index, aliasData: image.aliasData });
  images.set(corpus, image);
  return corpus;
}

/** An `InvertedIndex` made on its first search. */
function lazyIndex(data: InvertedIndexData): EvidenceIndex & { data: InvertedIndexData } {
  let made: InvertedIndex | undefined;
  return {
    data,
    get size() {
      return data.lengths.length;
    },
    search: (terms, limit) => (made ??= new InvertedIndex(data)).search(terms, limit),
  };
}
