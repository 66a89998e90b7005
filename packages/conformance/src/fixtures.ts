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
  dnsRecords: [
    { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments.azurewebsites.net'] },
    { provider: 'azure', zone: 'example.net', name: 'api', type: 'A', ttl: 30, values: ['20.50.0.1'] },
  ],
  configurationItems: ['CI-AWS', 'CI-AZURE'],
  replicationTasks: [{ name: 'payments-cdc', lagSeconds: 0, tags: { workload: 'payments' } }],
  metrics: [
    {
      side: 'source',
      resource: 'web-1',
      namespace: 'AWS/EC2',
      metric: 'NetworkIn',
      points: hours('2026-12-15T00:00:00Z', [5, 0, 7]),
    },
    {
      side: 'target',
      resource: 'payments-web',
      metric: 'Requests',
      points: hours('2026-12-15T00:00:00Z', [100, 200, 300]),
    },
  ],
  costs: [
    { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 12.5 },
    { tagKey: 'workload', tagValue: 'payments', day: '2026-12-11', amount: 7.5 },
  ],
  azureSubscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11',
  azureResources: [
    { name: 'payments-web', resourceGroup: 'rg-payments', type: 'microsoft.web/sites' },
    { name: 'payments-sql', resourceGroup: 'rg-payments', type: 'microsoft.sql/servers' },
    { name: 'billing-web', resourceGroup: 'rg-billing', type: 'microsoft.web/sites' },
  ],
  advisor: [
    { category: 'HighAvailability', impact: 'High', problem: 'Use availability zones' },
    { category: 'Cost', impact: 'Low', problem: 'Right-size the database' },
  ],
  wellArchitected: { name: 'payments', lens: 'wellarchitected', answers: 25 },
  instances: [
    { name: 'web-1', tags: { workload: 'payments', tier: 'web' } },
    { name: 'web-2', tags: { workload: 'payments', tier: 'web' } },
    { name: 'locked', tags: { workload: 'payments', tier: 'db' }, terminationProtection: true },
    { name: 'billing', tags: { workload: 'billing' } },
    { name: 'far', tags: { workload: 'payments' }, region: 'us-east-1' },
  ],
};

/** Hourly points from `start`. */
function hours(start: string, values: readonly number[]) {
  return values.map((value, hour) => ({ at: new Date(Date.parse(start) + hour * 3_600_000).toISOString(), value }));
}

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
