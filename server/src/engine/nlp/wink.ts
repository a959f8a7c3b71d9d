/**
 * The one wink-nlp instance of the process: loading the English model takes
 * about 100 ms and 20 MB, so once, and only on first use (a thread that only
 * indexes never tags: the ingestion workers start from the same bundle as the rest).
 */
import winkNLP from "wink-nlp";
import type Model from "wink-eng-lite-web-model";

export type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

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

export function wink(): Nlp {
  // Required here rather than imported, so that loading this module does not read the model.
  nlp ??= winkNLP(require("wink-eng-lite-web-model") as typeof Model, PIPE as Parameters<typeof winkNLP>[1]);
  return nlp;
}
