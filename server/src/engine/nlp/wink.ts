/** The one wink-nlp instance of the process: loading the English model takes about 100 ms and 20 MB, so once. */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

export type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

export function wink(): Nlp {
  nlp ??= winkNLP(model);
  return nlp;
}
