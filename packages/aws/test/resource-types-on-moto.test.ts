import { DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { type AwsSourcePorts, awsSource } from '@decomkit/aws';
import type { Action, ActionHandler, Resource } from '@decomkit/core';
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
import { instanceState, seedInstance } from './support/moto-world.js';
import { actionOn, contextFor } from './support/retirement-harness.js';

withOwnMoto();

const SOURCE = { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: 'payments' } } };

/** Executes, then polls until done (moto finishes at once; real AWS checkpoints). */
async function run(handler: ActionHandler | undefined, action: Action) {
  if (handler === undefined) throw new Error(`no handler for ${action.kind}`);
  let outcome = await handler.execute(action, contextFor(action));
  for (let poll = 0; outcome.isOk() && outcome.value.status === 'pending' && poll < 5; poll += 1) {
    if (handler.poll === undefined) break;
    outcome = await handler.poll(action, outcome.value.checkpoint, contextFor(action));
  }
  return outcome;
}

async function discoverAll(ports: AwsSourcePorts): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of ports.inventory.discover(SOURCE)) found.push(...page._unsafeUnwrap());
  return found;
}

describe('EC2 volumes, security groups, Elastic IPs and RDS instances on moto_server', () => {
  let world: SeededWorkload;
  let ports: AwsSourcePorts;
  beforeEach(async () => {
    await resetMoto();
    world = await seedWorkload(motoClients());
    ports = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
  });

  it('discovers every tagged resource with its type, protection and dependencies, and changes nothing', async () => {
    const before = (await mutatingRequests()).length;
    const found = await discoverAll(ports);
    const byArn = new Map(found.map((resource) => [resource.arn, resource] as const));
    expect([...byArn.keys()].sort()).toEqual(
      [
        world.web.arn,
        world.other.arn,
        world.volumeArn,
        world.securityGroupArn,
        world.addressArn,
        world.databaseArn,
        world.vpcArn,
      ].sort(),
    );
    expect(byArn.get(world.volumeArn)).toMatchObject({
      type: 'AWS::EC2::Volume',
      state: 'in-use',
      dependsOn: [world.web.arn],
    });
    expect(byArn.get(world.addressArn)).toMatchObject({
      type: 'AWS::EC2::EIP',
      state: 'associated',
      dependsOn: [world.web.arn],
    });
    expect(byArn.get(world.securityGroupArn)).toMatchObject({ type: 'AWS::EC2::SecurityGroup', state: 'available' });
    expect(byArn.get(world.databaseArn)).toMatchObject({
      type: 'AWS::RDS::DBInstance',
      state: 'available',
      protection: { deletion: true, stop: false },
      tags: { workload: 'payments' },
    });
    // A VPC is retired only together with everything in it: here another workload's security group.
    expect(byArn.get(world.vpcArn)).toMatchObject({
      type: 'AWS::EC2::VPC',
      tags: { workload: 'payments' },
      retiredOnlyWith: [world.vpcResidentArn],
    });
    expect(ports.retirement.supportedTypes).toContain('AWS::EC2::VPC');
    expect(byArn.has(world.lookAlikeVolumeArn)).toBe(false);
    // The credentials see one account: the same id under another account's ARN is not "found".
    const elsewhere = world.databaseArn.replace(MOTO_ACCOUNT_ID, '999999999999');
    expect((await ports.inventory.describe(elsewhere))._unsafeUnwrap()).toBeNull();
    expect((await ports.inventory.describe(world.databaseArn))._unsafeUnwrap()?.arn).toBe(world.databaseArn);
    expect((await mutatingRequests()).length).toBe(before);
  });

  it('releases an Elastic IP only once its instance is gone, deletes the volume planned with it, then the group', async () => {
    const handlers = ports.retirement.handlers ?? {};
    const release = actionOn(world.addressArn, 'resource.delete');
    expect((await run(handlers['resource.delete'], release))._unsafeUnwrapErr().code).toBe('Conflict');
    const unplanned = actionOn(world.web.arn, 'resource.delete');
    const refused = (await run(handlers['resource.delete'], unplanned))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain(world.volumeId);
    const terminate = actionOn(world.web.arn, 'resource.delete', {
      dependentArns: [world.volumeArn, world.addressArn],
    });
    expect((await run(handlers['resource.delete'], terminate))._unsafeUnwrap().status).toBe('done');
    for (const arn of [world.addressArn, world.volumeArn, world.securityGroupArn]) {
      const remove = actionOn(arn, 'resource.delete');
      const handler = handlers['resource.delete'];
      expect((await handler?.reconcile(remove, contextFor(remove)))?._unsafeUnwrap()).toEqual({ status: 'absent' });
      expect((await run(handler, remove))._unsafeUnwrap().status).toBe('done');
      expect((await handler?.reconcile(remove, contextFor(remove)))?._unsafeUnwrap().status).toBe('done');
      expect((await ports.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    }
    expect((await ports.inventory.describe(world.other.arn))._unsafeUnwrap()?.state).toBe('running');
  });

  it('terminates an instance with its untagged root volume, and refuses one whose root volume is tagged by another owner', async () => {
    const clients = motoClients();
    const plain = await seedInstance(clients, {
      region: TEST_REGION,
      tags: { workload: 'payments' },
      keepRootVolume: true,
    });
    const owned = await seedInstance(clients, {
      region: TEST_REGION,
      tags: { workload: 'payments' },
      keepRootVolume: true,
      rootVolumeTags: { workload: 'billing' },
    });
    const handler = ports.retirement.handlers?.['resource.delete'];
    const refused = (await run(handler, actionOn(owned.arn, 'resource.delete')))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toMatch(/vol-\w+ \(on i-\w+, deleted with it\)/);
    expect(await instanceState(clients, owned)).toBe('running');
    expect((await run(handler, actionOn(plain.arn, 'resource.delete')))._unsafeUnwrap().status).toBe('done');
    expect(await instanceState(clients, plain)).toBe('terminated');
    const terminated = (await mutatingRequests()).filter((request) => request.action === 'TerminateInstances');
    expect(terminated.map((request) => request.body)).toEqual([expect.stringContaining(plain.id)]);
  });

  it('deletes an RDS instance only after its protection is lifted, keeping a final snapshot and automated backups', async () => {
    const handlers = ports.retirement.handlers ?? {};
    const remove = actionOn(world.databaseArn, 'resource.delete');
    expect((await run(handlers['resource.delete'], remove))._unsafeUnwrapErr().code).toBe('Conflict');
    const lift = actionOn(world.databaseArn, 'protection.lift');
    expect((await run(handlers['protection.lift'], lift))._unsafeUnwrap().status).toBe('done');
    const deleted = (await run(handlers['resource.delete'], remove))._unsafeUnwrap();
    expect(deleted.status).toBe('done');
    const result = deleted.status === 'done' ? deleted.result : {};
    expect(result).toMatchObject({ identifier: 'payments-db', state: 'deleted', deleteAutomatedBackups: false });
    expect(String(result.finalSnapshotIdentifier)).toMatch(/^decomkit-final-[0-9a-f]{24}$/);
    const snapshots = await motoClients()
      .get('rds', TEST_REGION)
      .send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: String(result.finalSnapshotIdentifier) }));
    expect(snapshots.DBSnapshots?.[0]?.DBInstanceIdentifier).toBe('payments-db');
    // What went over the wire, not what moto tolerates: an explicit identifier, SkipFinalSnapshot and DeleteAutomatedBackups false.
    const deleteCalls = (await recordedRequests()).filter((request) => request.action === 'DeleteDBInstance');
    expect(deleteCalls.length).toBeGreaterThan(0);
    for (const call of deleteCalls) {
      const body = new URLSearchParams(call.body);
      expect(body.get('FinalDBSnapshotIdentifier')).toBe(result.finalSnapshotIdentifier);
      expect(body.get('SkipFinalSnapshot')).toBe('false');
      expect(body.get('DeleteAutomatedBackups')).toBe('false');
    }
    expect((await handlers['resource.delete']?.reconcile(remove, contextFor(remove)))?._unsafeUnwrap().status).toBe(
      'done',
    );
    expect((await ports.inventory.describe(world.databaseArn))._unsafeUnwrap()).toBeNull();
  });

  it('stops an RDS instance, and reconcile reports it done', async () => {
    const stop = actionOn(world.databaseArn, 'resource.stop');
    const handler = ports.retirement.handlers?.['resource.stop'];
    expect((await handler?.reconcile(stop, contextFor(stop)))?._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await run(handler, stop))._unsafeUnwrap().status).toBe('done');
    expect((await ports.inventory.describe(world.databaseArn))._unsafeUnwrap()?.state).toBe('stopped');
    expect((await handler?.reconcile(stop, contextFor(stop)))?._unsafeUnwrap().status).toBe('done');
  });

  it('backs an RDS instance up natively: one DB snapshot named after the action key, listed as a recovery point', async () => {
    const native = awsSource({
      region: TEST_REGION,
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      backups: { defaultMethod: 'native', awsBackup: false },
    });
    const handler = native.backups.handlers?.['backup.create'];
    const backup = actionOn(world.databaseArn, 'backup.create', { vault: 'decom-archive', retainDays: 30 });
    expect((await run(handler, backup))._unsafeUnwrap().status).toBe('done');
    expect((await run(handler, backup))._unsafeUnwrap().status).toBe('done');
    const points = (await native.backups.listRecoveryPoints(world.databaseArn))._unsafeUnwrap();
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ status: 'COMPLETED', resourceArn: world.databaseArn, actionKey: backup.key });
  });
});
