import type { ActionHandler, BatchHandler } from '../spec/action-handler.js';
import type { Providers } from '../spec/providers.js';
import { redactSecrets } from '../util/redact.js';

/**
 * Where provider data enters the engine. Every port method's answer (a
 * value, a Result, a ResultAsync, a promise or an async stream of pages) and
 * every error it returns or throws is passed through `redactSecrets` before
 * the engine, a step or a handler sees it; so are the outcomes and errors of
 * action handlers. A plan is made of what came in this way, so it never holds
 * a secret value, and the journal's own redaction leaves it unchanged.
 * The clock is passed through as it is.
 */
export function redactingProviders(providers: Providers): Providers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, port] of Object.entries(providers) as [string, unknown][]) {
    wrapped[name] = name === 'clock' || port === null || typeof port !== 'object' ? port : redactingPort(port);
  }
  return wrapped as Providers;
}

/** A view of `port` whose methods' answers and errors are redacted; its handlers too. */
function redactingPort<Port extends object>(port: Port): Port {
  const methods = new Map<PropertyKey, unknown>();
  let handlers: Readonly<Record<string, ActionHandler>> | undefined;
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'handlers' && value !== null && typeof value === 'object') {
        handlers ??= redactingHandlers(value as Record<string, ActionHandler>);
        return handlers;
      }
      if (typeof value !== 'function') return value;
      let method = methods.get(property);
      if (method === undefined) {
        method = (...args: unknown[]) => redactAnswer(() => Reflect.apply(value, target, args));
        methods.set(property, method);
      }
      return method;
    },
  });
}

function redactingHandlers(handlers: Record<string, ActionHandler>): Readonly<Record<string, ActionHandler>> {
  const wrapped: Record<string, ActionHandler> = Object.create(null);
  for (const [kind, handler] of Object.entries(handlers)) wrapped[kind] = redactingHandler(handler);
  return Object.freeze(wrapped);
}

/**
 * An action handler whose outcomes, checkpoints and errors are redacted (so
 * what the run holds in memory is what its journal holds). Its rate-limit
 * claims and batch keys are the engine's own bookkeeping and pass as they are.
 * Every member calls the handler's own, with the handler as `this`.
 */
export function redactingHandler(handler: ActionHandler): ActionHandler {
  const { poll, batch, rateLimits } = handler;
  return {
    execute: (action, context) => redactAnswer(() => handler.execute(action, context)),
    reconcile: (action, context) => redactAnswer(() => handler.reconcile(action, context)),
    ...(typeof poll === 'function'
      ? {
          poll: (action, checkpoint, context) => redactAnswer(() => poll.call(handler, action, checkpoint, context)),
        }
      : {}),
    ...(typeof rateLimits === 'function' ? { rateLimits: (action) => rateLimits.call(handler, action) } : {}),
    ...(batch === undefined || batch === null ? {} : { batch: redactingBatch(batch) }),
  } satisfies ActionHandler;
}

function redactingBatch(batch: BatchHandler): BatchHandler {
  const { rateLimits, refusedBy } = batch;
  return {
    maxSize: batch.maxSize,
    key: (action) => batch.key(action),
    execute: (actions, context) => redactAnswer(() => batch.execute(actions, context)),
    ...(typeof rateLimits === 'function' ? { rateLimits: (actions) => rateLimits.call(batch, actions) } : {}),
    // Reads the (already redacted) error the engine holds; the keys it returns are the engine's own.
    ...(typeof refusedBy === 'function'
      ? { refusedBy: (error, actions) => refusedBy.call(batch, error, actions) }
      : {}),
  };
}

/** Calls `call` and redacts whatever comes back, whatever its shape; a throw is rethrown redacted. */
function redactAnswer<T>(call: () => T): T {
  let answer: unknown;
  try {
    answer = call();
  } catch (thrown) {
    throw redactSecrets(thrown);
  }
  return redactReturned(answer) as T;
}

function redactReturned(answer: unknown): unknown {
  if (answer === null || typeof answer !== 'object') return redactSecrets(answer);
  const candidate = answer as Record<string | symbol, unknown>;
  if (typeof candidate.mapErr === 'function' && typeof candidate.map === 'function') {
    // A Result or a ResultAsync (of this neverthrow or another copy of it).
    const result = answer as { map(f: (v: unknown) => unknown): { mapErr(f: (e: unknown) => unknown): unknown } };
    return result.map(redactSecrets).mapErr(redactSecrets);
  }
  if (typeof candidate.then === 'function') {
    return Promise.resolve(answer as PromiseLike<unknown>).then(redactReturned, (thrown: unknown) => {
      throw redactSecrets(thrown);
    });
  }
  if (typeof candidate[Symbol.asyncIterator] === 'function') return redactPages(answer as AsyncIterable<unknown>);
  return redactSecrets(answer);
}

async function* redactPages(pages: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    for await (const page of pages) yield redactReturned(page);
  } catch (thrown) {
    throw redactSecrets(thrown);
  }
}
