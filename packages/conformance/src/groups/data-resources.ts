import { assert } from '../assertions.js';
import { DATA_IN_SCOPE, DATA_TYPES, DATA_WORLD, dataArnOf, dataSource, FAR_BUCKET } from '../data-resource-fixtures.js';
import type { ResourceTypeOracle, ResourceTypeRow } from '../resource-type-row.js';
import type { ConformanceTarget, WorldFixture } from '../target.js';
import { type StrictOracle, subjectsOf } from '../target-subjects.js';

/** A row's factory: the target builds DATA_WORLD with this type's fixtures only, the oracle reads them by `state`. */
function rowWorld(
  target: ConformanceTarget,
  fixtures: Pick<WorldFixture, 'buckets' | 'tables' | 'functions'>,
  oracleOf: (oracle: StrictOracle) => Omit<ResourceTypeOracle, 'mutatingCalls' | 'advanceTime'>,
): ResourceTypeRow['create'] {
  const world: WorldFixture = { ...DATA_WORLD, buckets: [], tables: [], functions: [], ...fixtures };
  const create = subjectsOf(target, world, ['inventory', 'retirement']);
  return async () => {
    const subject = await create(undefined);
    const { mutatingCalls, advanceTime } = subject.oracle;
    return { ...subject, oracle: { mutatingCalls, advanceTime, ...oracleOf(subject.oracle) } };
  };
}

/** The resource a hook reads; fails when the oracle finds none. */
function present<T>(found: T | null, name: string): T {
  assert.ok(found !== null, `${name} exists`);
  return found;
}

/**
 * S3 buckets, DynamoDB tables and Lambda functions as
 * {@link resourceTypeConformance} rows over a whole-provider target (its
 * `bucket`, `table` and `lambdaFunction` oracle hooks): a bucket holding
 * objects is never deleted (Conflict), a table has deletion protection, a
 * function stops as reserved concurrency 0; sub-resource and qualified ARNs
 * are refused.
 *
 * @example
 * ```ts
 * resourceTypeConformance({ describe, it }, dataResourceRows(myAwsTarget));
 * ```
 */
export function dataResourceRows(target: ConformanceTarget): ResourceTypeRow[] {
  const { accountId, region } = DATA_WORLD;
  const source = dataSource();
  return [
    {
      type: DATA_TYPES.bucket,
      create: rowWorld(target, { buckets: DATA_WORLD.buckets }, (oracle) => ({ state: oracle.bucket })),
      arnOf: dataArnOf.bucket,
      source,
      inScope: DATA_IN_SCOPE.buckets,
      lookAlikes: [
        { name: 'payments-archive-1', tags: { workload: 'payments-archive' } },
        { name: 'payments-untagged-1', tags: {} },
      ],
      missing: 'payments-missing-1',
      wrongArns: [
        `${dataArnOf.bucket('payments-exports-1')}/an/object.txt`,
        `arn:aws:s3:${region}:${accountId}:payments-exports-1`,
      ],
      deletable: 'payments-scratch-1',
      refusedDeletes: ['payments-exports-1'],
      elsewhere: FAR_BUCKET,
    },
    {
      type: DATA_TYPES.table,
      create: rowWorld(target, { tables: DATA_WORLD.tables }, (oracle) => ({
        state: oracle.table,
        deletionProtection: async (name) => present(await oracle.table(name), name).deletionProtection,
      })),
      arnOf: dataArnOf.table,
      source,
      inScope: DATA_IN_SCOPE.tables,
      lookAlikes: [{ name: 'archive-sessions', tags: { workload: 'payments-archive' } }],
      missing: 'payments-missing',
      wrongArns: [
        `${dataArnOf.table('payments-sessions')}/stream/2026-01-01T00:00:00.000`,
        `${dataArnOf.table('payments-sessions')}/index/by-user`,
      ],
      protectedNames: ['payments-sessions'],
      deleteOfMissing: 'NotFound',
    },
    {
      type: DATA_TYPES.function,
      create: rowWorld(target, { functions: DATA_WORLD.functions }, (oracle) => ({
        state: oracle.lambdaFunction,
        stopped: async (name) => present(await oracle.lambdaFunction(name), name).reservedConcurrency === 0,
      })),
      arnOf: dataArnOf.function,
      source,
      inScope: DATA_IN_SCOPE.functions,
      lookAlikes: [{ name: 'archive-worker', tags: { workload: 'payments-archive' } }],
      missing: 'payments-missing',
      wrongArns: [`${dataArnOf.function('payments-worker')}:3`, `${dataArnOf.function('payments-worker')}:live`],
      stoppable: true,
    },
  ];
}
