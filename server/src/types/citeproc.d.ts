/** The part of citeproc-js that `engine/edits/csl.ts` uses (the package ships no types). */
declare module "citeproc" {
  interface Sys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): Record<string, unknown>;
  }
  interface CitationItem {
    id: string;
    locator?: string;
    label?: string;
  }
  class Engine {
    constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean);
    opt: { xclass?: string };
    setOutputFormat(format: "html" | "text" | "rtf"): void;
    updateItems(ids: string[]): void;
    makeBibliography(): [Record<string, unknown>, string[]] | false;
    makeCitationCluster(items: CitationItem[]): string;
  }
  const CSL: { Engine: typeof Engine };
  export default CSL;
}
