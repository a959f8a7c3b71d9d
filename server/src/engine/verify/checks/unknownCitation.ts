/** A citation whose key resolves to no source of the corpus. */
import type { CitationCheck, CitationContext } from "./types";

export const unknownCitation: CitationCheck = {
  id: "unknown-citation",
  description: "A citation resolves to no source in the corpus.",
  docs: `A citation (\`[^key]\` or \`[@key]\`) resolves to no source in the corpus: neither
a source's key nor a footnote definition naming a source's URL or title.`,
  detect({ marker, article }: CitationContext) {
    if (article) return undefined;
    return { code: unknownCitation.id, span: marker.span, message: `no source in the corpus matches the citation "${marker.key}"` };
  },
};
