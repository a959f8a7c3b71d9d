/**
 * A URL as Grounded compares them when a footnote names a source by its URL:
 * scheme and `www.` dropped, trailing `/`, `#` and `?` dropped, lower case.
 * The archive's SQL (`node/archive/pgArchive.ts`, `NORMALIZED_URL_SQL`) does the
 * same in PostgreSQL; `test/urls.test.ts` checks that the two agree.
 */
export function normalizeUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/, "").replace(/[/#?]+$/, "").toLowerCase();
}
