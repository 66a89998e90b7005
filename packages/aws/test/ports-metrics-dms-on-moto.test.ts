import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  DatabaseMigrationServiceClient,
  DescribeReplicationTasksCommand,
  StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import { AwsClients } from '@decomkit/aws';
import type { Action, HandlerContext } from '@decomkit/core';
import { idempotencyToken, systemClock } from '@decomkit/provider-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsSourceMetricsPort } from '../src/ports/metrics-port.js';
import { awsReplicationPort } from '../src/ports/replication-port.js';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  dmsClientWithEpochDates,
  putMetric,
  recordInputs,
  replicationStatus,
  seedReplicationTask,
} from './support/moto-services.js';

withOwnMoto();

const WINDOW = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T03:00:00.000Z' };
const INSTANCE_ARN = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/i-0123456789abcdef0`;
const DB_ARN = `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:payments-db`;
const ALB_ARN = `arn:aws:elasticloadbalancing:${TEST_REGION}:${MOTO_ACCOUNT_ID}:loadbalancer/app/payments-alb/50dc6c495c0c9188`;

/**
 * The provider's clients on moto: CloudWatch's inputs recorded (its requests are CBOR, which moto's recorder
 * cannot show as text), DMS with moto's ISO dates turned into the epoch seconds AWS sends.
 */
function onMoto() {
  const cloudwatch = new CloudWatchClient({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
  });
  const inputs = recordInputs<GetMetricDataCommandInput>(cloudwatch);
  const clients = new AwsClients({
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    pollMilliseconds: 10,
    clients: { cloudwatch, dms: (region) => dmsClientWithEpochDates(region) },
  });
  return { clients, inputs };
}

function at(minutes: number): string {
  return new Date(Date.parse(WINDOW.start) + minutes * 60_000).toISOString();
}

function taskAction(arn: string): Action {
  return {
    key: `finalize-cutover:replication.stop:${arn}`,
    step: 'finalize-cutover',
    item: 'cutover',
    kind: 'replication.stop',
    target: { ref: arn },
    params: {},
    gates: [],
    dependsOn: [],
  };
}

function contextFor(action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

describe('sourceMetrics on moto_server (CloudWatch GetMetricData)', () => {
  beforeEach(resetMoto);

  it('reads EC2, RDS and ALB series by their dimensions: one value over the window, or one per period, ascending', async () => {
    const oracle = motoClients();
    await putMetric(oracle, TEST_REGION, {
      namespace: 'AWS/EC2',
      name: 'NetworkIn',
      dimension: { Name: 'InstanceId', Value: 'i-0123456789abcdef0' },
      points: [
        { at: at(10), value: 5 },
        { at: at(70), value: 7 },
        { at: at(75), value: 1 },
        { at: at(200), value: 1000 }, // after the window
      ],
    });
    await putMetric(oracle, TEST_REGION, {
      namespace: 'AWS/RDS',
      name: 'DatabaseConnections',
      dimension: { Name: 'DBInstanceIdentifier', Value: 'payments-db' },
      points: [{ at: at(30), value: 4 }],
    });
    await putMetric(oracle, TEST_REGION, {
      namespace: 'AWS/ApplicationELB',
      name: 'RequestCount',
      dimension: { Name: 'LoadBalancer', Value: 'app/payments-alb/50dc6c495c0c9188' },
      points: [{ at: at(20), value: 120 }],
    });
    const { clients, inputs } = onMoto();
    const metrics = awsSourceMetricsPort(clients, TEST_REGION);
    const found = (
      await metrics.query(
        [
          { id: 'network', resource: INSTANCE_ARN, namespace: 'AWS/EC2', metric: 'NetworkIn', statistic: 'Sum' },
          { id: 'hourly', resource: INSTANCE_ARN, metric: 'NetworkIn', statistic: 'Maximum', period: 3600 },
          { id: 'connections', resource: DB_ARN, metric: 'DatabaseConnections', statistic: 'Sum' },
          { id: 'requests', resource: ALB_ARN, metric: 'RequestCount', statistic: 'Sum' },
          { id: 'nothing', resource: INSTANCE_ARN, metric: 'NoSuchMetric', statistic: 'Sum' },
        ],
        WINDOW,
      )
    )._unsafeUnwrap();
    expect(found.map((series) => series.id)).toEqual(['network', 'hourly', 'connections', 'requests', 'nothing']);
    expect(found[0]).toEqual({ id: 'network', timestamps: [WINDOW.start], values: [13] });
    expect(found[1]).toEqual({ id: 'hourly', timestamps: [WINDOW.start, at(60)], values: [5, 7] });
    expect(found[2]?.values).toEqual([4]);
    expect(found[3]?.values).toEqual([120]);
    expect(found[4]).toEqual({ id: 'nothing', timestamps: [], values: [] });

    expect(inputs).toHaveLength(1);
    const [input] = inputs;
    expect(input?.ScanBy).toBe('TimestampAscending');
    const stats = input?.MetricDataQueries?.map((query) => query.MetricStat);
    expect(stats?.[0]).toEqual({
      Metric: {
        Namespace: 'AWS/EC2',
        MetricName: 'NetworkIn',
        Dimensions: [{ Name: 'InstanceId', Value: 'i-0123456789abcdef0' }],
      },
      Period: 10800,
      Stat: 'Sum',
    });
    expect(stats?.[1]?.Period).toBe(3600);
    expect(stats?.[2]?.Metric?.Namespace).toBe('AWS/RDS');
    expect(stats?.[2]?.Metric?.Dimensions).toEqual([{ Name: 'DBInstanceIdentifier', Value: 'payments-db' }]);
    expect(stats?.[3]?.Metric?.Namespace).toBe('AWS/ApplicationELB');
    expect(stats?.[3]?.Metric?.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: 'app/payments-alb/50dc6c495c0c9188' },
    ]);
  });

  it('rounds a window that is not whole minutes up to a multiple of 60 s for the single value', async () => {
    const { clients, inputs } = onMoto();
    const metrics = awsSourceMetricsPort(clients, TEST_REGION);
    const found = await metrics.query([{ id: 'one', resource: INSTANCE_ARN, metric: 'NetworkIn', statistic: 'Sum' }], {
      start: WINDOW.start,
      end: new Date(Date.parse(WINDOW.start) + 90_000).toISOString(),
    });
    expect(found.isOk()).toBe(true);
    expect(inputs[0]?.MetricDataQueries?.[0]?.MetricStat?.Period).toBe(120);
  });

  it('sends more than 500 queries in chunks of at most 500', async () => {
    const { clients, inputs } = onMoto();
    const metrics = awsSourceMetricsPort(clients, TEST_REGION);
    const queries = Array.from({ length: 501 }, (_, index) => ({
      id: `q${index}`,
      resource: INSTANCE_ARN,
      metric: 'NetworkIn',
      statistic: 'Sum' as const,
    }));
    const found = (await metrics.query(queries, WINDOW))._unsafeUnwrap();
    expect(found).toHaveLength(501);
    expect(found[500]?.id).toBe('q500');
    expect(inputs.map((input) => input.MetricDataQueries?.length)).toEqual([500, 1]);
  });

  it('refuses an ARN of another type, a non-ARN, a bad period, a repeated id or an empty window, calling nothing', async () => {
    const { clients, inputs } = onMoto();
    const metrics = awsSourceMetricsPort(clients, TEST_REGION);
    const bucket = 'arn:aws:s3:::payments-bucket';
    const s3 = await metrics.query(
      [{ id: 'b', resource: bucket, metric: 'BucketSizeBytes', statistic: 'Sum' }],
      WINDOW,
    );
    expect(s3._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(s3._unsafeUnwrapErr().message).toContain(bucket);
    expect(s3._unsafeUnwrapErr().message).toContain('AWS::S3::Bucket');
    const notArn = await metrics.query(
      [{ id: 'x', resource: 'i-0123', metric: 'NetworkIn', statistic: 'Sum' }],
      WINDOW,
    );
    expect(notArn._unsafeUnwrapErr().message).toContain('"i-0123" is not an ARN');
    const period = await metrics.query(
      [{ id: 'p', resource: INSTANCE_ARN, metric: 'NetworkIn', statistic: 'Sum', period: 90 }],
      WINDOW,
    );
    expect(period._unsafeUnwrapErr().code).toBe('InvalidInput');
    const repeated = await metrics.query(
      [
        { id: 'a', resource: INSTANCE_ARN, metric: 'NetworkIn', statistic: 'Sum' },
        { id: 'a', resource: INSTANCE_ARN, metric: 'NetworkOut', statistic: 'Sum' },
      ],
      WINDOW,
    );
    expect(repeated._unsafeUnwrapErr().code).toBe('InvalidInput');
    const reversed = await metrics.query([{ id: 'r', resource: INSTANCE_ARN, metric: 'NetworkIn', statistic: 'Sum' }], {
      start: WINDOW.end,
      end: WINDOW.start,
    });
    expect(reversed._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(inputs).toHaveLength(0);
  });
});

// moto computes no percentiles (only Sum/Average/Minimum/Maximum/SampleCount) and never pages GetMetricData:
// the extended statistics and the NextToken paging are checked on aws-sdk-client-mock, shaped like the API reference.
describe('sourceMetrics percentiles and pages (aws-sdk-client-mock)', () => {
  it('asks for p50/p95/p99 as Stat and merges one query across pages, ascending', async () => {
    const cloudwatch = new CloudWatchClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(cloudwatch);
    mock
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'latency', StatusCode: 'PartialData', Timestamps: [new Date(at(60))], Values: [0.25] },
          { Id: 'median', StatusCode: 'Complete', Timestamps: [new Date(at(0))], Values: [0.1] },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: 'latency', StatusCode: 'Complete', Timestamps: [new Date(at(0))], Values: [0.5] }],
      });
    const metrics = awsSourceMetricsPort(new AwsClients({ clients: { cloudwatch } }), TEST_REGION);
    const found = (
      await metrics.query(
        [
          {
            id: 'latency',
            resource: ALB_ARN,
            metric: 'TargetResponseTime',
            statistic: 'p95',
            period: 3600,
          },
          { id: 'median', resource: ALB_ARN, metric: 'TargetResponseTime', statistic: 'p50', period: 3600 },
        ],
        WINDOW,
      )
    )._unsafeUnwrap();
    expect(found[0]).toEqual({ id: 'latency', timestamps: [WINDOW.start, at(60)], values: [0.5, 0.25] });
    expect(found[1]?.values).toEqual([0.1]);
    const inputs = mock.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]?.MetricDataQueries?.map((query) => query.MetricStat?.Stat)).toEqual(['p95', 'p50']);
    expect(inputs[0]?.MetricDataQueries?.[0]?.MetricStat?.Metric?.Namespace).toBe('AWS/ApplicationELB');
    expect(inputs[1]?.NextToken).toBe('page-2');
  });

  it('turns a Forbidden result into AccessDenied', async () => {
    const cloudwatch = new CloudWatchClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    mockClient(cloudwatch)
      .on(GetMetricDataCommand)
      .resolves({
        MetricDataResults: [{ Id: 'x', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no' }] }],
      });
    const metrics = awsSourceMetricsPort(new AwsClients({ clients: { cloudwatch } }), TEST_REGION);
    const found = await metrics.query(
      [{ id: 'x', resource: DB_ARN, metric: 'CPUUtilization', statistic: 'p99' }],
      WINDOW,
    );
    expect(found._unsafeUnwrapErr().code).toBe('AccessDenied');
  });
});

describe('replication on moto_server (DMS, lag from CloudWatch CDCLatencyTarget)', () => {
  beforeEach(resetMoto);

  it('lists tasks with status, tags and lag (CDCLatencyTarget; null for a full-load task or without datapoints)', async () => {
    const oracle = motoClients();
    const caughtUp = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'payments-cdc',
      tags: { workload: 'payments' },
      lagSeconds: 0,
    });
    const behind = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'orders-cdc',
      tags: { workload: 'orders', team: 'core' },
      lagSeconds: 12,
      migrationType: 'cdc',
    });
    const fullLoad = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'archive-load',
      tags: {},
      lagSeconds: null,
      migrationType: 'full-load',
    });
    const quiet = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'quiet-cdc',
      tags: {},
      lagSeconds: null,
    });
    const { clients, inputs } = onMoto();
    const replication = awsReplicationPort(clients, TEST_REGION);
    const tasks = (await replication.listTasks())._unsafeUnwrap();
    const byArn = new Map(tasks.map((task) => [task.arn, task]));
    expect(byArn.get(caughtUp.arn)).toEqual({
      arn: caughtUp.arn,
      status: 'running',
      lagSeconds: 0,
      tags: { workload: 'payments' },
    });
    expect(byArn.get(behind.arn)?.lagSeconds).toBe(12);
    expect(byArn.get(behind.arn)?.tags).toEqual({ workload: 'orders', team: 'core' });
    expect(byArn.get(fullLoad.arn)?.lagSeconds).toBeNull();
    expect(byArn.get(quiet.arn)?.lagSeconds).toBeNull();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.ScanBy).toBe('TimestampDescending');
    expect(inputs[0]?.MetricDataQueries?.map((query) => query.MetricStat?.Metric?.MetricName)).toEqual([
      'CDCLatencyTarget',
      'CDCLatencyTarget',
      'CDCLatencyTarget',
    ]);
    expect(inputs[0]?.MetricDataQueries?.[0]?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'ReplicationInstanceIdentifier', Value: 'payments-cdc-instance' },
      { Name: 'ReplicationTaskIdentifier', Value: 'payments-cdc' },
    ]);
  });

  it('lists no task (and reads no metric) in a region without any', async () => {
    const { clients, inputs } = onMoto();
    const replication = awsReplicationPort(clients, TEST_REGION, { regions: [TEST_REGION, 'us-east-1'] });
    expect((await replication.listTasks())._unsafeUnwrap()).toEqual([]);
    expect(inputs).toHaveLength(0);
  });

  it('stops a running task, reconciles by its status, and refuses to stop it twice (Conflict, as the fake)', async () => {
    const oracle = motoClients();
    const task = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'payments-cdc',
      tags: { workload: 'payments' },
      lagSeconds: 0,
    });
    const stop = awsReplicationPort(onMoto().clients, TEST_REGION).handlers?.['replication.stop'];
    if (stop === undefined) throw new Error('no replication.stop handler');
    const action = taskAction(task.arn);
    expect(stop.rateLimits?.(action)).toEqual([
      { service: 'dms', bucket: 'default', accountId: MOTO_ACCOUNT_ID, region: TEST_REGION },
    ]);
    expect((await stop.reconcile(action, contextFor(action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const outcome = (await stop.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(outcome).toMatchObject({ status: 'done', result: { taskArn: task.arn, status: 'stopped' } });
    expect(await replicationStatus(task)).toBe('stopped');
    expect((await stop.reconcile(action, contextFor(action)))._unsafeUnwrap().status).toBe('done');
    const again = await stop.execute(action, contextFor(action));
    expect(again._unsafeUnwrapErr().code).toBe('Conflict');
    expect(again._unsafeUnwrapErr().message).toContain('InvalidResourceStateFault');
  });

  it('refuses a target that is not a task ARN (InvalidInput, nothing sent) and reports an unknown task NotFound', async () => {
    const stop = awsReplicationPort(onMoto().clients, TEST_REGION).handlers?.['replication.stop'];
    if (stop === undefined) throw new Error('no replication.stop handler');
    const wrong = taskAction(`arn:aws:dms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:endpoint:ABC`);
    expect((await stop.execute(wrong, contextFor(wrong)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await recordedRequests()).filter((request) => request.action === 'StopReplicationTask')).toHaveLength(0);
    const unknown = taskAction(`arn:aws:dms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:task:NOSUCHTASK`);
    expect((await stop.execute(unknown, contextFor(unknown)))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await stop.reconcile(unknown, contextFor(unknown)))._unsafeUnwrapErr().code).toBe('NotFound');
  });
});

// moto stops a DMS task at once; the `stopping` → `stopped` wait is checked on aws-sdk-client-mock.
describe('replication.stop waits through stopping (aws-sdk-client-mock)', () => {
  const arn = `arn:aws:dms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:task:PAYMENTS`;
  const stats = { StopDate: new Date('2026-12-15T10:00:00Z') };

  it('checkpoints while stopping, is done once stopped, and reconciles a stopping task as pending', async () => {
    const dms = new DatabaseMigrationServiceClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(dms);
    mock.on(StopReplicationTaskCommand).resolves({ ReplicationTask: { ReplicationTaskArn: arn, Status: 'stopping' } });
    mock
      .on(DescribeReplicationTasksCommand)
      .resolvesOnce({ ReplicationTasks: [{ ReplicationTaskArn: arn, Status: 'stopping' }] })
      .resolvesOnce({ ReplicationTasks: [{ ReplicationTaskArn: arn, Status: 'stopping' }] })
      .resolves({ ReplicationTasks: [{ ReplicationTaskArn: arn, Status: 'stopped', ReplicationTaskStats: stats }] });
    const stop = awsReplicationPort(new AwsClients({ clients: { dms }, pollMilliseconds: 5 }), TEST_REGION).handlers?.[
      'replication.stop'
    ];
    if (stop?.poll === undefined) throw new Error('no replication.stop poll');
    const action = taskAction(arn);
    const first = (await stop.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(first).toEqual({ status: 'pending', checkpoint: { taskArn: arn }, pollAfterMilliseconds: 5 });
    if (first.status !== 'pending') throw new Error('expected pending');
    expect((await stop.poll(action, first.checkpoint, contextFor(action)))._unsafeUnwrap().status).toBe('pending');
    expect((await stop.reconcile(action, contextFor(action)))._unsafeUnwrap().status).toBe('pending');
    expect((await stop.poll(action, first.checkpoint, contextFor(action)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { taskArn: arn, status: 'stopped', stoppedAt: '2026-12-15T10:00:00.000Z' },
    });
    const filters = mock.commandCalls(DescribeReplicationTasksCommand).map((call) => call.args[0].input.Filters);
    expect(filters[0]).toEqual([{ Name: 'replication-task-arn', Values: [arn] }]);
  });

  it('fails the wait with Conflict when the task runs again while being stopped', async () => {
    const dms = new DatabaseMigrationServiceClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    mockClient(dms)
      .on(DescribeReplicationTasksCommand)
      .resolves({ ReplicationTasks: [{ ReplicationTaskArn: arn, Status: 'running' }] });
    const stop = awsReplicationPort(new AwsClients({ clients: { dms } }), TEST_REGION).handlers?.['replication.stop'];
    if (stop?.poll === undefined) throw new Error('no replication.stop poll');
    const action = taskAction(arn);
    expect((await stop.poll(action, { taskArn: arn }, contextFor(action)))._unsafeUnwrapErr().code).toBe('Conflict');
  });
});
