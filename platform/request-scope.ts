/**
 * What belongs to the one request being served, wherever the code is that serves it: its id and
 * the caller as already worked out (signed). Peer calls made while serving it carry both on, so
 * the next subgraph does not work out the caller again (ARCHITECTURE.md: the caller once per request).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestScope {
  requestId: string;
  /** The Authorization header the request came with: the caller context only travels with the same one. */
  authorization?: string;
  /** The signed caller context, once somebody in this request has it. */
  callerContext?: string;
  /** Whether this process worked the caller out (then it hands the context back to whoever called it). */
  workedOutHere?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function inRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}
