import {
  type Action,
  type ActionHandler,
  type HandlerContext,
  type HandlerOutcome,
  idempotencyToken,
  type Providers,
  systemClock,
} from '@decomkit/core';
import type { Oracle, WorldFixture } from './target.js';

/** The world most groups start from: three in-scope instances (one protected), two look-alikes. */
export const STANDARD_WORLD: WorldFixture = {
  accountId: '111122223333',
  region: 'eu-west-1',
  instances: [
    { name: 'web-1', tags: { workload: 'payments', tier: 'web' } },
    { name: 'web-2', tags: { workload: 'payments', tier: 'web' } },
    { name: 'locked', tags: { workload: 'payments', tier: 'db' }, terminationProtection: true },
    { name: 'billing', tags: { workload: 'billing' } },
    { name: 'far', tags: { workload: 'payments' }, region: 'us-east-1' },
  ],
};

/** The names in STANDARD_WORLD that the `workload=payments` selector puts in scope in eu-west-1. */
export const IN_SCOPE = ['web-1', 'web-2', 'locked'] as const;

/** An action of `kind` on an instance, as the engine would build it. */
export function instanceAction(
  kind: string,
  oracle: Oracle,
  name: string,
  world: WorldFixture,
  params: Action['params'] = {},
): Action {
  const arn = oracle.arnOf(name);
  return {
    key: `conformance:${kind}:${arn}`,
    step: 'conformance',
    item: 'retire',
    kind,
    target: { ref: arn, arn, resourceType: 'AWS::EC2::Instance', accountId: world.accountId, region: world.region },
    params,
    gates: [],
    dependsOn: [],
  };
}

/** A handler context like the engine's, with the token derived from the action key. */
export function handlerContext(providers: Providers, action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: providers.clock ?? systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: providers,
  };
}

/** Executes, then polls (advancing the oracle's time) until the handler is done or gives up after `polls`. */
export async function runToCompletion(
  handler: ActionHandler,
  action: Action,
  context: HandlerContext,
  oracle: Oracle,
  polls = 20,
) {
  let outcome = await handler.execute(action, context);
  for (let poll = 0; outcome.isOk() && outcome.value.status === 'pending' && poll < polls; poll += 1) {
    const pending: Extract<HandlerOutcome, { status: 'pending' }> = outcome.value;
    await oracle.advanceTime(pending.pollAfterMilliseconds ?? 60_000);
    if (handler.poll === undefined) break;
    outcome = await handler.poll(action, pending.checkpoint, context);
  }
  return outcome;
}
