/**
 * The client's *Search sources* quick pick (`client/src/searchSources.ts`),
 * with a stand-in for VS Code's quick pick: answers out of order, a failed
 * search, a failed quote. A failure must leave the picker usable (not busy)
 * and say so, never reject unhandled.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type PassageItem, type PickLike, type SearchHost, searchSources } from "../client/src/searchSources";
import type { PassageHit } from "../server/src/lsp/search";

class FakePick implements PickLike<PassageItem> {
  placeholder: string | undefined;
  private shownValue = "";
  /** Whether setting `value` reports a change, as typing does (VS Code's quick pick does in some versions, not in others). */
  constructor(private readonly reportsSetValue = false) {}
  get value(): string {
    return this.shownValue;
  }
  set value(v: string) {
    this.shownValue = v;
    if (this.reportsSetValue) void this.change?.(v);
  }
  matchOnDetail = false;
  busy = false;
  items: readonly PassageItem[] = [];
  selectedItems: readonly PassageItem[] = [];
  shown = false;
  private change?: (value: string) => unknown;
  private accept?: () => unknown;
  onDidChangeValue(l: (value: string) => unknown) {
    this.change = l;
  }
  onDidAccept(l: () => unknown) {
    this.accept = l;
  }
  onDidHide() {}
  show() {
    this.shown = true;
  }
  hide() {
    this.shown = false;
  }
  dispose() {}
  /** Types a query and waits for the listener to finish. */
  type(value: string): Promise<unknown> {
    return Promise.resolve(this.change?.(value));
  }
  choose(item: PassageItem): Promise<unknown> {
    this.selectedItems = [item];
    return Promise.resolve(this.accept?.());
  }
}

const hit = (quote: string): PassageHit => ({
  articleId: "a.txt", passage: 0, key: "k", title: "T", outlet: null, date: null, url: null, quote, uri: "file:///a.txt", line: 0,
});

function host(overrides: Partial<SearchHost>, reportsSetValue = false): { host: SearchHost; pick: FakePick; warnings: string[] } {
  const pick = new FakePick(reportsSetValue);
  const warnings: string[] = [];
  return {
    pick, warnings,
    host: { createQuickPick: () => pick, search: async () => [], quote: async () => true, warn: (m) => void warnings.push(m), ...overrides },
  };
}

test("search sources: only the latest query's answer is shown", async () => {
  const answers: Record<string, (hits: PassageHit[]) => void> = {};
  const h = host({ search: (q) => new Promise((r) => (answers[q] = r)) });
  searchSources(h.host);
  const first = h.pick.type("port");
  const second = h.pick.type("harbour");
  answers.harbour([hit("the harbour")]);
  await second;
  answers.port([hit("the port")]);
  await first;
  assert.deepEqual(h.pick.items.map((i) => i.label), ["the harbour"]);
  assert.equal(h.pick.busy, false);
});

test("search sources: a search that fails leaves the picker usable and says why", async () => {
  const h = host({ search: () => Promise.reject(new Error("grounded: searchPassages failed: boom")) });
  searchSources(h.host);
  await assert.doesNotReject(h.pick.type("port"));
  assert.equal(h.pick.busy, false, "the picker is not left busy");
  assert.deepEqual(h.pick.items, []);
  assert.match(h.warnings.join("\n"), /boom/);
});

test("search sources: a quote that fails is reported, not left unhandled", async () => {
  const h = host({ search: async () => [hit("the port")], quote: () => Promise.reject(new Error("grounded: quoteEdit failed: gone")) });
  searchSources(h.host);
  await h.pick.type("port");
  await assert.doesNotReject(h.pick.choose(h.pick.items[0]));
  assert.match(h.warnings.join("\n"), /gone/);
});

test("search sources: a passage the server cannot quote says so", async () => {
  const h = host({ search: async () => [hit("the port")], quote: async () => false });
  searchSources(h.host);
  await h.pick.type("port");
  await h.pick.choose(h.pick.items[0]);
  assert.match(h.warnings.join("\n"), /could not quote this passage/);
});

test("search sources with a query (an unsupported claim's code action): the box shows it and it is searched once", async () => {
  for (const reportsSetValue of [false, true]) {
    const asked: string[] = [];
    const claim = "The ferry company bought a hybrid vessel in 2023.";
    const h = host({ search: async (q) => (asked.push(q), [hit("the ferry company plans to replace its oldest ship")]) }, reportsSetValue);
    searchSources(h.host, claim);
    await new Promise(setImmediate);
    assert.equal(h.pick.value, claim);
    assert.deepEqual(asked, [claim], `searched once (setting the value ${reportsSetValue ? "reports" : "does not report"} a change)`);
    assert.deepEqual(h.pick.items.map((i) => i.label), ["the ferry company plans to replace its oldest ship"]);
    assert.equal(h.pick.shown, true);
    // Typing on from there searches again.
    await h.pick.type("hybrid vessel");
    assert.deepEqual(asked, [claim, "hybrid vessel"]);
  }
});

test("search sources without a query (the command palette) starts empty and searches nothing", async () => {
  const asked: string[] = [];
  const h = host({ search: async (q) => (asked.push(q), []) });
  searchSources(h.host);
  searchSources(h.host, "   ");
  await new Promise(setImmediate);
  assert.equal(h.pick.value, "");
  assert.deepEqual(asked, []);
});
