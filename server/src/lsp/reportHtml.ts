/**
 * `grounded/reportHtml`, VS Code's *Grounded: Show claim report*: the claim
 * report of a document's last check as the page `grounded check --format
 * html` writes (`report/html.ts`), with the document's project rules, its
 * bibliography's keys and its CSL style. The client's nonce allows the page's
 * inline style and script under its content security policy; the client shows
 * it in a webview.
 */
import { citedReference, formatHtml } from "../report/html";
import type { Report } from "../report/model";
import type { ServerContext } from "./context";
import { checkedReport } from "./report";

export interface ReportHtmlParams {
  uri: string;
  nonce: string;
}

/** The page, or null when the document has not been checked (or the nonce is missing). */
export function provideReportHtml(ctx: ServerContext, params: ReportHtmlParams): string | null {
  const c = ctx.checked.get(params?.uri);
  if (!c || typeof params.nonce !== "string" || !params.nonce) return null;
  const { file, name } = checkedReport(ctx, c);
  const { corpus } = c.loaded;
  const report: Report = {
    corpus: { documents: corpus.articles.length, passages: corpus.articles.reduce((n, a) => n + a.passages.length, 0) },
    files: [{ ...file, path: name }],
  };
  return formatHtml(report, {
    texts: new Map([[name, c.text]]), nonce: params.nonce, title: `Claim report: ${name}`, reference: citedReference(corpus, c.citing),
  });
}
