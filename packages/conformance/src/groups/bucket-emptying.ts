import type { Action, Resource } from '@decomkit/core';
import { assert, errorOf, okValue } from '../assertions.js';
import { DATA_WORLD, dataArnOf } from '../data-resource-fixtures.js';
import { resourceAction, runToCompletion } from '../fixtures.js';
import { described, handlerOf, nothingChangedSince } from '../resource-type-helpers.js';
import type { ConformanceRunner } from '../runner.js';
import { contextOf, withSubject } from '../subject.js';
import type { ConformanceTarget, WorldFixture } from '../target.js';
import { subjectsOf } from '../target-subjects.js';
import type { BucketFixture } from '../world-fixtures.js';

/** A versioned bucket of the workload: 3 object versions of 4 bytes each, and 2 delete markers. */
const VERSIONED: BucketFixture = {
  name: 'payments-versions-1',
  tags: { workload: 'payments' },
  objects: 3,
  deleteMarkers: 2,
};
/** A bucket of the workload under Object Lock, holding one object version. */
const LOCKED: BucketFixture = {
  name: 'payments-locked-1',
  tags: { workload: 'payments' },
  objects: 1,
  objectLock: true,
};

/**
 * The world of {@link bucketEmptyingConformance}: DATA_WORLD's account and
 * region, these two buckets only.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(BUCKET_EMPTYING_WORLD); // what a target's create builds from
 * ```
 */
export const BUCKET_EMPTYING_WORLD: WorldFixture = {
  ...DATA_WORLD,
  buckets: [VERSIONED, LOCKED],
  tables: [],
  functions: [],
};

/** The delete of `resource` as the engine sends it, emptying first as `emptyContents` says (none: never). */
function deleteOf(resource: Resource, emptyContents?: string): Action {
  const action = resourceAction('resource.delete', resource);
  return emptyContents === undefined ? action : { ...action, params: { emptyContents } };
}

/**
 * Holds a provider's S3 bucket delete to the emptying rules (the engine adds
 * `params.emptyContents` only where the workload's policy for
 * `AWS::S3::Bucket` says so, and gates that delete on the bucket's
 * completed recovery point or the workload's backup waiver: the core's
 * required gates). A bucket holding object versions and delete markers is
 * refused unless the delete carries `emptyContents`; with
 * `delete-versions` every version and delete marker goes, then the bucket,
 * and the result counts what it held (versions, delete markers, bytes); a
 * bucket under Object Lock is a blocker named on describe and its delete is
 * refused, nothing deleted. Through the `inventory` and `retirement` ports;
 * the oracle's `bucket` hook counts what a bucket holds.
 *
 * @example
 * ```ts
 * bucketEmptyingConformance({ describe, it }, myAwsTarget);
 * ```
 */
export function bucketEmptyingConformance(runner: ConformanceRunner, target: ConformanceTarget): void {
  const create = subjectsOf(target, BUCKET_EMPTYING_WORLD, ['inventory', 'retirement']);
  const held = (fixture: BucketFixture) => (fixture.objects ?? 0) + (fixture.deleteMarkers ?? 0);
  runner.describe('S3 bucket emptying', () => {
    runner.it('refuses to delete a bucket holding versions and delete markers unless the delete says to empty it', () =>
      withSubject(create, undefined, async (subject) => {
        const bucket = await described(subject.inventory, dataArnOf.bucket(VERSIONED.name));
        const action = deleteOf(bucket);
        const before = await subject.oracle.mutatingCalls();
        const refused = errorOf(
          await handlerOf(subject, 'resource.delete').execute(action, contextOf(subject, action)),
          'Conflict',
          `delete ${VERSIONED.name}`,
        );
        assert.match(refused.message, /emptyContents/, 'the refusal names the policy that would allow it');
        await nothingChangedSince(subject.oracle, before, 'a refused delete');
        assert.deepEqual(await subject.oracle.bucket(VERSIONED.name), { objects: held(VERSIONED) });
      }),
    );

    runner.it(
      'empties it under emptyContents delete-versions (every version and delete marker), then deletes it, counting what it held',
      () =>
        withSubject(create, undefined, async (subject) => {
          const bucket = await described(subject.inventory, dataArnOf.bucket(VERSIONED.name));
          const remove = handlerOf(subject, 'resource.delete');
          const action = deleteOf(bucket, 'delete-versions');
          const context = contextOf(subject, action);
          assert.equal(okValue(await remove.reconcile(action, context), 'reconcile before').status, 'absent');
          const outcome = okValue(await runToCompletion(remove, action, context, subject.oracle), 'delete');
          assert.ok(outcome.status === 'done', 'the delete is done');
          assert.deepEqual(
            outcome.result.contentsBefore,
            {
              objectVersions: VERSIONED.objects,
              deleteMarkers: VERSIONED.deleteMarkers,
              bytes: 4 * (VERSIONED.objects ?? 0),
            },
            'the evidence counts the versions, the delete markers and their bytes before',
          );
          assert.equal(outcome.result.emptiedBy, 'delete-versions');
          assert.equal(await subject.oracle.bucket(VERSIONED.name), null, `${VERSIONED.name} is gone`);
          assert.equal(okValue(await remove.reconcile(action, context), 'reconcile after').status, 'done');
          assert.deepEqual(await subject.oracle.bucket(LOCKED.name), { objects: held(LOCKED) }, 'the other untouched');
        }),
    );

    runner.it('names a bucket under Object Lock as a blocker, and refuses to empty it, deleting nothing', () =>
      withSubject(create, undefined, async (subject) => {
        const arn = dataArnOf.bucket(LOCKED.name);
        const bucket = await described(subject.inventory, arn);
        const blocker = bucket.retireBlockers?.find((candidate) => candidate.code === 'bucket-object-lock');
        assert.ok(blocker !== undefined, `${arn} is described with the bucket-object-lock blocker`);
        assert.ok(blocker.message.includes(arn), 'the blocker names the bucket');
        const action = deleteOf(bucket, 'delete-versions');
        const before = await subject.oracle.mutatingCalls();
        const refused = errorOf(
          await handlerOf(subject, 'resource.delete').execute(action, contextOf(subject, action)),
          'Conflict',
          `delete ${LOCKED.name}`,
        );
        assert.ok(refused.message.includes(arn), 'the refusal names the bucket');
        assert.match(refused.message, /Object Lock/, 'the refusal says why');
        await nothingChangedSince(subject.oracle, before, 'a refused emptying');
        assert.deepEqual(await subject.oracle.bucket(LOCKED.name), { objects: held(LOCKED) }, 'nothing deleted');
      }),
    );
  });
}
