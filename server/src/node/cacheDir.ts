/** Where Grounded keeps what it persists between runs (the persisted index, the CLI's code cache). */
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** `$XDG_CACHE_HOME/grounded`, else `~/.cache/grounded`, else the temp folder. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : tmpdir());
  return join(base, "grounded");
}
