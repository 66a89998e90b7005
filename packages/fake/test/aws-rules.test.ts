import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { REGION } from './support.js';

const tags = { workload: 'payments' };

describe('RDS delete parameters (AWS rejects what moto accepts)', () => {
  const cloud = () =>
    createFakeCloud({
      rdsDeleteMinutes: 0,
      source: { dbInstances: [{ id: 'db1', tags }], dbClusters: [{ id: 'c1', tags, members: ['c1-a'] }] },
    });

  it('needs SkipFinalSnapshot=true or a FinalDBSnapshotIdentifier: neither is InvalidParameterCombination', async () => {
    const fake = cloud();
    const neither = await fake.aws.rds.deleteDbInstance('db1', { skipFinalSnapshot: false });
    expect(neither._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput' });
    expect(neither._unsafeUnwrapErr().message).toMatch(
      /^InvalidParameterCombination: FinalDBSnapshotIdentifier is required/,
    );
    const both = await fake.aws.rds.deleteDbInstance('db1', { skipFinalSnapshot: true, finalSnapshotIdentifier: 'f1' });
    expect(both._unsafeUnwrapErr().message).toMatch(/^InvalidParameterCombination/);
    const badName = await fake.aws.rds.deleteDbInstance('db1', { finalSnapshotIdentifier: '1-bad--name' });
    expect(badName._unsafeUnwrapErr().message).toMatch(/^InvalidParameterValue/);
    expect(fake.source.dbInstance('db1')?.status).toBe('available');
  });

  it('records DeleteAutomatedBackups: AWS default (true) keeps nothing', async () => {
    const fake = cloud();
    (await fake.aws.rds.deleteDbInstance('db1', { skipFinalSnapshot: true }))._unsafeUnwrap();
    expect(fake.source.dbInstance('db1')).toBeUndefined();
    expect(fake.source.dbAutomatedBackups()).toEqual([]);
    expect(fake.source.dbSnapshots()).toEqual([]);
  });

  it('refuses a final snapshot on an Aurora member and a name already taken', async () => {
    const fake = cloud();
    const member = await fake.aws.rds.deleteDbInstance('c1-a', { finalSnapshotIdentifier: 'f1' });
    expect(member._unsafeUnwrapErr().message).toMatch(/^InvalidParameterCombination: .*cluster instance/);
    (await fake.aws.rdsSnapshots.createDbSnapshot('db1', 'taken', {}))._unsafeUnwrap();
    const taken = await fake.aws.rds.deleteDbInstance('db1', { finalSnapshotIdentifier: 'taken' });
    expect(taken._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(taken._unsafeUnwrapErr().message).toMatch(/^DBSnapshotAlreadyExists/);
  });

  it('answers DBInstanceNotFound / DBClusterNotFoundFault for unknown identifiers', async () => {
    const fake = cloud();
    expect((await fake.aws.rds.deleteDbInstance('ghost', { skipFinalSnapshot: true }))._unsafeUnwrapErr().code).toBe(
      'NotFound',
    );
    expect((await fake.aws.rds.stopDbCluster('ghost'))._unsafeUnwrapErr().message).toMatch(/^DBClusterNotFoundFault/);
  });
});

describe('Auto Scaling', () => {
  it('refuses DeleteAutoScalingGroup without ForceDelete while the group has instances (ResourceInUse)', async () => {
    const fake = createFakeCloud({ source: { autoScalingGroups: [{ groupName: 'asg', desiredCapacity: 2, tags }] } });
    const refused = await fake.aws.autoScaling.deleteAutoScalingGroup(REGION, 'asg');
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(refused._unsafeUnwrapErr().message).toMatch(/^ResourceInUse/);
    (await fake.aws.autoScaling.setDesiredCapacity(REGION, 'asg', 0))._unsafeUnwrap();
    expect(fake.source.instances().every((instance) => instance.state === 'terminated')).toBe(true);
    (await fake.aws.autoScaling.deleteAutoScalingGroup(REGION, 'asg'))._unsafeUnwrap();
    expect(fake.source.instances().filter((instance) => instance.state !== 'terminated')).toEqual([]);
    const missing = await fake.aws.autoScaling.deleteAutoScalingGroup(REGION, 'asg');
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: 'NotFound' });
  });
});

describe('EC2 by id', () => {
  it('answers the AWS NotFound codes for unknown ids', async () => {
    const fake = createFakeCloud();
    expect((await fake.aws.ebs.deleteVolume('vol-x'))._unsafeUnwrapErr().message).toMatch(/^InvalidVolume.NotFound/);
    expect((await fake.aws.ebs.deleteSnapshot('snap-x'))._unsafeUnwrapErr().message).toMatch(
      /^InvalidSnapshot.NotFound/,
    );
    expect((await fake.aws.images.deregisterImage('ami-x'))._unsafeUnwrapErr().message).toMatch(
      /^InvalidAMIID.NotFound/,
    );
    expect((await fake.aws.network.releaseAddress('eipalloc-x'))._unsafeUnwrapErr().message).toMatch(
      /^InvalidAllocationID.NotFound/,
    );
    expect((await fake.aws.network.deleteSecurityGroup('sg-x'))._unsafeUnwrapErr().message).toMatch(
      /^InvalidGroup.NotFound/,
    );
    expect((await fake.aws.elb.deleteTargetGroup('arn:aws:elasticloadbalancing:x'))._unsafeUnwrapErr().code).toBe(
      'NotFound',
    );
    expect(fake.calls.mutating().map((call) => call.operation)).toEqual([
      'DeleteVolume',
      'DeleteSnapshot',
      'DeregisterImage',
      'ReleaseAddress',
      'DeleteSecurityGroup',
      'DeleteTargetGroup',
    ]);
  });

  it('disassociates then releases an Elastic IP through the raw API', async () => {
    const fake = createFakeCloud({
      source: { instances: [{ id: 'i-1' }], addresses: [{ allocationId: 'eipalloc-1', instanceId: 'i-1' }] },
    });
    const association = fake.source.addresses()[0]?.associationId ?? '';
    (await fake.aws.network.disassociateAddress(association))._unsafeUnwrap();
    (await fake.aws.network.releaseAddress('eipalloc-1'))._unsafeUnwrap();
    expect(fake.source.addresses()).toEqual([]);
  });

  it('injects faults into the new calls like any other', async () => {
    const fake = createFakeCloud({ source: { volumes: [{ id: 'vol-1' }] } });
    fake.faults.inject({ service: 'ec2', operation: 'DeleteVolume', error: 'throttled', times: 1 });
    expect((await fake.aws.ebs.deleteVolume('vol-1'))._unsafeUnwrapErr().code).toBe('Throttled');
    expect(fake.source.volumes()).toHaveLength(1);
    (await fake.aws.ebs.deleteVolume('vol-1'))._unsafeUnwrap();
    expect(fake.source.volumes()).toEqual([]);
  });
});
