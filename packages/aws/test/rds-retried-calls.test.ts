import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { AwsClients } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { finalSnapshotIdentifier, RDS_DB_INSTANCE } from '../src/resources/rds-db-instance.js';
import { TEST_CREDENTIALS, TEST_REGION } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor } from './support/retirement-harness.js';

/**
 * The SDK retries a call whose answer was lost (a timeout, a reset socket)
 * although RDS already acted on it. The bench on a loaded moto_server caught
 * DeleteDBInstance retries answered DBInstanceNotFound, which failed three
 * deletes that had in fact happened. moto cannot be made to lose an answer:
 * aws-sdk-client-mock plays the retry's answer (AWS API reference shapes).
 */
const ARN = `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:payments-db`;
const fault = (name: string, message: string) => Object.assign(new Error(message), { name });

function mockedRds() {
  const rds = new RDSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
  const mock = mockClient(rds);
  const handlers = RDS_DB_INSTANCE.handlers(new AwsClients({ credentials: TEST_CREDENTIALS, clients: { rds } }));
  return { mock, handlers };
}

describe('RDS calls the SDK retried after RDS had acted', () => {
  it('a delete answered DBInstanceNotFound is done, with the final snapshot it left', async () => {
    const { mock, handlers } = mockedRds();
    const remove = actionOn(ARN, 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    mock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({
        DBInstances: [
          { DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'available', DeletionProtection: false },
        ],
      })
      .resolves({ DBInstances: [] });
    mock.on(DeleteDBInstanceCommand).rejects(fault('DBInstanceNotFoundFault', 'DBInstance payments-db not found.'));
    mock.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [
        {
          DBSnapshotIdentifier: snapshot,
          DBSnapshotArn: `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot:${snapshot}`,
          Status: 'available',
        },
      ],
    });
    // Sent: the wait begins without a read (polled in rounds, one describe for every database waiting).
    const sent = (await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrap();
    expect(sent).toEqual({
      status: 'pending',
      checkpoint: { identifier: 'payments-db', finalSnapshotIdentifier: snapshot },
      pollAfterMilliseconds: expect.any(Number),
      pollsTogether: true,
    });
    expect(mock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(1); // the read before the call only
    const poll = handlers['resource.delete'].poll;
    if (poll === undefined || sent.status !== 'pending') throw new Error('the RDS delete polls');
    const outcome = (await poll(remove, sent.checkpoint, contextFor(remove)))._unsafeUnwrap();
    expect(outcome).toMatchObject({
      status: 'done',
      result: { identifier: 'payments-db', finalSnapshotIdentifier: snapshot, finalSnapshotStatus: 'available' },
    });
    expect(mock.commandCalls(DeleteDBInstanceCommand)[0]?.args[0].input).toMatchObject({
      SkipFinalSnapshot: false,
      FinalDBSnapshotIdentifier: snapshot,
      DeleteAutomatedBackups: false,
    });
  });

  it('a delete refused for another reason still fails, naming it', async () => {
    const { mock, handlers } = mockedRds();
    const remove = actionOn(ARN, 'resource.delete');
    mock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'available', DeletionProtection: false }],
    });
    mock
      .on(DeleteDBInstanceCommand)
      .rejects(fault('InvalidDBInstanceStateFault', 'Instance payments-db is not in available state.'));
    const failed = (await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrapErr();
    expect(failed.code).toBe('Conflict');
    expect(failed.message).toContain('InvalidDBInstanceStateFault');
  });

  it('a stop answered InvalidDBInstanceState is done once the instance is stopping; otherwise it fails', async () => {
    const { mock, handlers } = mockedRds();
    const stop = actionOn(ARN, 'resource.stop');
    mock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'available' }] })
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'stopping' }] })
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'available' }] })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'backing-up' }] });
    mock
      .on(StopDBInstanceCommand)
      .rejects(fault('InvalidDBInstanceStateFault', 'Instance payments-db is not in available state.'));
    expect((await handlers['resource.stop'].execute(stop, contextFor(stop)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { identifier: 'payments-db', state: 'stopping' },
    });
    const refused = (await handlers['resource.stop'].execute(stop, contextFor(stop)))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
  });

  it('a delete answered DBInstanceNotFound whose final snapshot is missing fails closed; one still creating waits', async () => {
    const { mock, handlers } = mockedRds();
    const remove = actionOn(ARN, 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    mock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({
        DBInstances: [
          { DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'available', DeletionProtection: false },
        ],
      })
      .resolves({ DBInstances: [] });
    mock.on(DeleteDBInstanceCommand).rejects(fault('DBInstanceNotFoundFault', 'DBInstance payments-db not found.'));
    mock
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({ DBSnapshots: [{ DBSnapshotIdentifier: snapshot, Status: 'creating' }] })
      .resolves({ DBSnapshots: [] });
    const checkpoint = { identifier: 'payments-db', finalSnapshotIdentifier: snapshot };
    expect((await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint,
    });
    const poll = handlers['resource.delete'].poll;
    if (poll === undefined) throw new Error('the RDS delete polls');
    // Still being made: the wait goes on, the snapshot's name in the checkpoint.
    expect((await poll(remove, checkpoint, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint,
    });
    const failed = (
      await poll(remove, { identifier: 'payments-db', finalSnapshotIdentifier: snapshot }, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(failed).toMatchObject({ code: 'ProviderFailure', retryable: false, resource: ARN });
    expect(failed.message).toContain(`final snapshot ${snapshot} is not found: the delete is not confirmed`);
  });

  it('an Aurora member reconciled while deleting waits for no snapshot of its own, then is done', async () => {
    const { mock, handlers } = mockedRds();
    const remove = actionOn(ARN, 'resource.delete');
    const deleting = {
      DBInstances: [
        { DBInstanceIdentifier: 'payments-db', DBInstanceStatus: 'deleting', DBClusterIdentifier: 'payments-ledger' },
      ],
    };
    // Read as deleting by reconcile and by its first wait step; gone at the poll.
    mock.on(DescribeDBInstancesCommand).resolvesOnce(deleting).resolvesOnce(deleting).resolves({ DBInstances: [] });
    const reconciled = (await handlers['resource.delete'].reconcile(remove, contextFor(remove)))._unsafeUnwrap();
    expect(reconciled).toMatchObject({
      status: 'pending',
      checkpoint: { identifier: 'payments-db', finalSnapshotIdentifier: null },
    });
    const poll = handlers['resource.delete'].poll;
    if (poll === undefined || reconciled.status !== 'pending') throw new Error('the RDS delete polls');
    expect((await poll(remove, reconciled.checkpoint, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { identifier: 'payments-db', finalSnapshotIdentifier: null },
    });
    expect(mock.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(0);
  });
});
