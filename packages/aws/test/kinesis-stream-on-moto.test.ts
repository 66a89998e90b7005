import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  RegisterStreamConsumerCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { AwsClients, KINESIS_STREAM } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { streamNameOf } from '../src/resources/kinesis-stream.js';
import {
  motoClients,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  contextFor,
  discoverAll,
  expectNoStopNorProtection,
  portsOn,
  reconcile,
  run,
} from './support/retirement-harness.js';

withOwnMoto();

const streamArn = (name: string) => `arn:aws:kinesis:${TEST_REGION}:${MOTO_ACCOUNT_ID}:stream/${name}`;
const kinesis = () => motoClients().get('kinesis', TEST_REGION);
const ports = () => portsOn([KINESIS_STREAM]);
const actions = async () => (await mutatingRequests()).map((request) => request.action);

async function seedStream(name: string, tags: Record<string, string>): Promise<void> {
  // moto ignores CreateStream's Tags: tagged after.
  await kinesis().send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await kinesis().send(new AddTagsToStreamCommand({ StreamName: name, Tags: tags }));
}

async function streamNames(): Promise<string[]> {
  return ((await kinesis().send(new ListStreamsCommand({}))).StreamNames ?? []).sort();
}

describe('Kinesis data stream (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the stream name from a stream ARN only (not a consumer ARN)', () => {
    expect(streamNameOf(streamArn('payments-events'))).toBe('payments-events');
    expect(streamNameOf(`${streamArn('payments-events')}/consumer/audit:1700000000`)).toBeNull();
    expect(streamNameOf(`arn:aws:firehose:${TEST_REGION}:${MOTO_ACCOUNT_ID}:deliverystream/payments`)).toBeNull();
    expect(KINESIS_STREAM).toMatchObject({ type: 'AWS::Kinesis::Stream', stoppable: false, holdsData: false });
  });

  it('discovers tagged streams (not a look-alike) changing nothing, and describes one; a missing one is null', async () => {
    await seedStream('payments-events', { workload: 'payments' });
    await seedStream('archive-events', { workload: 'payments-archive' });
    const before = await actions();
    const found = await discoverAll(ports());
    expect([...found.keys()]).toEqual([streamArn('payments-events')]);
    expect(found.get(streamArn('payments-events'))).toMatchObject({
      type: 'AWS::Kinesis::Stream',
      name: 'payments-events',
      state: 'ACTIVE',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.get(streamArn('payments-events'))?.retireBlockers).toBeUndefined();
    expect(await actions()).toEqual(before);
    expect((await ports().inventory.describe(streamArn('no-such-stream')))._unsafeUnwrap()).toBeNull();
  });

  it('a stream with a registered consumer carries a blocker naming the count; its delete is refused (Conflict), nothing sent', async () => {
    await seedStream('payments-events', { workload: 'payments' });
    await kinesis().send(
      new RegisterStreamConsumerCommand({ StreamARN: streamArn('payments-events'), ConsumerName: 'audit' }),
    );
    const described = (await ports().inventory.describe(streamArn('payments-events')))._unsafeUnwrap();
    expect(described?.retireBlockers).toEqual([
      { code: 'stream-has-consumers', message: expect.stringContaining('has 1 registered consumers (audit)') },
    ]);
    const { retirement } = ports();
    const remove = actionOn(streamArn('payments-events'), 'resource.delete');
    expect((await run(retirement, remove))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      resource: streamArn('payments-events'),
    });
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect(await actions()).not.toContain('DeleteStream');
    expect(await streamNames()).toEqual(['payments-events']);
  });

  it('deletes with DeleteStream (EnforceConsumerDeletion false), reconciled before and after; a repeat is done', async () => {
    await seedStream('payments-events', { workload: 'payments' });
    await seedStream('archive-events', { workload: 'payments-archive' });
    const { retirement } = ports();
    const remove = actionOn(streamArn('payments-events'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { streamName: 'payments-events', state: 'deleted' },
    });
    expect(await streamNames()).toEqual(['archive-events']);
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteStream');
    expect(deletes).toHaveLength(1);
    expect(JSON.parse(deletes[0]?.body ?? '{}')).toMatchObject({
      StreamName: 'payments-events',
      EnforceConsumerDeletion: false,
    });
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await actions()).filter((action) => action === 'DeleteStream')).toHaveLength(1);
  });

  it('refuses a stop and a wrong ARN (InvalidInput) and lifts no protection; sends nothing', async () => {
    await seedStream('payments-events', { workload: 'payments' });
    const before = await actions();
    await expectNoStopNorProtection(
      ports().retirement,
      streamArn('payments-events'),
      `${streamArn('payments-events')}/consumer/audit:1`,
    );
    expect(await actions()).toEqual(before);
  });

  it('checkpoints a stream still DELETING, polls it until gone, and reconciles DELETING as pending (mocked: moto deletes at once)', async () => {
    const kinesis = new KinesisClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(kinesis);
    mock.onAnyCommand().resolves({});
    const summary = (StreamStatus: 'ACTIVE' | 'DELETING') => ({
      StreamDescriptionSummary: {
        StreamName: 'payments-events',
        StreamARN: streamArn('payments-events'),
        StreamStatus,
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: new Date(0),
        EnhancedMonitoring: [],
        OpenShardCount: 1,
      },
    });
    mock
      .on(DescribeStreamSummaryCommand)
      .resolvesOnce(summary('ACTIVE'))
      .resolvesOnce(summary('DELETING'))
      .resolvesOnce(summary('DELETING'))
      .rejects(new ResourceNotFoundException({ message: 'Stream payments-events not found', $metadata: {} }));
    mock.on(ListStreamConsumersCommand).resolves({ Consumers: [] });
    const clients = new AwsClients({ clients: { kinesis }, credentials: TEST_CREDENTIALS, pollMilliseconds: 7 });
    const remove = actionOn(streamArn('payments-events'), 'resource.delete');
    const handlers = KINESIS_STREAM.handlers(clients)['resource.delete'];
    expect((await handlers.execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'pending',
      checkpoint: { streamName: 'payments-events' },
      pollAfterMilliseconds: 7,
    });
    expect((await handlers.reconcile(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({ status: 'pending' });
    const polled = await handlers.poll?.(remove, { streamName: 'payments-events' }, contextFor(remove));
    expect(polled?._unsafeUnwrap()).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect(mock.commandCalls(DeleteStreamCommand).map((call) => call.args[0].input)).toEqual([
      { StreamName: 'payments-events', EnforceConsumerDeletion: false },
    ]);
  });
});
