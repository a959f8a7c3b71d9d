/**
 * The *Grounded: Search sources…* command's quick pick: each query asks the
 * server (`grounded/searchPassages`); the passage picked is quoted at the
 * cursor (`grounded/quoteEdit`). It needs only the few things `SearchHost`
 * names, so it is tested without VS Code (`test/searchSources.test.ts`).
 * Opened by an unsupported claim's *Search the sources for this claim*, it
 * starts with the claim's text as its query.
 */
import type { PassageHit } from "../../server/src/lsp/search";

/** The parts of VS Code's `QuickPick` the command uses. */
export interface PickLike<T> {
  placeholder: string | undefined;
  value: string;
  matchOnDetail: boolean;
  busy: boolean;
  items: readonly T[];
  readonly selectedItems: readonly T[];
  onDidChangeValue(listener: (value: string) => unknown): unknown;
  onDidAccept(listener: () => unknown): unknown;
  onDidHide(listener: () => unknown): unknown;
  show(): void;
  hide(): void;
  dispose(): void;
}

export interface PassageItem {
  label: string;
  detail: string;
  alwaysShow: boolean;
  hit: PassageHit;
}

export interface SearchHost {
  createQuickPick(): PickLike<PassageItem>;
  /** The server's passages for a query. */
  search(query: string): Promise<PassageHit[]>;
  /** Quotes the passage at the cursor; false when the server has no edit (the document changed, or the source is gone). */
  quote(hit: PassageHit): Promise<boolean>;
  warn(message: string): void;
}

/** Opens the quick pick, with `initial` in its box and searched for when one is given, and returns it. */
export function searchSources(host: SearchHost, initial?: string): PickLike<PassageItem> {
  const pick = host.createQuickPick();
  pick.placeholder = "Search the sources (words of the passage, a name, a figure)";
  pick.matchOnDetail = true;
  // Answers can arrive out of order: only the latest query's answer is shown.
  let asked = 0;
  // A query set by the command is searched once, whether or not setting the box's value reports a change.
  let last: string | undefined;
  const search = async (query: string) => {
    if (query === last) return;
    last = query;
    const mine = ++asked;
    if (!query.trim()) {
      pick.items = [];
      return;
    }
    pick.busy = true;
    let hits: PassageHit[];
    try {
      hits = await host.search(query);
    } catch (e) {
      // A failed search must not leave the picker busy, nor its rejection unhandled.
      if (mine !== asked) return;
      pick.busy = false;
      pick.items = [];
      host.warn(`Grounded could not search the sources: ${(e as Error)?.message ?? String(e)}`);
      return;
    }
    if (mine !== asked) return;
    pick.busy = false;
    // The server already searched: `alwaysShow` keeps VS Code from filtering its answers out again.
    pick.items = hits.map((hit) => ({ label: hit.quote.slice(0, 160), detail: [hit.title, hit.outlet, hit.date, hit.key].filter(Boolean).join(" · "), alwaysShow: true, hit }));
  };
  pick.onDidChangeValue(search);
  pick.onDidAccept(async () => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (!chosen) return;
    try {
      if (!(await host.quote(chosen.hit))) host.warn("Grounded could not quote this passage (the document changed, or the source is gone).");
    } catch (e) {
      host.warn(`Grounded could not quote this passage: ${(e as Error)?.message ?? String(e)}`);
    }
  });
  pick.onDidHide(() => pick.dispose());
  if (initial?.trim()) pick.value = initial;
  pick.show();
  if (initial?.trim()) void search(initial);
  return pick;
}
