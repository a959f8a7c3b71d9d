/**
 * The status bar's text and tooltip for a document's tally
 * (`grounded/status`): plain functions of it, so that they are tested
 * without VS Code (`test/statusBar.test.ts`).
 */
import type { StatusParams } from "../../server/src/lsp/diagnostics";

/**
 * `✓ 3 · ✗ 1 · ? 2 · lexical`: the claims supported, contradicted and
 * unsupported, and what decided them ("lexical", or the reading model's name).
 */
export const formatTally = (t: StatusParams) => `✓ ${t.supported} · ✗ ${t.contradicted} · ? ${t.unsupported}${t.verifier ? ` · ${t.verifier}` : ""}`;

/** What the tally counts, what decided the verdicts, and how many claims ignore comments keep from being checked, so that none is ignored unseen. */
export function tallyTooltip(t: StatusParams): string {
  const lines = ["Grounded: claims supported · contradicted · unsupported"];
  if (t.verifier === "lexical") lines.push("Verdicts: the lexical checks alone (the reading model is off, or could not be loaded: see Grounded's output)");
  else if (t.verifier) lines.push(`Verdicts: the reading model ${t.verifier} with the lexical checks`);
  const { ignored } = t;
  if (ignored > 0) lines.push(`${ignored} claim${ignored === 1 ? "" : "s"} not checked: ignore comments in the draft cover ${ignored === 1 ? "it" : "them"}`);
  lines.push("Click for the Problems view.");
  return lines.join("\n");
}
