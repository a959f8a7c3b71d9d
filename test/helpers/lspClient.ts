/**
 * A real LSP client (vscode-languageserver-protocol) driving the built server
 * over stdio. Waits on notifications, never on timers, except a generous
 * deadline that fails the test instead of hanging it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type PublishDiagnosticsParams, PublishDiagnosticsNotification,
} from "vscode-languageserver-protocol/node";

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the first diagnostics for `uri` that satisfy `accept`, published after this call. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  published: PublishDiagnosticsParams[];
  logs: string[];
  /** Messages shown to the user (`window/showMessage` and `window/showMessageRequest`). */
  shown: string[];
  /** `$/progress` notifications, in order (indexing reports begin and end). */
  progress: Array<{ token: unknown; value: { kind: string; title?: string; message?: string; percentage?: number } }>;
  /** Resolves with the first `$/progress` notification that satisfies `accept`, received after this call. */
  nextProgress(accept: (p: TestServer["progress"][number]) => boolean): Promise<TestServer["progress"][number]>;
  stop(): Promise<void>;
}

const SERVER = "dist/server.js";

/** The `grounded` settings the client answers with: one object for every resource, or per resource (`scopeUri`). */
export type Configuration = Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);

export interface StartOptions {
  /** More workspace folders after `workspace` (multi-root). */
  moreFolders?: string[];
  /** Sent as `initializationOptions`. */
  initializationOptions?: Record<string, unknown>;
  /** The server's bundle to run (default `dist/server.js`). */
  serverFile?: string;
}

export async function startServer(workspace: string, configuration: Configuration = {}, options: StartOptions = {}): Promise<TestServer> {
  const file = options.serverFile ?? SERVER;
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  const proc = spawn(process.execPath, [file, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  const shown: string[] = [];
  const progress: TestServer["progress"] = [];
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification("window/logMessage", (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onRequest("workspace/configuration", (p: { items: Array<{ scopeUri?: string }> }) =>
    p.items.map((item) => (typeof configuration === "function" ? configuration(item.scopeUri) : configuration)));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/showMessageRequest", (p: { message: string }) => {
    shown.push(p.message);
    return null;
  });
  connection.onNotification("window/showMessage", (p: { message: string }) => {
    shown.push(p.message);
  });
  connection.onRequest("window/workDoneProgress/create", () => null);
  const progressWaiters: Array<{ accept: (p: TestServer["progress"][number]) => boolean; resolve: (p: TestServer["progress"][number]) => void }> = [];
  connection.onNotification("$/progress", (p: TestServer["progress"][number]) => {
    progress.push(p);
    for (const w of [...progressWaiters]) {
      if (w.accept(p)) {
        progressWaiters.splice(progressWaiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [workspace, ...(options.moreFolders ?? [])].map((f, i) => ({ uri: pathToFileURL(f).toString(), name: `ws${i}` })),
    initializationOptions: options.initializationOptions,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ["markdown"] } } },
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    process: proc,
    published,
    logs,
    shown,
    progress,
    nextProgress(accept) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching progress within 60 s; logs:\n${logs.join("\n")}`)), 60_000);
        progressWaiters.push({ accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs / 1000} s; logs:\n${logs.join("\n")}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    async stop() {
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        // already gone
      }
      connection.dispose();
      proc.kill();
    },
  };
}
