/**
 * `--format html`: the claim report as one self-contained page for a person
 * (an editor, a fact-checker): each draft with its claims coloured by verdict,
 * then every claim with its reason and source passages, their citations, a
 * tally and a small chart. CSS and the script are inline and allowed by a
 * nonce; the page's content security policy lets nothing else load, so no
 * request leaves it. The same page is what VS Code's *Grounded: Show claim
 * report* shows in a webview.
 *
 * Everything from a draft or a source is escaped: markup in an article is text
 * here. Keyboard: Tab moves through the claims in the draft, Enter opens a
 * claim's details, `n` and `p` go to the next and previous claim.
 */
import { type Article, type CitedSource, cslReferenceHtml, type CslStyle, escapeHtml, safeUrl, type Verdict } from "../engine";
import { ignoredClaims, type Report, type ReportClaim, type ReportEvidence, type ReportFile, shown, tally } from "./model";

export interface HtmlOptions {
  /** Each draft's text, by its path as in the report. */
  texts: ReadonlyMap<string, string>;
  /** A passage's citation as safe HTML (a CSL style's reference); the default is the title, outlet, date and page, escaped. */
  reference?(e: ReportEvidence, file: ReportFile): string;
  /** Allows the inline style and script (and nothing else) under the page's content security policy. */
  nonce: string;
  title?: string;
}

/** How a draft cites its sources (`project/citing.ts`'s `DocumentCiting` is one): the key and metadata of each, and its CSL style. */
export interface ReportCiting {
  style?: CslStyle;
  cite(article: Article): CitedSource;
}

const VERDICTS: Verdict[] = ["supported", "contradicted", "unsupported"];
const ICON: Record<Verdict, string> = { supported: "✓", contradicted: "✗", unsupported: "?" };

/** The title, outlet, date and page of a passage's source, escaped. */
export function plainReference(e: Pick<ReportEvidence, "title" | "outlet" | "date" | "page" | "source">): string {
  const parts = [e.title ? `<cite>${escapeHtml(e.title)}</cite>` : null, e.outlet ? escapeHtml(e.outlet) : null, e.date ? escapeHtml(e.date) : null];
  if (e.page !== undefined) parts.push(`p. ${e.page}`);
  return parts.filter(Boolean).join(", ") || escapeHtml(e.source);
}

/**
 * A passage's citation as the draft cites its source: in the draft's CSL style
 * when it has one, else by the title, outlet and date its bibliography entry
 * (or the source itself) gives; with the page for a paged source.
 */
function referenceHtml(citing: ReportCiting, article: Article, e: ReportEvidence): string {
  const s: CitedSource = { ...citing.cite(article), ...(e.page !== undefined ? { page: e.page } : {}) };
  if (!citing.style) return plainReference({ ...s, source: e.source });
  const ref = cslReferenceHtml(citing.style, s);
  return e.page !== undefined ? `${ref.replace(/\.$/, "")} (p. ${e.page}).` : ref;
}

/** The `reference` option for a draft checked against `corpus` that cites as `citing` says (a source no longer there: its plain reference). */
export function citedReference(corpus: { article(id: string): Article | undefined }, citing: ReportCiting): (e: ReportEvidence) => string {
  return (e) => {
    const a = corpus.article(e.source);
    return a ? referenceHtml(citing, a, e) : plainReference(e);
  };
}

/** An http(s) URL as an attribute value, else null: no other scheme from a source becomes a link (`safeUrl`, the one rule for link targets). */
function safeHref(url: string | null): string | null {
  const safe = safeUrl(url);
  return safe ? escapeHtml(safe) : null;
}

const claimId = (f: number, c: number) => `claim-${f + 1}-${c + 1}`;

/** The draft's text with each shown claim as a link to its details, coloured by verdict. */
function draftHtml(file: ReportFile, fi: number, text: string): string {
  let out = "";
  let at = 0;
  file.claims.forEach((c, ci) => {
    if (!shown(c)) return;
    const { start, end } = c.finding.span;
    if (start < at || end > text.length) return;
    const v = c.finding.verdict;
    out += escapeHtml(text.slice(at, start));
    out += `<a class="claim ${v}" id="in-${claimId(fi, ci)}" href="#${claimId(fi, ci)}" title="${v}: ${escapeHtml(c.finding.reason)}">`;
    out += `${escapeHtml(text.slice(start, end))}<span class="mark" aria-hidden="true">${ICON[v]}</span></a>`;
    at = end;
  });
  return `<pre class="draft">${out}${escapeHtml(text.slice(at))}</pre>`;
}

function evidenceHtml(e: ReportEvidence, file: ReportFile, o: HtmlOptions): string {
  const href = safeHref(e.url);
  const cite = o.reference ? o.reference(e, file) : plainReference(e);
  const where = `${escapeHtml(e.source)}${e.page !== undefined ? `, p. ${e.page}` : `:${e.range.start.line + 1}`}`;
  return `<li><blockquote>${escapeHtml(e.quote)}</blockquote><p class="source">— ${cite}${href ? ` <a href="${href}" rel="noreferrer noopener">source</a>` : ""} <span class="file">${where}</span></p></li>`;
}

function claimHtml(c: ReportClaim, ci: number, file: ReportFile, fi: number, o: HtmlOptions): string {
  const v = c.finding.verdict;
  const accepted = c.accepted ? `<p class="accepted">Accepted${c.accepted.by === "baseline" ? " in the baseline" : ""}: ${escapeHtml(c.accepted.reason)}</p>` : "";
  const evidence = c.evidence.length ? `<ol class="evidence">${c.evidence.map((e) => evidenceHtml(e, file, o)).join("")}</ol>` : "";
  return `<li class="detail ${v}" id="${claimId(fi, ci)}" tabindex="-1">
<p class="head"><span class="badge ${v}">${ICON[v]} ${v}</span> <a class="back" href="#in-${claimId(fi, ci)}">line ${c.range.start.line + 1}</a> <code>${escapeHtml(c.finding.code)}</code></p>
<p class="text">${escapeHtml(c.finding.text)}</p>
<p class="reason">${escapeHtml(c.finding.reason)}</p>${accepted}${evidence}</li>`;
}

/** A bar per verdict, its length the share of the claims. */
function chartSvg(t: Record<Verdict, number>): string {
  const total = Math.max(1, VERDICTS.reduce((n, v) => n + t[v], 0));
  const bars = VERDICTS.map((v, i) => {
    const w = Math.round((t[v] / total) * 300);
    return `<g transform="translate(0 ${i * 28})"><text x="0" y="16">${ICON[v]} ${v}</text><rect class="bar ${v}" x="130" y="3" width="${Math.max(w, t[v] ? 2 : 0)}" height="18" rx="3"></rect><text x="${138 + w}" y="16">${t[v]}</text></g>`;
  });
  return `<svg class="chart" role="img" aria-label="Claims by verdict: ${VERDICTS.map((v) => `${t[v]} ${v}`).join(", ")}" viewBox="0 0 480 84" width="480" height="84">${bars.join("")}</svg>`;
}

const STYLE = `
:root { color-scheme: light dark; --supported: #1a7f37; --contradicted: #cf222e; --unsupported: #9a6700; --bg: Canvas; --fg: CanvasText; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; background: var(--bg); color: var(--fg); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #8884; }
.summary { display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
.tally { list-style: none; padding: 0; display: flex; gap: 1rem; } .tally li { font-weight: 600; }
.chart text { font: 13px system-ui, sans-serif; fill: currentColor; }
.bar.supported, .badge.supported { fill: var(--supported); background: var(--supported); }
.bar.contradicted, .badge.contradicted { fill: var(--contradicted); background: var(--contradicted); }
.bar.unsupported, .badge.unsupported { fill: var(--unsupported); background: var(--unsupported); }
.draft { white-space: pre-wrap; font: 14px/1.6 ui-monospace, monospace; background: #8881; padding: 1rem; border-radius: 6px; }
a.claim { color: inherit; text-decoration: none; border-bottom: 3px solid; border-radius: 2px; padding: 0 1px; }
a.claim.supported { border-color: var(--supported); background: #1a7f3718; }
a.claim.contradicted { border-color: var(--contradicted); background: #cf222e22; }
a.claim.unsupported { border-color: var(--unsupported); background: #9a670018; }
a.claim:focus, .detail:focus, .detail:target { outline: 3px solid Highlight; outline-offset: 2px; }
.mark { font-size: .75em; vertical-align: super; margin-left: 1px; }
ol.claims { padding-left: 0; list-style: none; } .detail { border-left: 4px solid; padding: .25rem 1rem; margin: 1rem 0; }
.detail.supported { border-color: var(--supported); } .detail.contradicted { border-color: var(--contradicted); } .detail.unsupported { border-color: var(--unsupported); }
.badge { color: #fff; border-radius: 4px; padding: 0 .4rem; font-weight: 600; }
.text { font-weight: 600; margin: .25rem 0; } .reason { margin: .25rem 0; } .ignored { font-style: italic; }
blockquote { margin: .5rem 0 0; padding-left: .75rem; border-left: 2px solid #8886; } .source { margin: .1rem 0 .5rem; font-size: .9em; } .file { opacity: .7; }
.keys { font-size: .85em; opacity: .8; }`;

/** Keyboard: `n` and `p` move to the next and previous claim, wherever the focus is. */
const SCRIPT = `
(() => {
  const claims = [...document.querySelectorAll("a.claim")];
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== "n" && e.key !== "p") || !claims.length) return;
    // From a claim's details, the claim it belongs to.
    const active = document.activeElement;
    const at = active && active.classList.contains("detail") ? claims.findIndex((c) => c.getAttribute("href") === "#" + active.id) : claims.indexOf(active);
    const next = e.key === "n" ? (at + 1) % claims.length : (at <= 0 ? claims.length : at) - 1;
    claims[next].focus();
    e.preventDefault();
  });
  // Following a claim's link moves the focus to its details, so that Tab goes on from there; the event comes
  // after the navigation, so a reader who has already moved on (n, p, a click) keeps the focus where it went.
  window.addEventListener("hashchange", () => {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const active = document.activeElement;
    const stayed = !active || active === document.body || active === target || active.getAttribute("href") === location.hash;
    if (target && target.classList.contains("detail") && stayed) target.focus();
  });
})();`;

export function formatHtml(report: Report, o: HtmlOptions): string {
  const t = tally(report.files.flatMap((f) => f.claims));
  const count = t.supported + t.contradicted + t.unsupported;
  const ignored = report.files.reduce((n, f) => n + (f.ignored ?? 0), 0);
  const nonce = escapeHtml(o.nonce);
  const files = report.files.map((f, fi) => {
    const claims = f.claims.map((c, ci) => (shown(c) ? claimHtml(c, ci, f, fi, o) : "")).join("");
    const note = f.ignored ? `<p class="ignored">${escapeHtml(ignoredClaims(f.ignored))}.</p>` : "";
    return `<section class="file"><h2>${escapeHtml(f.path)}</h2>${note}${draftHtml(f, fi, o.texts.get(f.path) ?? "")}<ol class="claims">${claims}</ol></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title ?? "Grounded claim report")}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><header><h1>${escapeHtml(o.title ?? "Grounded claim report")}</h1>
<p>${count} claim${count === 1 ? "" : "s"} in ${report.files.length} file${report.files.length === 1 ? "" : "s"}, checked against ${report.corpus.documents} source${report.corpus.documents === 1 ? "" : "s"}${ignored ? `; ${escapeHtml(ignoredClaims(ignored))}` : ""}.</p>
<div class="summary"><ul class="tally">${VERDICTS.map((v) => `<li class="${v}">${ICON[v]} ${t[v]} ${v}</li>`).join("")}</ul>${chartSvg(t)}</div>
<p class="keys">Tab moves through the claims in the draft, Enter opens one, <kbd>n</kbd> and <kbd>p</kbd> go to the next and previous claim.</p></header>
<main>${files.join("\n")}</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>
`;
}
