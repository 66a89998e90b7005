import type { Action, ActionHandler, HandlerContext, HandlerOutcome, Providers, Resource } from '@decomkit/core';
import { idempotencyToken, resourceTarget, systemClock } from '@decomkit/provider-kit';
import type { InstanceArnOracle, TimeOracle } from './oracles.js';
import type { Oracle } from './target.js';
import type { AccountWorld } from './world-fixtures.js';

/** An action of `kind` on an instance, as the engine would build it. */
export function instanceAction(
  kind: string,
  oracle: InstanceArnOracle,
  name: string,
  world: AccountWorld,
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

/** An action of `kind` on an inventory resource, its target built as the engine builds it (`resourceTarget`). */
export function resourceAction(kind: string, resource: Resource): Action {
  return {
    key: `conformance:${kind}:${resource.arn}`,
    step: 'conformance',
    item: 'retire',
    kind,
    target: resourceTarget(resource),
    params: {},
    gates: [],
    dependsOn: [],
  };
}

/**
 * An action of `kind` on an ARN that no inventory resource has (wrong type,
 * or a sub-resource), its target shaped as for a resource of `resourceType`
 * in `world`'s account and region.
 */
export function arnAction(kind: string, arn: string, resourceType: string, world: AccountWorld): Action {
  return resourceAction(kind, {
    arn,
    type: resourceType,
    accountId: world.accountId,
    region: world.region,
    tags: {},
    state: 'available',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  });
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
  oracle: TimeOracle,
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

/** An action that targets something other than an inventory resource (a record, a CI, a task). */
export function serviceAction(kind: string, ref: string, params: Action['params'] = {}): Action {
  return {
    key: `conformance:${kind}:${ref}`,
    step: 'conformance',
    item: 'artifacts',
    kind,
    target: { ref },
    params,
    gates: [],
    dependsOn: [],
  };
}

/** The oracle method `name`, or a failed assertion saying the target must supply it. */
export function oracleMethod<Name extends keyof Oracle>(oracle: Oracle, name: Name): NonNullable<Oracle[Name]> {
  const method = oracle[name];
  if (method === undefined)
    throw new Error(`the target declares a capability whose group needs oracle.${String(name)}()`);
  return (method as (...args: never[]) => unknown).bind(oracle) as NonNullable<Oracle[Name]>;
}
