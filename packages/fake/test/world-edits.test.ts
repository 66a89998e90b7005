import { createFakeCloud, FakeInputError } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireEngine } from './retire-run.js';

const ID = 'i-0a1b2c3d4e5f60001';
const ARN = `arn:aws:ec2:eu-west-1:111122223333:instance/${ID}`;
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:payments-db';
const BUCKET = 'arn:aws:s3:::payments-exports';

function world() {
  return createFakeCloud({
    source: {
      instances: [{ id: ID, tags: { workload: 'payments' } }],
      dbInstances: [{ id: 'payments-db', tags: { workload: 'payments' } }],
      buckets: [{ bucketName: 'payments-exports', tags: { workload: 'payments' } }],
    },
  });
}

function thrown(run: () => unknown): FakeInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof FakeInputError) return error;
    throw error;
  }
  throw new Error('expected a FakeInputError');
}

describe('cloud.edit', () => {
  it('changes tags, tag readability, states and protection, as the APIs then report them', async () => {
    const cloud = world();
    cloud.edit.setTags(ARN, { workload: 'billing' });
    cloud.edit.setState(ARN, 'stopped');
    cloud.edit.setProtection(ARN, { deletion: true, stop: true });
    const instance = (await cloud.aws.ec2.describeInstances([ID]))._unsafeUnwrap()[0];
    expect(instance).toMatchObject({
      tags: { workload: 'billing' },
      state: 'stopped',
      terminationProtection: true,
      stopProtection: true,
    });
    cloud.edit.setProtection(DB, { deletion: true });
    cloud.edit.setState(DB, 'stopped');
    expect(cloud.source.dbInstances()[0]).toMatchObject({ status: 'stopped', deletionProtection: true });
    cloud.edit.setTagsReadable(BUCKET, false);
    const tagged = (await cloud.aws.tagging.getResources({ region: 'eu-west-1', arns: [ARN] }, null))._unsafeUnwrap();
    expect(tagged.resources[0]?.tags).toEqual({ workload: 'billing' });
    // AWS Config records the edits (the test's change shows as the console's would).
    expect(cloud.source.configItems().filter((item) => item.arn === ARN).length).toBeGreaterThan(0);
    // Edits are not API calls.
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('a protection turned on between plan and apply stops the termination (a Conflict naming the attribute)', async () => {
    const cloud = world();
    const engine = retireEngine(cloud);
    cloud.clock.set('2026-12-16T00:00:00Z');
    const plan = (await engine.plan())._unsafeUnwrap();
    cloud.edit.setProtection(ARN, { deletion: true });
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    expect(cloud.source.instance(ID).state).not.toBe('terminated');
    const failed = run.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .find((record) => record.status === 'failed');
    expect(failed?.reason).toContain('DisableApiTermination');
  });

  it('refuses what is wrong with a typed error naming the argument or the ARN', () => {
    const cloud = world();
    const unknown = thrown(() => cloud.edit.setTags(`${ARN}ff`, { a: 'b' }));
    expect(unknown.error).toMatchObject({ code: 'NotFound', resource: `${ARN}ff` });
    expect(unknown.message).toContain(`${ARN}ff`);
    expect(thrown(() => cloud.edit.setState('i-0a1b2c3d4e5f60001', 'stopped')).error).toMatchObject({
      code: 'InvalidInput',
      issues: [{ path: 'setState.arn' }],
    });
    expect(thrown(() => cloud.edit.setState(ARN, 'asleep')).message).toMatch(/^setState\.state: "asleep" is not/);
    expect(thrown(() => cloud.edit.setState(BUCKET, 'available')).message).toContain('AWS::S3::Bucket');
    expect(thrown(() => cloud.edit.setProtection(DB, { stop: true })).message).toMatch(/^setProtection\.stop: /);
    expect(thrown(() => cloud.edit.setProtection(BUCKET, { deletion: true })).message).toContain(
      'no deletion protection',
    );
    expect(thrown(() => cloud.edit.setProtection(ARN, {})).message).toMatch(/^setProtection\.change: /);
    expect(thrown(() => cloud.edit.setTags(ARN, { workload: 7 as unknown as string })).message).toMatch(
      /^setTags\.tags\.workload: 7 /,
    );
    expect(thrown(() => cloud.edit.setTagsReadable(ARN, 'no' as unknown as boolean)).error.code).toBe('InvalidInput');
    // Nothing was changed by the refused edits.
    expect(cloud.source.instance(ID)).toMatchObject({ state: 'running', terminationProtection: false });
  });
});
