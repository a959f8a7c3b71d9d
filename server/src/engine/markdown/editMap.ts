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
 *
 * It is put in place only for the duration of Grounded's own parse
 * (`withLinearEditMap`, called by `parse.ts`), never by importing this module.
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

/** micromark's own `consume`, as the package ships it. */
export const micromarkConsume = proto.consume;

/** Whether the installed micromark has the shape this version was written for (else micromark's own is used, and a test says so). */
export function linearEditMapAvailable(): boolean {
  if (typeof proto.consume !== "function" || typeof proto.add !== "function") return false;
  const probe = new EditMap() as unknown as Partial<EditMapFields>;
  return Array.isArray(probe.map) && probe.index instanceof Map;
}

const available = linearEditMapAvailable();

/**
 * Runs `fn` (a synchronous parse) with the linear `consume` in micromark's
 * `EditMap`, and puts micromark's own back after, so that the patch never
 * outlives Grounded's own parse: nothing else in the process sees it.
 */
export function withLinearEditMap<T>(fn: () => T): T {
  if (!available || proto.consume === consume) return fn();
  proto.consume = consume;
  try {
    return fn();
  } finally {
    proto.consume = micromarkConsume;
  }
}
