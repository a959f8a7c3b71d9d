/**
 * The archive's part of the command line: `grounded index --db URL --corpus DIR`
 * and the corpus that `grounded check --db URL` checks against. Kept apart
 * from `cli.ts`, which only dispatches here.
 */
import type { Corpus } from "../../engine";
import { ArchiveError, connect, DATABASE_URL_ENV, describeTarget, explain, resolveDatabaseUrl } from "./connection";
import { indexArchive, type IndexProgress } from "./indexer";
import { PgArchive } from "./pgArchive";

export const INDEX_USAGE = `usage: grounded index [--db URL] --corpus DIR... [--batch N] [--quiet]

Loads or updates a shared archive in PostgreSQL from folders of source
articles. Only files that changed since the last run are written; files that
are gone are removed. Each batch is one transaction, so an interrupted run
leaves the archive consistent; run the command again to finish it.

  --db URL      postgres://user@host:port/database; env:NAME reads the URL from
                the environment variable NAME (default: $${DATABASE_URL_ENV})
  --corpus DIR  a folder (or file) of source articles; may repeat
  --batch N     articles per transaction (default 200)
  --quiet       no progress on stderr

Exit status: 0 when done, 2 on a usage error or when the database is unreachable.`;

/** A one-line message for stderr and exit status 2. */
export class ArchiveCommandError extends Error {}

/** The URL a `--db` value stands for, or a clear error. */
export function databaseUrlOf(value: string | undefined): string {
  const url = resolveDatabaseUrl(value);
  if (!url) {
    const name = value?.startsWith("env:") ? value.slice(4) : DATABASE_URL_ENV;
    throw new ArchiveCommandError(`grounded: no archive URL: give --db postgres://… or set ${name}`);
  }
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ArchiveCommandError(`grounded: --db expects a postgres:// URL`);
  return url;
}

/** `grounded index …`; resolves to the exit status. */
export async function runIndexCommand(argv: string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let db: string | undefined;
  const corpus: string[] = [];
  let batchSize = 200;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ArchiveCommandError(`grounded: ${a} needs a value`);
      return v;
    };
    if (a === "--db") db = value();
    else if (a.startsWith("--db=")) db = a.slice(5);
    else if (a === "--corpus") corpus.push(value());
    else if (a.startsWith("--corpus=")) corpus.push(a.slice(9));
    else if (a === "--batch") {
      batchSize = Number(value());
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArchiveCommandError("grounded: --batch needs a whole number above 0");
    } else if (a === "--quiet") quiet = true;
    else if (a === "-h" || a === "--help") {
      process.stdout.write(INDEX_USAGE + "\n");
      return 0;
    } else throw new ArchiveCommandError(`grounded: unknown argument "${a}"\n\n${INDEX_USAGE}`);
  }
  if (!corpus.length) throw new ArchiveCommandError(`grounded: index needs --corpus DIR\n\n${INDEX_USAGE}`);
  const url = databaseUrlOf(db);
  const started = Date.now();
  // Indexing a batch can take a while on a busy server: a generous statement limit, a short connect limit.
  const client = await connect(url, { statementTimeoutMs: 600_000, applicationName: "grounded index" });
  try {
    const line = (p: IndexProgress) =>
      `grounded: index ${describeTarget(url)}: ${p.phase} ${p.seen}/${p.total} files (${p.added} added, ${p.updated} updated, ${p.unchanged} unchanged, ${p.removed} removed, ${p.skipped} skipped)\n`;
    const result = await indexArchive(client, corpus, {
      batchSize,
      onProblem: (p) => stderr.write(`grounded: ${p.file}: ${p.message}\n`),
      onProgress: (p) => {
        if (!quiet) stderr.write(line(p));
      },
    });
    if (!quiet) stderr.write(`grounded: index done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.total} files, ${result.added + result.updated} written, ${result.removed} removed\n`);
    return 0;
  } catch (e) {
    throw explain(e, url);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The corpus `grounded check --db` checks drafts against, and the archive's size for the report. */
export async function archiveCorpusForCheck(
  dbValue: string,
  drafts: ReadonlyArray<{ text: string }>,
  options: { checkHeadings: boolean },
): Promise<{ corpus: Corpus; documents: number; passages: number }> {
  const url = databaseUrlOf(dbValue);
  const archive = await PgArchive.open(url, { connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, applicationName: "grounded check" });
  try {
    const corpus = await archive.corpusForDrafts(drafts.map((d) => d.text), options);
    const { counts } = await archive.state();
    return { corpus, ...counts };
  } finally {
    await archive.close();
  }
}

/** Whether an error is one of the archive's one-line errors (exit status 2). */
export function isArchiveError(e: unknown): e is Error {
  return e instanceof ArchiveError || e instanceof ArchiveCommandError;
}
