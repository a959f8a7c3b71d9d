/**
 * The one wink-nlp reader of the process: loading the English model takes
 * about 100 ms and 20 MB, so once, and only on first use (a thread that only
 * indexes never tags: the ingestion workers start from the same bundle as the rest).
 *
 * wink-nlp adds every word its model does not know to the model's lexicon,
 * and its tokenizer looks a word up there before it splits it: after reading
 * "at Lord's." an instance reads "at Lord's were" as one token "Lord's", a
 * fresh one as "Lord" and "'s". So a text's tokens would depend on what the
 * process read before, and the sentences kept between runs
 * (`node/sentenceCache.ts`) would give other tokens than the same sentences
 * analysed anew. The reader here forgets, before each text, the words the
 * texts before it added: every text is read as a fresh instance reads it
 * (`test/wink.test.ts`).
 */
import winkNLP from "wink-nlp";
import type Model from "wink-eng-lite-web-model";

export type Nlp = ReturnType<typeof winkNLP>;

/** What Grounded uses of wink-nlp: documents, and the helpers that read them. */
export type Reader = Pick<Nlp, "readDoc" | "its" | "as">;

/**
 * Grounded reads only tokens, their types, parts of speech and lemmas, so the
 * pipe runs the part-of-speech tagger alone: sentence boundaries, negation,
 * sentiment, named and custom entities write nothing those read (wink-nlp
 * tags the whole text's tokens, not sentence by sentence), and they cost a
 * third of each `readDoc` (the tokens, parts of speech and lemmas of 95,502
 * sentences of the synthetic archive, FRANK and the fixtures are the same;
 * `test/wink.test.ts` holds it). Add an annotation here before reading what
 * it makes (`doc.sentences()`, `doc.entities()`, `its.negationFlag`, `its.sentiment`).
 */
const PIPE = ["pos"];

/**
 * How many words the texts may have added to an instance's lexicon before a
 * new instance is made. A word forgotten is only unhashed: the lexicon's list
 * and wink-nlp's own table of the words' features are kept in step by
 * position, so they are not cut back, and a new instance frees them.
 */
const ADDED_LIMIT = 200_000;

/** The part of the model's lexicon a reader forgets: wink-nlp's words by position, and their positions by word. */
interface Lexemes {
  list: string[];
  hash: Record<string, number>;
}

/** An instance of wink-nlp with `pipe` (its default when undefined), and the lexicon it adds words to. */
function instance(pipe: string[] | undefined): { nlp: Nlp; lexemes: Lexemes } {
  // Required here rather than imported, so that loading this module does not read the model.
  const model = require("wink-eng-lite-web-model") as typeof Model & { core(): { features: { lexeme: Lexemes } } };
  let lexemes: Lexemes | undefined;
  // The model's `core()` makes a new copy of the lexicon for each instance: kept, to forget what a text added.
  const core = () => {
    const made = model.core();
    lexemes = made.features.lexeme;
    return made;
  };
  const nlp = winkNLP({ ...model, core } as typeof Model, pipe as Parameters<typeof winkNLP>[1]);
  if (!lexemes) throw new Error("wink-nlp did not load its model's lexicon");
  return { nlp, lexemes };
}

/**
 * A wink-nlp reader (with `pipe`, else wink-nlp's default pipe) that reads
 * every text as a fresh instance reads it: the words earlier texts added to
 * the lexicon are forgotten before it reads the next, and once they number
 * more than `addedLimit` a new instance reads on.
 */
export function freshReader(pipe?: string[], addedLimit = ADDED_LIMIT): Reader {
  let current = instance(pipe);
  let known = current.lexemes.list.length;
  const intrinsic = known;
  const readDoc: Nlp["readDoc"] = (text) => {
    const { list, hash } = current.lexemes;
    if (list.length - intrinsic > addedLimit) {
      current = instance(pipe);
      known = current.lexemes.list.length;
    } else {
      // Words are only ever added after the model's own, each when it was not hashed: those past `known` are the added ones.
      for (let i = known; i < list.length; i++) delete hash[list[i]];
      known = list.length;
    }
    return current.nlp.readDoc(text);
  };
  return { readDoc, its: current.nlp.its, as: current.nlp.as };
}

let reader: Reader | undefined;

export function wink(): Reader {
  reader ??= freshReader(PIPE);
  return reader;
}
