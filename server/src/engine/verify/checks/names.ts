/** A name in the claim where the source names someone or somewhere else. */
import { slotCandidates, type Alignment } from "../align";
import { isEnglishWord } from "../../nlp/lexicon";
import { claimText, type Conflict, type ConflictCheck } from "./types";

const RUN = /^\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:of|the|and|for|&)\s+)*\p{Lu}[\p{L}'’-]*)*/u;
const SKIP = new Set(["of", "the", "and", "for", "&"]);

/** Whether `acronym` (in capitals) spells the initials of the capitalised words `text` starts with. */
function abbreviates(acronym: string, text: string): boolean {
  const letters = acronym.replace(/[.\s]/g, "");
  if (!/^\p{Lu}{2,6}$/u.test(letters)) return false;
  const run = RUN.exec(text)?.[0] ?? "";
  const initials = run.split(/\s+/).filter((w) => !SKIP.has(w.toLowerCase())).map((w) => w[0]).join("");
  return initials.length >= letters.length && initials.slice(0, letters.length) === letters;
}

const nameWords = (name: string) => name.toLowerCase().split(/[\s.'’-]+/).filter(Boolean);

/**
 * Whether every word of the name `part` is a word of the name `whole` ("Johnston" of "Allan Johnston",
 * "Sullivan" of "O'Sullivan", "Jones" of "Smith-Jones"): the same name, said in part.
 */
function partOf(part: string, whole: string): boolean {
  const words = new Set(nameWords(whole));
  const own = nameWords(part);
  return own.length > 0 && own.every((w) => words.has(w));
}

/**
 * Whether one name is the other cut short or broken by a space: each word of
 * `short` is the word of `long` in its place or, for the last, the start of it
 * ("Cheryl Silv onek" / "Cheryl Silvonek"). A lost ending is not another name.
 */
function cutShort(short: string, long: string): boolean {
  const a = nameWords(short);
  const b = nameWords(long);
  if (!a.length || a.length > b.length) return false;
  const last = a.length - 1;
  return a.every((w, k) => w === b[k] || (k === last && w.length >= 3 && b[k].startsWith(w)));
}

/** Where the run of capitalised words that ends at `start` begins ("Royal Bank…", whose "Royal" is no name alone). */
function runStart(text: string, start: number): number {
  const before = /(?:\p{Lu}[\p{L}'’-]*\s+(?:(?:of|the|and|for|&)\s+)*)+$/u.exec(text.slice(Math.max(0, start - 80), start));
  return before ? start - before[0].length : start;
}

/** The lower-case common noun or adjective right after offset `end` ("PR machine", "Utah high school"), if any. */
function wordAfter(an: Alignment["claim"], end: number): string | undefined {
  const t = an.tokens.find((x) => x.start >= end);
  if (!t || !t.isWord || t.isCapitalized || !/^\s*$/.test(an.text.slice(end, t.start))) return undefined;
  return t.pos === "NOUN" || t.pos === "ADJ" ? t.lower : undefined;
}

/**
 * Whether the two names play one role: both name the thing, or both qualify
 * the same noun. "its PR machine would like" does not name who "ISIS would
 * like"; "a Utah high school" is not "Davis High School", which it may be.
 */
function sameRole(a: Alignment, i: number, j: number, k: number): boolean {
  const c = a.claim.units[i];
  const own = wordAfter(a.claim, c.end);
  const theirs = wordAfter(a.window, a.window.units[k].end);
  if (theirs !== undefined && theirs !== own) return false;
  // The claim's name qualifies words that are part of the source's name.
  if (own !== undefined && nameWords(a.window.text.slice(a.window.units[j].start, a.window.units[k].end)).includes(own)) return false;
  return true;
}

const SUBJECT_PRONOUN = /\b(he|she|they|we|it|his|her|their)\b/i;

/** Whether a pronoun stands between window unit `j` and the next window unit the claim matched. */
function pronounBefore(a: Alignment, j: number): boolean {
  const next = a.window.units.findIndex((_, k) => k > j && a.used[k]);
  if (next < 0) return false;
  return SUBJECT_PRONOUN.test(a.window.text.slice(a.window.units[j].end, a.window.units[next].start));
}

const BOUNDARY = /[,;:()\[\]—–]/;
/** A relative clause opens here: a name inside it is not in the main clause's slot. */
const RELATIVE = /\b(which|who|whom|whose|where)\b/i;

/** Whether source text `between` two units sets them in other clauses, where the claim's text `own` does not. */
const splits = (between: string, own: string) => (BOUNDARY.test(between) && !BOUNDARY.test(own)) || (RELATIVE.test(between) && !RELATIVE.test(own));

/**
 * Whether window unit `j` stands in claim unit `i`'s clause: on each side where
 * the claim's neighbour is matched, the source puts no clause boundary (a comma,
 * a dash, a bracket) between its name and that neighbour unless the claim does
 * too, and opens no relative clause ("which…", "who…") the claim does not.
 * "Ms Madeley said that the pair…" is not "… in Canada, the pair…"; "the
 * director of OneTaste, which works with TurnON Britain, says" names no director.
 */
function sameClause(a: Alignment, i: number, j: number): boolean {
  const c = a.claim.units[i];
  const w = a.window.units[j];
  for (let k = i - 1; k >= 0; k--) {
    if (a.match[k] < 0) continue;
    const anchor = a.window.units[a.match[k]];
    if (anchor.end <= w.start && splits(a.window.text.slice(anchor.end, w.start), a.claim.text.slice(a.claim.units[k].end, c.start))) return false;
    break;
  }
  for (let k = i + 1; k < a.match.length; k++) {
    if (a.match[k] < 0) continue;
    const anchor = a.window.units[a.match[k]];
    if (anchor.start >= w.end && splits(a.window.text.slice(w.end, anchor.start), a.claim.text.slice(c.end, a.claim.units[k].start))) return false;
    break;
  }
  return true;
}

export const nameMismatch: ConflictCheck<"name-mismatch"> = {
  id: "name-mismatch",
  description: "A person, place or organisation in the claim differs from the one the source names in the same role.",
  docs: `A person, place or organisation differs from the one the source names in the
same role ("the source names Belarus, not Kazakhstan").`,
  detect(a: Alignment): Conflict[] {
    const out: Conflict[] = [];
    a.claim.units.forEach((c, i) => {
      if (c.kind !== "name" || a.match[i] >= 0) return;
      // "the Briton", "the Republican": a description of someone, which the source may give by name.
      if (!c.parts && /\bthe\s+$/i.test(a.claim.text.slice(0, c.start)) && isEnglishWord(c.lemma)) return;
      // Only the first name in the slot, and close by: a name further on is about something else.
      for (const j of slotCandidates(a, i, 2)) {
        const w = a.window.units[j];
        if (w.kind !== "name") continue;
        // "RBS" where the source writes "Royal Bank of Scotland" is the same name, though "Royal" opens the sentence.
        if (abbreviates(claimText(a, i), a.window.text.slice(runStart(a.window.text, w.start)))) return;
        // "… in Morocco, he was projected to fall": the pronoun, not the other name, stands in the claim's name's place.
        if (pronounBefore(a, j)) continue;
        if (!sameClause(a, i, j)) continue;
        // Extend to the whole name in the source ("Sergei Lavrov").
        let k = j;
        while (k + 1 < a.window.units.length && a.window.units[k + 1].kind === "name" && !a.used[k + 1] &&
          /^\s*$/.test(a.window.text.slice(a.window.units[k].end, a.window.units[k + 1].start))) k++;
        const said = a.window.text.slice(w.start, a.window.units[k].end);
        // "Allan Johnston" where the source says "Johnston", or "Sullivan" where it says "O'Sullivan":
        // one says more of the same name than the other, not another name.
        if (partOf(said, claimText(a, i)) || partOf(claimText(a, i), said)) return;
        if (cutShort(said, claimText(a, i)) || cutShort(claimText(a, i), said)) return;
        if (!sameRole(a, i, j, k)) return;
        out.push({
          check: nameMismatch.id, claimUnit: i, windowUnit: j, replacement: said, correctionKind: "name",
          reason: `the source names ${said}, not ${claimText(a, i)}`, substitution: true,
        });
        return;
      }
    });
    return out;
  },
};
