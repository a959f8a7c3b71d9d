/**
 * The archive's learned aliases, kept up to date a batch at a time instead of
 * being learned again from every article's statistics at the end of each run
 * (at 100,000 articles that read about a gigabyte of JSON for a one-file
 * change). Each batch adds what its articles bring and takes away what the
 * articles it replaces or removes brought, in its own transaction:
 *
 * - `grounded_alias_names`: every name with its count over the archive;
 * - `grounded_alias_acronyms`: every acronym with the number of articles that use it;
 * - `grounded_alias_phrases`: per article, each run of capitalised words'
 *   candidate expansions (initials of two to six letters → phrase), first
 *   one per initials, numbered in the order `learnAliasData` meets them.
 *
 * Learning is then `learnAliasData` on the names and acronyms (the spelling
 * variants are a function of the names and their counts), and for each
 * acronym the candidate of the article first in file order — exactly what
 * learning from every article's runs in file order gives.
 */
import type pg from "pg";
import { type AliasData, learnAcronymsOfRun, learnAliasData } from "../../engine";
import type { AliasStatsJson } from "../ingest";

/**
 * A key whose byte order (collation "C") is `compareWalkOrder`'s: each path
 * segment's UTF-16 code units in hexadecimal, segments joined by "0000" (a
 * code unit no path holds, below every other).
 */
export function walkKey(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      let hex = "";
      for (let i = 0; i < segment.length; i++) hex += segment.charCodeAt(i).toString(16).padStart(4, "0");
      return hex;
    })
    .join("0000");
}

const ANY_INITIALS = { has: () => true };

/** An article's candidate expansions, in the order `learnAliasData` meets them: initials → phrase. */
export function phraseCandidates(stats: AliasStatsJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const joined of stats.runs) learnAcronymsOfRun(joined.split(" "), ANY_INITIALS, out);
  return out;
}

/** Name counts and acronym article counts to add (from new articles) and take away (from replaced or removed ones). */
export class AliasDelta {
  private readonly names = new Map<string, number>();
  private readonly acronyms = new Map<string, number>();

  add(stats: AliasStatsJson, sign: 1 | -1): void {
    for (const [w, n] of stats.names) this.names.set(w, (this.names.get(w) ?? 0) + sign * n);
    for (const a of stats.acronyms) this.acronyms.set(a, (this.acronyms.get(a) ?? 0) + sign);
  }

  /** Applies the changes (in the caller's transaction); counts that reach zero leave their table. */
  async apply(db: pg.ClientBase): Promise<void> {
    await upsertCounts(db, "grounded_alias_names", "name", "n", this.names);
    await upsertCounts(db, "grounded_alias_acronyms", "letters", "articles", this.acronyms);
  }
}

async function upsertCounts(db: pg.ClientBase, table: string, key: string, count: string, delta: ReadonlyMap<string, number>): Promise<void> {
  const changed = [...delta].filter(([, n]) => n !== 0);
  if (!changed.length) return;
  const keys = changed.map(([k]) => k);
  await db.query(
    `INSERT INTO ${table} (${key}, ${count}) SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (${key}) DO UPDATE SET ${count} = ${table}.${count} + EXCLUDED.${count}`,
    [keys, changed.map(([, n]) => n)],
  );
  await db.query(`DELETE FROM ${table} WHERE ${key} = ANY($1) AND ${count} <= 0`, [keys]);
}

/** Stores the candidate expansions of articles just inserted (`ids[i]` is the row of `stats[i]`). */
export async function insertPhrases(db: pg.ClientBase, ids: readonly string[], stats: readonly AliasStatsJson[]): Promise<void> {
  const cols = { article: [] as string[], ord: [] as number[], initials: [] as string[], phrase: [] as string[] };
  stats.forEach((s, i) => {
    let ord = 0;
    for (const [initials, phrase] of phraseCandidates(s)) {
      cols.article.push(ids[i]);
      cols.ord.push(ord++);
      cols.initials.push(initials);
      cols.phrase.push(phrase);
    }
  });
  if (!cols.article.length) return;
  await db.query(
    "INSERT INTO grounded_alias_phrases (article_id, ord, initials, phrase) SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[])",
    [cols.article, cols.ord, cols.initials, cols.phrase],
  );
}

/** The archive's aliases from the kept counts and candidates (see the file's comment). */
export async function learnArchiveAliases(db: pg.ClientBase): Promise<AliasData> {
  const names = await db.query<{ name: string; n: string }>("SELECT name, n FROM grounded_alias_names");
  const letters = await db.query<{ letters: string }>("SELECT letters FROM grounded_alias_acronyms");
  const learned = learnAliasData({ names: new Map(names.rows.map((r) => [r.name, Number(r.n)])), acronyms: new Set(letters.rows.map((r) => r.letters)), runs: [] });
  // For each acronym, the candidate of the article first in file order (then first in that article).
  const first = await db.query<{ initials: string; phrase: string; walk_key: string; ord: number }>(
    `SELECT DISTINCT ON (p.initials) p.initials, p.phrase, a.walk_key, p.ord
     FROM grounded_alias_phrases p JOIN grounded_articles a ON a.id = p.article_id
     WHERE p.initials = ANY($1)
     ORDER BY p.initials, a.walk_key, p.ord`,
    [letters.rows.map((r) => r.letters)],
  );
  // In the order learning from every run in file order meets them (which expansion a shared phrase keeps depends on it).
  const acronyms = first.rows
    .sort((a, b) => (a.walk_key < b.walk_key ? -1 : a.walk_key > b.walk_key ? 1 : a.ord - b.ord))
    .map((r): [string, string] => [r.initials, r.phrase]);
  return { names: learned.names, acronyms, variants: learned.variants };
}

/**
 * Brings an archive of schema 1 (aliases learned from every article at each
 * run) to schema 2: the walk keys, counts and candidates worked out once from
 * the statistics stored with each article, a thousand at a time.
 */
export async function migrateAliasTables(db: pg.ClientBase): Promise<void> {
  let after = "0";
  for (;;) {
    const { rows } = await db.query<{ id: string; path: string; alias_stats: AliasStatsJson }>(
      "SELECT id, path, alias_stats FROM grounded_articles WHERE id > $1 ORDER BY id LIMIT 1000",
      [after],
    );
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    await db.query("UPDATE grounded_articles g SET walk_key = u.k FROM unnest($1::bigint[], $2::text[]) AS u(id, k) WHERE g.id = u.id", [
      rows.map((r) => r.id),
      rows.map((r) => walkKey(r.path)),
    ]);
    const delta = new AliasDelta();
    for (const r of rows) delta.add(r.alias_stats, 1);
    await delta.apply(db);
    await insertPhrases(db, rows.map((r) => r.id), rows.map((r) => r.alias_stats));
  }
}
