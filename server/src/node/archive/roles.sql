-- The two roles of a shared archive. Run once as a superuser (or the database's
-- owner) in the archive's database; replace the passwords, or use your
-- server's own authentication (pg_hba.conf) instead.
--
-- grounded_indexer: runs `grounded index`. Creates the tables on first run and
--   writes articles and passages. Only the indexing job has it.
-- grounded_reader: what every editor and `grounded check` uses. SELECT only:
--   a leaked editor setting cannot change the archive.

CREATE ROLE grounded_indexer LOGIN PASSWORD 'change-me-indexer';
CREATE ROLE grounded_reader LOGIN PASSWORD 'change-me-reader';

GRANT USAGE, CREATE ON SCHEMA public TO grounded_indexer;
GRANT USAGE ON SCHEMA public TO grounded_reader;

-- Tables the indexer creates (now or later) are readable by the reader, and only that.
ALTER DEFAULT PRIVILEGES FOR ROLE grounded_indexer IN SCHEMA public GRANT SELECT ON TABLES TO grounded_reader;

-- Editors get short limits on the server side too, whatever their settings say.
ALTER ROLE grounded_reader SET statement_timeout = '10s';
ALTER ROLE grounded_reader SET default_transaction_read_only = on;
