/** A citation whose key resolves to no source of the corpus. */
import type { CitationCheck, CitationContext } from "./types";

export const unknownCitation: CitationCheck<"unknown-citation"> = {
  id: "unknown-citation",
  description: "A citation resolves to no source in the corpus.",
  docs: `A citation (\`[^key]\` or \`[@key]\`) resolves to no source in the corpus: neither
a source's key nor a footnote definition naming a source's URL or title. A key
of the draft's bibliography whose entry matches no source is reported too: it
cannot be checked.`,
  detect({ marker, article, inBibliography }: CitationContext) {
    if (article) return undefined;
    const message = inBibliography
      ? `"${marker.key}" is in the bibliography, but no source in the corpus matches it: it cannot be checked`
      : `no source in the corpus matches the citation "${marker.key}"`;
    return { code: unknownCitation.id, span: marker.span, message };
  },
};
