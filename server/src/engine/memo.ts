/**
 * A memo of a pure function of a string, emptied whenever it reaches `limit`
 * entries: the same words and sentences recur across a corpus and across a
 * draft's edits, and an unbounded map would keep every one it ever saw.
 */
export class BoundedMemo<V> {
  private readonly answers = new Map<string, V>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** `compute(key)`, from the memo when it is there (pass a named function on hot paths: no closure per call). */
  get(key: string, compute: (key: string) => V): V {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
