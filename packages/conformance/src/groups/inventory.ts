import type { InventoryPort, Resource, Workload } from '@decomkit/core';
import { assert, okValue, protectionFlagIs } from '../assertions.js';
import type { Ec2InventoryOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { IN_SCOPE, INSTANCES_WORLD } from '../standard-world.js';
import { type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { InstancesWorld } from '../world-fixtures.js';

/**
 * What {@link ec2InventoryConformance} builds: the `inventory` port and an oracle naming the instances.
 *
 * @example
 * ```ts
 * ec2InventoryConformance({ describe, it }, async (world): Promise<Ec2InventorySubject> => build(world));
 * ```
 */
export type Ec2InventorySubject = PortSubject<'inventory', Ec2InventoryOracle>;

type Source = Workload['source'];

async function discoverAll(inventory: InventoryPort, source: Source): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of inventory.discover(source)) found.push(...okValue(page, 'discover'));
  return found;
}

const bySelector = (select: Source['select'], regions: string[] = [INSTANCES_WORLD.region]): Source => ({
  accountId: INSTANCES_WORLD.accountId,
  regions,
  select,
});

/**
 * The `inventory` port on EC2 instances: discovery by selector (tags,
 * regions, explicit ARNs) and describe, read-only. Other resource types are
 * held to {@link resourceTypeConformance} rows.
 *
 * @example
 * ```ts
 * ec2InventoryConformance({ describe, it }, async (world) => {
 *   const cloud = await seed(world.instances);
 *   return { inventory: cloud.inventory, oracle: { arnOf: cloud.arnOf, mutatingCalls: cloud.mutatingCalls } };
 * });
 * ```
 */
export function ec2InventoryConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<InstancesWorld, Ec2InventorySubject>,
): void {
  runner.describe('inventory', () => {
    runner.it('discovers exactly the tagged resources in the selected regions, with their protection', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const before = await subject.oracle.mutatingCalls();
        const found = await discoverAll(subject.inventory, bySelector({ tags: { workload: 'payments' } }));
        const instances = found.filter((resource) => resource.type === 'AWS::EC2::Instance');
        assert.deepEqual(
          instances.map((resource) => resource.arn).sort(),
          IN_SCOPE.map((name) => subject.oracle.arnOf(name)).sort(),
        );
        for (const resource of instances) {
          assert.equal(resource.accountId, INSTANCES_WORLD.accountId);
          assert.equal(resource.region, INSTANCES_WORLD.region);
          assert.equal(resource.tags?.workload, 'payments');
          protectionFlagIs(
            resource.protection.deletion,
            resource.arn === subject.oracle.arnOf('locked'),
            `deletion protection of ${resource.arn}`,
          );
        }
        assert.equal(await subject.oracle.mutatingCalls(), before, 'discovery must not change anything');
      }),
    );

    runner.it('covers every selected region and explicit ARNs', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const inventory = subject.inventory;
        const twoRegions = await discoverAll(
          inventory,
          bySelector({ tags: { workload: 'payments' } }, [INSTANCES_WORLD.region, 'us-east-1']),
        );
        assert.ok(
          twoRegions.some((resource) => resource.arn === subject.oracle.arnOf('far')),
          'the us-east-1 instance is found',
        );
        const explicit = await discoverAll(inventory, bySelector({ arns: [subject.oracle.arnOf('billing')] }));
        assert.deepEqual(
          explicit.map((resource) => resource.arn),
          [subject.oracle.arnOf('billing')],
        );
      }),
    );

    runner.it('describes a resource, and answers null for one that does not exist', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const inventory = subject.inventory;
        const arn = subject.oracle.arnOf('web-1');
        const described = okValue(await inventory.describe(arn), 'describe');
        assert.equal(described?.arn, arn);
        assert.equal(described?.type, 'AWS::EC2::Instance');
        const missing = arn.replace(/instance\/.*/, 'instance/i-0000000000000dead');
        assert.equal(okValue(await inventory.describe(missing), 'describe missing'), null);
      }),
    );

    runner.it('discovers scopes (discoverScopes, where offered) as discover finds the resources', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const inventory = subject.inventory;
        const discoverScopes = inventory.discoverScopes?.bind(inventory);
        if (discoverScopes === undefined) return; // optional: the engine falls back to discover
        const source = bySelector({ tags: { workload: 'payments' } }, [INSTANCES_WORLD.region, 'us-east-1']);
        const whole = await discoverAll(inventory, source);
        const scopes: { arn: string; type: string; accountId: string; region: string; state: string }[] = [];
        for await (const page of discoverScopes(source)) {
          for (const scope of okValue(page, 'discoverScopes')) {
            const { arn, type, accountId, region, state } = scope;
            scopes.push({ arn, type, accountId, region, state });
          }
        }
        const sameFields = whole.map(({ arn, type, accountId, region, state }) => ({
          arn,
          type,
          accountId,
          region,
          state,
        }));
        const byArn = (left: { arn: string }, right: { arn: string }) => left.arn.localeCompare(right.arn);
        assert.ok(whole.length > 0, 'the world has resources to discover');
        assert.deepEqual([...scopes].sort(byArn), [...sameFields].sort(byArn));
      }),
    );

    runner.it('re-reads many at once (describeScopes, where offered) as describe reads each', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const inventory = subject.inventory;
        if (inventory.describeScopes === undefined) return; // optional: the engine falls back to describe
        const present = ['web-1', 'billing', 'far'].map((name) => subject.oracle.arnOf(name));
        const missing = (present[0] ?? '').replace(/instance\/.*/, 'instance/i-0000000000000dead');
        const asked = [...present, missing];
        const scopes = okValue(await inventory.describeScopes(asked), 'describeScopes');
        assert.deepEqual([...scopes.keys()].sort(), [...asked].sort(), 'every ARN asked is a key');
        assert.equal(scopes.get(missing), null, 'a resource that does not exist is null');
        for (const arn of present) {
          const one = okValue(await inventory.describe(arn), `describe ${arn}`);
          const scope = scopes.get(arn);
          assert.ok(one !== null && scope !== null && scope !== undefined, `${arn} is found both ways`);
          for (const field of ['arn', 'type', 'accountId', 'region', 'state'] as const) {
            assert.equal(scope[field], one[field], `${arn}: ${field}`);
          }
          assert.deepEqual(scope.tags, one.tags, `${arn}: tags`);
        }
      }),
    );
  });
}
