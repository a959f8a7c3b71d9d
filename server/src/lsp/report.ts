/**
 * `grounded/report`: every claim of the last check, as the CLI reports it (the
 * same report model, the same project rules), with its Markdown table ready
 * for an editor's preview (VS Code's *Show claim report* shows the HTML page
 * of `reportHtml.ts` instead). Positions are those of the text that was
 * checked, even when the document has changed since.
 */
import { relativeIfInside } from "../project/paths";
import { formatMarkdown } from "../report/markdown";
import { jsonClaim } from "../report/json";
import { reportFile, type ReportFile } from "../report/model";
import type { CheckedDocument } from "./checker";
import type { ServerContext } from "./context";
import { lineUri } from "./sources";

export interface ReportParams {
  uri: string;
}

/** The answer: the checked version, its claims in the JSON report's shape, and the report as Markdown. */
export interface ReportAnswer {
  uri: string;
  version: number;
  claims: Array<ReturnType<typeof jsonClaim>>;
  markdown: string;
}

/** The report of a document's last check, with its project's rules, and the draft's path as the report names it (relative to its workspace folder). */
export function checkedReport(ctx: ServerContext, c: CheckedDocument): { file: ReportFile; name: string } {
  const folder = ctx.folders.folderOf(c.uri);
  const rules = { ...c.settings, root: c.settings.projectRoot ?? folder };
  const file = reportFile(c.path, c.text, c.findings, c.citations, c.loaded.corpus, rules, undefined, c.analysis.ignoredClaims);
  return { file, name: relativeIfInside(folder, c.path) };
}

export function provideReport(ctx: ServerContext, params: ReportParams): ReportAnswer | null {
  const c = ctx.checked.get(params?.uri);
  if (!c) return null;
  const { file, name } = checkedReport(ctx, c);
  const links = ctx.sourceLinks(c.loaded.root);
  const link = (e: { source: string; range: { start: { line: number } } }) => {
    const a = c.loaded.corpus.article(e.source);
    return a ? lineUri(a, e.range.start.line + 1, links) : "";
  };
  return { uri: c.uri, version: c.version, claims: file.claims.map(jsonClaim), markdown: formatMarkdown(file, name, link) };
}
