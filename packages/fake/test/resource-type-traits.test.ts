import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';

describe('the traits of the fake resource types', () => {
  const types = createFakeCloud().providers.inventory.resourceTypes;
  const named = (pick: (traits: (typeof types)[number]) => boolean) =>
    types
      .filter(pick)
      .map((traits) => traits.type)
      .sort();

  it('lists every modelled type once, the catch-all of unmodelled types not among them', () => {
    expect(types.map((traits) => traits.type).sort()).toEqual(Object.values(AWS_TYPES).sort());
  });

  it('marks exactly the stoppable and the data-holding types', () => {
    expect(named((traits) => traits.stoppable)).toEqual(
      [
        AWS_TYPES.instance,
        AWS_TYPES.dbInstance,
        AWS_TYPES.dbCluster,
        AWS_TYPES.function,
        AWS_TYPES.ecsService,
        AWS_TYPES.rule,
        AWS_TYPES.warehouse,
        AWS_TYPES.distribution,
        AWS_TYPES.eksNodegroup,
        AWS_TYPES.eventSourceMapping,
        AWS_TYPES.kmsKey,
      ].sort(),
    );
    expect(named((traits) => traits.holdsData)).toEqual(
      [
        AWS_TYPES.instance,
        AWS_TYPES.volume,
        AWS_TYPES.dbInstance,
        AWS_TYPES.dbCluster,
        AWS_TYPES.table,
        AWS_TYPES.bucket,
        AWS_TYPES.logGroup,
        AWS_TYPES.fileSystem,
        AWS_TYPES.warehouse,
        AWS_TYPES.searchDomain,
      ].sort(),
    );
    expect(named((traits) => traits.noBackupMethod !== undefined)).toEqual([AWS_TYPES.searchDomain]);
  });

  it('says an Aurora cluster backup covers its members, and which metric shows traffic', () => {
    expect(
      types.filter((traits) => traits.backupCovers !== undefined).map((traits) => [traits.type, traits.backupCovers]),
    ).toEqual([[AWS_TYPES.dbCluster, [AWS_TYPES.dbInstance]]]);
    expect(
      Object.fromEntries(
        types.flatMap((traits) => (traits.traffic === undefined ? [] : [[traits.type, traits.traffic]])),
      ),
    ).toEqual({
      [AWS_TYPES.loadBalancer]: { namespace: 'AWS/ApplicationELB', metric: 'RequestCount', reportsWhile: [] },
      [AWS_TYPES.dbInstance]: { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
      [AWS_TYPES.instance]: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
    });
  });

  it('matches each type’s own ARNs only', () => {
    const arns: Record<string, string> = {
      [AWS_TYPES.instance]: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1',
      [AWS_TYPES.volume]: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1',
      [AWS_TYPES.dbCluster]: 'arn:aws:rds:eu-west-1:111122223333:cluster:c1',
      [AWS_TYPES.queue]: 'arn:aws:sqs:eu-west-1:111122223333:q1',
    };
    for (const [type, arn] of Object.entries(arns))
      expect(
        named((traits) => traits.matchesArn(arn)),
        arn,
      ).toEqual([type]);
  });
});
