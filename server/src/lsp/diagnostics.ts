/**
 * Diagnostics: a document's findings as the Problems view shows them, with
 * the project's rules applied (checks turned off left out, accepted claims
 * shown quietly with their reason), at most `grounded.maxDiagnostics` of them,
 * and the tally the client shows in its status bar (`grounded/status`).
 */
import { type Diagnostic, DiagnosticSeverity } from "vscode-languageserver/node";
import { type Article, type CitedSource, type Corpus, docsUrl, type Finding, LineIndex, pageAt, tooManyClaims } from "../engine";
import { projectPath, rule } from "../project/rules";
import type { SeverityName, Settings } from "../project/settings";
import type { CheckedDocument } from "./checker";
import type { ServerContext } from "./context";
import { describeSource, rangeIn, type SourceLinks, sourceUri } from "./sources";

const SEVERITY: Record<Exclude<SeverityName, "off">, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The tally the client shows in its status bar (`grounded/status`). */
export interface StatusParams {
  uri: string;
  version: number;
  supported: number;
  contradicted: number;
  unsupported: number;
  /** Claims that ignore comments cover: not checked, so in none of the counts above. */
  ignored: number;
  /** While the findings come from part of a cold build: the claims without evidence so far, shown once the whole corpus is indexed. */
  pending?: number;
  /** What decided the verdicts: "lexical" (the engine's checks alone), or the reading model's name. */
  verifier?: string;
}

/** What a quick fix needs, carried in `diagnostic.data`. */
export interface FixData {
  verdict: Finding["verdict"];
  /** The claim sentence, as offsets into the document version the diagnostic was made for. */
  span: { start: number; end: number };
  /** The claim as plain text (`Finding.text`): what an ignore comment names, and what *Search the sources* looks for. */
  text: string;
  version: number;
  sources: CitedSource[];
  quote?: string;
  correction?: Finding["correction"];
}

/** The sources of a finding's evidence, each once (with the page of its best passage), at most three. */
function citedSources(f: Finding, corpus: Corpus, cite: (a: Article) => CitedSource): CitedSource[] {
  const out = new Map<string, CitedSource>();
  for (const e of f.evidence) {
    const a = corpus.article(e.articleId);
    if (!a || out.has(a.id)) continue;
    const page = pageAt(a, e.span.start);
    out.set(a.id, { ...cite(a), ...(page !== undefined ? { page } : {}) });
  }
  return [...out.values()].slice(0, 3);
}

/**
 * One finding as a diagnostic, with what its quick fixes need in `data`;
 * undefined when its severity is `off`. `cite` says how the document cites a
 * source (its bibliography's key and metadata, else the corpus's).
 */
export function toDiagnostic(
  f: Finding, lines: LineIndex, corpus: Corpus, cite: (a: Article) => CitedSource, settings: Settings, version: number, links: SourceLinks,
): Diagnostic | undefined {
  const severity = settings.severity[f.verdict];
  if (severity === "off") return undefined;
  const verdictText = f.verdict === "supported" ? "Supported" : f.verdict === "contradicted" ? "Contradicted" : "Unsupported";
  const data: FixData = {
    verdict: f.verdict,
    span: f.span,
    text: f.text,
    version,
    sources: citedSources(f, corpus, cite),
    quote: f.evidence[0]?.quote,
    correction: f.correction,
  };
  return {
    range: lines.rangeOf(f.span),
    severity: SEVERITY[severity],
    source: "grounded",
    code: f.code,
    codeDescription: { href: docsUrl(f.code) },
    message: `${verdictText}: ${f.reason}`,
    relatedInformation: f.evidence.flatMap((e) => {
      const a = corpus.article(e.articleId);
      if (!a) return [];
      return [{ location: { uri: sourceUri(a, links), range: rangeIn(a, e.conflict ?? e.span, links) }, message: `${describeSource(a)}: ${e.quote.slice(0, 160)}` }];
    }),
    data,
  };
}

/**
 * The diagnostics of a check, sorted, capped at `maxDiagnostics`, and its
 * tally (accepted claims and checks turned off not counted). Only the
 * diagnostics shown are made: a 5 MB draft has tens of thousands of findings.
 * Against part of a cold build, claims without evidence are left out (and
 * counted as pending, with the claims not checked yet), as are citations:
 * the rest of the sources may answer them.
 */
export async function diagnosticsOf(c: CheckedDocument, folder: string, links: SourceLinks, pause: () => Promise<void> = async () => {}): Promise<{ diagnostics: Diagnostic[]; tally: StatusParams }> {
  const { corpus } = c.loaded;
  const rules = { ...c.settings, root: c.settings.projectRoot ?? folder };
  const path = projectPath(c.path, rules);
  const tally: StatusParams = { uri: c.uri, version: c.version, supported: 0, contradicted: 0, unsupported: 0, ignored: c.analysis.ignoredClaims };
  if (c.loaded.partial) tally.pending = c.unchecked ?? 0;
  if (c.verifier) tally.verifier = c.verifier;
  const off = new Set(c.settings.disabledChecks);
  const items: Array<{ start: number; make(): Diagnostic }> = [];
  for (const [i, f] of c.findings.entries()) {
    // A fingerprint per finding: tens of thousands of them take long enough that requests should be answered in between.
    if (i % PAUSE_EVERY === PAUSE_EVERY - 1) await pause();
    if (c.loaded.partial && f.verdict === "unsupported") {
      tally.pending!++;
      continue;
    }
    const ruling = rule(f, rules, path);
    if (ruling.checkOff) continue;
    if (ruling.accepted === undefined) tally[f.verdict]++;
    if (c.settings.severity[f.verdict] === "off") continue;
    items.push({
      start: f.span.start,
      make: () => {
        const d = toDiagnostic(f, c.lines, corpus, c.citing.cite, c.settings, c.version, links)!;
        // An accepted claim stays visible, quietly, with the team's reason.
        return ruling.accepted !== undefined ? { ...d, severity: DiagnosticSeverity.Hint, message: `Accepted (${ruling.accepted}): ${d.message}` } : d;
      },
    });
  }
  for (const citation of c.citations) {
    if (off.has(citation.code)) continue;
    items.push({
      start: citation.span.start,
      make: () => ({
        range: c.lines.rangeOf(citation.span), severity: DiagnosticSeverity.Warning, source: "grounded", code: citation.code,
        codeDescription: { href: docsUrl(citation.code) }, message: citation.message,
      }),
    });
  }
  // By position in the document (the sort is stable: a claim before its citations).
  items.sort((a, b) => a.start - b.start);
  const max = c.settings.maxDiagnostics;
  if (items.length <= max) return { diagnostics: items.map((x) => x.make()), tally };
  return { diagnostics: capped(items.slice(0, Math.max(0, max - 1)).map((x) => x.make()), items.length, max), tally };
}

/** The first `max - 1` diagnostics (`shown`) and, at the top, one that says how many more there are, rather than let the editor cut the list silently. */
function capped(shown: Diagnostic[], total: number, max: number): Diagnostic[] {
  const count = Math.max(0, max - 1);
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information, source: "grounded", code: tooManyClaims.id,
      codeDescription: { href: docsUrl(tooManyClaims.id) },
      message: `Grounded shows ${count} of ${total} findings; ${total - count} more are not shown (raise grounded.maxDiagnostics or run "grounded check").`,
    },
    ...shown,
  ];
}

/** Findings taken per turn of the event loop when diagnostics are made. */
const PAUSE_EVERY = 2000;

/** Publishes begun per document (per server), so that one overtaken by a newer one is dropped. */
const publishing = new WeakMap<ServerContext, Map<string, number>>();

/**
 * Publishes a check: its diagnostics, then its tally. Making them yields now
 * and then (a long draft's); a publish that a newer one overtook, or whose
 * version is no longer the document's, is dropped.
 */
export async function publishDiagnostics(ctx: ServerContext, c: CheckedDocument): Promise<void> {
  let begun = publishing.get(ctx);
  if (!begun) publishing.set(ctx, (begun = new Map()));
  const turn = (begun.get(c.uri) ?? 0) + 1;
  begun.set(c.uri, turn);
  const { diagnostics, tally } = await diagnosticsOf(c, ctx.folders.folderOf(c.uri), ctx.sourceLinks(c.loaded.root), () => new Promise((r) => setImmediate(r)));
  if (begun.get(c.uri) !== turn || ctx.documents.get(c.uri)?.version !== c.version) return;
  await ctx.connection.sendDiagnostics({ uri: c.uri, version: c.version, diagnostics });
  await ctx.connection.sendNotification("grounded/status", tally);
}
