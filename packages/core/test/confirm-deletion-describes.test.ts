import {
  type ConfigInventoryPort,
  confirmDeletion,
  type InventoryPort,
  okAsync,
  type Resource,
  type ResourceScope,
  type VerifyContext,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/core/provider-kit';
import { describe, expect, it } from 'vitest';
import { DESCRIBE_SCOPES_MAX_ARNS } from '../src/spec/inventory.js';
import { paymentsWorkload } from './support/workloads.js';

const arnOf = (index: number) => `arn:aws:ec2:eu-west-1:111122223333:instance/i-${index}`;

function resourceOf(arn: string): Resource {
  return {
    arn,
    type: 'AWS::EC2::Instance',
    accountId: '111122223333',
    region: 'eu-west-1',
    tags: { workload: 'payments' },
    state: 'running',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/** An inventory whose describes answer from `live` (ARNs still there), counting its calls; `bulk: false` hides `describeScopes`. */
function countedInventory(live: ReadonlySet<string>, bulk: boolean, unanswered: ReadonlySet<string> = new Set()) {
  const calls = { describe: 0, describeScopes: [] as number[] };
  const inventory: InventoryPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: [],
    resourceTypes: [],
    discover: async function* () {},
    describe: (arn) => {
      calls.describe += 1;
      return okAsync(live.has(arn) ? resourceOf(arn) : null);
    },
    ...(bulk
      ? {
          describeScopes: (arns: readonly string[]) => {
            calls.describeScopes.push(arns.length);
            const answers = new Map<string, ResourceScope | null>();
            for (const arn of arns) {
              if (!unanswered.has(arn)) answers.set(arn, live.has(arn) ? resourceOf(arn) : null);
            }
            return okAsync(answers);
          },
        }
      : {}),
  };
  return { inventory, calls };
}

/** AWS Config that has recorded every ARN as deleted. */
const configDeletedAll: ConfigInventoryPort = {
  specificationVersion: PORT_SPECIFICATION_VERSION,
  capabilities: [],
  records: (arns) =>
    okAsync(
      arns.map((arn) => ({
        arn,
        type: 'AWS::EC2::Instance',
        status: 'ResourceDeleted',
        capturedAt: '2026-12-15T00:00:00Z',
      })),
    ),
};

async function verifyWith(inventory: InventoryPort, count: number) {
  const context = {
    workload: paymentsWorkload(),
    ports: { inventory, configInventory: configDeletedAll },
    inventory: Array.from({ length: count }, (_, index) => resourceOf(arnOf(index))),
    excepted: [],
    now: new Date('2026-12-20T00:00:00Z'),
    actions: [],
    findings: [],
  } as unknown as VerifyContext<'inventory' | 'configInventory'>;
  const outcome = await confirmDeletion.verify(context);
  return 'isOk' in outcome ? outcome._unsafeUnwrap() : outcome;
}

describe('confirm-deletion’s describe of every in-scope resource', () => {
  it('reads them with describeScopes, a thousand ARNs a call, not one describe each', async () => {
    const { inventory, calls } = countedInventory(new Set(), true);
    const outcome = await verifyWith(inventory, DESCRIBE_SCOPES_MAX_ARNS + 1);
    expect(outcome.status).toBe('verified');
    expect(calls).toEqual({ describe: 0, describeScopes: [DESCRIBE_SCOPES_MAX_ARNS, 1] });
  });

  it('keeps the item open for a resource still live, named', async () => {
    const { inventory } = countedInventory(new Set([arnOf(2)]), true);
    const outcome = await verifyWith(inventory, 3);
    expect(outcome).toEqual({ status: 'open', reason: `still live by describe: ${arnOf(2)}` });
  });

  it('counts a resource describeScopes gives no answer for as live (its deletion is not proven)', async () => {
    const { inventory } = countedInventory(new Set(), true, new Set([arnOf(1)]));
    const outcome = await verifyWith(inventory, 3);
    expect(outcome).toEqual({ status: 'open', reason: `still live by describe: ${arnOf(1)}` });
  });

  it('describes each resource when the inventory has no describeScopes', async () => {
    const { inventory, calls } = countedInventory(new Set([arnOf(0)]), false);
    const outcome = await verifyWith(inventory, 3);
    expect(outcome).toEqual({ status: 'open', reason: `still live by describe: ${arnOf(0)}` });
    expect(calls).toEqual({ describe: 3, describeScopes: [] });
  });
});
