/**
 * Installs a Debian package a test needs, the way the project's scripts must:
 * on demand, so that a fresh machine passes. Fails with a clear message when it cannot.
 */
import { spawnSync } from "node:child_process";

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

export function ensureDebianPackages(command: string, packages: string[]): void {
  if (has(command)) return;
  const install = () => spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  let r = install();
  if (r.status !== 0) {
    spawnSync("apt-get", ["update", "-q"], { encoding: "utf8" });
    r = install();
  }
  if (r.status !== 0 || !has(command)) {
    throw new Error(`could not install ${packages.join(" ")} (needed for "${command}"): ${r.stderr?.slice(-500) ?? r.error}`);
  }
}
