/**
 * The claim report of one open document as the page `grounded check --format
 * html` writes (`report/html.ts`), for VS Code's *Grounded: Show claim report*
 * webview: the document's last published findings, its project's rules, its
 * bibliography's keys and its CSL style.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Corpus, Finding } from "../engine";
import { checkCitations } from "../engine/check";
import type { DraftAnalysis } from "../engine/markdown/types";
import type { DocumentCiting } from "../node/citing";
import { formatHtml, plainReference, referenceHtml } from "../report/html";
import { reportFile, type Report } from "../report/model";
import type { Settings } from "./settings";

export interface ReportPageInput {
  uri: string;
  text: string;
  findings: Finding[];
  analysis: DraftAnalysis;
  corpus: Corpus;
  citing: DocumentCiting;
  settings: Settings;
  /** The workspace folder that holds the document. */
  folder: string;
  /** Allows the page's inline style and script under its content security policy. */
  nonce: string;
}

export function reportPage(p: ReportPageInput): string {
  const path = p.uri.startsWith("file:") ? fileURLToPath(p.uri) : p.uri;
  const shown = p.uri.startsWith("file:") ? relative(p.folder, path).replace(/\\/g, "/") || path : p.uri;
  const citations = checkCitations(p.findings, p.analysis, p.corpus, p.citing.bibliography?.byKey);
  const file = reportFile(path, p.text, p.findings, citations, p.corpus, {
    root: p.settings.projectRoot ?? p.folder, severity: p.settings.severity, disabledChecks: p.settings.disabledChecks, accepted: p.settings.accepted,
  });
  const report: Report = {
    corpus: { documents: p.corpus.articles.length, passages: p.corpus.articles.reduce((n, a) => n + a.passages.length, 0) },
    files: [{ ...file, path: shown }],
  };
  return formatHtml(report, {
    texts: new Map([[shown, p.text]]), nonce: p.nonce, title: `Claim report: ${shown}`,
    reference: (e) => {
      const a = p.corpus.article(e.source);
      return a ? referenceHtml(p.citing, a, e) : plainReference(e);
    },
  });
}
