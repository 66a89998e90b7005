import type { ActionHandler, PortBase } from './action-handler.js';

/**
 * The handler a port has for `kind`, or undefined: for a kind known only at
 * run time (read from a plan or a journal). Only the port's own handlers
 * count, so a kind such as `toString` or `__proto__` finds none.
 *
 * @example
 * ```ts
 * const handler = portHandler(providers.retirement, action.kind);
 * if (handler === undefined) throw new Error(`no handler for ${action.kind}`);
 * ```
 */
export function portHandler(port: Pick<PortBase, 'handlers'> | undefined, kind: string): ActionHandler | undefined {
  const handlers: Readonly<Record<string, ActionHandler | undefined>> | undefined = port?.handlers;
  return handlers !== undefined && Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
}
