/**
 * `--format sarif`: SARIF 2.1.0, the format code-scanning services ingest. One
 * result per contradicted or unsupported claim (and per citation problem),
 * rule id = the check's code, the evidence as related locations, a
 * fingerprint that survives line moves, and suppressions for accepted claims.
 */
import { resolve, sep } from "node:path";
import { relativeInside } from "../project/paths";
import { pathToFileURL } from "node:url";
import { CHECKS, DOCS_URL, docsUrl, type Range } from "../engine";
import type { Report, ReportClaim } from "./model";
import { shown } from "./model";

const RULES = new Map(CHECKS.map((c) => [c.id, c.description]));

type Level = "error" | "warning" | "note" | "none";
const LEVEL: Record<string, Level> = { error: "error", warning: "warning", information: "note", hint: "note", off: "none" };

export interface SarifOptions {
  /** The folder relative paths are written against (`%SRCROOT%`); the current folder. */
  root: string;
  version: string;
}

/** A file path as a SARIF artifact location: relative to the root with `%SRCROOT%`, else a file: URI. */
function artifact(path: string, root: string) {
  const abs = resolve(root, path);
  const rel = relativeInside(root, abs);
  if (rel) return { uri: rel.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(abs).toString() };
}

/** LSP ranges are zero-based in UTF-16 code units; SARIF regions are one-based, and SARIF's default column unit is UTF-16 too. */
function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function claimResult(c: ReportClaim, path: string, root: string, ruleIndex: Map<string, number>) {
  const f = c.finding;
  const verdict = f.verdict === "contradicted" ? "Contradicted" : "Unsupported";
  return {
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code)!,
    level: LEVEL[c.severity],
    kind: "fail",
    message: { text: `${verdict}: ${f.reason} — "${f.text}"` },
    locations: [{ physicalLocation: { artifactLocation: artifact(path, root), region: region(c.range) } }],
    ...(c.evidence.length
      ? {
        relatedLocations: c.evidence.map((e, i) => ({
          id: i,
          message: { text: `${[e.title, e.outlet, e.date].filter(Boolean).join(" · ") || e.source}: ${e.quote}` },
          physicalLocation: { artifactLocation: artifact(e.source, root), region: region(e.conflict ?? e.range) },
        })),
      }
      : {}),
    partialFingerprints: { "groundedClaim/v1": c.fingerprint },
    ...(c.baseline ? { baselineState: c.baseline } : {}),
    ...(c.accepted ? { suppressions: [{ kind: "external", status: "accepted", justification: c.accepted.reason }] } : {}),
    properties: { verdict: f.verdict, score: f.score, claim: f.text },
  };
}

export function formatSarif(report: Report, o: SarifOptions): string {
  const codes = new Set<string>();
  for (const f of report.files) {
    for (const c of f.claims) if (c.finding.verdict !== "supported" && shown(c)) codes.add(c.finding.code);
    for (const c of f.citations) if (!c.checkOff) codes.add(c.citation.code);
  }
  const ids = [...codes].sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const results = report.files.flatMap((f) => [
    ...f.claims.filter((c) => c.finding.verdict !== "supported" && shown(c)).map((c) => claimResult(c, f.path, o.root, ruleIndex)),
    ...f.citations.filter((c) => !c.checkOff).map((c) => ({
      ruleId: c.citation.code,
      ruleIndex: ruleIndex.get(c.citation.code)!,
      level: "warning" as Level,
      message: { text: c.citation.message },
      locations: [{ physicalLocation: { artifactLocation: artifact(f.path, o.root), region: region(c.range) } }],
      partialFingerprints: { "groundedClaim/v1": c.fingerprint },
    })),
  ]);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "Grounded",
          informationUri: DOCS_URL,
          version: o.version,
          rules: ids.map((id) => ({
            id,
            name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: RULES.get(id) ?? id },
            helpUri: docsUrl(id),
            defaultConfiguration: { level: id === "unsupported" ? "note" : "warning" },
          })),
        },
      },
      originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(o.root + sep).toString() } },
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
