/**
 * `grounded/report`, the *Show claim report* command: every claim of the last
 * check, as the CLI reports it (the same report model, the same project
 * rules), with its Markdown table ready for the editor's preview. Positions
 * are those of the text that was checked, even when the document has changed
 * since.
 */
import { relativeIfInside } from "../project/paths";
import { formatMarkdown } from "../report/markdown";
import { jsonClaim } from "../report/json";
import { reportFile } from "../report/model";
import type { ServerContext } from "./context";

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

export function provideReport(ctx: ServerContext, params: ReportParams): ReportAnswer | null {
  const c = ctx.checked.get(params?.uri);
  if (!c) return null;
  const folder = ctx.folders.folderOf(c.uri);
  const rules = { ...c.settings, root: c.settings.projectRoot ?? folder };
  const file = reportFile(c.path, c.text, c.findings, c.citations, c.loaded.corpus, rules);
  return { uri: c.uri, version: c.version, claims: file.claims.map(jsonClaim), markdown: formatMarkdown(file, relativeIfInside(folder, c.path), c.loaded.root) };
}
