/**
 * Runs the extension's integration suite (client/src/test) inside a real VS Code:
 * - with VSCODE_EXECUTABLE set, through @vscode/test-electron's runTests on that
 *   desktop build;
 * - otherwise in code-server 4.100.3 (VS Code 1.100.3) driven by Debian's
 *   Chromium, through the workbench's `payload` parameter. The suite's exit code
 *   comes back through `codeAutomationExit`.
 * With `--screenshots DIR` it also opens the draft in the workbench and saves a
 * contradicted claim's squiggle, its hover and the quick-fix menu.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makePdf, REPORT } from "../test/helpers/documents";

const ROOT = resolve(".");

export const SAMPLE_DRAFT = [
  "# Draft",
  "",
  "The CSTO operates a 5,000-soldier force.",
  "",
  "The Collective Security Treaty Organization operates a 3,500-soldier force.",
  "",
  "China announced a new investment fund for Central Asia.",
  "",
].join("\n");

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

/**
 * A claim whose source is on page 2 of a PDF in the corpus (`report.pdf`, built
 * here: test/helpers/documents.ts). Its fact is its own: the suite's other
 * claims must stay unsupported until their sources are added.
 */
export const PDF_DRAFT = "The ferry terminal of Zorland served 412 ferries in 2019.\n";
const SUITE_REPORT = {
  ...REPORT,
  pages: [REPORT.pages[0], ["The ferry terminal of Zorland served 412 ferries in 2019, the harbour master said on", "Friday."]],
};

export async function makeWorkspace(): Promise<string> {
  const ws = mkdtempSync(join(tmpdir(), "grounded-vscode-"));
  cpSync(join(ROOT, "corpus"), join(ws, "corpus"), { recursive: true });
  writeFileSync(join(ws, "corpus", "report.pdf"), await makePdf(SUITE_REPORT));
  writeFileSync(join(ws, "draft.md"), SAMPLE_DRAFT);
  writeFileSync(join(ws, "pdf.md"), PDF_DRAFT);
  return ws;
}

async function waitHealthy(port: number, proc: ChildProcess): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SuiteResult {
  code: number;
  log: string[];
}

/** Runs the suite in code-server; returns the suite's exit code and the browser console. */
export async function runInCodeServer(options: { screenshots?: string } = {}): Promise<SuiteResult> {
  const setup = spawnSync("bash", [join(ROOT, "scripts/setup-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (setup.status !== 0) throw new Error("scripts/setup-code-server.sh failed");
  const bin = setup.stdout.trim().split("\n").pop()!;
  const { chromium } = await import("playwright-core");
  const ws = await makeWorkspace();
  const home = mkdtempSync(join(tmpdir(), "grounded-cs-home-"));
  const port = await freePort();
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share") };
  const server = spawn(bin, [
    "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check",
    "--disable-workspace-trust", "--user-data-dir", join(home, "data"), "--extensions-dir", join(home, "extensions"), ws,
  ], { env, stdio: ["ignore", "ignore", "pipe"] });
  const log: string[] = [];
  server.stderr!.on("data", (d) => log.push(String(d)));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    await waitHealthy(port, server);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("console", (m) => log.push(m.text()));
    let code = -1;
    if (options.screenshots) {
      await screenshots(page, port, ws, options.screenshots);
    } else {
      const exited = new Promise<number>((res) => void page.exposeFunction("codeAutomationExit", (c: number) => res(c)));
      const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = JSON.stringify([
        ["extensionDevelopmentPath", remote(ROOT)],
        ["extensionTestsPath", remote(join(ROOT, "out/test/index.js"))],
      ]);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
      code = await exited;
    }
    return { code, log };
  } finally {
    await browser.close();
    server.kill();
  }
}

async function screenshots(page: import("playwright-core").Page, port: number, ws: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // The development extension, installed by path, is what a writer gets from the .vsix.
  const remote = `vscode-remote://127.0.0.1:${port}${ROOT}`;
  const payload = JSON.stringify([["extensionDevelopmentPath", remote]]);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  // Open the draft from the Explorer (Quick Open needs ripgrep's file search to warm up).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "draft.md" }).first().click({ timeout: 60_000 });
  const squiggle = page.locator(".squiggly-warning").first();
  try {
    await squiggle.waitFor({ timeout: 60_000 });
  } catch (e) {
    await page.screenshot({ path: join(dir, "debug.png") });
    throw e;
  }
  await page.screenshot({ path: join(dir, "squiggle.png") });
  // Decorations do not take the pointer: move over the text under the squiggle.
  // Put the cursor on the claim and ask for the hover from the keyboard (Ctrl+K Ctrl+I).
  const box = (await squiggle.boundingBox())!;
  await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  try {
    // Wait for the provider's part (the quoted passage), not only the problem's message.
    await page.locator(".monaco-hover:visible blockquote").first().waitFor({ timeout: 20_000 });
  } catch (e) {
    await page.screenshot({ path: join(dir, "debug.png") });
    writeFileSync(join(dir, "debug.html"), await page.content());
    throw e;
  }
  await page.screenshot({ path: join(dir, "hover.png") });
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+.");
  await page.locator(".action-widget").first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: join(dir, "quick-fix.png") });
}

/** Runs the suite with @vscode/test-electron on a desktop VS Code build given by VSCODE_EXECUTABLE. */
export async function runInDesktop(executable: string): Promise<number> {
  const { runTests } = await import("@vscode/test-electron");
  const ws = await makeWorkspace();
  return runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, "out/test/index.js"),
    launchArgs: [ws, "--disable-extensions", "--disable-workspace-trust"],
  });
}

if (process.argv[1]?.endsWith("vscode-suite.ts")) {
  const i = process.argv.indexOf("--screenshots");
  const run = process.env.VSCODE_EXECUTABLE && i < 0
    ? runInDesktop(process.env.VSCODE_EXECUTABLE).then((code) => ({ code, log: [] }))
    : runInCodeServer(i >= 0 ? { screenshots: process.argv[i + 1] } : {});
  run.then(
    (r) => {
      if (i < 0) console.error(r.log.filter((l) => /passing|failing|✓|✔|\d+\) |Error/.test(l)).join("\n"));
      process.exitCode = i >= 0 ? 0 : r.code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
