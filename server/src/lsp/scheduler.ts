/**
 * When documents are checked: a check waits for a pause in typing (the
 * document's `grounded.debounceMs`), a newer edit makes the check under way
 * stale at once (its token is cancelled), and a closed document is never
 * checked again. Like vscode-markdown-languageservice's diagnostics manager,
 * it knows nothing of what a check does.
 */
import type { CancellationToken } from "../engine";

interface Pending {
  timer?: NodeJS.Timeout;
  /** Incremented per schedule; a run whose number is stale is cancelled. */
  run: number;
  debounceMs: number;
}

export class DocumentScheduler {
  private readonly pending = new Map<string, Pending>();

  /** `check` runs a document's check; the token it gets is cancelled by the next schedule or close. */
  constructor(
    private readonly check: (uri: string, token: CancellationToken) => Promise<void>,
    private readonly defaultDebounceMs: number,
  ) {}

  /** Checks the document after its debounce (or `delay`), cancelling the check under way. */
  schedule(uri: string, delay?: number): void {
    let p = this.pending.get(uri);
    if (!p) {
      p = { run: 0, debounceMs: this.defaultDebounceMs };
      this.pending.set(uri, p);
    }
    clearTimeout(p.timer);
    const run = ++p.run;
    const state = p;
    const token: CancellationToken = {
      get isCancellationRequested() {
        return state.run !== run;
      },
    };
    p.timer = setTimeout(() => void this.check(uri, token), delay ?? p.debounceMs);
  }

  /** Every scheduled or checked document, checked again now. */
  scheduleAll(): void {
    for (const uri of this.pending.keys()) this.schedule(uri, 0);
  }

  /** The document's debounce from now on, as its settings say. */
  setDebounce(uri: string, ms: number): void {
    const p = this.pending.get(uri);
    if (p) p.debounceMs = ms;
  }

  /** The document closed: its check under way is cancelled and nothing more is scheduled for it. */
  close(uri: string): void {
    const p = this.pending.get(uri);
    if (!p) return;
    clearTimeout(p.timer);
    p.run++;
    this.pending.delete(uri);
  }
}
