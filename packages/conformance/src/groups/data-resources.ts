import { type ActionHandler, type InventoryPort, portHandler, type Resource } from '@decomkit/core';
import { assert, errorOf, okValue, portOf, withWorld } from '../assertions.js';
import {
  arnAction,
  DATA_IN_SCOPE,
  DATA_TYPES,
  DATA_WORLD,
  dataArnOf,
  dataSource,
  FAR_BUCKET,
  resourceAction,
} from '../data-resource-fixtures.js';
import { handlerContext, oracleMethod, runToCompletion } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget, ProviderUnderTest } from '../target.js';

/** The resource at `arn` as the inventory describes it; fails when it does not exist. */
async function described(inventory: InventoryPort, arn: string): Promise<Resource> {
  const resource = okValue(await inventory.describe(arn), `describe ${arn}`);
  assert.ok(resource !== null, `${arn} is described`);
  return resource;
}

/** The retirement port's handler of `kind`; fails when there is none. */
function handlerOf(subject: ProviderUnderTest, kind: string): ActionHandler {
  const handler = portHandler(portOf(subject, 'retirement'), kind);
  assert.ok(handler !== undefined, `handler ${kind}`);
  return handler;
}

/** Every resource of the three types the inventory discovers for `regions`. */
async function discoverData(inventory: InventoryPort, regions?: readonly string[]): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of inventory.discover(dataSource(regions))) found.push(...okValue(page, 'discover'));
  const types: readonly string[] = Object.values(DATA_TYPES);
  return found.filter((resource) => types.includes(resource.type));
}

/** Asserts the target made no mutating call since `before` (when it can count them). */
async function nothingChangedSince(subject: ProviderUnderTest, before: number | null, what: string) {
  assert.equal(await subject.oracle.mutatingCalls(), before, `${what} must not change anything`);
}

/**
 * S3 buckets, DynamoDB tables and Lambda functions in the `inventory` and
 * `retirement` ports: discovery by tag, the rules AWS enforces on deletion
 * (a non-empty bucket, a protected table), stop as reserved concurrency 0,
 * reconcile telling the truth before and after, wrong ARNs refused.
 */
export function dataResourcesGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('data resources (S3 buckets, DynamoDB tables, Lambda functions)', () => {
    runner.it('supports the three types and has the three retirement handlers', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const retirement = portOf(subject, 'retirement');
        for (const type of Object.values(DATA_TYPES)) assert.ok(retirement.supportedTypes.includes(type), type);
        for (const kind of ['resource.stop', 'resource.delete', 'protection.lift']) handlerOf(subject, kind);
      }),
    );

    runner.it('discovers the tagged bucket, table and function by the workload tag, not the look-alikes', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const before = await subject.oracle.mutatingCalls();
        const data = await discoverData(portOf(subject, 'inventory'));
        const expected = [
          ...DATA_IN_SCOPE.buckets.map((name) => ({ name, arn: dataArnOf.bucket(name), type: DATA_TYPES.bucket })),
          ...DATA_IN_SCOPE.tables.map((name) => ({ name, arn: dataArnOf.table(name), type: DATA_TYPES.table })),
          ...DATA_IN_SCOPE.functions.map((name) => ({
            name,
            arn: dataArnOf.function(name),
            type: DATA_TYPES.function,
          })),
        ];
        assert.deepEqual(data.map((resource) => resource.arn).sort(), expected.map((entry) => entry.arn).sort());
        for (const entry of expected) {
          const resource = data.find((candidate) => candidate.arn === entry.arn);
          assert.ok(resource !== undefined, entry.arn);
          assert.equal(resource.type, entry.type, `${entry.arn}: type`);
          assert.equal(resource.name, entry.name, `${entry.arn}: name`);
          assert.equal(resource.accountId, DATA_WORLD.accountId, `${entry.arn}: account`);
          assert.equal(resource.region, DATA_WORLD.region, `${entry.arn}: region`);
          assert.equal(resource.tags?.workload, 'payments', `${entry.arn}: tags`);
          assert.equal(
            resource.protection.deletion,
            entry.name === 'payments-sessions',
            `${entry.arn}: deletion protection`,
          );
          assert.equal(resource.protection.stop, false, `${entry.arn}: stop protection`);
        }
        await nothingChangedSince(subject, before, 'discovery');
      }),
    );

    runner.it('finds a bucket in the selected region it lives in (GetBucketLocation), not in the others', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const inventory = portOf(subject, 'inventory');
        const far = dataArnOf.bucket(FAR_BUCKET.name);
        const there = await discoverData(inventory, [FAR_BUCKET.region]);
        assert.deepEqual(
          there.map((resource) => resource.arn),
          [far],
          `only ${FAR_BUCKET.name} is in scope in ${FAR_BUCKET.region}`,
        );
        assert.equal(there[0]?.region, FAR_BUCKET.region);
        const both = await discoverData(inventory, [DATA_WORLD.region, FAR_BUCKET.region]);
        const inWorldRegion = Object.values(DATA_IN_SCOPE).reduce((count, names) => count + names.length, 0);
        assert.equal(both.length, inWorldRegion + 1, 'the resources of the world region, and the far bucket');
        assert.equal(both.find((resource) => resource.arn === far)?.region, FAR_BUCKET.region);
        assert.equal((await described(inventory, far)).region, FAR_BUCKET.region, 'described where it lives');
      }),
    );

    runner.it('describes each (look-alikes too; null when missing), and describeScopes where offered agrees', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const inventory = portOf(subject, 'inventory');
        const untagged = await described(inventory, dataArnOf.bucket('payments-untagged-1'));
        assert.deepEqual({ ...untagged.tags }, {}, 'a bucket without a tag set has no tags');
        const lookAlike = await described(inventory, dataArnOf.table('archive-sessions'));
        // Spread: a provider may keep tags on a null-prototype record (so that a `__proto__` key is kept).
        assert.deepEqual({ ...lookAlike.tags }, { workload: 'payments-archive' });
        const present = [
          dataArnOf.bucket('payments-exports-1'),
          dataArnOf.table('payments-sessions'),
          dataArnOf.function('archive-worker'),
        ];
        const missing = [
          dataArnOf.bucket('payments-missing-1'),
          dataArnOf.table('payments-missing'),
          dataArnOf.function('payments-missing'),
        ];
        for (const arn of missing) assert.equal(okValue(await inventory.describe(arn), `describe ${arn}`), null, arn);
        if (inventory.describeScopes === undefined) return; // optional: the engine falls back to describe
        const scopes = okValue(await inventory.describeScopes([...present, ...missing]), 'describeScopes');
        for (const arn of missing) assert.equal(scopes.get(arn), null, `${arn} is null`);
        for (const arn of present) {
          const one = await described(inventory, arn);
          const scope = scopes.get(arn);
          assert.ok(scope !== null && scope !== undefined, `${arn} is found both ways`);
          for (const field of ['arn', 'type', 'accountId', 'region', 'state'] as const) {
            assert.equal(scope[field], one[field], `${arn}: ${field}`);
          }
          assert.deepEqual(scope.tags, one.tags, `${arn}: tags`);
        }
      }),
    );

    runner.it('deletes an empty bucket: reconcile absent before, done after; a second delete does no harm', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const bucket = oracleMethod(subject.oracle, 'bucket');
        const inventory = portOf(subject, 'inventory');
        const remove = handlerOf(subject, 'resource.delete');
        const action = resourceAction(
          'resource.delete',
          await described(inventory, dataArnOf.bucket('payments-scratch-1')),
        );
        const context = handlerContext(subject.providers, action);
        assert.equal(okValue(await remove.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await runToCompletion(remove, action, context, subject.oracle), 'delete').status, 'done');
        assert.equal(await bucket('payments-scratch-1'), null, 'the bucket is gone');
        assert.equal(okValue(await remove.reconcile(action, context), 'reconcile after').status, 'done');
        assert.equal(okValue(await inventory.describe(action.target.ref), 'describe deleted'), null);
        const again = await remove.execute(action, context);
        assert.ok(again.isOk() || again.error.code === 'NotFound', 'deleting twice is harmless');
        assert.deepEqual(await bucket('payments-exports-1'), { objects: 2 }, 'the other bucket is untouched');
      }),
    );

    runner.it('refuses to delete a bucket holding objects (Conflict), never empties it', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const bucket = oracleMethod(subject.oracle, 'bucket');
        const remove = handlerOf(subject, 'resource.delete');
        const resource = await described(portOf(subject, 'inventory'), dataArnOf.bucket('payments-exports-1'));
        const action = resourceAction('resource.delete', resource);
        const context = handlerContext(subject.providers, action);
        const before = await subject.oracle.mutatingCalls();
        errorOf(await remove.execute(action, context), 'Conflict', 'delete a non-empty bucket');
        await nothingChangedSince(subject, before, 'a refused delete');
        assert.deepEqual(
          await bucket('payments-exports-1'),
          { objects: 2 },
          'the bucket still exists with its objects',
        );
        assert.equal(okValue(await remove.reconcile(action, context), 'reconcile refused').status, 'absent');
      }),
    );

    runner.it('refuses to delete a protected table (Conflict) until protection.lift runs, then deletes it', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const table = oracleMethod(subject.oracle, 'table');
        const inventory = portOf(subject, 'inventory');
        const remove = handlerOf(subject, 'resource.delete');
        const lift = handlerOf(subject, 'protection.lift');
        const arn = dataArnOf.table('payments-sessions');
        const deletion = resourceAction('resource.delete', await described(inventory, arn));
        const deletionContext = handlerContext(subject.providers, deletion);
        const before = await subject.oracle.mutatingCalls();
        errorOf(await remove.execute(deletion, deletionContext), 'Conflict', 'delete a protected table');
        await nothingChangedSince(subject, before, 'a refused delete');
        assert.deepEqual(await table('payments-sessions'), { status: 'ACTIVE', deletionProtection: true });
        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile refused').status, 'absent');

        const lifting = resourceAction('protection.lift', await described(inventory, arn));
        const liftingContext = handlerContext(subject.providers, lifting);
        assert.equal(okValue(await lift.reconcile(lifting, liftingContext), 'reconcile lift before').status, 'absent');
        assert.equal(
          okValue(await runToCompletion(lift, lifting, liftingContext, subject.oracle), 'lift').status,
          'done',
        );
        assert.equal((await table('payments-sessions'))?.deletionProtection, false, 'protection is off');
        assert.equal(okValue(await lift.reconcile(lifting, liftingContext), 'reconcile lift after').status, 'done');
        assert.equal((await described(inventory, arn)).protection.deletion, false, 'described unprotected');

        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile before').status, 'absent');
        const deleted = await runToCompletion(remove, deletion, deletionContext, subject.oracle);
        assert.equal(okValue(deleted, 'delete').status, 'done');
        assert.equal(await table('payments-sessions'), null, 'the table is gone');
        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile after').status, 'done');
        assert.equal(okValue(await inventory.describe(arn), 'describe deleted'), null);
        assert.equal((await table('archive-sessions'))?.status, 'ACTIVE', 'the look-alike is untouched');
      }),
    );

    runner.it('stops a function with reserved concurrency 0, then deletes it; reconcile tells each apart', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const lambdaFunction = oracleMethod(subject.oracle, 'lambdaFunction');
        const inventory = portOf(subject, 'inventory');
        const arn = dataArnOf.function('payments-worker');
        const stop = handlerOf(subject, 'resource.stop');
        const stopping = resourceAction('resource.stop', await described(inventory, arn));
        const stoppingContext = handlerContext(subject.providers, stopping);
        assert.equal(
          okValue(await stop.reconcile(stopping, stoppingContext), 'reconcile stop before').status,
          'absent',
        );
        assert.equal(
          okValue(await runToCompletion(stop, stopping, stoppingContext, subject.oracle), 'stop').status,
          'done',
        );
        assert.deepEqual(await lambdaFunction('payments-worker'), { reservedConcurrency: 0 });
        assert.equal(okValue(await stop.reconcile(stopping, stoppingContext), 'reconcile stop after').status, 'done');
        assert.deepEqual(await lambdaFunction('archive-worker'), { reservedConcurrency: null }, 'look-alike untouched');

        const remove = handlerOf(subject, 'resource.delete');
        const deletion = resourceAction('resource.delete', await described(inventory, arn));
        const deletionContext = handlerContext(subject.providers, deletion);
        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile before').status, 'absent');
        assert.equal(
          okValue(await runToCompletion(remove, deletion, deletionContext, subject.oracle), 'delete').status,
          'done',
        );
        assert.equal(await lambdaFunction('payments-worker'), null, 'the function is gone');
        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile after').status, 'done');
        assert.equal(okValue(await inventory.describe(arn), 'describe deleted'), null);
        assert.deepEqual(await lambdaFunction('archive-worker'), { reservedConcurrency: null }, 'look-alike untouched');
      }),
    );

    runner.it(
      'answers for resources that do not exist: a delete is done (table: NotFound), a stop or lift NotFound',
      () =>
        withWorld(target, DATA_WORLD, async (subject) => {
          const outcomes = [
            ['resource.delete', dataArnOf.bucket('payments-missing-1'), DATA_TYPES.bucket, 'done'],
            ['resource.delete', dataArnOf.function('payments-missing'), DATA_TYPES.function, 'done'],
            ['resource.delete', dataArnOf.table('payments-missing'), DATA_TYPES.table, 'NotFound'],
            ['protection.lift', dataArnOf.table('payments-missing'), DATA_TYPES.table, 'NotFound'],
            ['resource.stop', dataArnOf.function('payments-missing'), DATA_TYPES.function, 'NotFound'],
          ] as const;
          for (const [kind, arn, type, expected] of outcomes) {
            const action = arnAction(kind, arn, type);
            const outcome = await handlerOf(subject, kind).execute(action, handlerContext(subject.providers, action));
            if (expected === 'done') assert.equal(okValue(outcome, `${kind} ${arn}`).status, 'done', `${kind} ${arn}`);
            else errorOf(outcome, expected, `${kind} ${arn}`);
            const reconciled = okValue(
              await handlerOf(subject, kind).reconcile(action, handlerContext(subject.providers, action)),
              `reconcile ${kind} ${arn}`,
            );
            assert.equal(reconciled.status, kind === 'resource.delete' ? 'done' : 'absent', `reconcile ${kind} ${arn}`);
          }
        }),
    );

    runner.it('refuses a wrong ARN type, and stop on a bucket or table (InvalidInput), changing nothing', () =>
      withWorld(target, DATA_WORLD, async (subject) => {
        const before = await subject.oracle.mutatingCalls();
        const wrong = [
          [`${dataArnOf.bucket('payments-exports-1')}/an/object.txt`, DATA_TYPES.bucket],
          [`arn:aws:s3:${DATA_WORLD.region}:${DATA_WORLD.accountId}:payments-exports-1`, DATA_TYPES.bucket],
          [`${dataArnOf.table('payments-sessions')}/stream/2026-01-01T00:00:00.000`, DATA_TYPES.table],
          [`${dataArnOf.table('payments-sessions')}/index/by-user`, DATA_TYPES.table],
          [`${dataArnOf.function('payments-worker')}:3`, DATA_TYPES.function],
          [`${dataArnOf.function('payments-worker')}:live`, DATA_TYPES.function],
        ] as const;
        for (const [arn, type] of wrong) {
          for (const kind of ['resource.stop', 'resource.delete', 'protection.lift']) {
            const action = arnAction(kind, arn, type);
            errorOf(
              await handlerOf(subject, kind).execute(action, handlerContext(subject.providers, action)),
              'InvalidInput',
              `${kind} on ${arn}`,
            );
          }
        }
        const inventory = portOf(subject, 'inventory');
        for (const arn of [dataArnOf.bucket('payments-exports-1'), dataArnOf.table('payments-sessions')]) {
          const action = resourceAction('resource.stop', await described(inventory, arn));
          errorOf(
            await handlerOf(subject, 'resource.stop').execute(action, handlerContext(subject.providers, action)),
            'InvalidInput',
            `stop ${arn}`,
          );
        }
        await nothingChangedSince(subject, before, 'a refused action');
      }),
    );
  });
}
