import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import type { AwsClients } from '@decomkit/aws';
import type { HandlerOutcome } from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { RDS_DB_CLUSTER } from '../src/resources/rds-db-cluster.js';
import { finalSnapshotIdentifier, RDS_DB_INSTANCE } from '../src/resources/rds-db-instance.js';
import { motoClients, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor, handler, portsOn, run, tagList } from './support/retirement-harness.js';

withOwnMoto();

/**
 * Issue 9's rule for the RDS final snapshot: once the database is gone, its
 * delete is done only when the final snapshot it kept reads `available` in
 * RDS, never on the strength of our own checkpoint. moto keeps the snapshot
 * a delete takes; deleting that snapshot with the SDK makes the state a lost
 * snapshot leaves.
 */
const TAGS = tagList({ workload: 'payments' });
const dbArn = (id: string) => `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:${id}`;
const clusterArn = (id: string) => `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster:${id}`;

async function seedInstance(oracle: AwsClients, id: string, cluster?: string) {
  await oracle.get('rds', TEST_REGION).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      DBInstanceClass: cluster === undefined ? 'db.t3.micro' : 'db.r6g.large',
      Engine: cluster === undefined ? 'postgres' : 'aurora-postgresql',
      ...(cluster === undefined
        ? { MasterUsername: 'payments', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20 }
        : { DBClusterIdentifier: cluster }),
      Tags: TAGS,
    }),
  );
  return dbArn(id);
}

async function seedCluster(oracle: AwsClients, id: string) {
  await oracle.get('rds', TEST_REGION).send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: id,
      Engine: 'aurora-postgresql',
      MasterUsername: 'ledger',
      MasterUserPassword: 'not-a-secret-2',
      Tags: TAGS,
    }),
  );
  return clusterArn(id);
}

/** The outcome's error: a ProviderFailure, not retryable, saying the delete is not confirmed. */
function expectNotConfirmed(outcome: { isErr(): boolean; _unsafeUnwrapErr(): unknown }, snapshot: string) {
  expect(outcome.isErr()).toBe(true);
  expect(outcome._unsafeUnwrapErr()).toMatchObject({ code: 'ProviderFailure', retryable: false });
  const message = (outcome._unsafeUnwrapErr() as { message: string }).message;
  expect(message).toContain(snapshot);
  expect(message).toContain('the delete is not confirmed');
}

describe('RDS deletes are confirmed by their final snapshot (on moto)', () => {
  let oracle: AwsClients;

  beforeEach(async () => {
    await resetMoto();
    oracle = motoClients();
  });

  it('a DB instance gone with its final snapshot reconciles done, naming the snapshot with its ARN and status', async () => {
    const arn = await seedInstance(oracle, 'payments-reports');
    const { retirement } = portsOn([RDS_DB_INSTANCE]);
    const remove = actionOn(arn, 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    // A crash after the delete was sent: reconcile reads RDS, the snapshot confirms it.
    const reconciled = (
      await handler(retirement, 'resource.delete').reconcile(remove, contextFor(remove))
    )._unsafeUnwrap();
    expect(reconciled).toMatchObject({
      status: 'done',
      result: {
        identifier: 'payments-reports',
        finalSnapshotIdentifier: snapshot,
        finalSnapshotArn: expect.stringContaining(`:snapshot:${snapshot}`),
        finalSnapshotStatus: 'available',
      },
    });
  });

  it('a DB instance gone without its final snapshot is not done: reconcile and poll fail closed (ProviderFailure, not retryable)', async () => {
    const arn = await seedInstance(oracle, 'payments-reports');
    const { retirement } = portsOn([RDS_DB_INSTANCE]);
    const remove = actionOn(arn, 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    await oracle.get('rds', TEST_REGION).send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: snapshot }));
    const deleting = handler(retirement, 'resource.delete');
    expectNotConfirmed(await deleting.reconcile(remove, contextFor(remove)), snapshot);
    const checkpoint = { identifier: 'payments-reports', finalSnapshotIdentifier: snapshot };
    const poll = deleting.poll;
    if (poll === undefined) throw new Error('the RDS delete polls');
    expectNotConfirmed(await poll(remove, checkpoint, contextFor(remove)), snapshot);
  });

  it('a DB cluster gone without its final cluster snapshot is not done: reconcile fails closed', async () => {
    const arn = await seedCluster(oracle, 'payments-ledger');
    const { retirement } = portsOn([RDS_DB_CLUSTER]);
    const remove = actionOn(arn, 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { finalSnapshotIdentifier: snapshot, finalSnapshotStatus: 'available' },
    });
    await oracle
      .get('rds', TEST_REGION)
      .send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: snapshot }));
    expectNotConfirmed(await handler(retirement, 'resource.delete').reconcile(remove, contextFor(remove)), snapshot);
  });

  it('a DB instance that never existed reconciles fail-closed, and its execute is still NotFound', async () => {
    const { retirement } = portsOn([RDS_DB_INSTANCE]);
    const remove = actionOn(dbArn('payments-missing'), 'resource.delete');
    const deleting = handler(retirement, 'resource.delete');
    expect((await deleting.execute(remove, contextFor(remove)))._unsafeUnwrapErr().code).toBe('NotFound');
    expectNotConfirmed(await deleting.reconcile(remove, contextFor(remove)), finalSnapshotIdentifier(remove.key));
  });

  it('an Aurora member keeps no snapshot of its own: its delete and its poll are done, saying the cluster takes it; once gone, reconcile cannot tell it and fails closed', async () => {
    await seedCluster(oracle, 'payments-ledger');
    const arn = await seedInstance(oracle, 'payments-ledger-1', 'payments-ledger');
    const { retirement } = portsOn([RDS_DB_INSTANCE]);
    const remove = actionOn(arn, 'resource.delete');
    const member: HandlerOutcome = (await run(retirement, remove))._unsafeUnwrap();
    const result = {
      identifier: 'payments-ledger-1',
      state: 'deleted',
      finalSnapshotIdentifier: null,
      finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot',
    };
    expect(member).toMatchObject({ status: 'done', result });
    const poll = handler(retirement, 'resource.delete').poll;
    if (poll === undefined) throw new Error('the RDS delete polls');
    const checkpoint = { identifier: 'payments-ledger-1', finalSnapshotIdentifier: null };
    expect((await poll(remove, checkpoint, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result,
    });
    // After a crash with no checkpoint, a gone member looks like a database whose snapshot was lost.
    const reconciled = await handler(retirement, 'resource.delete').reconcile(remove, contextFor(remove));
    expectNotConfirmed(reconciled, finalSnapshotIdentifier(remove.key));
  });
});
