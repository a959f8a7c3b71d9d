/**
 * Dates in prose, absolute ("May 15, 2012", "Jan. 1") and relative ("on
 * Wednesday", "last year"), resolved with chrono-node against the article's own
 * date. A date keeps only the parts the text fixes: "December 2012" has no day.
 */
import * as chrono from "chrono-node";

export interface DateValue {
  year?: number;
  month?: number;
  day?: number;
}

export interface DateMention extends DateValue {
  /** Offsets into the analysed text. */
  start: number;
  end: number;
  /** A relative expression that could not be resolved ("last year" with no reference date). */
  relative?: string;
}

const DATE_WORD =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(\s|$|,)|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{4}\b|\b(last|this|next) (year|month|week)\b|\b(yesterday|today|tomorrow)\b|\bago\b/i;

const RELATIVE_WORD = /\b(last|this|next|ago|yesterday|today|tomorrow)\b/i;

const WEEKDAY_OR_RELATIVE = /\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(last|this|next|ago|yesterday|today|tomorrow)\b/i;

/**
 * Whether the dates found in `text` can depend on the reference date: only
 * weekdays and relative words are resolved against it. Lets callers share the
 * analysis of one sentence across articles of different dates.
 */
export function needsReference(text: string): boolean {
  return WEEKDAY_OR_RELATIVE.test(text);
}

/** Expressions relative to some other event, not to the article's date. */
const RELATIVE_TO_EVENT = /\b(later|earlier|after|before|since|until|following)\b/i;

/**
 * Finds date expressions. With `reference` (ISO date of the article) relative
 * expressions are resolved; without it only what the text states is kept.
 */
export function findDates(text: string, reference?: string | null): DateMention[] {
  // Every date kept below matches DATE_WORD, so a text where it matches nowhere has none (and chrono is slow).
  if (!DATE_WORD.test(text)) return [];
  // A four-digit year alone is no date chrono reads ("in 2014", "by 2015"): only a month, a weekday, a
  // relative word or a date in figures makes one. Most sentences stop here.
  if (!NON_YEAR_CUE.test(text) && !NUMERIC_DATE.test(text)) return [];
  return findDatesWithChrono(text, reference);
}

/**
 * Date cues other than a bare four-digit number. A month is a month's name or
 * abbreviation, not any word that starts like one: `DATE_WORD` lets through
 * "market", "decided", "novel", "separate" and "augmented", so chrono read nearly
 * every sentence; a date it finds in a text with no month's name has another
 * cue here (a weekday, a relative word, "ago") or a date in figures.
 */
const NON_YEAR_CUE =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(uary|ruary|ch|il|e|y|ust|tember|ember|ober)?\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(last|this|next) (year|month|week)\b|\b(yesterday|today|tomorrow)\b|\bago\b/i;
const NUMERIC_DATE = /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;

/** `findDates` without the shortcut for texts whose only cue is a year (exported for the test that proves the shortcut). */
export function findDatesWithChrono(text: string, reference?: string | null): DateMention[] {
  if (!DATE_WORD.test(text)) return [];
  const ref = reference ? new Date(`${reference}T12:00:00Z`) : undefined;
  let results: chrono.ParsedResult[];
  try {
    results = chrono.en.parse(text, ref ? { instant: ref, timezone: 0 } : undefined, { forwardDate: false });
  } catch {
    return [];
  }
  const out: DateMention[] = [];
  for (const found of results) {
    let r: { index: number; text: string; start: chrono.ParsedComponents } = found;
    if (r.text.length > 32) {
      // chrono sometimes runs a date into what follows ("December 1991 – after around 70 years"): keep the date.
      const cut = r.text.search(/\s[–—-]\s|,\s(?!\d)|\s(after|before|for)\s/);
      const again = cut > 0 ? chrono.en.parse(r.text.slice(0, cut), ref ? { instant: ref, timezone: 0 } : undefined, { forwardDate: false })[0] : undefined;
      if (!again || again.index !== 0) continue;
      r = { index: found.index, text: again.text, start: again.start };
    }
    if (RELATIVE_TO_EVENT.test(r.text)) continue;
    const c = r.start;
    // Bare numbers ("in 2014"), durations ("for 50 years") and times ("7 to 4",
    // "night") are not dates: a date names a month, a weekday, a four-digit
    // year or a relative day or year.
    if (!DATE_WORD.test(r.text)) continue;
    const relative = (!c.isCertain("month") && !c.isCertain("year") && !c.isCertain("day")) || RELATIVE_WORD.test(r.text);
    const d: DateMention = { start: r.index, end: r.index + r.text.length };
    if (relative && !ref) {
      // Kept as written, so that "last year" in a draft matches "last year" in a source.
      d.relative = r.text.toLowerCase().replace(/^(on|in|at)\s+/, "").replace(/\s+/g, " ");
      out.push(d);
      continue;
    }
    if (ref && (c.isCertain("weekday") || relative || /\b(last|this|next|ago|yesterday|today|tomorrow)\b/i.test(r.text))) {
      const at = c.date();
      d.year = at.getUTCFullYear();
      if (!/\byear\b/i.test(r.text) || c.isCertain("month")) d.month = at.getUTCMonth() + 1;
      if (c.isCertain("day") || c.isCertain("weekday") || /\b(yesterday|today|tomorrow)\b/i.test(r.text)) d.day = at.getUTCDate();
    } else {
      if (c.isCertain("year")) d.year = c.get("year") ?? undefined;
      if (c.isCertain("month")) d.month = c.get("month") ?? undefined;
      if (c.isCertain("day")) d.day = c.get("day") ?? undefined;
    }
    if (d.year === undefined && d.month === undefined) continue;
    out.push(d);
  }
  return out;
}

/** The key of a date: the parts it fixes. */
export function dateKey(d: DateMention): string {
  if (d.relative) return `rel:${d.relative}`;
  return `date:${d.year ?? "?"}-${d.month ?? "?"}-${d.day ?? "?"}`;
}

export function parseDateKey(key: string): DateValue {
  const [y, m, d] = key.slice(5).split("-");
  const n = (s: string) => (s === "?" ? undefined : Number(s));
  return { year: n(y), month: n(m), day: n(d) };
}

/**
 * Compares two dates on the parts both fix: 1 when they agree on at least one
 * part and differ on none, -1 when they differ, 0 when they share no part.
 */
export function compareDates(a: DateValue, b: DateValue): -1 | 0 | 1 {
  let shared = 0;
  for (const part of ["year", "month", "day"] as const) {
    if (a[part] === undefined || b[part] === undefined) continue;
    if (a[part] !== b[part]) return -1;
    shared++;
  }
  // A day of the month alone says little unless the month agrees too.
  if (shared === 1 && a.day !== undefined && b.day !== undefined && (a.month === undefined || b.month === undefined)) return 0;
  return shared ? 1 : 0;
}
