/** A citation whose source does not say what the sentence claims. */
import type { CitationCheck, CitationContext } from "./types";

export const citedSourceMismatch: CitationCheck<"cited-source-mismatch"> = {
  id: "cited-source-mismatch",
  description: "The cited source does not say what the sentence claims.",
  docs: `The sentence cites a source that does not say what the sentence claims
("cited source does not support this").`,
  detect({ marker, finding, article }: CitationContext) {
    if (!article) return undefined;
    // A supported claim whose evidence includes the source is well cited; a contradicted one already says what is wrong.
    const says = finding.evidence.some((e) => e.articleId === article.id);
    if (says && finding.verdict !== "unsupported") return undefined;
    return {
      code: citedSourceMismatch.id, span: marker.span, articleId: article.id,
      message: `cited source does not support this: ${article.title ?? article.id} does not say it`,
    };
  },
};
