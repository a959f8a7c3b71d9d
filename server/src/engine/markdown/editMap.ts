/**
 * Makes micromark's `EditMap.consume` linear in the edited tail instead of the
 * whole event list.
 *
 * micromark closes block quotes and list items after a lazy line by moving a
 * few events with an `EditMap`, and `consume` rebuilt the document's entire
 * event list each time: a draft with thousands of lists or quotes took
 * quadratic time (a 5 MB draft: 52 s, of which 30 s in `consume`). This
 * version applies the same edits in the same order but leaves the events
 * before the first edit where they are, so the cost is the length of the tail
 * after the first edit, which for these edits is a few events.
 *
 * The result is the same array contents as the original's: the events before
 * the first edit, then for each edit in order its added events followed by the
 * untouched events up to the next edit.
 */
import { EditMap } from "micromark-util-edit-map";

type Edit = [at: number, remove: number, add: unknown[]];

interface EditMapFields {
  map: Edit[];
  index: Map<number, unknown>;
}

function consume(this: EditMapFields, events: unknown[]): void {
  this.map.sort((a, b) => a[0] - b[0]);
  if (this.map.length === 0) return;
  // From the last edit to the first: keep what follows each edit, then its added events; cut the list back to the edit.
  const pieces: unknown[][] = [];
  for (let i = this.map.length - 1; i >= 0; i--) {
    const [at, remove, add] = this.map[i];
    pieces.push(events.slice(at + remove), add);
    events.length = at;
  }
  // `events` now ends at the first edit; append the pieces in document order.
  for (let i = pieces.length - 1; i >= 0; i--) for (const event of pieces[i]) events.push(event);
  this.map.length = 0;
  this.index.clear();
}

const proto = EditMap.prototype as unknown as { consume: unknown; add: unknown };

/** micromark's own `consume`, kept so that a test can compare the two. */
export const micromarkConsume = proto.consume;
export const linearConsume = consume;

// Only when the installed micromark has the shape this patch was written for; else it is left alone.
if (typeof proto.consume === "function" && typeof proto.add === "function") {
  const probe = new EditMap() as unknown as Partial<EditMapFields>;
  if (Array.isArray(probe.map) && probe.index instanceof Map) proto.consume = consume;
}

/** Whether `consume` is the linear version (a test asserts it, so a micromark upgrade that breaks the patch is noticed). */
export function editMapPatched(): boolean {
  return proto.consume === consume;
}

/** Runs `fn` with micromark's own `consume` (for the equivalence test). */
export function withMicromarkConsume<T>(fn: () => T): T {
  const saved = proto.consume;
  proto.consume = micromarkConsume;
  try {
    return fn();
  } finally {
    proto.consume = saved;
  }
}
