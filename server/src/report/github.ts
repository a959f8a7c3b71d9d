/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…::…`),
 * which show as annotations on the pull request's changed lines.
 */
import { relativeIfInside } from "../project/paths";
import { type Report, shown } from "./model";

const COMMAND: Record<string, string | undefined> = { error: "error", warning: "warning", information: "notice", hint: "notice", off: undefined };

/** The escaping the runner expects in a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** The escaping the runner expects in a property value (also `:` and `,`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}


export function formatGithub(report: Report, root = process.cwd()): string {
  const out: string[] = [];
  for (const f of report.files) {
    // The runner maps annotations by paths relative to the workspace (the current folder).
    const file = relativeIfInside(root, f.path);
    for (const c of f.claims) {
      // Accepted claims are not annotated: the team has already decided on them.
      if (c.finding.verdict === "supported" || !shown(c) || c.accepted) continue;
      const command = COMMAND[c.severity];
      if (!command) continue;
      const r = c.range;
      const props = [`file=${escapeProperty(file)}`, `line=${r.start.line + 1}`, `col=${r.start.character + 1}`, `endLine=${r.end.line + 1}`];
      if (r.end.line === r.start.line) props.push(`endColumn=${r.end.character + 1}`);
      props.push(`title=${escapeProperty(`Grounded: ${c.finding.verdict} (${c.finding.code})`)}`);
      const src = c.evidence[0];
      const message = src && c.finding.verdict === "contradicted" ? `${c.finding.reason}\nSource: ${src.source}:${src.range.start.line + 1}: ${src.quote}` : c.finding.reason;
      out.push(`::${command} ${props.join(",")}::${escapeData(message)}`);
    }
    for (const c of f.citations) {
      if (c.checkOff) continue;
      const r = c.range;
      out.push(`::warning file=${escapeProperty(file)},line=${r.start.line + 1},col=${r.start.character + 1},title=${escapeProperty(`Grounded: ${c.citation.code}`)}::${escapeData(c.citation.message)}`);
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}
