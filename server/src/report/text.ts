/**
 * `--format text`: one line per finding, `path:line:col  severity  verdict: reason  [code]`,
 * like a compiler; a tally per file and one for the run. Colours only when asked
 * (a terminal without `NO_COLOR`).
 */
import { fails, type Report, shown, tally } from "./model";

/**
 * Text for a terminal. Source files and their names are written by others: an
 * escape sequence in a title or a file name must not recolour, retitle or
 * hyperlink the writer's terminal, nor a line break forge another line of the
 * report. Control characters become visible `\xNN` escapes.
 */
export function printable(s: string): string {
  // C0 controls except tab, DEL, C1 controls, and the line and paragraph separators.
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export interface TextOptions {
  color: boolean;
  /** Only the claims that fail the run, and no tallies. */
  quiet: boolean;
}

/** Colours: never with NO_COLOR, always with FORCE_COLOR, else only on a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return isTTY && env.TERM !== "dumb";
}

const SEVERITY_WORD: Record<string, string> = { error: "error", warning: "warning", information: "info", hint: "hint" };
const COLOR: Record<string, string> = { error: "31", warning: "33", info: "36", hint: "2", accepted: "2", path: "1" };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeSource(e: { outlet: string | null; title: string | null; date: string | null; source: string; page?: number }): string {
  return [e.outlet ?? e.title, e.date, e.page !== undefined ? `p. ${e.page}` : null].filter(Boolean).join(", ") || e.source;
}

/**
 * The reason with its source: the source after it, unless the reason names it
 * already, in which case the page (for a paged source) goes where it is named.
 */
function withSource(reason: string, src: Parameters<typeof describeSource>[0] | undefined, verdict: string): string {
  if (!src || verdict === "unsupported") return printable(reason);
  const named = describeSource({ ...src, page: undefined });
  if (!reason.includes(named)) return `${printable(reason)} (${printable(describeSource(src))})`;
  return printable(src.page !== undefined ? reason.replace(named, `${named}, p. ${src.page}`) : reason);
}

export function formatText(report: Report, o: TextOptions): string {
  const paint = (code: string, s: string) => (o.color ? `\u001b[${COLOR[code] ?? code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const total = { supported: 0, contradicted: 0, unsupported: 0, accepted: 0, off: 0, failing: 0, ignored: 0 };
  for (const f of report.files) {
    const lines: string[] = [];
    for (const c of f.claims) {
      if (!shown(c) || (o.quiet && !fails(c))) continue;
      const finding = c.finding;
      const src = c.evidence[0];
      const word = SEVERITY_WORD[c.severity];
      const accepted = c.accepted ? paint("accepted", c.accepted.by === "baseline" ? `  (in the baseline: ${printable(c.accepted.reason)})` : `  (accepted: ${printable(c.accepted.reason)})`) : "";
      const isNew = c.baseline === "new" ? "  (new)" : "";
      // Source text, file names and the draft's own words are printed with their control characters made visible.
      lines.push(`${paint("path", `${printable(f.path)}:${c.range.start.line + 1}:${c.range.start.character + 1}`)}  ${paint(word, word)}  ${finding.verdict}: ${withSource(finding.reason, src, finding.verdict)}  [${finding.code}]${isNew}${accepted}`);
      if (finding.verdict !== "supported") lines.push(`    "${printable(finding.text.length > 100 ? finding.text.slice(0, 97) + "…" : finding.text)}"`);
    }
    if (!o.quiet) {
      for (const c of f.citations) {
        if (c.checkOff) continue;
        lines.push(`${paint("path", `${printable(f.path)}:${c.range.start.line + 1}:${c.range.start.character + 1}`)}  ${paint("warning", "warning")}  ${printable(c.citation.message)}  [${c.citation.code}]`);
      }
    }
    const t = { ...tally(f.claims), ignored: f.ignored ?? 0 };
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += t[k];
    // One at a time: spreading a draft's hundred thousand lines overflows the call stack.
    for (const line of lines) out.push(line);
    if (!o.quiet) out.push(`${printable(f.path)}: ${plural(t.supported + t.contradicted + t.unsupported, "claim")}: ${summary(t)}`);
  }
  if (!o.quiet) {
    const n = total.supported + total.contradicted + total.unsupported;
    out.push(`${plural(n, "claim")} checked in ${plural(report.files.length, "file")} against ${plural(report.corpus.documents, "source")}: ${summary(total)}`);
    if (report.verifier) out.push(`verdicts: ${report.verifier === "lexical" ? "lexical (the reading model was not used)" : `the reading model ${report.verifier} with the lexical checks`}`);
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function summary(t: ReturnType<typeof tally> & { ignored: number }): string {
  let s = `${t.supported} supported, ${t.contradicted} contradicted, ${t.unsupported} unsupported`;
  if (t.accepted) s += `; ${t.accepted} accepted`;
  if (t.off) s += `; ${t.off} not reported (checks turned off)`;
  if (t.ignored) s += `; ${t.ignored} ignored by comments (not checked)`;
  return s;
}
