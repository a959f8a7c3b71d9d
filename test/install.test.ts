/**
 * The CLI installed as the README says, outside the repository: the tarball
 * `npm run pack:cli` writes, installed with `npm install -g` into a temporary
 * prefix (offline: the tarball declares no dependencies, its bundle holds
 * them), run in a temporary folder with a copy of `corpus/`, a PDF source and
 * `examples/draft.md`. Nothing of the repository is on its path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packCli } from "../scripts/pack-cli";
import { makePdf, REPORT } from "./helpers/documents";

test("the packed CLI installs without a registry and checks a folder outside the repository", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "grounded-install-"));
  try {
    const tarball = packCli(process.cwd(), join(tmp, "pack"));
    const prefix = join(tmp, "prefix");
    const install = spawnSync("npm", ["install", "-g", "--prefix", prefix, tarball, "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);
    const bin = join(prefix, process.platform === "win32" ? "grounded.cmd" : join("bin", "grounded"));
    assert.ok(existsSync(bin), `no ${bin}`);

    const work = join(tmp, "my-story");
    mkdirSync(work);
    cpSync("corpus", join(work, "corpus"), { recursive: true });
    writeFileSync(join(work, "corpus", "harbour-report.pdf"), await makePdf(REPORT));
    writeFileSync(join(work, "draft.md"), `${readFileSync("examples/draft.md", "utf8")}\nThe harbour of Zorland handled 900 ships in 2020.\n`);
    const run = spawnSync(bin, ["check", "--cache-dir", join(tmp, "cache"), "draft.md"], { cwd: work, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    assert.equal(run.status, 1, `exit 1: a claim is contradicted\n${run.stderr}`);
    assert.match(run.stdout, /^draft\.md:\d+:\d+ {2}warning {2}contradicted: the source says 3,500, not 5,000 /m);
    assert.match(run.stdout, /^draft\.md:\d+:\d+ {2}hint {2}supported: .*p\. 2.* says this/m, "the PDF source is read by the installed copy");
    assert.match(run.stdout, /claims checked in 1 file against 6 sources/);
    // The installed copy reads with the model packed beside its bundle, through the runtime packed with it.
    assert.match(run.stdout, /^verdicts: the reading model nli-[0-9a-f]{8} with the lexical checks$/m, run.stderr);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
