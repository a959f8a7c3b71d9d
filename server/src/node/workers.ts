/**
 * The worker threads of a bundle. A bundle (`dist/server.js`, `dist/cliMain.js`)
 * is also the code of its own workers: a worker starts from the same file,
 * its `workerData` naming its role, so that the engine and its data ship once
 * rather than once per worker. The bundle's entry (`serverEntry.ts`,
 * `cliEntry.ts`) calls `bundleEntry`: on a thread started for a role it runs
 * that role, else the program; on every thread it says which roles the file
 * can start. From the sources (the tests run them through tsx) no entry has
 * said so: `canStart` is false, and the work runs on the calling thread.
 *
 * Every thread evaluates the whole bundle's modules, so a module's top level
 * does no work that only some roles need: the large data (WordNet's tables,
 * the NLP model) is read on first use (`engine/nlp/lexicon.ts`, `wink.ts`),
 * and the roles' own work starts only in their `run…` function.
 */
import { Worker, workerData, type WorkerOptions } from "node:worker_threads";

/** What a worker thread does: index a corpus (`indexWorker.ts`), check drafts (`checkWorker.ts`), ingest files (`ingestWorker.ts`). */
export type WorkerRole = "index" | "check" | "ingest";

/** A worker's `workerData`: its role, and the data its module reads (`roleData`). */
interface RoleData {
  groundedRole: WorkerRole;
  data: unknown;
}

/** Each role a bundle can start, with the function that runs it on its thread (`runIndexWorker`, …). */
export type Roles = Partial<Record<WorkerRole, () => void>>;

let bundle: { file: string; roles: Roles } | undefined;

/** The `workerData` of a worker started for `role`, with the data its module reads. */
export function workerDataFor(role: WorkerRole, data?: unknown): RoleData {
  return { groundedRole: role, data };
}

/** The role this thread was started for; undefined on a main thread and on a worker that is not one of ours. */
export function roleOfThisThread(): WorkerRole | undefined {
  const role = (workerData as Partial<RoleData> | null)?.groundedRole;
  return typeof role === "string" ? role : undefined;
}

/** The data this worker was started with (`startWorker`'s `data`). */
export function roleData<T>(): T {
  return (workerData as RoleData).data as T;
}

/**
 * A bundle's entry: says that `file` (the bundle, `__filename`) starts
 * workers for `roles`, then runs this thread's role, or `main` on a thread
 * started for none. Workers start workers too (the index worker's cold build
 * ingests in several), so every thread says it.
 */
export function bundleEntry(file: string, roles: Roles, main: () => void): void {
  bundle = { file, roles };
  const role = roleOfThisThread();
  const run = role ? roles[role] : undefined;
  if (role && !run) throw new Error(`${file} has no worker role "${role}"`);
  (run ?? main)();
}

/** Whether a worker for `role` can start here (a bundle whose entry runs it); from the sources, none can. */
export function canStart(role: WorkerRole): boolean {
  return bundle?.roles[role] !== undefined;
}

/** Starts a worker for `role` from this bundle's file; `canStart(role)` says whether it can. */
export function startWorker(role: WorkerRole, options: Omit<WorkerOptions, "workerData"> & { data?: unknown } = {}): Worker {
  if (!bundle || !canStart(role)) throw new Error(`no bundle here starts a worker for "${role}"`);
  const { data, ...rest } = options;
  return new Worker(bundle.file, { ...rest, workerData: workerDataFor(role, data) });
}
