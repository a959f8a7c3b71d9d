/**
 * Grounded's index terms written as PostgreSQL text-search values. The archive
 * stores `indexTerms` output as it is, so a query matches exactly the tokens
 * the embedded index would match; the server's own parsers and dictionaries
 * are never involved. Both values travel as query parameters, never as SQL.
 */

/** Longest lexeme PostgreSQL accepts is 2,047 bytes; longer terms cannot be stored (or matched). */
const MAX_LEXEME_BYTES = 2000;
/** Positions above 16,383 are clamped by PostgreSQL; passages are sentences, so this is never reached in practice. */
const MAX_POSITION = 16383;

function quote(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

function storable(term: string): boolean {
  return term.length > 0 && Buffer.byteLength(term) <= MAX_LEXEME_BYTES;
}

/** A `tsvector` literal of a passage's terms, with positions (which `ts_rank_cd` needs). */
export function tsvectorLiteral(terms: readonly string[]): string {
  const positions = new Map<string, number[]>();
  terms.forEach((t, i) => {
    if (!storable(t)) return;
    const list = positions.get(t) ?? [];
    list.push(Math.min(i + 1, MAX_POSITION));
    positions.set(t, list);
  });
  return [...positions].map(([t, ps]) => `${quote(t)}:${ps.join(",")}`).join(" ");
}

/** A `tsquery` literal matching any of the terms (OR), or "" when there is none. */
export function tsqueryLiteral(terms: readonly string[]): string {
  return [...new Set(terms.filter(storable))].map(quote).join(" | ");
}
