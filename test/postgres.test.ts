/**
 * The evidence index in PostgreSQL (issue #8), against a real server started
 * from Debian's packages on loopback (installed when missing). Never skipped:
 * if PostgreSQL cannot be started, every test here fails with the reason.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, unlinkSync } from "node:fs";
import { connect as tcpConnect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCorpus, checkDocument, type Corpus, type Finding } from "../server/src/engine";
import { parseArticle, decodeSource } from "../server/src/engine/corpus/ingest";
import { loadCorpus } from "../server/src/node/corpusLoader";
import { connect } from "../server/src/node/archive/connection";
import { indexArchive } from "../server/src/node/archive/indexer";
import { PgArchive, PrefetchedIndex } from "../server/src/node/archive/pgArchive";
import { writeArchive } from "../bench/archive";
import { ArchiveSource, type ArchiveStatusParams } from "../server/src/lsp/archive";
import { freePort, startPostgres, type TestPostgres } from "./helpers/postgres";
import { startServer as startLanguageServer } from "./helpers/lspClient";
import { pathToFileURL } from "node:url";
import { mkdirSync } from "node:fs";

let server: TestPostgres;
const tmp = mkdtempSync(join(tmpdir(), "grounded-pgtest-"));

/** A database of its own for each test, so tests do not see each other's archives. */
function database(name: string): string {
  server.psql(`CREATE DATABASE ${name}`);
  return `postgres://postgres@127.0.0.1:${server.port}/${name}`;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  // A hung command is killed (and its status is then null, which no test accepts).
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function index(url: string, paths: string[], batchSize = 200) {
  const db = await connect(url);
  try {
    return await indexArchive(db, paths, { batchSize });
  } finally {
    await db.end();
  }
}

async function archiveCorpus(url: string, drafts: string[]): Promise<Corpus> {
  const archive = await PgArchive.open(url);
  try {
    return await archive.corpusForDrafts(drafts);
  } finally {
    await archive.close();
  }
}

/**
 * What must be the same from the archive as from the embedded index: the
 * verdict, its code, its correction, and for a supported or contradicted claim
 * the decisive evidence, the window of source text it quotes (which of its
 * sentences a search hit first may differ: each index finds its own top
 * passages). The score and the closest passage of an unsupported claim may
 * differ where the two indexes retrieve different candidates; no verdict reads
 * how an index ranked them (test/ranking.property.test.ts).
 */
function summary(f: Finding) {
  const decisive = f.verdict === "unsupported" ? undefined : `${f.evidence[0]?.articleId}#${f.evidence[0]?.span.start}-${f.evidence[0]?.span.end}`;
  return { text: f.text, verdict: f.verdict, code: f.code, decisive, correction: f.correction?.replacement };
}

/** The claims of a JSON report, as `summary` compares findings. */
function reportSummary(stdout: string) {
  const report = JSON.parse(stdout) as { files: Array<{ claims: Array<{ text: string; verdict: string; code: string }> }> };
  return report.files.map((f) => f.claims.map((c) => ({ text: c.text, verdict: c.verdict, code: c.code })));
}

const evidenceOf = (f: Finding) => f.evidence.map((e) => `${e.articleId}#${e.passage}`).join(" ");

/** The aliases an archive learned (names, acronyms, variants), as stored. */
async function archiveAliases(url: string) {
  const db = await connect(url);
  try {
    return (await db.query("SELECT alias_data FROM grounded_state")).rows[0].alias_data;
  } finally {
    await db.end();
  }
}

/** The sample corpus indexed once, for the tests that only read it. */
let sample: Promise<string> | undefined;
function sampleArchive(): Promise<string> {
  sample ??= (async () => {
    const url = database("parity");
    await index(url, ["corpus"]);
    return url;
  })();
  return sample;
}

before(async () => {
  server = await startPostgres();
});

after(() => {
  server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test("verdicts from the archive match the embedded index on the sample corpus (dev claims and examples/draft.md)", async (t) => {
  const url = await sampleArchive();
  const { articles } = await loadCorpus(["corpus"]);
  const embedded = buildCorpus(articles);
  const claims = readFileSync("test/fixtures/eval/dev-claims.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l).claim as string);
  assert.ok(claims.length >= 30, "the dev claims are readable");
  const drafts = [readFileSync("examples/draft.md", "utf8"), ...claims];
  const fromArchive = await archiveCorpus(url, drafts);
  assert.ok(fromArchive.articles.length <= embedded.articles.length);
  const differ: string[] = [];
  let compared = 0;
  let otherEvidence = 0;
  let otherScore = 0;
  for (const text of drafts) {
    const fa = checkDocument({ path: "d.md", text }, embedded).findings;
    const fb = checkDocument({ path: "d.md", text }, fromArchive).findings;
    const a = fa.map(summary);
    const b = fb.map(summary);
    assert.equal(b.length, a.length);
    a.forEach((x, i) => {
      compared++;
      if (evidenceOf(fa[i]) !== evidenceOf(fb[i])) otherEvidence++;
      if (fa[i].score !== fb[i].score || fa[i].reason !== fb[i].reason) otherScore++;
      if (JSON.stringify(x) !== JSON.stringify(b[i])) differ.push(`${x.text}\n  embedded: ${JSON.stringify(x)}\n  archive:  ${JSON.stringify(b[i])}`);
    });
  }
  assert.equal((fromArchive.index as PrefetchedIndex).misses, 0, "every query the verifier made was prefetched");
  assert.deepEqual(await archiveAliases(url), embedded.aliasData, "the archive's incrementally learned aliases are the local corpus's");
  assert.ok(compared >= 45);
  assert.deepEqual(differ, [], `claims whose verdict differs:\n${differ.join("\n")}`);
  t.diagnostic(`${compared} claims compared: all verdicts equal; ${otherScore} with another score or reason, ${otherEvidence} list other secondary evidence (ties in the verifier's score, ranked differently)`);
});

test("grounded check --db gives the same JSON report as --corpus, and reads the URL from an environment variable", async () => {
  const url = await sampleArchive();
  const local = cli(["check", "--corpus", "corpus", "--format", "json", "examples/draft.md"]);
  const remote = cli(["check", "--db", "env:GROUNDED_TEST_ARCHIVE", "--format", "json", "examples/draft.md"], { GROUNDED_TEST_ARCHIVE: url });
  assert.equal(remote.code, local.code, remote.stderr);
  assert.equal(remote.stderr, "");
  assert.deepEqual(reportSummary(remote.stdout), reportSummary(local.stdout));
  const unset = cli(["check", "--db", "env:GROUNDED_NOT_SET", "examples/draft.md"]);
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /GROUNDED_NOT_SET/);
});

test("re-indexing a changed file updates its passages; a removed file leaves the archive; unchanged files are not rewritten", async () => {
  const dir = join(tmp, "changing");
  cpSync("corpus", dir, { recursive: true });
  const url = database("changing");
  const first = cli(["index", "--db", url, "--corpus", dir]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /5 added, 0 updated, 0 unchanged/);

  const file = join(dir, "001_e3fd39bb26fc0bf8.txt");
  const before = readFileSync(file, "utf8");
  assert.match(before, /3,500-soldier force/);
  writeFileSync(file, before.replace("3,500-soldier force", "4,200-soldier force").replace("Original url:", "The alliance also opened a new training centre in Yerevan in the spring.\n\nOriginal url:"));
  const second = cli(["index", "--db", url, "--corpus", dir]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /0 added, 1 updated, 4 unchanged, 0 removed/);

  const db = await connect(url);
  try {
    const { rows } = await db.query("SELECT count(*)::int AS n FROM grounded_passages p JOIN grounded_articles a ON a.id = p.article_id WHERE a.path = $1", [file]);
    const decoded = decodeSource(file, readFileSync(file));
    assert.ok("text" in decoded);
    assert.equal(rows[0].n, parseArticle(file, decoded.text, "txt").passages.length, "the archive holds the new file's passages");
  } finally {
    await db.end();
  }
  const draft = "The CSTO operates a 4,200-soldier force.\n\nThe CSTO operates a 3,500-soldier force.\n\nThe alliance opened a new training centre in Yerevan.\n";
  const corpus = await archiveCorpus(url, [draft]);
  const found = checkDocument({ path: "d.md", text: draft }, corpus).findings;
  const [now, old, added] = found;
  assert.equal(now.verdict, "supported", now.reason);
  assert.equal(old.verdict, "contradicted", old.reason);
  assert.equal(added.verdict, "supported", added.reason);
  const changedCorpus = buildCorpus((await loadCorpus([dir])).articles);
  const local = checkDocument({ path: "d.md", text: draft }, changedCorpus).findings;
  assert.deepEqual(found.map(summary), local.map(summary), "the same verdicts as the changed folder gives locally");
  assert.deepEqual(await archiveAliases(url), changedCorpus.aliasData, "aliases updated by the changed file's batch alone are those of the changed folder");

  unlinkSync(join(dir, "004_a76a3ec1400c63ff.txt"));
  const third = cli(["index", "--db", url, "--corpus", dir]);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /0 added, 0 updated, 4 unchanged, 1 removed/);
  const check = cli(["check", "--db", url, "--format", "json", "--no-exit", "examples/draft.md"]);
  assert.equal(JSON.parse(check.stdout).corpus.documents, 4);
  assert.deepEqual(await archiveAliases(url), buildCorpus((await loadCorpus([dir])).articles).aliasData, "and after a removal");

  // An archive of schema 1 (no alias tables) is brought up to schema 2 by the next run, with the same aliases.
  server.psql("DROP TABLE grounded_alias_names, grounded_alias_acronyms, grounded_alias_phrases; UPDATE grounded_articles SET walk_key = NULL; UPDATE grounded_state SET schema_version = 1, alias_data = '{\"names\":[],\"acronyms\":[],\"variants\":[]}'", "changing");
  const migrated = cli(["index", "--db", url, "--corpus", dir]);
  assert.equal(migrated.code, 0, migrated.stderr);
  assert.equal(server.psql("SELECT schema_version FROM grounded_state", "changing"), "2");
  assert.deepEqual(await archiveAliases(url), buildCorpus((await loadCorpus([dir])).articles).aliasData, "after the migration");
});

test("a killed indexing run leaves the archive consistent, and running it again completes it", async () => {
  const dir = join(tmp, "killed");
  writeArchive(dir, { articles: 1500 });
  const url = database("killed");
  const child = spawn(process.execPath, ["dist/cli.js", "index", "--db", url, "--corpus", dir, "--batch", "50"], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const killed = await new Promise<boolean>((resolve) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      // Kill it in the middle of the run, after some batches were committed.
      const m = [...err.matchAll(/index (\d+)\/1500 files/g)].pop();
      if (m && Number(m[1]) >= 300 && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => resolve(signal === "SIGKILL"));
  });
  assert.ok(killed, `the run was killed mid-way (stderr: ${err.slice(-300)})`);

  const db = await connect(url);
  try {
    const articles = await db.query<{ path: string; n: number }>("SELECT a.path, count(p.idx)::int AS n FROM grounded_articles a LEFT JOIN grounded_passages p ON p.article_id = a.id GROUP BY a.path");
    assert.ok(articles.rows.length >= 300 && articles.rows.length < 1500, `a part of the archive was written (${articles.rows.length})`);
    assert.equal(articles.rows.length % 50, 0, "only whole batches are visible");
    for (const r of articles.rows.slice(0, 200)) {
      const decoded = decodeSource(r.path, readFileSync(r.path));
      assert.ok("text" in decoded);
      assert.equal(r.n, parseArticle(r.path, decoded.text, "txt").passages.length, `${r.path} has all its passages`);
    }
    const state = await db.query("SELECT version = alias_version AS current FROM grounded_state");
    assert.equal(state.rows[0].current, false, "the aliases are known to be out of date");
  } finally {
    await db.end();
  }

  const again = cli(["index", "--db", url, "--corpus", dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /done 1500\/1500 files/);
  const db2 = await connect(url);
  try {
    const n = await db2.query("SELECT count(*)::int AS n, (SELECT version = alias_version FROM grounded_state) AS current FROM grounded_articles");
    assert.equal(n.rows[0].n, 1500);
    assert.equal(n.rows[0].current, true);
    const empty = await db2.query("SELECT count(*)::int AS n FROM grounded_articles a WHERE NOT EXISTS (SELECT 1 FROM grounded_passages p WHERE p.article_id = a.id)");
    assert.equal(empty.rows[0].n, 0);
  } finally {
    await db2.end();
  }
  // Learned a batch at a time, over a killed run and the one that finished it, the aliases are those of the whole folder.
  assert.deepEqual(await archiveAliases(url), buildCorpus((await loadCorpus([dir])).articles).aliasData);
});

test("indexing while editors read holds no reader up: a batch being written takes row locks only, and a check answers meanwhile", async () => {
  const dir = join(tmp, "growing");
  writeArchive(dir, { articles: 120 });
  const url = database("growing");
  await index(url, ["corpus"]);
  const draft = readFileSync("examples/draft.md", "utf8");
  const before = checkDocument({ path: "d.md", text: draft }, await archiveCorpus(url, [draft])).findings.map(summary);
  const reader = await PgArchive.open(url);
  const watcher = await connect(url);
  let batches = 0;
  try {
    const db = await connect(url);
    try {
      await indexArchive(db, ["corpus", dir], {
        batchSize: 50,
        beforeCommit: async () => {
          batches++;
          // The indexer's own locks while its batch is open: no table lock that would stop a reader (or another writer).
          const { rows } = await watcher.query<{ relname: string; mode: string }>(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = $1 AND c.relname LIKE 'grounded%'",
            [(db as unknown as { processID: number }).processID],
          );
          assert.ok(rows.length > 0, "the batch holds its locks");
          assert.deepEqual([...new Set(rows.map((r) => r.mode))].filter((m) => !["AccessShareLock", "RowShareLock", "RowExclusiveLock"].includes(m)), []);
          // A check answers now (were it blocked, this would never return), against the archive as last committed.
          const during = checkDocument({ path: "d.md", text: draft }, await reader.corpusForDraft(draft)).findings.map(summary);
          if (batches === 1) assert.deepEqual(during, before, "the first batch is not seen before it commits");
          const seen = await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM grounded_articles");
          assert.equal(seen.rows[0].n, 5 + 50 * (batches - 1), "a reader sees only the batches committed");
        },
      });
    } finally {
      await db.end();
    }
  } finally {
    await reader.close();
    await watcher.end();
  }
  assert.equal(batches, 3, "120 new articles in batches of 50");
});

test("the editor's read-only role can check but not write; the indexer's role builds the archive", async () => {
  database("roles");
  const sql = readFileSync("server/src/node/archive/roles.sql", "utf8");
  spawnSync("psql", ["-h", "127.0.0.1", "-p", String(server.port), "-U", "postgres", "-d", "roles", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { encoding: "utf8" });
  assert.equal(server.psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('grounded_indexer', 'grounded_reader')", "roles"), "2");
  const indexer = `postgres://grounded_indexer@127.0.0.1:${server.port}/roles`;
  const reader = `postgres://grounded_reader@127.0.0.1:${server.port}/roles`;
  const built = cli(["index", "--db", indexer, "--corpus", "corpus", "--quiet"]);
  assert.equal(built.code, 0, built.stderr);
  const checked = cli(["check", "--db", reader, "--format", "json", "examples/draft.md"]);
  assert.equal(checked.code, 1, checked.stderr);
  assert.equal(JSON.parse(checked.stdout).corpus.documents, 5);
  const write = cli(["index", "--db", reader, "--corpus", "corpus"]);
  assert.equal(write.code, 2);
  assert.match(write.stderr, /permission denied|read-only/);
});

/** A TCP proxy in front of the test server that can forward, or stall (accept and never answer): a slow or hung database. */
async function stallableProxy(target: number) {
  let mode: "forward" | "stall" = "forward";
  const pairs: Array<[Socket, Socket | undefined]> = [];
  const server = createServer((client) => {
    if (mode === "stall") {
      pairs.push([client, undefined]);
      return;
    }
    const upstream = tcpConnect(target, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    pairs.push([client, upstream]);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    port,
    /** Connections accepted so far. */
    connections: () => pairs.length,
    stall() {
      mode = "stall";
      for (const [c, u] of pairs) {
        c.unpipe();
        u?.unpipe();
      }
    },
    forward() {
      mode = "forward";
      for (const [c, u] of pairs.splice(0)) {
        c.destroy();
        u?.destroy();
      }
    },
    close() {
      this.forward();
      server.close();
    },
  };
}

test("the editor's archive: a stalled database falls back to the local corpus within the time limit, says so, and reconnects by itself", { timeout: 120_000 }, async () => {
  const proxy = await stallableProxy(server.port);
  const statuses: ArchiveStatusParams[] = [];
  let waiting: { state: string; resolve(): void } | undefined;
  let reconnected = 0;
  const source = new ArchiveSource(
    {
      log: () => {},
      notify: (s) => {
        statuses.push(s);
        if (waiting && s.state === waiting.state) waiting.resolve();
      },
      reconnected: () => reconnected++,
    },
    { requestTimeoutMs: 1500, retryMs: [200] },
  );
  const status = (state: string) =>
    statuses.at(-1)?.state === state ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { state, resolve }));
  const draft = readFileSync("examples/draft.md", "utf8");
  try {
    await sampleArchive();
    source.configure(`postgres://postgres@127.0.0.1:${proxy.port}/parity`);
    await status("connected");
    assert.equal(reconnected, 1, "the server is told to check documents against the archive");
    assert.equal(statuses.at(-1)?.target, `127.0.0.1:${proxy.port}`);
    const loaded = await source.loadedFor(draft, { checkHeadings: false, root: process.cwd() });
    assert.ok(loaded, "the archive's corpus while the database answers");
    const local = buildCorpus((await loadCorpus(["corpus"])).articles);
    assert.deepEqual(
      checkDocument({ path: "d.md", text: draft }, loaded.corpus).findings.map((f) => f.verdict),
      checkDocument({ path: "d.md", text: draft }, local).findings.map((f) => f.verdict),
    );

    proxy.stall();
    const during = await source.loadedFor(draft, { checkHeadings: false, root: process.cwd() });
    assert.equal(during, undefined, "no archive corpus: the caller uses the local corpus");
    await status("unreachable");
    // It was the request's time limit that gave up on the stalled database (the test's own timeout catches a hang).
    assert.match(statuses.at(-1)!.message, new RegExp(`archive at 127\\.0\\.0\\.1:${proxy.port} is unreachable \\(no answer in 1500 ms \\(timed out\\)\\); using the local corpus`));
    // While it is down, checks do not wait at all: the answer comes before any I/O could complete, and nothing connects.
    const connections = proxy.connections();
    const pending = source.loadedFor(draft, { checkHeadings: false, root: process.cwd() });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.ok(settled, "a check while the archive is down does not wait for it");
    assert.equal(await pending, undefined);
    assert.equal(proxy.connections(), connections);

    proxy.forward();
    await status("connected");
    assert.equal(reconnected, 2, "the server is told to check documents again");
    assert.ok(await source.loadedFor(draft, { checkHeadings: false, root: process.cwd() }));

    source.configure("");
    await status("off");
    assert.equal(await source.loadedFor(draft, { checkHeadings: false, root: process.cwd() }), undefined);
  } finally {
    source.dispose();
    proxy.close();
  }
});

test("the language server checks against the archive named by grounded.archive.url", async () => {
  // The local corpus is empty: a contradiction can only come from the archive.
  const ws = mkdtempSync(join(tmp, "ws-"));
  mkdirSync(join(ws, "corpus"));
  const archived: ArchiveStatusParams[] = [];
  const lsp = await startLanguageServer(ws, { corpus: { paths: ["corpus"] }, archive: { url: await sampleArchive() } });
  lsp.connection.onNotification("grounded/archive", (p: ArchiveStatusParams) => {
    archived.push(p);
  });
  try {
    const uri = pathToFileURL(join(ws, "draft.md")).toString();
    const contradicted = lsp.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "number-mismatch"));
    await lsp.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "markdown", version: 1, text: "The CSTO operates a 5,000-soldier force.\n" },
    });
    const d = (await contradicted).diagnostics.find((x) => x.code === "number-mismatch")!;
    assert.match(String(d.message), /3,500/);
    assert.equal(archived.at(-1)?.state ?? "connected", "connected");
    // An edit: the unchanged claim keeps its (cached) verdict with its evidence, the new one is searched for.
    const edited = lsp.diagnostics(uri, (p) => p.version === 2);
    await lsp.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: "The CSTO operates a 5,000-soldier force.\n\nThe Collective Security Treaty Organization operates a 3,500-soldier force.\n" }],
    });
    const codes = (await edited).diagnostics.map((x) => x.code);
    assert.deepEqual(codes, ["number-mismatch", "supported"]);
  } finally {
    await lsp.stop();
  }
});

test("a database that does not answer gives a clear one-line error in time, not a hang", async () => {
  // A server that accepts connections and never says a word: a hung or overloaded database.
  const sockets: Array<import("node:net").Socket> = [];
  const silent: Server = createServer((s) => sockets.push(s));
  const port = await freePort();
  await new Promise<void>((r) => silent.listen(port, "127.0.0.1", r));
  try {
    const r = cli(["check", "--db", `postgres://u@127.0.0.1:${port}/x`, "examples/draft.md"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^grounded: archive database at 127\\.0\\.0\\.1:${port} is unreachable: .*timed out`));
    assert.equal(r.stderr.trim().split("\n").length, 1);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test("a stopped server gives a clear message naming host and port, quickly", () => {
  const url = `postgres://postgres@127.0.0.1:${server.port}/parity`;
  server.stop();
  const r = cli(["check", "--db", url, "examples/draft.md"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), `grounded: archive database at 127.0.0.1:${server.port} is unreachable: connection refused (is the server running?)`);
  const i = cli(["index", "--db", url, "--corpus", "corpus"]);
  assert.equal(i.code, 2);
  assert.match(i.stderr, /127\.0\.0\.1:\d+ is unreachable: connection refused/);
});
