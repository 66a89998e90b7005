import type { Action, ActionHandler, JsonObject } from '@decomkit/core';
import type { FakeCloud } from '@decomkit/fake';
import { idempotencyToken } from '@decomkit/provider-kit';

/** The fake's test subscription. */
export const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';

/** An action of `kind` on `ref` with `params`. */
export function serviceAction(kind: string, ref: string, params: JsonObject = {}, key = `test:${kind}:${ref}`): Action {
  return { key, step: 'test', item: 'artifacts', kind, target: { ref }, params, gates: [], dependsOn: [] };
}

/** The handler of `subject.kind` on `port`, bound to a context whose `ports` are the cloud's. */
export function handlerOf(cloud: FakeCloud, port: keyof FakeCloud['providers'], subject: Action) {
  const handler = (cloud.providers[port] as { handlers?: Record<string, ActionHandler> }).handlers?.[subject.kind];
  if (handler === undefined) throw new Error(`no handler ${subject.kind} on ${port}`);
  const context = {
    signal: new AbortController().signal,
    clock: cloud.clock,
    idempotencyToken: idempotencyToken(subject.key),
    ports: cloud.providers,
  };
  return { execute: () => handler.execute(subject, context), reconcile: () => handler.reconcile(subject, context) };
}
