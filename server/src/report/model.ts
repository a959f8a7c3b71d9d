/**
 * The report of one `grounded check` run, as plain data: every format (text,
 * JSON, SARIF, JUnit, GitHub annotations) is one function of it. Built from
 * the engine's findings, the project's settings and an optional baseline.
 */
import { resolve } from "node:path";
import { type Article, type CitationFinding, type Corpus, type Finding, LineIndex, pageAt, type Range } from "../engine";
import type { BaselineMatcher } from "../project/baseline";
import { claimFingerprint, projectPath, type ProjectRules, rule } from "../project/rules";
import type { SeverityMap, SeverityName } from "../project/settings";

export interface ReportEvidence {
  /** The article id (the source file's path as the corpus loader gives it). */
  source: string;
  title: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  quote: string;
  range: Range;
  score: number;
  /** The span of the source that disagrees (a figure, a date, a name), when there is one. */
  conflict?: Range;
  /** The 1-based page of the passage, for a paged source (PDF). */
  page?: number;
}

/** Why a finding does not fail the run although it would. */
export type Acceptance = { by: "config" | "baseline"; reason: string };

export interface ReportClaim {
  finding: Finding;
  range: Range;
  evidence: ReportEvidence[];
  /** The range of `finding.correction`, when there is one. */
  correction?: Range;
  fingerprint: string;
  severity: SeverityName;
  /** The finding's check is turned off in the project file: the claim is listed in JSON only. */
  checkOff: boolean;
  accepted?: Acceptance;
  /** With `--baseline`: whether the claim is in the baseline. */
  baseline?: "new" | "unchanged";
}

export interface ReportCitation {
  citation: CitationFinding;
  range: Range;
  fingerprint: string;
  checkOff: boolean;
}

export interface ReportFile {
  /** As given on the command line. */
  path: string;
  /** Relative to the project root (`.grounded.jsonc`'s folder, else the current folder): what fingerprints use. */
  projectPath: string;
  claims: ReportClaim[];
  citations: ReportCitation[];
  /** Claims that ignore comments in the draft cover: not checked, in no count of `claims` (absent: none). */
  ignored?: number;
}

export interface Report {
  corpus: { documents: number; passages: number };
  files: ReportFile[];
  /** The baseline file, when one was given. */
  baseline?: string;
  /** What decided the verdicts: "lexical" (the engine's checks alone) or the reading model's name (`nli-` and its SHA-256's first digits). */
  verifier?: string;
}

/** What a file's project says about its findings: the project rules and how each verdict is shown. */
export interface FileRules extends ProjectRules {
  severity: SeverityMap;
}

/** Whether a claim makes the run fail: contradicted, its check on, not accepted, not in the baseline. */
export function fails(c: ReportClaim): boolean {
  return c.finding.verdict === "contradicted" && !c.checkOff && !c.accepted;
}

/** Whether a format other than JSON shows the claim. */
export function shown(c: ReportClaim): boolean {
  return !c.checkOff && c.severity !== "off";
}

export function reportEvidence(f: Finding, corpus: Corpus): ReportEvidence[] {
  return f.evidence.flatMap((e) => {
    const a: Article | undefined = corpus.article(e.articleId);
    if (!a) return [];
    const lines = new LineIndex(a.text);
    return [{
      source: a.id, title: a.title ?? null, outlet: a.outlet ?? null, date: a.date ?? null, url: a.url ?? null,
      quote: e.quote, range: lines.rangeOf(e.span), score: e.score, ...(e.conflict ? { conflict: lines.rangeOf(e.conflict) } : {}),
      ...(a.pages ? { page: pageAt(a, e.span.start) } : {}),
    }];
  });
}

/** One file's findings as report entries (and the count of claims ignore comments cover); the baseline, when given, is consumed in document order. */
export function reportFile(
  path: string, text: string, findings: Finding[], citations: CitationFinding[], corpus: Corpus, rules: FileRules, baseline?: BaselineMatcher, ignored = 0,
): ReportFile {
  const lines = new LineIndex(text);
  const projectFile = projectPath(resolve(path), rules);
  const claims = findings.map((finding): ReportClaim => {
    const ruling = rule(finding, rules, projectFile);
    const claim: ReportClaim = {
      finding, range: lines.rangeOf(finding.span), evidence: reportEvidence(finding, corpus), fingerprint: ruling.fingerprint,
      severity: rules.severity[finding.verdict], checkOff: ruling.checkOff,
      ...(finding.correction ? { correction: lines.rangeOf(finding.correction.span) } : {}),
    };
    if (finding.verdict === "supported" || ruling.checkOff) return claim;
    if (ruling.accepted !== undefined) claim.accepted = { by: "config", reason: ruling.accepted };
    else if (baseline) {
      const reason = baseline.take(ruling.fingerprint);
      claim.baseline = reason === undefined ? "new" : "unchanged";
      if (reason !== undefined) claim.accepted = { by: "baseline", reason };
    }
    return claim;
  });
  return {
    path,
    projectPath: projectFile,
    ignored,
    claims,
    citations: citations.map((citation) => ({
      citation, range: lines.rangeOf(citation.span),
      fingerprint: claimFingerprint(projectFile, citation.code, text.slice(citation.span.start, citation.span.end)),
      checkOff: rules.disabledChecks.includes(citation.code),
    })),
  };
}

/** Claims per verdict, for the summaries; claims whose check is off are counted apart. */
export function tally(claims: readonly ReportClaim[]) {
  const t = { supported: 0, contradicted: 0, unsupported: 0, accepted: 0, off: 0, failing: 0 };
  for (const c of claims) {
    if (c.checkOff) {
      t.off++;
      continue;
    }
    t[c.finding.verdict]++;
    if (c.accepted) t.accepted++;
    if (fails(c)) t.failing++;
  }
  return t;
}

/** "2 claims not checked: ignore comments in the draft cover them", for the reports that say so in words. */
export function ignoredClaims(n: number): string {
  return `${n} claim${n === 1 ? "" : "s"} not checked: ignore comments in the draft cover ${n === 1 ? "it" : "them"}`;
}
