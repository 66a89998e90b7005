/**
 * The floor, sent: a plain script with the AWS SDK that retires a tagged
 * estate of EC2 instances and RDS DB instances with exactly the requests of
 * {@link floorRequests} (plus any throttled attempts the SDK retries), as a
 * careful hand-written batching script would: account check, find, stop,
 * wait, terminate / delete with a final snapshot, wait. It keeps no journal,
 * takes no backups but the final snapshots, reads no protection flags and
 * re-reads nothing before it acts: the least a tool can do, and the time that
 * least takes through the AWS-limits proxy.
 */
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  EC2Client,
  type Instance,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  type DBInstance,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { MiddlewareStackClient } from '@decomkit/aws';
import { bounded } from '../moto-estate.js';
import { EC2_INSTANCES_PER_CALL, RDS_RECORDS_PER_PAGE } from './request-floor.js';

/** Where and what the script retires. */
export interface FloorScriptOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The account the credentials must belong to: nothing is changed otherwise. */
  readonly accountId: string;
  /** The tag every resource of the estate carries. */
  readonly tag: { readonly key: string; readonly value: string };
  /** RDS calls in flight at once (one per database per operation). */
  readonly concurrency: number;
  /** Between two rounds of a wait. */
  readonly pollMilliseconds: number;
  /** The most rounds a wait makes before it gives up. */
  readonly maxPollRounds?: number;
}

/** What the script did. */
export interface FloorScriptResult {
  /** Attempts sent per `service:Action` (throttled retries included). */
  readonly requests: ReadonlyMap<string, number>;
  readonly milliseconds: number;
  readonly instances: number;
  readonly databases: number;
}

/** Counts every attempt a client sends, after the SDK's retry step. */
function counted<Client extends EC2Client | RDSClient | STSClient>(
  client: Client,
  service: string,
  requests: Map<string, number>,
): Client {
  (client as unknown as MiddlewareStackClient).middlewareStack.add(
    (next, context) => (args) => {
      const action = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      requests.set(action, (requests.get(action) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'floorRequestCounter' },
  );
  return client;
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Retires every instance and database tagged `tag` in the credentials'
 * account and region, sending the floor's requests; throws if the account is
 * not `accountId` or a wait does not end within `maxPollRounds`.
 *
 * @example
 * ```ts
 * const result = await runBatchingFloorScript({ endpoint, region: 'eu-west-1', credentials, accountId,
 *   tag: { key: 'workload', value: 'bench' }, concurrency: 16, pollMilliseconds: 50 });
 * ```
 */
export async function runBatchingFloorScript(options: FloorScriptOptions): Promise<FloorScriptResult> {
  const requests = new Map<string, number>();
  // A careful script rides out throttling: the SDK's adaptive retry mode (client-side rate limiting) and
  // enough attempts for a resource bucket to refill (StopInstances of 2,000 ids: 1,000 tokens at 20 a second).
  const settings = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    retryMode: 'adaptive',
    maxAttempts: 30,
  };
  const sts = counted(new STSClient(settings), 'sts', requests);
  const ec2 = counted(new EC2Client(settings), 'ec2', requests);
  const rds = counted(new RDSClient(settings), 'rds', requests);
  const maxRounds = options.maxPollRounds ?? 1_000;
  const started = performance.now();
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account !== options.accountId) {
      throw new Error(`refusing: the credentials are of account ${identity.Account}, not ${options.accountId}`);
    }
    const instanceIds = (await findInstances(ec2, options.tag)).flatMap((instance) => instance.InstanceId ?? []);
    const databases = (await describeDatabases(rds)).filter((database) =>
      database.TagList?.some((tag) => tag.Key === options.tag.key && tag.Value === options.tag.value),
    );
    const databaseIds = databases.flatMap((database) => database.DBInstanceIdentifier ?? []);
    const instanceChunks = chunked(instanceIds, EC2_INSTANCES_PER_CALL);
    const databaseChunks = chunked(databaseIds, RDS_RECORDS_PER_PAGE);
    const wait = async (what: string, pending: () => Promise<number>) => {
      for (let round = 1; round <= maxRounds; round += 1) {
        if ((await pending()) === 0) return;
        await sleep(options.pollMilliseconds);
      }
      throw new Error(`gave up waiting for ${what} after ${maxRounds} rounds`);
    };
    const instancesNotIn = async (state: string) => {
      let pending = 0;
      for (const ids of instanceChunks) {
        const answer = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
        const instances = (answer.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
        pending += instances.filter((instance) => instance.State?.Name !== state).length;
      }
      return pending;
    };
    const databasesIn = async (counts: (database: DBInstance) => boolean) => {
      let pending = 0;
      for (const ids of databaseChunks) {
        const answer = await rds.send(
          new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ids }] }),
        );
        pending += (answer.DBInstances ?? []).filter(counts).length;
      }
      return pending;
    };

    await Promise.all([
      ...instanceChunks.map((ids) => ec2.send(new StopInstancesCommand({ InstanceIds: ids }))),
      bounded(databaseIds, options.concurrency, async (id) => {
        await alreadyDone(rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: id })), 'InvalidDBInstanceState');
      }),
    ]);
    await Promise.all([
      instanceIds.length > 0 ? wait('instances stopped', () => instancesNotIn('stopped')) : undefined,
      databaseIds.length > 0
        ? wait('databases stopped', () => databasesIn((database) => database.DBInstanceStatus !== 'stopped'))
        : undefined,
    ]);
    await Promise.all([
      ...instanceChunks.map((ids) => ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }))),
      bounded(databaseIds, options.concurrency, async (id) => {
        await alreadyDone(
          rds.send(
            new DeleteDBInstanceCommand({
              DBInstanceIdentifier: id,
              SkipFinalSnapshot: false,
              FinalDBSnapshotIdentifier: finalSnapshotOf(id),
              DeleteAutomatedBackups: false,
            }),
          ),
          'DBInstanceNotFound',
        );
      }),
    ]);
    await Promise.all([
      instanceIds.length > 0 ? wait('instances terminated', () => instancesNotIn('terminated')) : undefined,
      databaseIds.length > 0 ? wait('databases gone', () => databasesIn(() => true)) : undefined,
      databaseIds.length > 0
        ? wait('final snapshots available', () => snapshotsNotAvailable(rds, databaseChunks))
        : undefined,
    ]);
    return {
      requests,
      milliseconds: performance.now() - started,
      instances: instanceIds.length,
      databases: databaseIds.length,
    };
  } finally {
    for (const client of [sts, ec2, rds]) client.destroy();
  }
}

/**
 * A call that an SDK retry may find already done (its first attempt succeeded but its answer was lost: moto
 * sometimes answers 5xx): the error `code` then means done, and the wait that follows confirms it.
 */
async function alreadyDone(call: Promise<unknown>, code: string): Promise<void> {
  try {
    await call;
  } catch (error) {
    const failure = error as { $metadata?: { attempts?: number }; Code?: string; name?: string };
    const retried = (failure.$metadata?.attempts ?? 1) > 1;
    // The SDK names some errors by their code, others by the code and `Fault` (DBInstanceNotFoundFault).
    if (!(retried && (failure.Code ?? failure.name) === code)) throw error;
  }
}

/** The final snapshot's identifier for a database. */
export const finalSnapshotOf = (databaseId: string) => `${databaseId}-final`;

async function findInstances(ec2: EC2Client, tag: FloorScriptOptions['tag']): Promise<Instance[]> {
  const found: Instance[] = [];
  let token: string | undefined;
  do {
    const input: DescribeInstancesCommandInput = {
      Filters: [
        { Name: `tag:${tag.key}`, Values: [tag.value] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
      MaxResults: EC2_INSTANCES_PER_CALL,
      ...(token === undefined ? {} : { NextToken: token }),
    };
    const page = await ec2.send(new DescribeInstancesCommand(input));
    found.push(...(page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return found;
}

async function describeDatabases(rds: RDSClient): Promise<DBInstance[]> {
  const found: DBInstance[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(
      new DescribeDBInstancesCommand({
        MaxRecords: RDS_RECORDS_PER_PAGE,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    );
    found.push(...(page.DBInstances ?? []));
    marker = page.Marker;
  } while (marker !== undefined);
  return found;
}

/** How many of the databases' final snapshots are not yet `available` (missing ones included). */
async function snapshotsNotAvailable(rds: RDSClient, databaseChunks: readonly string[][]): Promise<number> {
  let pending = 0;
  for (const ids of databaseChunks) {
    const wanted = ids.map(finalSnapshotOf);
    const answer = await rds.send(
      new DescribeDBSnapshotsCommand({ Filters: [{ Name: 'db-snapshot-id', Values: wanted }] }),
    );
    const available = new Set(
      (answer.DBSnapshots ?? [])
        .filter((snapshot) => snapshot.Status === 'available')
        .flatMap((snapshot) => snapshot.DBSnapshotIdentifier ?? []),
    );
    pending += wanted.filter((id) => !available.has(id)).length;
  }
  return pending;
}
