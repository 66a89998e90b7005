import { Readable } from 'node:stream';
import { type CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateReplicationInstanceCommand,
  CreateReplicationTaskCommand,
  DatabaseMigrationServiceClient,
  DescribeReplicationTasksCommand,
  StartReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { AwsClients } from '@decomkit/aws';
import { motoEndpoint, TEST_CREDENTIALS } from './moto.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** A replication task seeded in moto: its ARN and the replication instance's identifier. */
export interface SeededTask {
  readonly arn: string;
  readonly instanceIdentifier: string;
  readonly region: string;
}

/**
 * A DMS replication instance and CDC task in moto, started (running), tagged,
 * and — unless `lagSeconds` is null — with a `CDCLatencyTarget` datapoint a
 * minute ago (DMS publishes it to CloudWatch; moto's DMS does not).
 */
export async function seedReplicationTask(
  clients: AwsClients,
  seed: {
    readonly region: string;
    readonly name: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly lagSeconds: number | null;
    readonly migrationType?: 'cdc' | 'full-load' | 'full-load-and-cdc';
    readonly start?: boolean;
  },
): Promise<SeededTask> {
  const dms = dmsClientWithEpochDates(seed.region);
  const instanceIdentifier = `${seed.name}-instance`;
  const instance = await dms.send(
    new CreateReplicationInstanceCommand({
      ReplicationInstanceIdentifier: instanceIdentifier,
      ReplicationInstanceClass: 'dms.t3.micro',
    }),
  );
  const task = await dms.send(
    new CreateReplicationTaskCommand({
      ReplicationTaskIdentifier: seed.name,
      SourceEndpointArn: `arn:aws:dms:${seed.region}:${MOTO_ACCOUNT_ID}:endpoint:${seed.name}-source`,
      TargetEndpointArn: `arn:aws:dms:${seed.region}:${MOTO_ACCOUNT_ID}:endpoint:${seed.name}-target`,
      ReplicationInstanceArn: instance.ReplicationInstance?.ReplicationInstanceArn ?? '',
      MigrationType: seed.migrationType ?? 'full-load-and-cdc',
      TableMappings: JSON.stringify({ rules: [] }),
      Tags: Object.entries(seed.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  const arn = task.ReplicationTask?.ReplicationTaskArn;
  if (arn === undefined) throw new Error('moto CreateReplicationTask returned no ARN');
  if (seed.start !== false)
    await dms.send(
      new StartReplicationTaskCommand({ ReplicationTaskArn: arn, StartReplicationTaskType: 'start-replication' }),
    );
  if (seed.lagSeconds !== null) {
    await clients.get('cloudwatch', seed.region).send(
      new PutMetricDataCommand({
        Namespace: 'AWS/DMS',
        MetricData: [
          {
            MetricName: 'CDCLatencyTarget',
            Dimensions: [
              { Name: 'ReplicationInstanceIdentifier', Value: instanceIdentifier },
              { Name: 'ReplicationTaskIdentifier', Value: arn.split(':task:')[1] ?? seed.name },
            ],
            Timestamp: new Date(Date.now() - 60_000),
            Value: seed.lagSeconds,
            Unit: 'Seconds',
          },
        ],
      }),
    );
  }
  return { arn, instanceIdentifier, region: seed.region };
}

/** The status of a replication task as DMS reports it, or null when it is gone. */
export async function replicationStatus(task: SeededTask): Promise<string | null> {
  const found = await dmsClientWithEpochDates(task.region).send(
    new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [task.arn] }] }),
  );
  return found.ReplicationTasks?.[0]?.Status ?? null;
}

/** Datapoints of one metric for an EC2 instance, an RDS DB instance or a load balancer (by dimension). */
export async function putMetric(
  clients: AwsClients,
  region: string,
  metric: {
    readonly namespace: string;
    readonly name: string;
    readonly dimension: { readonly Name: string; readonly Value: string };
    readonly points: readonly { readonly at: string; readonly value: number }[];
  },
): Promise<void> {
  if (metric.points.length === 0) return;
  await clients.get('cloudwatch', region).send(
    new PutMetricDataCommand({
      Namespace: metric.namespace,
      MetricData: metric.points.map((point) => ({
        MetricName: metric.name,
        Dimensions: [metric.dimension],
        Timestamp: new Date(point.at),
        Value: point.value,
      })),
    }),
  );
}

/** A Route 53 record set to seed. */
export interface RecordSeed {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

/** The hosted zone id of `zone` in moto, created when missing. */
export async function hostedZone(clients: AwsClients, zone: string): Promise<string> {
  const route53 = clients.get('route53', 'us-east-1');
  const found = await route53.send(new ListHostedZonesByNameCommand({ DNSName: zone }));
  const existing = found.HostedZones?.find((candidate) => candidate.Name === `${zone}.`);
  if (existing?.Id !== undefined) return existing.Id.replace('/hostedzone/', '');
  const created = await route53.send(
    new CreateHostedZoneCommand({ Name: zone, CallerReference: `${zone}-${Date.now()}-${Math.random()}` }),
  );
  return (created.HostedZone?.Id ?? '').replace('/hostedzone/', '');
}

/** Creates the record set (and its zone). */
export async function seedRecord(clients: AwsClients, record: RecordSeed): Promise<string> {
  const zoneId = await hostedZone(clients, record.zone);
  const name = record.name === '@' ? `${record.zone}.` : `${record.name}.${record.zone}.`;
  await clients.get('route53', 'us-east-1').send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: name,
              Type: record.type as RRType,
              TTL: record.ttl,
              ResourceRecords: record.values.map((Value) => ({ Value })),
            },
          },
        ],
      },
    }),
  );
  return zoneId;
}

/** The TTL Route 53 has for the record set, read straight from moto; null when there is none. */
export async function route53Ttl(
  clients: AwsClients,
  record: { readonly zone: string; readonly name: string; readonly type: string },
): Promise<number | null> {
  const route53 = clients.get('route53', 'us-east-1');
  const zones = await route53.send(new ListHostedZonesByNameCommand({ DNSName: record.zone }));
  const zone = zones.HostedZones?.find((candidate) => candidate.Name === `${record.zone}.`);
  if (zone?.Id === undefined) return null;
  const fqdn = record.name === '@' ? `${record.zone}.` : `${record.name}.${record.zone}.`;
  const sets = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id }));
  return sets.ResourceRecordSets?.find((set) => set.Name === fqdn && set.Type === record.type)?.TTL ?? null;
}

/** One canned GetCostAndUsage answer for moto's queue (`/moto-api/static/ce/cost-and-usage-results`). */
export interface CannedCostResult {
  readonly ResultsByTime: readonly {
    readonly TimePeriod: { readonly Start: string; readonly End: string };
    readonly Total: { readonly UnblendedCost: { readonly Amount: string; readonly Unit: string } };
    readonly Groups: readonly never[];
    readonly Estimated: boolean;
  }[];
  readonly NextPageToken?: string;
}

/**
 * Queues GetCostAndUsage answers in moto: moto tracks no cost, and answers
 * each distinct request body with the next queued result (the same body, the
 * same result again).
 */
export async function queueCostResults(results: readonly CannedCostResult[]): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/static/ce/cost-and-usage-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account_id: MOTO_ACCOUNT_ID, results }),
  });
  if (!response.ok) throw new Error(`moto ce cost-and-usage-results answered ${response.status}`);
}

/** Daily UnblendedCost results, one per [day, amount]. */
export function dailyCosts(
  days: readonly (readonly [string, number])[],
  unit = 'USD',
): CannedCostResult['ResultsByTime'] {
  return days.map(([day, amount]) => ({
    TimePeriod: { Start: day, End: new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10) },
    Total: { UnblendedCost: { Amount: String(amount), Unit: unit } },
    Groups: [],
    Estimated: false,
  }));
}

/** Keys of moto DMS answers that carry dates. */
const DATE_KEY = /"(\w*(?:Date|Time))"\s*:\s*"(\d{4}-\d{2}-\d{2}T[^"]+)"/g;

/**
 * A DMS client on moto whose answers have their dates as AWS sends them.
 * moto 5.2.1 writes DMS dates (ReplicationTaskCreationDate, ReplicationTaskStats
 * StartDate / StopDate …) as ISO strings in the JSON body, where the AWS JSON
 * protocol has epoch seconds, and the SDK refuses the whole answer
 * ("Expected real number"). This middleware, the innermost of the deserialize
 * step, rewrites only those date strings to epoch seconds; everything else is
 * moto's answer untouched.
 */
export function dmsClientWithEpochDates(region: string): DatabaseMigrationServiceClient {
  const client = new DatabaseMigrationServiceClient({
    region,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body?: unknown };
      const body = response.body;
      if (
        body === undefined ||
        body === null ||
        typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function'
      )
        return result;
      const chunks: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(DATE_KEY, (_, key: string, iso: string) => {
          const at = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
          return `"${key}": ${Number.isFinite(at) ? at / 1000 : 'null'}`;
        });
      response.body = Readable.from([Buffer.from(text, 'utf8')]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'motoDmsEpochDates' },
  );
  return client;
}

/** Every command input `client` sends from now on (recorded by a middleware; moto still answers). */
export function recordInputs<Input extends object>(client: CloudWatchClient): Input[] {
  const inputs: Input[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      inputs.push(structuredClone(args.input) as Input);
      return next(args);
    },
    { step: 'initialize', name: 'recordInputs' },
  );
  return inputs;
}
