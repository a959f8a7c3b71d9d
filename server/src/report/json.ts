/** `--format json`: the document ../shared/docs/cli-contract.md fixes; fields are only ever added. */
import type { Report, ReportClaim } from "./model";

/** One claim as the JSON report gives it (the contract's fields, then the additions). */
export function jsonClaim(c: ReportClaim) {
  const f = c.finding;
  return {
    range: c.range,
    text: f.text,
    verdict: f.verdict,
    score: f.score,
    reason: f.reason,
    code: f.code,
    evidence: c.evidence.map((e) => ({
      source: e.source, title: e.title, outlet: e.outlet, date: e.date, url: e.url, quote: e.quote, range: e.range, score: e.score,
      // Only for a paged source (PDF); for one, `range` is in the text extracted from the file.
      ...(e.page !== undefined ? { page: e.page } : {}),
    })),
    ...(f.correction ? { correction: { range: c.correction ?? c.range, replacement: f.correction.replacement, kind: f.correction.kind } } : {}),
    fingerprint: c.fingerprint,
    // Added: the reading model's answer for its most entailing window, when it read the claim (issue #25).
    ...(f.reading ? { reading: { entail: f.reading.entail, contradict: f.reading.contradict, neither: f.reading.neither, cut: f.reading.cut } } : {}),
    ...(c.checkOff ? { checkOff: true } : {}),
    ...(c.accepted ? { accepted: c.accepted } : {}),
    ...(c.baseline ? { baseline: c.baseline } : {}),
  };
}

export function formatJson(report: Report): string {
  const doc = {
    version: 1,
    corpus: report.corpus,
    files: report.files.map((f) => ({
      path: f.path,
      claims: f.claims.map(jsonClaim),
      citations: f.citations.map((c) => ({
        range: c.range, code: c.citation.code, message: c.citation.message, source: c.citation.articleId ?? null, ...(c.checkOff ? { checkOff: true } : {}),
      })),
      // Added: the claims that ignore comments cover, which `claims` does not list.
      ignored: f.ignored ?? 0,
    })),
    // Added: what decided the verdicts, "lexical" or the reading model's name.
    ...(report.verifier ? { verifier: report.verifier } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
