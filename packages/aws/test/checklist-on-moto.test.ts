import { DescribeInstancesCommand, DescribeVolumesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { awsSource } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { type SeededWorkload, seedWorkload } from './support/moto-workload.js';

withOwnMoto();

/** The user's own cutover check (the standard one reads CloudWatch and Azure Monitor, out of this test's scope). */
const cutoverConfirmedByHand = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [], findings: [] }),
  verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
});

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
  policies: { 'AWS::RDS::DBInstance': { liftProtection: true } },
})._unsafeUnwrap();

describe('final backups and retirement through the engine, on moto_server', () => {
  let world: SeededWorkload;
  beforeEach(async () => {
    await resetMoto();
    world = await seedWorkload(motoClients(), { rootVolumes: true });
  });

  it('plans with zero mutating requests, then retires exactly the in-scope resources after their backups', async () => {
    const providers = awsSource({
      region: TEST_REGION,
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      backups: { defaultMethod: 'native', awsBackup: false },
      pollMilliseconds: 20,
    });
    const checklist = createChecklist(workload, [cutoverConfirmedByHand, finalBackups, retireResources]);
    const engine = createEngine({ checklist, providers, journal: memoryJournal() })._unsafeUnwrap();

    const before = await recordedRequests();
    const mutatingBefore = (await mutatingRequests()).length;
    const plan = (await engine.plan())._unsafeUnwrap();
    const during = (await recordedRequests()).slice(before.length);
    expect(during.length).toBeGreaterThan(0); // it did read moto…
    expect((await mutatingRequests()).length).toBe(mutatingBefore); // …and changed nothing

    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    // The VPC holds another workload's security group: none of its networking is retired.
    expect(retire?.findings).toContainEqual(
      expect.objectContaining({
        code: 'retired-only-together',
        resource: world.vpcArn,
        message: expect.stringContaining(world.vpcResidentArn),
      }),
    );

    const planned = before.length + during.length;
    await engine.apply(plan, { approve: async () => true });
    const applied = (await recordedRequests()).slice(planned);
    const firstIndex = (action: string) => applied.findIndex((request) => request.action === action);
    const lastIndex = (actions: string[]) =>
      applied.reduce((last, request, index) => (actions.includes(request.action ?? '') ? index : last), -1);
    // Every backup request precedes the first destructive one.
    const lastBackup = lastIndex(['CreateSnapshots', 'CreateSnapshot', 'CreateDBSnapshot']);
    expect(lastBackup).toBeGreaterThanOrEqual(0);
    for (const destructive of ['TerminateInstances', 'DeleteDBInstance', 'ReleaseAddress', 'DeleteSecurityGroup']) {
      expect(firstIndex(destructive), destructive).toBeGreaterThan(lastBackup);
    }

    const ec2 = motoClients().get('ec2', TEST_REGION);
    const instances = await ec2.send(new DescribeInstancesCommand({}));
    const states = new Map(
      (instances.Reservations ?? []).flatMap((reservation) =>
        (reservation.Instances ?? []).map((instance) => [instance.InstanceId, instance.State?.Name] as const),
      ),
    );
    expect(states.get(world.web.id)).toBe('terminated');
    expect(states.get(world.other.id)).toBe('terminated');
    const untouched = [...states].filter(([id]) => id !== world.web.id && id !== world.other.id);
    expect(untouched.map(([, state]) => state)).toEqual(['running']); // the workload=billing look-alike
    const volumes = (await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? [];
    expect(volumes.map((volume) => volume.VolumeId)).toContain(world.lookAlikeVolumeArn.split('/').pop());
    expect(volumes.map((volume) => volume.VolumeId)).not.toContain(world.volumeId);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((vpc) => vpc.VpcId)).toContain(
      world.vpcArn.split('/').pop(),
    );
    const rds = motoClients().get('rds', TEST_REGION);
    expect((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).toEqual([]);
    // The manual snapshots: the final backup and the final snapshot (the automated one is kept too).
    const snapshots = (await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }))).DBSnapshots ?? [];
    expect(snapshots.map((snapshot) => snapshot.DBSnapshotIdentifier).sort()).toEqual([
      expect.stringMatching(/^decomkit-backup-/),
      expect.stringMatching(/^decomkit-final-/),
    ]);
  });
});
