/**
 * The claim report as Markdown, for the editor's *Show claim report* command
 * (`grounded/report`): a table of every claim, its verdict, why, and its
 * sources with links to the line in the source file. Every piece of text is
 * escaped, so the Markdown preview renders none of it as markup or a link.
 */
import { escapeMarkdown } from "../engine";
import { ignoredClaims, type ReportEvidence, type ReportFile } from "./model";

const VERDICT: Record<string, string> = { supported: "✓ supported", contradicted: "✗ contradicted", unsupported: "? unsupported" };

/** One source of a claim: what it is (with its page, for a paged source), and a link to its line. */
function source(e: ReportEvidence, link: (e: ReportEvidence) => string): string {
  const line = e.range.start.line + 1;
  const what = escapeMarkdown([e.title, e.outlet, e.date, e.page !== undefined ? `p. ${e.page}` : null].filter(Boolean).join(" · ") || e.source);
  return `${what} ([line ${line}](${link(e)}))`;
}

/**
 * The report of one draft, named `name` (its path in the workspace), as a
 * Markdown document; `link` gives the URI that opens a passage's source at its line.
 */
export function formatMarkdown(file: ReportFile, name: string, link: (e: ReportEvidence) => string): string {
  const rows = file.claims.map((c) => {
    const f = c.finding;
    return `| ${c.range.start.line + 1} | ${escapeMarkdown(f.text)} | ${VERDICT[f.verdict]} | ${escapeMarkdown(f.reason)} | ${c.evidence.map((e) => source(e, link)).join("<br>")} |`;
  });
  const ignored = file.ignored ? [`${ignoredClaims(file.ignored)}.`, ""] : [];
  return [`# Claim report: ${escapeMarkdown(name)}`, "", ...ignored, "| Line | Claim | Verdict | Why | Sources |", "| --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}
