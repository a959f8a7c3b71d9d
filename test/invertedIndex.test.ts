/** The embedded index: pruned search returns exactly what scoring every passage would. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildInvertedIndex, forwardEntries, InvertedIndex, InvertedIndexBuilder } from "../server/src/engine/retrieval/invertedIndex";
import { isGrouping, passageGroups } from "../server/src/engine/retrieval/passageGroups";

/** BM25+ as MiniSearch scores it, over every passage, no pruning: the reference. */
function naive(passages: string[][], query: string[], limit: number) {
  const n = passages.length;
  const lengths = passages.map((p) => new Set(p).size);
  const avg = lengths.reduce((a, b) => a + b, 0) / n;
  const df = new Map<string, number>();
  for (const p of passages) for (const t of new Set(p)) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...new Set(query)].filter((t) => df.has(t));
  const idf = (t: string) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
  const scored = passages.map((p, doc) => {
    let sum = 0;
    let matched = 0;
    for (const t of terms) {
      const tf = p.filter((w) => w === t).length;
      if (!tf) continue;
      matched++;
      sum += idf(t) * (0.5 + (tf * 2.2) / (tf + 1.2 * (1 - 0.7 + (0.7 * lengths[doc]) / avg)));
    }
    return { doc, score: sum * matched };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, limit);
}

const VOCAB = Array.from({ length: 40 }, (_, i) => `t${i}`);
// Skewed: low-numbered terms are common, as function-like words are.
const word = fc.integer({ min: 0, max: 39 }).chain((i) => fc.integer({ min: 0, max: i }).map((j) => VOCAB[j]));

test("search equals scoring every passage (ranking and scores), whatever the query", () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(word, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 300 }),
      fc.array(word, { minLength: 1, maxLength: 15 }),
      fc.integer({ min: 1, max: 20 }),
      (passages, query, limit) => {
        const index = new InvertedIndex(buildInvertedIndex(passages.map((terms) => [terms])));
        const got = index.search(query, limit);
        const want = naive(passages, query, limit);
        assert.equal(got.length, want.length);
        // Term weights are kept in 32-bit floats: scores agree to a relative 1e-6.
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
        got.forEach((g, i) => {
          assert.ok(close(g.score, want[i].score), `score ${i}: ${g.score} vs ${want[i].score}`);
          // Passages may trade places only where their scores tie to that precision.
          if (g.article !== want[i].doc) {
            const theirs = want.find((w) => w.doc === g.article);
            assert.ok(theirs && close(theirs.score, want[i].score), `rank ${i}: ${g.article} vs ${want[i].doc}`);
          }
        });
        // The buffers are cleared between queries: a second search gives the same answer.
        assert.deepEqual(index.search(query, limit), got);
      },
    ),
    { numRuns: 300, seed: 42 },
  );
});

/** Up to `originals` passages and up to `copies` copies of them with one word changed: the synthetic archives' shape. */
function nearCopiesOf(originals: number, copies: number) {
  return fc.array(fc.array(word, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: originals }).chain((base) =>
    fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(11), word), { maxLength: copies }).map((edits) => [
      ...base,
      ...edits.map(([b, at, w]) => {
        const copy = [...base[b]];
        copy[at % copy.length] = w;
        return copy;
      }),
    ]),
  );
}

test("search equals scoring every passage on near-duplicates (copies with a word changed), where candidates are dropped as they fall behind", () => {
  const nearCopies = nearCopiesOf(40, 250);
  fc.assert(
    fc.property(nearCopies, fc.array(word, { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 20 }), (passages, query, limit) => {
      const data = buildInvertedIndex(passages.map((terms) => [terms]));
      const got = new InvertedIndex(data).search(query, limit);
      const want = naive(passages, query, limit);
      assert.equal(got.length, want.length);
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
      got.forEach((g, i) => assert.ok(close(g.score, want[i].score), `score ${i}: ${g.score} vs ${want[i].score}`));
      // Candidates probed in every run (galloping), or every run read through: the same hits, the same scores.
      assert.deepEqual(new InvertedIndex(data, 0).search(query, limit), got);
      assert.deepEqual(new InvertedIndex(data, Infinity).search(query, limit), got);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test("a query with more terms than the one before gives what it gives on its own (the earlier hits' limit-th score as a floor)", () => {
  const nearCopies = nearCopiesOf(30, 300);
  fc.assert(
    fc.property(nearCopies, fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(word, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 20 }), (passages, own, extra, limit) => {
      const data = buildInvertedIndex(passages.map((terms) => [terms]));
      const alone = new InvertedIndex(data).search([...own, ...extra], limit);
      const after = new InvertedIndex(data);
      after.search(own, limit);
      assert.deepEqual(after.search([...own, ...extra], limit), alone);
      // And a query that is not a superset is not helped by it.
      assert.deepEqual(after.search(extra, limit), new InvertedIndex(data).search(extra, limit));
    }),
    { numRuns: 400, seed: 11 },
  );
});

/** Passages and exact copies of some of them, shuffled in among the others: the alike passages that the search scores once per group. */
function withCopiesOf(originals: number, copies: number) {
  return fc.array(fc.array(word, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: originals }).chain((base) =>
    fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat()), { maxLength: copies }).map((picks) => {
      const out = [...base];
      // Each copy goes in at a position of its own, so a group's members are spread over the ids, its first not always the original.
      for (const [b, at] of picks) out.splice(at % (out.length + 1), 0, [...base[b]].reverse());
      return out;
    }),
  );
}

test("passages alike in terms and frequencies are grouped under the first of them, and only those", () => {
  fc.assert(
    fc.property(withCopiesOf(30, 200), (passages) => {
      const groupOf = passageGroups(forwardEntries(buildInvertedIndex(passages.map((terms) => [terms]))));
      const key = (p: string[]) => JSON.stringify(Object.entries(p.reduce<Record<string, number>>((m, t) => ((m[t] = (m[t] ?? 0) + 1), m), {})).sort());
      const first = new Map<string, number>();
      passages.forEach((p, i) => {
        if (!first.has(key(p))) first.set(key(p), i);
        assert.equal(groupOf[i], first.get(key(p)), `passage ${i}`);
      });
      assert.ok(isGrouping(groupOf, passages.length));
    }),
    { numRuns: 200, seed: 5 },
  );
  // A grouping that names a later passage, or a passage that is not its own group's first, is no grouping.
  assert.equal(isGrouping(Uint32Array.from([0, 2, 2]), 3), false);
  assert.equal(isGrouping(Uint32Array.from([0, 0, 1]), 3), false);
  assert.equal(isGrouping(Uint32Array.from([0, 0]), 3), false);
});

test("search over groups of alike passages gives what scoring every passage on its own gives, hits, order and scores", () => {
  fc.assert(
    fc.property(withCopiesOf(30, 300), fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 20 }), (passages, query, limit) => {
      const data = buildInvertedIndex(passages.map((terms) => [terms]));
      const plain = buildInvertedIndex(passages.map((terms) => [terms]), false);
      assert.ok(data.postingDocs.length < plain.postingDocs.length || passages.length === new Set(passages.map((p) => [...p].sort().join())).size, "alike passages' postings are kept once");
      const alone = new InvertedIndex(plain).search(query, limit);
      const grouped = new InvertedIndex(data);
      assert.deepEqual(grouped.search(query, limit), alone);
      assert.deepEqual(new InvertedIndex(data, 0).search(query, limit), alone);
      assert.deepEqual(new InvertedIndex(data, Infinity).search(query, limit), alone);
      // A longer query after it starts from its limit-th score: the same as on its own.
      assert.deepEqual(grouped.search([...query, "t0", "t1"], limit), new InvertedIndex(plain).search([...query, "t0", "t1"], limit));
      // The forward entries: the same as each passage's own give.
      const halves = [passages.slice(0, passages.length >> 1), passages.slice(passages.length >> 1)].filter((a) => a.length);
      assert.deepEqual(forwardEntries(buildInvertedIndex(halves)), forwardEntries(buildInvertedIndex(halves, false)));
      assert.equal(alone.length, naive(passages, query, limit).length);
    }),
    { numRuns: 300, seed: 13 },
  );
});

test("unknown terms, an empty query and a zero limit find nothing", () => {
  const index = new InvertedIndex(buildInvertedIndex([[["a", "b"]]]));
  assert.deepEqual(index.search(["zzz"], 5), []);
  assert.deepEqual(index.search([], 5), []);
  assert.deepEqual(index.search(["a"], 0), []);
  assert.equal(index.search(["a", "a", "b"], 5).length, 1);
});

test("articles added in any order, or re-added from another index's postings, give the same index", () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.array(word, { maxLength: 8 }), { maxLength: 5 }), { minLength: 1, maxLength: 40 }), fc.integer(), (articles, seed) => {
      const reference = buildInvertedIndex(articles);
      // Shuffled arrival, the same final order.
      const order = articles.map((_, i) => i);
      const shuffled = [...order].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
      const builder = new InvertedIndexBuilder();
      for (const i of shuffled) builder.add(i, articles[i]);
      assert.deepEqual(builder.finish(order), reference);
      // Every article read back from the postings, as the cache does for unchanged files.
      const fwd = forwardEntries(reference);
      const again = new InvertedIndexBuilder();
      let doc = 0;
      articles.forEach((passages, i) => {
        const starts = Uint32Array.from({ length: passages.length + 1 }, (_, k) => fwd.docStart[doc + k] - fwd.docStart[doc]);
        const from = fwd.docStart[doc];
        again.addEntries(i, { ids: fwd.ids.subarray(from, from + starts[passages.length]), freqs: fwd.freqs.subarray(from, from + starts[passages.length]), starts }, reference.terms);
        doc += passages.length;
      });
      const rebuilt = again.finish(order);
      // Term ids may be numbered differently: compare postings by term.
      const byTerm = (d: typeof reference) => Object.fromEntries(d.terms.map((t, id) => [t, [...d.postingDocs.subarray(d.postingStart[id], d.postingStart[id + 1])].join(",") + "/" + [...d.postingFreqs.subarray(d.postingStart[id], d.postingStart[id + 1])].join(",")]));
      assert.deepEqual(byTerm(rebuilt), byTerm(reference));
      assert.deepEqual([...rebuilt.lengths], [...reference.lengths]);
    }),
    { numRuns: 200, seed: 7 },
  );
});
