/**
 * The archive's tables in PostgreSQL. Created by the indexer (the read-write
 * role); the editor's read-only role only ever runs SELECTs on them.
 *
 * - `grounded_articles`: one row per source file, with its metadata, its
 *   decoded text (every passage span indexes into it), the fingerprint of its
 *   bytes (for incremental indexing) and its alias statistics (plain JSON, so
 *   the archive-wide aliases can be learned again without re-reading files).
 * - `grounded_passages`: one row per passage, with its span into the article's
 *   text, its paragraph, and its index terms as a `tsvector`. The terms are
 *   Grounded's own `indexTerms` output, written as a tsvector literal (with
 *   positions, which `ts_rank_cd` needs), so the tokens in PostgreSQL are
 *   exactly the ones the embedded index uses; no text-search configuration of
 *   the server is involved.
 * - `grounded_state`: one row. `version` is bumped by every batch the indexer
 *   commits; `alias_version` is the version the stored `alias_data` (the
 *   learned names, acronyms and spelling variants) was computed at, so a run
 *   that was killed before it re-learned them is noticed and finished later.
 * - `grounded_alias_names`, `grounded_alias_acronyms`, `grounded_alias_phrases`:
 *   what the aliases are learned from, kept up to date by each batch (see
 *   `aliasIndex.ts`); `grounded_articles.walk_key` orders articles as a
 *   folder walk does.
 *
 * Schema 2 added the alias tables and the walk key; `ensureSchema` brings an
 * archive of schema 1 up to it.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS grounded_state (
  id integer PRIMARY KEY CHECK (id = 1),
  schema_version integer NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  alias_version bigint NOT NULL DEFAULT -1,
  alias_data jsonb NOT NULL DEFAULT '{"names":[],"acronyms":[],"variants":[]}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO grounded_state (id, schema_version) VALUES (1, ${SCHEMA_VERSION}) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS grounded_articles (
  id bigserial PRIMARY KEY,
  path text NOT NULL UNIQUE,
  fingerprint text NOT NULL,
  title text,
  outlet text,
  learned_outlet text,
  byline text,
  date text,
  url text,
  citation_base text NOT NULL,
  text text NOT NULL,
  boilerplate jsonb NOT NULL,
  alias_stats jsonb NOT NULL,
  indexed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS grounded_articles_citation ON grounded_articles (citation_base);
CREATE INDEX IF NOT EXISTS grounded_articles_url ON grounded_articles (url);

CREATE TABLE IF NOT EXISTS grounded_passages (
  article_id bigint NOT NULL REFERENCES grounded_articles (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  span_start integer NOT NULL,
  span_end integer NOT NULL,
  paragraph integer NOT NULL,
  terms tsvector NOT NULL,
  PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS grounded_passages_terms ON grounded_passages USING GIN (terms);
ALTER TABLE grounded_articles ADD COLUMN IF NOT EXISTS walk_key text COLLATE "C";

CREATE TABLE IF NOT EXISTS grounded_alias_names (name text PRIMARY KEY, n bigint NOT NULL);
CREATE TABLE IF NOT EXISTS grounded_alias_acronyms (letters text PRIMARY KEY, articles bigint NOT NULL);
CREATE TABLE IF NOT EXISTS grounded_alias_phrases (
  article_id bigint NOT NULL REFERENCES grounded_articles (id) ON DELETE CASCADE,
  ord integer NOT NULL,
  initials text NOT NULL,
  phrase text NOT NULL,
  PRIMARY KEY (article_id, ord)
);
CREATE INDEX IF NOT EXISTS grounded_alias_phrases_initials ON grounded_alias_phrases (initials);

-- ANALYZE keeps the frequencies of the commonest lexemes (pg_stats.most_common_elems);
-- the retriever reads them to leave the commonest terms out of the candidate filter.
ALTER TABLE grounded_passages ALTER COLUMN terms SET STATISTICS 1000;
`;
