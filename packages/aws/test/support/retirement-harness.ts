import { AwsClients, type AwsResourceType } from '@decomkit/aws';
import type { Action, ActionHandler, HandlerContext, Resource, RetirementPort, Workload } from '@decomkit/core';
import { idempotencyToken, portHandler, systemClock } from '@decomkit/provider-kit';
import { expect } from 'vitest';
import { typeOfArn } from '../../src/arn-types.js';
import { awsInventoryPort } from '../../src/ports/inventory-port.js';
import { awsRetirementPort } from '../../src/ports/retirement-port.js';
import { motoEndpoint, TEST_CREDENTIALS, TEST_REGION } from './moto.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** The tests' selector: `workload=payments` in the test region. */
export const PAYMENTS_SOURCE: Workload['source'] = {
  accountId: MOTO_ACCOUNT_ID,
  regions: [TEST_REGION],
  select: { tags: { workload: 'payments' } },
};

/** A one-file Node.js deployment package (index.js), zipped, for Lambda functions in moto. */
export const LAMBDA_ZIP = Buffer.from(
  'UEsDBBQAAAAAALmeel0Mny87NQAAADUAAAAIAAAAaW5kZXguanNleHBvcnRzLmhhbmRsZXIgPSBhc3luYyAoKSA9PiAoeyBzdGF0dXNDb2RlOiAyMDAgfSk7ClBLAQIUAxQAAAAAALmeel0Mny87NQAAADUAAAAIAAAAAAAAAAAAAACAAQAAAABpbmRleC5qc1BLBQYAAAAAAQABADYAAABbAAAAAAA=',
  'base64',
);

/** A retire-resources action of `kind` on `arn` in the test account and region. */
export function actionOn(arn: string, kind: string, params: Action['params'] = {}): Action {
  return {
    key: `retire-resources:${kind}:${arn}`,
    step: 'retire-resources',
    item: 'retire',
    kind,
    target: { ref: arn, arn, resourceType: typeOfArn(arn), accountId: MOTO_ACCOUNT_ID, region: TEST_REGION },
    params,
    gates: [],
    dependsOn: [],
  };
}

/** A handler context on the system clock, with the action's idempotency token and no ports. */
export function contextFor(action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

/** The port's handler of `kind`; throws when it has none. */
export function handler(retirement: RetirementPort, kind: string): ActionHandler {
  const found = portHandler(retirement, kind);
  if (found === undefined) throw new Error(`no ${kind} handler`);
  return found;
}

/** Executes, then polls until done (moto finishes at once; AWS checkpoints). */
export async function run(retirement: RetirementPort, action: Action) {
  const chosen = handler(retirement, action.kind);
  let outcome = await chosen.execute(action, contextFor(action));
  for (let poll = 0; outcome.isOk() && outcome.value.status === 'pending' && poll < 5; poll += 1) {
    if (chosen.poll === undefined) break;
    outcome = await chosen.poll(action, outcome.value.checkpoint, contextFor(action));
  }
  return outcome;
}

/** What the action's handler reconciles to. */
export async function reconcile(retirement: RetirementPort, action: Action) {
  return (await handler(retirement, action.kind).reconcile(action, contextFor(action)))._unsafeUnwrap();
}

/** Inventory and retirement ports over `types` only, on moto (one SDK attempt, 1 ms polls). */
export function portsOn(types: readonly AwsResourceType[]) {
  const clients = new AwsClients({
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    pollMilliseconds: 1,
  });
  return {
    clients,
    retirement: awsRetirementPort(clients, types),
    inventory: awsInventoryPort(clients, types, TEST_REGION),
  };
}

/** Everything the inventory discovers for `source`, by ARN. */
export async function discoverAll(
  ports: ReturnType<typeof portsOn>,
  source: Workload['source'] = PAYMENTS_SOURCE,
): Promise<Map<string, Resource>> {
  const found = new Map<string, Resource>();
  for await (const page of ports.inventory.discover(source)) {
    for (const resource of page._unsafeUnwrap()) found.set(resource.arn, resource);
  }
  return found;
}

/** AWS tag lists from a record. */
export const tagList = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * A type that cannot stop and has no protection: a stop of `arn` refused
 * (InvalidInput), a lift done at once with nothing to lift, and a delete of
 * `wrongArn` (not of the type) refused (InvalidInput).
 */
export async function expectNoStopNorProtection(retirement: RetirementPort, arn: string, wrongArn: string) {
  expect((await run(retirement, actionOn(arn, 'resource.stop')))._unsafeUnwrapErr().code).toBe('InvalidInput');
  expect((await run(retirement, actionOn(arn, 'protection.lift')))._unsafeUnwrap()).toMatchObject({
    result: { protection: 'none' },
  });
  expect((await run(retirement, actionOn(wrongArn, 'resource.delete')))._unsafeUnwrapErr().code).toBe('InvalidInput');
}
