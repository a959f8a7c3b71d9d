/**
 * A (premise, hypothesis) pair as the model reads it: `[CLS] premise [SEP]
 * hypothesis [SEP]`, BERT's uncased WordPiece from the model's own
 * `tokenizer.json` (@huggingface/tokenizers, the same normalisation as
 * Python's tokenizers: the ids are equal, `test/nli.test.ts`). A pair longer
 * than the model's window is cut, the premise first (as in training,
 * `truncation="only_first"`), and says so.
 */
import { Tokenizer } from "@huggingface/tokenizers";

/** A pair's model input: word-piece ids and segment ids, of equal length; `cut` when the pair did not fit. */
export interface PairEncoding {
  ids: number[];
  typeIds: number[];
  cut: boolean;
}

/** Word pieces of a premise kept at least, when a long hypothesis must be cut too. */
const MIN_PREMISE = 32;

export class PairTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly cls: number;
  private readonly sep: number;

  /** `json` and `config`: the parsed `tokenizer.json` and `tokenizer_config.json`; `maxLength`: word pieces per pair at most. */
  constructor(json: object, config: object, readonly maxLength: number) {
    this.tokenizer = new Tokenizer(json, config);
    const cls = this.tokenizer.token_to_id("[CLS]");
    const sep = this.tokenizer.token_to_id("[SEP]");
    if (cls === undefined || sep === undefined) throw new Error("the tokenizer has no [CLS] or [SEP] token");
    this.cls = cls;
    this.sep = sep;
  }

  /** The word pieces of one text, without special tokens. */
  pieces(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /**
   * The pair's encoding. The premise is cut to the room the hypothesis
   * leaves; a hypothesis that leaves less than `MIN_PREMISE` pieces of room
   * is cut too (Python's `only_first` would refuse the pair).
   */
  encode(premise: string, hypothesis: string): PairEncoding {
    let h = this.pieces(hypothesis);
    let p = this.pieces(premise);
    const room = this.maxLength - 3;
    let cut = false;
    if (h.length > room - Math.min(MIN_PREMISE, p.length)) {
      h = h.slice(0, room - Math.min(MIN_PREMISE, p.length));
      cut = true;
    }
    if (p.length > room - h.length) {
      p = p.slice(0, room - h.length);
      cut = true;
    }
    const ids = [this.cls, ...p, this.sep, ...h, this.sep];
    const typeIds = ids.map((_, i) => (i < p.length + 2 ? 0 : 1));
    return { ids, typeIds, cut };
  }
}
