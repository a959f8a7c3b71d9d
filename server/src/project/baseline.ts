/**
 * The baseline: the contradicted and unsupported claims a team has accepted,
 * each with a fingerprint, a count (identical claims in one file) and a reason.
 * `grounded check --baseline FILE` fails only on claims beyond it.
 */
import type { Verdict } from "../engine";

export interface BaselineEntry {
  fingerprint: string;
  /** The draft, relative to the project root (for people; matching uses the fingerprint). */
  path: string;
  code: string;
  verdict: Verdict;
  text: string;
  /** How many identical claims of this file the entry covers. */
  count: number;
  /** Why the team accepts the claim; required. */
  reason: string;
}

export interface Baseline {
  version: 1;
  claims: BaselineEntry[];
}

/** Reads a baseline file's text; a problem (a sentence) instead of a throw. */
export function parseBaseline(text: string): { baseline: Baseline } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { problem: `not valid JSON (${(e as Error).message})` };
  }
  const d = data as Partial<Baseline> | null;
  if (!d || typeof d !== "object" || d.version !== 1 || !Array.isArray(d.claims)) return { problem: `expected { "version": 1, "claims": [...] }` };
  for (const [i, c] of d.claims.entries()) {
    if (!c || typeof c.fingerprint !== "string" || !c.fingerprint) return { problem: `claim ${i + 1} has no "fingerprint"` };
    if (typeof c.reason !== "string" || !c.reason.trim()) {
      return { problem: `claim ${i + 1} (${JSON.stringify(String(c.text ?? c.fingerprint).slice(0, 60))}) has no "reason": say why it is accepted` };
    }
    if (c.count !== undefined && !(Number.isInteger(c.count) && c.count > 0)) return { problem: `claim ${i + 1} has a "count" that is not a positive whole number` };
  }
  return { baseline: { version: 1, claims: d.claims.map((c) => ({ ...c, count: c.count ?? 1 })) } };
}

/** Matches claims against a baseline: each entry covers `count` claims with its fingerprint, in document order. */
export class BaselineMatcher {
  private readonly left = new Map<string, { count: number; reason: string }>();

  constructor(baseline: Baseline) {
    for (const c of baseline.claims) {
      const had = this.left.get(c.fingerprint);
      if (had) had.count += c.count;
      else this.left.set(c.fingerprint, { count: c.count, reason: c.reason });
    }
  }

  /** The reason of the baseline entry that still covers a claim with this fingerprint (using one of its count), if any. */
  take(fingerprint: string): string | undefined {
    const entry = this.left.get(fingerprint);
    if (!entry || entry.count <= 0) return undefined;
    entry.count--;
    return entry.reason;
  }

  /** Fingerprints in the baseline that no claim matched any more (fixed claims), with how many. */
  unmatched(): Array<{ fingerprint: string; count: number }> {
    return [...this.left].filter(([, e]) => e.count > 0).map(([fingerprint, e]) => ({ fingerprint, count: e.count }));
  }
}

/**
 * The baseline for the current claims. A claim already in `previous` keeps its
 * reason; a new one gets `reason`, which the caller must supply when there are new ones.
 */
export function buildBaseline(
  claims: ReadonlyArray<Omit<BaselineEntry, "count" | "reason">>, previous: Baseline | undefined, reason: string | undefined,
): { baseline: Baseline; missingReason: number } {
  const reasons = new Map(previous?.claims.map((c) => [c.fingerprint, c.reason]) ?? []);
  const entries = new Map<string, BaselineEntry>();
  let missingReason = 0;
  for (const c of claims) {
    const had = entries.get(c.fingerprint);
    if (had) {
      had.count++;
      continue;
    }
    const r = reasons.get(c.fingerprint) ?? reason ?? "";
    if (!r.trim()) missingReason++;
    entries.set(c.fingerprint, { ...c, count: 1, reason: r });
  }
  const sorted = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { baseline: { version: 1, claims: sorted }, missingReason };
}
