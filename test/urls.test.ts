/**
 * One rule for comparing URLs, in two languages: `normalizeUrl` (the engine,
 * finding a footnote's source in a local corpus) and `normalizedUrlSql` (the
 * shared archive's query, finding it in PostgreSQL) must give the same text for
 * every URL, so a footnote finds its source in either. Runs the SQL on a
 * throwaway PostgreSQL server (`test/helpers/postgres.ts` installs Debian's
 * `postgresql` when it is missing).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeUrl } from "../server/src/engine/text/urls";
import { connect } from "../server/src/node/archive/connection";
import { normalizedUrlSql } from "../server/src/node/archive/pgArchive";
import { startPostgres, type TestPostgres } from "./helpers/postgres";

let server: TestPostgres;

before(async () => {
  server = await startPostgres();
});

after(() => server?.stop());

const URLS = [
  "https://www.themoscowtimes.com/2012/05/15/putin-a14783/",
  "http://www.example.org/a?b=1#frag",
  "HTTPS://WWW.Example.ORG/Path/",
  "https://example.org/path///",
  "https://example.org/?#",
  "ftp://example.org/file",
  "www.example.org/no-scheme",
  "https://wwwexample.org/x",
  "https://www.www.example.org/x",
  "https://example.org/ünïcode/päth?q=ä#",
  "",
];

test("normalizeUrl and the archive's SQL agree on every URL", async () => {
  const generated = fc.sample(
    fc.tuple(fc.constantFrom("", "http://", "https://", "HTTP://", "https://www.", "http://WWW."), fc.webUrl(), fc.stringMatching(/^[/#?]{0,3}$/)).map(([a, b, c]) => a + b + c),
    { numRuns: 300, seed: 20261201 },
  );
  const urls = [...URLS, ...generated];
  const db = await connect(server.adminUrl);
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT ${normalizedUrlSql("u")} AS n FROM unnest($1::text[]) WITH ORDINALITY AS t(u, i) ORDER BY i`, [urls]);
    assert.equal(rows.length, urls.length);
    urls.forEach((u, i) => assert.equal(rows[i].n, normalizeUrl(u), JSON.stringify(u)));
  } finally {
    await db.end();
  }
});
