import type { InvalidInputError } from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed, FakeInputError } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';

function refusal(seed: FakeCloudSeed): InvalidInputError {
  try {
    createFakeCloud(seed);
  } catch (error) {
    if (error instanceof FakeInputError && error.error.code === 'InvalidInput') return error.error;
    throw error;
  }
  throw new Error('expected the seed to be refused');
}

describe('seeds are checked when the cloud is created', () => {
  it('refuses an instance id the fake would plan and then never act on, naming the field and the value', () => {
    const error = refusal({ source: { instances: [{ id: 'i-0a1b2c3d' }, { id: 'web-1', tags: { workload: 'x' } }] } });
    expect(error.issues).toEqual([
      { path: 'source.instances[1].id', message: expect.stringContaining('"web-1" is not a AWS::EC2::Instance id') },
    ]);
    expect(error.message).toContain('source.instances[1].id');
  });

  it('refuses ARNs of the wrong format, place or partition, which used to drop out of the inventory unseen', () => {
    const glue = (arn: string) => ({ type: 'AWS::Glue::Job', name: 'job', arn, tags: { workload: 'x' } });
    const error = refusal({
      source: {
        otherResources: [
          glue('arn:aws:glue:eu-west-1:1111:job/short-account'),
          glue('arn:aws:glue:europe:111122223333:job/bad-region'),
          glue('arn:azure:glue:eu-west-1:111122223333:job/bad-partition'),
          glue('glue:job/not-an-arn'),
          glue('arn:aws:glue:us-east-1:111122223333:job/elsewhere'),
          glue('arn:aws:glue:eu-west-1:111122223333:job/fine'),
        ],
      },
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'source.otherResources[0].arn',
      'source.otherResources[1].arn',
      'source.otherResources[2].arn',
      'source.otherResources[3].arn',
      'source.otherResources[4].region',
    ]);
    expect(error.issues[0]?.message).toContain('"1111", which is not a 12-digit account id');
    expect(error.issues[1]?.message).toContain('"europe", which is not a region');
  });

  it('refuses a malformed account id or region, of the world or of one resource', () => {
    expect(refusal({ accountId: '1234' }).issues[0]).toMatchObject({ path: 'accountId' });
    expect(refusal({ region: 'Ireland' }).issues[0]).toMatchObject({ path: 'region' });
    const error = refusal({ source: { volumes: [{ id: 'vol-0a1b2c3d', accountId: '42' }] } });
    expect(error.issues.map((issue) => issue.path)).toContain('source.volumes[0].accountId');
  });

  it("idFormat 'aws' refuses ids that are not in AWS's format; the default accepts the fake's", () => {
    const seed = { source: { instances: [{ id: 'i-pay0' }, { id: 'i-0a1b2c3d4e5f60001' }, { id: 'i-0a1b2c3d' }] } };
    expect(createFakeCloud(seed).source.instances()).toHaveLength(3);
    const error = refusal({ ...seed, idFormat: 'aws' });
    expect(error.issues).toEqual([
      { path: 'source.instances[0].id', message: '"i-pay0" is not an AWS id (prefix, then 8 or 17 hex digits)' },
    ]);
  });

  it('accepts every well-formed seed (the default world, and a world of many types)', () => {
    expect(() => createFakeCloud()).not.toThrow();
    expect(() =>
      createFakeCloud({
        idFormat: 'aws',
        source: {
          instances: [{ id: 'i-0a1b2c3d4e5f60001', region: 'us-east-1' }],
          volumes: [{ id: 'vol-0a1b2c3d', instanceId: 'i-0a1b2c3d4e5f60001', region: 'us-east-1' }],
          buckets: [{ bucketName: 'payments-exports' }],
          dbInstances: [{ id: 'payments-db' }],
        },
      }),
    ).not.toThrow();
  });
});
