/**
 * `npm run stress`: the largest inputs of issue #7, too slow for `npm test`,
 * through the CLI (`dist/cli.js`, run `npm run build` first) with its wall time
 * and peak memory (`/usr/bin/time -v`): a corpus of 100,000 tiny files, a 50 MB
 * article, and a 5 MB draft. The inputs are generated in a temporary folder and
 * removed afterwards. Prints a Markdown table for docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bigArticle } from "../test/helpers/bigInputs";

const FILES = Number(process.env.GROUNDED_STRESS_FILES ?? 100_000);
const ARTICLE_MB = Number(process.env.GROUNDED_STRESS_ARTICLE_MB ?? 50);
const DRAFT_MB = Number(process.env.GROUNDED_STRESS_DRAFT_MB ?? 5);
const TIME = "/usr/bin/time";

if (!existsSync("dist/cli.js")) throw new Error("dist/cli.js is missing: run npm run build first");

const root = mkdtempSync(join(tmpdir(), "grounded-stress-"));
const rows: string[] = [];

/** Runs the CLI, returning wall seconds and peak RSS in MB, and fails on a crash (exit status above 1). */
function cli(what: string, args: string[]): void {
  const timed = existsSync(TIME);
  const started = performance.now();
  const run = spawnSync(timed ? TIME : process.execPath, timed ? ["-v", process.execPath, "dist/cli.js", ...args] : ["dist/cli.js", ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
  const exit = /Exit status: (\d+)/.exec(run.stderr)?.[1] ?? String(run.status);
  if (Number(exit) > 1) throw new Error(`${what}: grounded check exited with ${exit}\n${run.stderr.slice(-2000)}`);
  const summary = run.stdout.trim().split("\n").at(-1);
  const row = `| ${what} | ${seconds.toFixed(1)} s | ${rss ? `${Math.round(Number(rss) / 1024)} MB` : "not measured"} | ${summary} |`;
  rows.push(row);
  console.error(row);
}

try {
  const draft = join(root, "draft.md");
  writeFileSync(draft, "The CSTO operates a 5,000-soldier force.\n\nThe harbour of Port 4321 handled 4421 ships in 2020.\n");

  const tiny = join(root, "tiny");
  for (let i = 0; i < FILES; i++) {
    const sub = join(tiny, `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `a${i}.txt`), `Harbour Bulletin ${i}\n\nThe harbour of Port ${i} handled ${i + 100} ships in 2020, officials said on Monday.\n`);
  }
  cli(`${FILES.toLocaleString("en-US")} tiny files`, ["check", "--no-exit", "--no-cache", "--corpus", tiny, draft]);
  rmSync(tiny, { recursive: true, force: true });

  const big = join(root, "big");
  mkdirSync(big);
  writeFileSync(join(big, "big.txt"), bigArticle(ARTICLE_MB));
  cli(`one ${ARTICLE_MB} MB article`, ["check", "--no-exit", "--no-cache", "--corpus", big, draft]);
  rmSync(big, { recursive: true, force: true });

  const long = join(root, "long.md");
  const base = "The CSTO operates a 5,000-soldier force.\n\n- China announced a new investment fund for Central Asia.\n> Putin hosted leaders of former Soviet states.\n\n";
  writeFileSync(long, base.repeat(Math.ceil((DRAFT_MB * 1048576) / base.length)));
  cli(`a ${DRAFT_MB} MB draft (sample corpus)`, ["check", "--no-exit", "--no-cache", "--corpus", "corpus", long]);

  console.log(["| Input | Time | Peak RSS | Summary |", "| --- | --- | --- | --- |", ...rows].join("\n"));
} finally {
  rmSync(root, { recursive: true, force: true });
}
