/**
 * `npm run fuzz`: the fuzz targets of `test/fuzz.test.ts` for minutes instead of
 * seconds, with a fresh seed (GROUNDED_FUZZ_MS, default 10 minutes in all), and
 * the quick-fix property test with many more drafts.
 */
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  GROUNDED_FUZZ_MS: process.env.GROUNDED_FUZZ_MS ?? String(10 * 60_000),
  GROUNDED_FIX_RUNS: process.env.GROUNDED_FIX_RUNS ?? "2000",
};
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "test/fuzz.test.ts", "test/quickfix.property.test.ts"], { stdio: "inherit", env });
process.exit(run.status ?? 1);
