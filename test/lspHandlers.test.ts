/**
 * Every handler the language server registers survives its own failure: run
 * in this process (`startServer` with a connection that records what is
 * registered, and a workspace in memory), each request handler is called
 * with parameters that throw on any use, and must answer with an error that
 * names it (logged too); each notification handler must log and resolve.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResponseError } from "vscode-languageserver/node";
import type { Connection } from "vscode-languageserver/node";
import { REQUESTS, startServer } from "../server/src/lsp/server";
import { notification, request } from "../server/src/lsp/handlers";
import { memoryWorkspace } from "./helpers/memoryWorkspace";

interface Registered {
  kind: string;
  method?: string;
  handler: (...args: unknown[]) => unknown;
}

/** A `Connection` that records every handler registered on it and every line logged, and answers the server's own requests trivially. */
function recordingConnection(): { connection: Connection; registered: Registered[]; logs: string[] } {
  const registered: Registered[] = [];
  const logs: string[] = [];
  const record = (kind: string) => (...args: unknown[]) => {
    registered.push({ kind, method: typeof args[0] === "string" ? args[0] : undefined, handler: args[args.length - 1] as Registered["handler"] });
    return { dispose() {} };
  };
  const recorder = (prefix: string, rest: Record<string, unknown>) =>
    new Proxy(rest, { get: (target, p) => (p in target ? target[p as string] : String(p).startsWith("on") ? record(`${prefix}${String(p)}`) : undefined) });
  const connection = recorder("", {
    console: { log: (m: string) => void logs.push(m), error: (m: string) => void logs.push(m), info: () => {}, warn: () => {} },
    workspace: recorder("workspace.", { getConfiguration: async () => ({}) }),
    window: { showWarningMessage: async () => undefined, createWorkDoneProgress: async () => ({ begin() {}, report() {}, done() {} }) },
    client: { register: async () => ({ dispose() {} }) },
    sendDiagnostics: async () => {},
    sendNotification: async () => {},
    listen: () => {},
  }) as unknown as Connection;
  return { connection, registered, logs };
}

/** Parameters that throw on any use: whatever a handler reads of them fails. */
const poison = new Proxy({}, {
  get: (_t, p) => {
    if (p === "then") return undefined;
    throw new Error(`poisoned parameter .${String(p)}`);
  },
});

test("the handler wrappers: a request that throws is answered with an error naming it and logged; a notification logs", async () => {
  const logs: string[] = [];
  const failing = request((m) => void logs.push(m), "hover", () => {
    throw new TypeError("boom");
  });
  await assert.rejects(failing(), (e: unknown) => e instanceof ResponseError && /^grounded: hover failed: boom$/.test(e.message));
  assert.match(logs[0], /^grounded: hover failed: TypeError: boom/);
  await assert.doesNotReject(notification((m) => void logs.push(m), "change", () => Promise.reject(new Error("later")))());
  assert.match(logs[1], /^grounded: change failed: Error: later/);
});

test("every request and notification the server registers answers or logs its failure, and the server goes on", async () => {
  const { connection, registered, logs } = recordingConnection();
  startServer(connection, memoryWorkspace({ "/ws/corpus/a.txt": "The harbour reopened in May.\n" }), null);
  const init = registered.find((r) => r.kind === "onInitialize")!;
  await init.handler({ capabilities: { workspace: { configuration: true, workspaceFolders: true } }, workspaceFolders: [{ uri: "file:///ws", name: "ws" }] }, {});
  await registered.find((r) => r.kind === "onInitialized")!.handler();
  const requests = registered.filter((r) => r.kind === "onRequest");
  assert.deepEqual(requests.map((r) => r.method).sort(), [...Object.keys(REQUESTS), "grounded/reindex"].sort());
  for (const r of requests) {
    try {
      await r.handler(poison, { isCancellationRequested: false });
    } catch (e) {
      assert.ok(e instanceof ResponseError, `${r.method} threw ${String(e)} unwrapped`);
      assert.match(e.message, /^grounded: \w+ failed: poisoned parameter/, r.method);
    }
  }
  const rejected = requests.filter((r) => Object.keys(REQUESTS).includes(r.method!));
  assert.equal(logs.filter((l) => /^grounded: \w+ failed: Error: poisoned parameter/.test(l)).length, rejected.length, logs.join("\n"));
  const notifications = registered.filter((r) => !["onRequest", "onInitialize", "onInitialized"].includes(r.kind) && !/TextDocument/.test(r.kind));
  assert.ok(notifications.length >= 4, `only ${notifications.length} notification handlers: ${notifications.map((n) => n.kind).join(", ")}`);
  for (const n of notifications) await assert.doesNotReject(Promise.resolve(n.handler(poison)), n.kind);
  // Those that read their parameters failed, and said so; the others (settings changed, trust granted) had nothing to fail on.
  for (const name of ["watchedFiles", "workspaceFolders"]) assert.ok(logs.some((l) => l.startsWith(`grounded: ${name} failed: Error: poisoned`)), `${name}: ${logs.join("\n")}`);
});

test("initialize is wrapped like every other handler: a failure is answered with an error naming it, and logged", async () => {
  const { connection, registered, logs } = recordingConnection();
  startServer(connection, memoryWorkspace({}), null);
  const init = registered.find((r) => r.kind === "onInitialize")!;
  await assert.rejects(Promise.resolve().then(() => init.handler(poison, {})), (e: unknown) => e instanceof ResponseError && /^grounded: initialize failed: poisoned parameter/.test(e.message));
  assert.match(logs.join("\n"), /^grounded: initialize failed: Error: poisoned parameter/m);
});

test("a workspace root or folder that is not a file: URI is left out, and the server initialises with the others", async () => {
  const capabilities = { workspace: { configuration: true, workspaceFolders: true } };
  for (const params of [
    { capabilities, rootUri: "vscode-vfs://github/grounded-writing/drafts", workspaceFolders: null },
    { capabilities, rootUri: "vscode-vfs://github/grounded-writing/drafts", workspaceFolders: [{ uri: "vscode-vfs://github/grounded-writing/drafts", name: "drafts" }, { uri: "file:///ws", name: "ws" }] },
  ]) {
    const { connection, registered, logs } = recordingConnection();
    startServer(connection, memoryWorkspace({ "/ws/corpus/a.txt": "The harbour reopened in May.\n" }), null);
    const result = (await registered.find((r) => r.kind === "onInitialize")!.handler(params, {})) as { capabilities: { hoverProvider?: boolean } };
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(logs, ["grounded: the workspace folder vscode-vfs://github/grounded-writing/drafts is not on disk (not a file: URI); its sources are not read"]);
    // Folders added and removed later are left out the same way.
    await registered.find((r) => r.kind === "onInitialized")!.handler();
    const changed = registered.find((r) => r.kind === "workspace.onDidChangeWorkspaceFolders")!;
    await changed.handler({ added: [{ uri: "untitled:Untitled-1", name: "u" }, { uri: "file:///other", name: "o" }], removed: [{ uri: "vscode-vfs://x/y", name: "x" }] });
    assert.equal(logs.length, 1, logs.join("\n"));
  }
});
