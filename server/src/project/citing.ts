/**
 * How a draft cites, for the language server and the CLI alike: its
 * bibliography (read through the `Workspace` and matched to the corpus), the
 * citation key of every source (the entry's where one matches) and the
 * citation format (a CSL style's, else Grounded's own). Problems with a
 * bibliography or a style are handed to `report`, and the draft goes on with
 * what is left.
 */
import { resolve } from "node:path";
import {
  type Article, type BibliographyMatch, type CitationFormat, citedFromEntry, type CitedSource, type Corpus, cslFormat,
  type CslStyle, HAND_FORMAT, matchBibliography, type Problem,
} from "../engine";
import { BibliographyCache } from "./bibliography";
import { CslStyles } from "./csl";
import type { Workspace } from "./workspace";

export interface DocumentCiting {
  /** Citation key per article id: the bibliography's for matched sources, else the corpus's. */
  keys: ReadonlyMap<string, string>;
  bibliography?: BibliographyMatch;
  format: CitationFormat;
  style?: CslStyle;
  /** How a source is cited: the entry's key and metadata when it is matched, else the article's. */
  cite(article: Article): CitedSource;
}

/** A citation format, and the CSL style it comes from (none for the hand-written one). */
export interface CitingFormat {
  format: CitationFormat;
  style?: CslStyle;
}

export interface CitingRequest {
  /** The bibliography files (absolute, or relative to the working folder); none for no bibliography. */
  files: string[];
  /** The CSL setting's value, and the folder a path in it is relative to. */
  csl?: string;
  cslBase: string;
  corpus: Corpus;
  /** The folder article ids are relative to. */
  root: string;
}

/** What a source cites as without a bibliography: the corpus's key and the article's own metadata. */
export function citedArticle(article: Article, keys: ReadonlyMap<string, string>): CitedSource {
  return { key: keys.get(article.id) ?? article.id, title: article.title, outlet: article.outlet, byline: article.byline, date: article.date, url: article.url };
}

export class CitingResolver {
  private readonly bibliographies: BibliographyCache;
  private readonly styles: CslStyles;
  /** Matches per corpus and bibliography version, so that a check does not match again. */
  private readonly matches = new WeakMap<Corpus, Map<string, BibliographyMatch>>();

  constructor(ws: Pick<Workspace, "readFile" | "stat" | "stylesFolder">, private readonly report: (p: Problem) => void) {
    this.bibliographies = new BibliographyCache(ws);
    this.styles = new CslStyles(ws);
  }

  /** The file a `citation.csl` value names (a bundled style's, or a path relative to `base`). */
  styleFile(csl: string, base: string): string {
    return this.styles.fileOf(csl, base);
  }

  /** The CSL style's format, else the hand-written one; a style that cannot be used is reported. */
  async format(csl: string | undefined, base: string): Promise<CitingFormat> {
    const loaded = await this.styles.load(csl, base);
    if (!loaded) return { format: HAND_FORMAT };
    if ("problem" in loaded) {
      this.report(loaded.problem);
      return { format: HAND_FORMAT };
    }
    return { format: cslFormat(loaded.style), style: loaded.style };
  }

  async resolve(r: CitingRequest): Promise<DocumentCiting> {
    const { format, style } = await this.format(r.csl, r.cslBase);
    const own = r.corpus.citationKeys;
    const plain = (a: Article) => citedArticle(a, own);
    if (!r.files.length) return { keys: own, format, style, cite: plain };
    const { entries, problems, stamp } = await this.bibliographies.entries(r.files);
    for (const p of problems) this.report(p);
    let byStamp = this.matches.get(r.corpus);
    if (!byStamp) this.matches.set(r.corpus, (byStamp = new Map()));
    let match = byStamp.get(stamp);
    if (!match) {
      match = matchBibliography(entries, r.corpus.articles, (a) => resolve(r.root, a.id));
      byStamp.set(stamp, match);
    }
    const keys = new Map(own);
    for (const [id, e] of match.byArticle) keys.set(id, e.key);
    const m = match;
    return {
      keys, bibliography: match, format, style,
      cite: (a) => {
        const e = m.byArticle.get(a.id);
        return e ? citedFromEntry(e, plain(a)) : plain(a);
      },
    };
  }
}
