/**
 * The cold build's shortcuts in ingestion give what the long way gives:
 * `plainOf` returning a line unchanged when nothing in it would change, and
 * `dateLine` reading "May 15, 2012" without chrono.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as chrono from "chrono-node";
import fc from "fast-check";
import { learnAliasData } from "../server/src/engine/corpus/aliases";
import { dateLine, foldPlain, plainOf } from "../server/src/engine/corpus/ingest";

test("plainOf gives what all its replacements give, on lines with and without Markdown", () => {
  const piece = fc.constantFrom("word", "Word", " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\ufeff", "#", "## ", "[a](b)", "![i](x)", "<https://x.y>", "*", "**b**", "_i_", "__", ".", ",", "é", "3,500");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 20 }), (xs) => {
      const s = xs.join("");
      assert.equal(plainOf(s), foldPlain(s));
    }),
    { numRuns: 5000 },
  );
});

/** `dateLine`'s chrono reading, as it is for every line the shortcut does not take. */
function byChrono(s: string): string | null {
  const r = chrono.en.parse(s, undefined, { forwardDate: false })[0];
  if (!r || !r.start.isCertain("year") || !r.start.isCertain("month") || !r.start.isCertain("day")) return null;
  if (r.text.length < s.replace(/[.,]$/, "").length * 0.6) return null;
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `${pad(r.start.get("year")!, 4)}-${pad(r.start.get("month")!, 2)}-${pad(r.start.get("day")!, 2)}`;
}

test("dateLine reads 'Month D, YYYY' as chrono does (every month and day, years spread over 1900-2099)", () => {
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  // All 67,200 such dates agreed when the shortcut was written; a spread of years keeps this quick.
  for (const y of [1900, 1937, 1999, 2000, 2012, 2024, 2099]) {
    for (const m of months) {
      for (let d = 1; d <= 28; d++) {
        const s = `${m} ${d}, ${y}`;
        assert.equal(dateLine(s), byChrono(s), s);
      }
    }
  }
  // Shapes the shortcut leaves to chrono still get chrono's answer.
  for (const s of ["May 31, 2012", "February 29, 2012", "February 30, 2013", "May 15, 1899", "15 May 2012", "May 15 2012", "may 15, 2012", "Published: May 15, 2012", "2012-05-15"]) {
    assert.equal(dateLine(s), byChrono(s.replace(/^published:\s*/i, "")), s);
  }
});

/** `learnAliasData`'s acronym expansions as they were learned before `learnAcronymsOfRun`: every part of every run, joined anew. */
function acronymsByParts(runs: readonly string[], letters: ReadonlySet<string>): Array<[string, string]> {
  const skip = (w: string) => ["of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"].includes(w.toLowerCase());
  const out = new Map<string, string>();
  for (const joined of runs) {
    const run = joined.split(" ");
    for (let s = 0; s < run.length; s++) {
      if (skip(run[s])) continue;
      for (let e = run.length; e > s + 1; e--) {
        const part = run.slice(s, e);
        if (skip(part[part.length - 1])) continue;
        const initials = part.filter((w) => !skip(w)).map((w) => w[0]).join("").toUpperCase();
        if (initials.length >= 2 && letters.has(initials) && !out.has(initials)) out.set(initials, part.map((w) => w.toLowerCase()).join(" "));
      }
    }
  }
  return [...out];
}

test("acronyms are learned from runs of capitalised words as before (every part of every run)", () => {
  const word = fc.constantFrom("Collective", "Security", "Treaty", "Organization", "of", "the", "And", "Bank", "SStraße", "Élysée", "New", "York", "Times", "De", "&", "Union");
  const runs = fc.array(fc.array(word, { minLength: 2, maxLength: 9 }).map((ws) => ws.join(" ")), { maxLength: 12 });
  const letters = fc.array(fc.constantFrom("CS", "CST", "CSTO", "STO", "NYT", "BU", "SSE", "ÉN", "TO", "CSTOBNYT", "NY"), { maxLength: 6 });
  fc.assert(
    fc.property(runs, letters, (rs, ls) => {
      const set = new Set(ls);
      const learned = learnAliasData({ names: new Map(), acronyms: set, runs: rs }).acronyms;
      assert.deepEqual(learned, acronymsByParts(rs, set));
    }),
    { numRuns: 2000 },
  );
});
