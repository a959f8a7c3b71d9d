/**
 * Every handler the server registers goes through here, so that a failure in
 * one never takes the server down: a request that throws is answered with an
 * error naming it (`grounded: hover failed: …`) and logged; a notification
 * that throws is logged. The next request works.
 */
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";

export type Log = (message: string) => void;

const describe = (e: unknown) => (e as Error)?.stack ?? String(e);

/** Wraps a request handler: a failure is logged and answered with an error naming the request. */
export function request<A extends unknown[], R>(log: Log, name: string, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`grounded: ${name} failed: ${describe(e)}`);
      throw new ResponseError(ErrorCodes.InternalError, `grounded: ${name} failed: ${(e as Error)?.message ?? String(e)}`);
    }
  };
}

/** Wraps a notification handler (or any work the server starts itself): a failure is logged, and the server goes on. */
export function notification<A extends unknown[]>(log: Log, name: string, fn: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (e) {
      log(`grounded: ${name} failed: ${describe(e)}`);
    }
  };
}
