/**
 * `--format junit`: JUnit XML, which CI services show as test results. One
 * test suite per draft, one test case per claim: a contradicted claim is a
 * failure (unless accepted), an unsupported claim is skipped (not verified),
 * a supported or accepted claim passes.
 */
import { fails, type Report, tally } from "./model";

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function formatJunit(report: Report): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.files.map((f) => ({ f, t: tally(f.claims), claims: f.claims.filter((c) => !c.checkOff) }));
  const tests = all.reduce((n, x) => n + x.claims.length, 0);
  const failures = all.reduce((n, x) => n + x.t.failing, 0);
  const skipped = all.reduce((n, x) => n + x.claims.filter((c) => c.finding.verdict === "unsupported" && !c.accepted).length, 0);
  out.push(`<testsuites name="grounded" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`);
  for (const { f, claims } of all) {
    const fileFailures = claims.filter(fails).length;
    const fileSkipped = claims.filter((c) => c.finding.verdict === "unsupported" && !c.accepted).length;
    out.push(`  <testsuite name="${xmlEscape(f.path)}" tests="${claims.length}" failures="${fileFailures}" errors="0" skipped="${fileSkipped}">`);
    for (const c of claims) {
      const line = c.range.start.line + 1;
      const name = `${line}:${c.range.start.character + 1} ${c.finding.text.length > 120 ? c.finding.text.slice(0, 117) + "…" : c.finding.text}`;
      const open = `    <testcase classname="${xmlEscape(f.path)}" name="${xmlEscape(name)}" file="${xmlEscape(f.path)}" line="${line}"`;
      const detail = [c.finding.reason, ...c.evidence.slice(0, 1).map((e) => `${e.source}:${e.range.start.line + 1}: ${e.quote}`)].join("\n");
      if (fails(c)) {
        out.push(`${open}>`);
        out.push(`      <failure message="${xmlEscape(`contradicted: ${c.finding.reason}`)}" type="${xmlEscape(c.finding.code)}">${xmlEscape(detail)}</failure>`);
        out.push("    </testcase>");
      } else if (c.finding.verdict === "unsupported" && !c.accepted) {
        out.push(`${open}>`);
        out.push(`      <skipped message="${xmlEscape(`unsupported: ${c.finding.reason}`)}"/>`);
        out.push("    </testcase>");
      } else if (c.accepted) {
        out.push(`${open}>`);
        out.push(`      <system-out>${xmlEscape(`${c.finding.verdict}, accepted (${c.accepted.by}): ${c.accepted.reason}`)}</system-out>`);
        out.push("    </testcase>");
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
