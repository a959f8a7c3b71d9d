/**
 * `grounded index`: loads or updates an archive in PostgreSQL from corpus
 * folders. Incremental (a file whose bytes did not change is not read again
 * into the archive), one transaction per batch (a reader sees a whole article
 * with all its passages, or nothing of it), safe to interrupt and run again.
 * Each batch also brings the tables the aliases are learned from up to date
 * (`aliasIndex.ts`), so that the archive-wide parts, the learned aliases and
 * outlets, are learned again at the end without reading every article.
 */
import type pg from "pg";
import {
  type AliasData, type AliasStats, type Article, citationKey, decodeSource, formatOf, indexArticle, learnOutlets,
  parseArticle, type Problem,
} from "../../engine";
import { listSourceFiles, readSourceBytes } from "../corpusLoader";
import { sha1, type AliasStatsJson } from "../ingest";
import { AliasDelta, insertPhrases, learnArchiveAliases, migrateAliasTables, walkKey } from "./aliasIndex";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema";
import { tsvectorLiteral } from "./terms";

export interface IndexOptions {
  /** Articles per transaction (default 200). */
  batchSize?: number;
  maxFileBytes?: number;
  onProblem?(p: Problem): void;
  /** Progress: files looked at so far, of how many, and what was written. */
  onProgress?(p: IndexProgress): void;
  /**
   * Called inside each batch's transaction, once its rows are written and
   * before it commits (the tests and the benchmark read the archive there, to
   * show that a batch being written holds no reader up).
   */
  beforeCommit?(): Promise<void>;
}

export interface IndexProgress {
  phase: "scan" | "index" | "remove" | "aliases" | "done";
  seen: number;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: number;
}

/** Any two indexers on one archive would fight over the aliases; this lock makes the second wait. */
const INDEXER_LOCK = 0x67726e64; // "grnd"

/** Creates the tables if they are missing, brings schema 1 up to 2; refuses an archive of another schema version. */
export async function ensureSchema(db: pg.Client): Promise<void> {
  await db.query(SCHEMA_SQL);
  const { rows } = await db.query<{ schema_version: number }>("SELECT schema_version FROM grounded_state WHERE id = 1");
  if (rows[0]?.schema_version === 1) {
    await transaction(db, async () => {
      await migrateAliasTables(db);
      // The aliases are learned again, from the new tables, at the end of this run.
      await db.query("UPDATE grounded_state SET schema_version = 2, alias_version = -1 WHERE id = 1");
    });
    return;
  }
  if (rows[0]?.schema_version !== SCHEMA_VERSION) {
    throw new Error(`the archive has schema version ${rows[0]?.schema_version}, this Grounded expects ${SCHEMA_VERSION}`);
  }
}

interface Prepared {
  article: Article;
  fingerprint: string;
  terms: string[][];
  aliasStats: AliasStatsJson;
}

/** Indexes the files under `paths` into the archive. */
export async function indexArchive(db: pg.Client, paths: string[], options: IndexOptions = {}): Promise<IndexProgress> {
  const batchSize = options.batchSize ?? 200;
  const report = (p: Problem) => options.onProblem?.(p);
  await db.query("SELECT pg_advisory_lock($1)", [INDEXER_LOCK]);
  try {
    await ensureSchema(db);
    const progress: IndexProgress = { phase: "scan", seen: 0, total: 0, added: 0, updated: 0, unchanged: 0, removed: 0, skipped: 0 };
    const files = await listSourceFiles(paths, report);
    progress.total = files.length;
    options.onProgress?.({ ...progress });

    const known = await knownFingerprints(db, paths);

    progress.phase = "index";
    const keep = await indexFiles(db, files, known, progress, options);

    // Files that are gone, or no longer readable as sources, leave the archive (as they leave a local corpus).
    const gone = [...known.keys()].filter((p) => !keep.has(p));
    if (gone.length) {
      progress.phase = "remove";
      await removeArticles(db, gone, batchSize);
      progress.removed = gone.length;
      options.onProgress?.({ ...progress });
    }

    progress.phase = "aliases";
    options.onProgress?.({ ...progress });
    if (await relearnArchiveWideParts(db)) {
      // Fresh lexeme frequencies for the retriever's candidate filter (see `pgArchive.ts`).
      await db.query("ANALYZE grounded_passages");
    }
    progress.phase = "done";
    options.onProgress?.({ ...progress });
    return progress;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [INDEXER_LOCK]).catch(() => {});
  }
}

/**
 * Writes the new and changed files among `files` to the archive in batches,
 * counting every file in `progress`; the files that stay in the archive
 * (unchanged ones too).
 */
async function indexFiles(db: pg.Client, files: readonly string[], known: Map<string, string>, progress: IndexProgress, options: IndexOptions): Promise<Set<string>> {
  const batchSize = options.batchSize ?? 200;
  const report = (p: Problem) => options.onProblem?.(p);
  const writer = batchWriter(db, progress, options);
  const keep = new Set<string>();
  let batch: Prepared[] = [];
  for (const file of files) {
    progress.seen++;
    const prepared = await prepare(file, known.get(file), report, options.maxFileBytes ?? 64 * 1024 * 1024);
    if (prepared === "unchanged") {
      keep.add(file);
      progress.unchanged++;
    } else if (prepared) {
      keep.add(file);
      batch.push(prepared);
      if (known.has(file)) progress.updated++;
      else progress.added++;
    } else {
      progress.skipped++;
    }
    if (batch.length >= batchSize) {
      await writer.write(batch);
      batch = [];
    }
  }
  if (batch.length) await writer.write(batch);
  await writer.drained();
  options.onProgress?.({ ...progress });
  return keep;
}

/**
 * Writes batches one at a time (they share a connection), while the caller
 * reads and parses the next; progress is reported once a batch is committed.
 * A failed write fails the next call.
 */
function batchWriter(db: pg.Client, progress: IndexProgress, options: IndexOptions): { write(b: Prepared[]): Promise<void>; drained(): Promise<void> } {
  let writing: Promise<void> = Promise.resolve();
  let failed: { error: unknown } | undefined;
  const drained = async () => {
    await writing;
    if (failed) throw failed.error;
  };
  return {
    drained,
    async write(b: Prepared[]) {
      await drained();
      const done = { ...progress };
      writing = writeBatch(db, b, options.beforeCommit).then(
        () => options.onProgress?.(done),
        (error: unknown) => {
          failed = { error };
        },
      );
    },
  };
}

async function prepare(file: string, knownFingerprint: string | undefined, report: (p: Problem) => void, maxBytes: number): Promise<Prepared | "unchanged" | undefined> {
  const read = await readSourceBytes(file, maxBytes);
  if ("problem" in read) {
    report(read.problem);
    return undefined;
  }
  const bytes = read.bytes;
  const fingerprint = sha1(bytes);
  if (fingerprint === knownFingerprint) return "unchanged";
  const decoded = decodeSource(file, bytes);
  if ("problem" in decoded) {
    report(decoded.problem);
    return undefined;
  }
  const article = parseArticle(file, decoded.text, formatOf(file) ?? "txt");
  const { terms, aliasStats } = indexArticle(article);
  return { article, fingerprint, terms, aliasStats: aliasStatsToJson(aliasStats) };
}

async function transaction(db: pg.Client, work: () => Promise<void>): Promise<void> {
  await db.query("BEGIN");
  try {
    await work();
    await db.query("COMMIT");
  } catch (e) {
    await db.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** The fingerprints of the archive's articles under `paths`, by path. */
async function knownFingerprints(db: pg.Client, paths: readonly string[]): Promise<Map<string, string>> {
  const roots = paths.map((p) => p.replace(/\\/g, "/").replace(/\/$/, ""));
  const { rows } = await db.query<{ path: string; fingerprint: string }>(
    "SELECT path, fingerprint FROM grounded_articles WHERE path = ANY($1) OR EXISTS (SELECT 1 FROM unnest($1::text[]) r WHERE left(path, length(r) + 1) = r || '/')",
    [roots],
  );
  return new Map(rows.map((r) => [r.path, r.fingerprint]));
}

/** Removes the articles of `paths`, a transaction per batch, with what they brought to the aliases. */
async function removeArticles(db: pg.Client, paths: readonly string[], batchSize: number): Promise<void> {
  for (let i = 0; i < paths.length; i += batchSize) {
    await transaction(db, async () => {
      const delta = new AliasDelta();
      await deleteArticles(db, paths.slice(i, i + batchSize), delta);
      await delta.apply(db);
      await db.query("UPDATE grounded_state SET version = version + 1, updated_at = now() WHERE id = 1");
    });
  }
}

/** Deletes the articles of `paths` (their passages and candidates go with them), taking what they brought to the aliases out. */
async function deleteArticles(db: pg.Client, paths: readonly string[], delta: AliasDelta): Promise<void> {
  const { rows } = await db.query<{ alias_stats: AliasStatsJson }>("DELETE FROM grounded_articles WHERE path = ANY($1) RETURNING alias_stats", [paths]);
  for (const r of rows) delta.add(r.alias_stats, -1);
}

/**
 * Writes a batch of articles with all their passages in one transaction,
 * replacing earlier versions of the same files, and brings the alias tables
 * up to date with it. Only row locks are taken: readers go on reading the
 * last committed version meanwhile.
 */
async function writeBatch(db: pg.Client, batch: Prepared[], beforeCommit?: () => Promise<void>): Promise<void> {
  await transaction(db, async () => {
    const a = batch.map((x) => x.article);
    const delta = new AliasDelta();
    await deleteArticles(db, a.map((x) => x.id), delta);
    for (const x of batch) delta.add(x.aliasStats, 1);
    const inserted = await db.query<{ id: string; path: string }>(
      `INSERT INTO grounded_articles (path, fingerprint, title, outlet, byline, date, url, citation_base, text, boilerplate, alias_stats, walk_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[], $12::text[])
       RETURNING id, path`,
      [
        a.map((x) => x.id),
        batch.map((x) => x.fingerprint),
        a.map((x) => x.title),
        a.map((x) => x.outlet),
        a.map((x) => x.byline),
        a.map((x) => x.date),
        a.map((x) => x.url),
        a.map((x) => citationKey(x)),
        a.map((x) => x.text),
        a.map((x) => JSON.stringify(x.boilerplate)),
        batch.map((x) => JSON.stringify(x.aliasStats)),
        a.map((x) => walkKey(x.id)),
      ],
    );
    const idOf = new Map(inserted.rows.map((r) => [r.path, r.id]));
    await insertPhrases(db, a.map((x) => idOf.get(x.id)!), batch.map((x) => x.aliasStats));
    await delta.apply(db);
    const cols = { article: [] as string[], idx: [] as number[], start: [] as number[], end: [] as number[], paragraph: [] as number[], terms: [] as string[] };
    for (const x of batch) {
      const id = idOf.get(x.article.id)!;
      x.article.passages.forEach((p, i) => {
        cols.article.push(id);
        cols.idx.push(p.index);
        cols.start.push(p.span.start);
        cols.end.push(p.span.end);
        cols.paragraph.push(p.paragraph);
        cols.terms.push(tsvectorLiteral(x.terms[i]));
      });
    }
    await db.query(
      `INSERT INTO grounded_passages (article_id, idx, span_start, span_end, paragraph, terms)
       SELECT a, i, s, e, p, t::tsvector FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[]) AS x(a, i, s, e, p, t)`,
      [cols.article, cols.idx, cols.start, cols.end, cols.paragraph, cols.terms],
    );
    await db.query("UPDATE grounded_state SET version = version + 1, updated_at = now() WHERE id = 1");
    await beforeCommit?.();
  });
}

function aliasStatsToJson(s: AliasStats): AliasStatsJson {
  return { names: [...s.names], acronyms: [...s.acronyms], runs: s.runs };
}

/** The order `listSourceFiles` walks a folder in: path segments compared one by one. */
export function compareWalkOrder(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * Learns the aliases (from the alias tables, see `aliasIndex.ts`) and the
 * outlets of articles that name none (from the articles with a URL, in file
 * order, as a local corpus does), if any batch was written since they were
 * last learned. One transaction: a reader sees the old aliases or the new ones.
 */
export async function relearnArchiveWideParts(db: pg.Client): Promise<boolean> {
  let changed = false;
  await transaction(db, async () => {
    const state = await db.query<{ version: string; alias_version: string }>("SELECT version, alias_version FROM grounded_state WHERE id = 1 FOR UPDATE");
    const { version, alias_version } = state.rows[0];
    if (version === alias_version) return;
    changed = true;
    const aliasData: AliasData = await learnArchiveAliases(db);
    await relearnOutlets(db);
    await db.query("UPDATE grounded_state SET alias_data = $1, alias_version = $2, updated_at = now() WHERE id = 1", [JSON.stringify(aliasData), version]);
  });
  return changed;
}

/**
 * The outlets `learnOutlets` gives articles with a URL and no outlet line,
 * from the other articles of their site. An article without a URL never
 * learns one, so only articles with a URL are read.
 */
async function relearnOutlets(db: pg.Client): Promise<void> {
  const { rows } = await db.query<{ id: string; path: string; url: string | null; outlet: string | null; learned_outlet: string | null; title: string | null; date: string | null }>(
    "SELECT id, path, url, outlet, learned_outlet, title, date FROM grounded_articles WHERE url IS NOT NULL",
  );
  rows.sort((a, b) => compareWalkOrder(a.path, b.path));
  const stubs = rows.map((r) => ({ id: r.path, url: r.url, outlet: r.outlet, title: r.title, date: r.date }) as unknown as Article);
  const learned = learnOutlets(stubs);
  const updates = { id: [] as string[], outlet: [] as Array<string | null>, key: [] as string[] };
  learned.forEach((a, i) => {
    const r = rows[i];
    const outlet = r.outlet ? null : a.outlet;
    if (outlet !== r.learned_outlet) {
      updates.id.push(r.id);
      updates.outlet.push(outlet);
      updates.key.push(citationKey({ ...a, byline: null }));
    }
  });
  if (updates.id.length) {
    await db.query(
      `UPDATE grounded_articles g SET learned_outlet = u.o, citation_base = u.k
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, o, k) WHERE g.id = u.id`,
      [updates.id, updates.outlet, updates.key],
    );
  }
}
