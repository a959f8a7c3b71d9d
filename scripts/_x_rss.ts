import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "/work/wt-16b/test/helpers/lspClient";
process.chdir("/work/wt-16b");
const ws = mkdtempSync(join(tmpdir(), "x16b-"));
cpSync("corpus", join(ws, "corpus"), { recursive: true });
const base = readFileSync("examples/draft.md", "utf8");
let text = "";
while (text.length < 5 * 1024 * 1024) text += base + "\n\n";
(async () => {
  const server = await startServer(ws, { corpus: { paths: ["corpus"] } }, { initializationOptions: { cacheDir: null } });
  const uri = pathToFileURL(join(ws, "big.md")).toString();
  const samples: string[] = [];
  const t0 = Date.now();
  const timer = setInterval(() => {
    const st = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
    samples.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${/VmRSS:\s+(\d+)/.exec(st)![1]}`);
  }, 500);
  const w = server.diagnostics(uri, (p) => p.version === 1, 300000);
  await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  await w;
  clearInterval(timer);
  const st = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  console.log("peak", /VmHWM:\s+(\d+)/.exec(st)![1], "after", ((Date.now() - t0) / 1000).toFixed(1), "s");
  console.log(samples.join(" | "));
  await server.stop();
})();
