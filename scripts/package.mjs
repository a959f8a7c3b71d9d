// `npm run package [-- --target PLATFORM-ARCH]`: the .vsix of one platform (vsce's names: linux-x64, linux-arm64,
// darwin-arm64, win32-x64, win32-arm64), default this machine's, as grounded-writing-PLATFORM-ARCH.vsix. Each holds
// the reading model's runtime binary of its platform only (esbuild.mjs), so VS Code installs the one that runs there.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const at = process.argv.indexOf("--target");
const target = at > 0 ? process.argv[at + 1] : `${process.platform}-${process.arch}`;
if (!/^(linux|darwin|win32|alpine)-(x64|arm64|armhf)$/.test(target ?? "")) {
  console.error(`package: "${target}" is not a target vsce knows (linux-x64, darwin-arm64, win32-x64, …)`);
  process.exit(2);
}
const vsce = join("node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
// vsce runs `vscode:prepublish` (the production build), which places the target's runtime when GROUNDED_TARGET names it.
const r = spawnSync(vsce, ["package", "--no-dependencies", "--target", target, "--out", `grounded-writing-${target}.vsix`], {
  stdio: "inherit", env: { ...process.env, GROUNDED_TARGET: target }, shell: process.platform === "win32",
});
process.exit(r.status ?? 1);
