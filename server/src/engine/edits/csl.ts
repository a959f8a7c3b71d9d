/**
 * Citations in a CSL style through citeproc-js (the processor Zotero uses):
 * the text of a footnote definition, the short citation a link shows, and the
 * reference the claim report prints. Pure: the style and the locale come in as
 * XML text (read through the workspace: `project/csl.ts`).
 *
 * citeproc writes HTML; it is read back here as runs of plain, italic and bold
 * text (every other tag dropped, entities decoded), and those runs are written
 * out as Markdown or as escaped HTML, so nothing from a source is ever markup.
 */
import CSL from "citeproc";
import { escapeHtml, escapeMarkdownSourceRun } from "../text/escape";
import { type CitationFormat, type CitedSource, cslItem } from "./citations";

export interface CslStyle {
  /** The file the style was read from (a bundled style's, or the writer's own). */
  name: string;
  xml: string;
  /** The locale file's XML (`locales-en-US.xml`); every language falls back to it. */
  locale: string;
}

interface Run {
  text: string;
  italic: boolean;
  bold: boolean;
}

/** The named entities citeproc writes. A Map, not an object: `&constructor;` is not a name of one of them. */
const ENTITIES = new Map([["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"], ["nbsp", "\u00a0"]]);

/** HTML text with its character references decoded; an unknown name is left as it is written. */
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return ENTITIES.get(e.toLowerCase()) ?? all;
  });
}

/** citeproc's HTML as runs of text with their emphasis. */
export function runsOf(html: string): Run[] {
  const runs: Run[] = [];
  let italic = 0;
  let bold = 0;
  for (const m of html.matchAll(/<(\/?)([a-z]+)([^>]*)>|([^<]+)/gi)) {
    if (m[4] !== undefined) {
      const text = decode(m[4]);
      if (text) runs.push({ text, italic: italic > 0, bold: bold > 0 });
      continue;
    }
    const close = m[1] === "/";
    const tag = m[2].toLowerCase();
    const styled = /font-style:\s*italic/i.test(m[3]) ? "i" : /font-weight:\s*bold/i.test(m[3]) ? "b" : tag;
    if (styled === "i" || styled === "em") italic += close ? -1 : 1;
    else if (styled === "b" || styled === "strong") bold += close ? -1 : 1;
  }
  return runs;
}

/** Runs as Markdown: emphasis as `*…*` and `**…**`, Markdown punctuation in the text escaped. */
export function runsToMarkdown(runs: Run[]): string {
  return runs
    .map((r) => {
      const t = escapeMarkdownSourceRun(r.text.replace(/\s+/g, " "));
      if (!t.trim()) return t;
      // Emphasis must hug its text: the spaces around it stay outside.
      const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/.exec(t)!;
      const mark = r.bold ? "**" : r.italic ? "*" : "";
      return `${lead}${mark}${core}${mark}${trail}`;
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** Runs as HTML with only `<i>` and `<b>`, every character of the text escaped. */
export function runsToHtml(runs: Run[]): string {
  return runs.map((r) => {
    let t = escapeHtml(r.text);
    if (r.italic) t = `<i>${t}</i>`;
    if (r.bold) t = `<b>${t}</b>`;
    return t;
  }).join("").replace(/\s+/g, " ").trim();
}

/**
 * A citeproc engine per style, with the items of the current call. citeproc
 * keeps what it read of an item, so each call registers a fresh id for it.
 */
class Processor {
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly engine: InstanceType<typeof CSL.Engine>;
  private serial = 0;

  constructor(style: CslStyle) {
    const sys = { retrieveLocale: () => style.locale, retrieveItem: (id: string) => this.items.get(id)! };
    this.engine = new CSL.Engine(sys, style.xml, "en-US", true);
    this.engine.setOutputFormat("html");
  }

  /** Whether the style's citations are notes (Chicago notes) rather than in the text (APA, author-date). */
  get isNote(): boolean {
    return this.engine.opt.xclass === "note";
  }

  private register(s: CitedSource): string {
    const id = `${s.key}\u0000${++this.serial}`;
    this.items.clear();
    this.items.set(id, { ...cslItem(s), id });
    this.engine.updateItems([id]);
    return id;
  }

  reference(s: CitedSource): Run[] {
    this.register(s);
    const bib = this.engine.makeBibliography();
    return bib ? runsOf(bib[1].join("")) : [];
  }

  citation(s: CitedSource): Run[] {
    const id = this.register(s);
    return runsOf(this.engine.makeCitationCluster([{ id, ...(s.page !== undefined ? { locator: String(s.page), label: "page" } : {}) }]));
  }
}

const processors = new Map<string, Processor>();

function processorFor(style: CslStyle): Processor {
  const key = `${style.xml}\u0000${style.locale}`;
  let p = processors.get(key);
  if (!p) {
    p = new Processor(style);
    // A handful of styles at most; a runaway caller cannot grow this without bound.
    if (processors.size > 8) processors.clear();
    processors.set(key, p);
  }
  return p;
}

/**
 * Checks that citeproc can use a style: the message of its error when it cannot
 * (not CSL, a broken file), else null.
 */
export function cslProblem(style: CslStyle): string | null {
  if (!/<style\b[^>]*xmlns=["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(style.xml)) return "not a CSL style (no <style> element in the CSL namespace)";
  try {
    processorFor(style).reference({ key: "check", title: "Title", outlet: null, byline: null, date: null, url: null });
    return null;
  } catch (e) {
    processors.delete(`${style.xml}\u0000${style.locale}`);
    return `citeproc cannot use the style (${String((e as Error)?.message ?? e).split("\n")[0]})`;
  }
}

/** An in-text citation without its parentheses: "(Roe 2021, 2)" becomes "Roe 2021, 2" (a link's text). */
function unwrapped(runs: Run[]): Run[] {
  if (runs.length && runs[0].text.startsWith("(") && runs[runs.length - 1].text.endsWith(")")) {
    const out = runs.map((r) => ({ ...r }));
    out[0].text = out[0].text.slice(1);
    out[out.length - 1].text = out[out.length - 1].text.slice(0, -1);
    return out;
  }
  return runs;
}

/**
 * The citation format of a style. A footnote definition is the note itself in
 * a note style, else the bibliography's reference with the page after it; a
 * link's text is the in-text citation without its parentheses.
 */
export function cslFormat(style: CslStyle): CitationFormat {
  const p = processorFor(style);
  return {
    definition(s) {
      if (p.isNote) return runsToMarkdown(p.citation(s));
      const ref = runsToMarkdown(p.reference(s));
      return s.page !== undefined ? `${ref.replace(/\.$/, "")} (p. ${s.page}).` : ref;
    },
    inText(s) {
      return runsToMarkdown(unwrapped(p.citation(s)));
    },
  };
}

/** A source's reference in the style, as safe HTML (for the claim report). */
export function cslReferenceHtml(style: CslStyle, s: CitedSource): string {
  const p = processorFor(style);
  return runsToHtml(p.isNote ? p.citation(s) : p.reference(s));
}
