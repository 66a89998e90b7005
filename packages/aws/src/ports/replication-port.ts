import {
  type DatabaseMigrationServiceClient,
  type ReplicationTask as DmsReplicationTask,
  ListTagsForResourceCommand,
  paginateDescribeReplicationInstances,
  paginateDescribeReplicationTasks,
  StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
  type RateLimitClaim,
  type ReplicationPort,
  type ReplicationTask,
  ResultAsync,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { parseArn } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { chunks } from '../resources/resource-type.js';
import { getMetricData } from './metrics-port.js';

/** ARNs per ListTagsForResource call (ResourceArnList). */
const TAG_CHUNK = 50;
/** Queries per GetMetricData call. */
const METRIC_CHUNK = 500;
/** Migration types that replicate changes, and so have a CDC latency. */
const CDC_TYPES = new Set(['cdc', 'full-load-and-cdc']);

/** Options of the DMS replication port (`awsSource({ replication })`). */
export interface AwsReplicationOptions {
  /** Regions whose tasks `listTasks` reads; default the home region. */
  readonly regions?: readonly string[];
  /** How far back the latest `CDCLatencyTarget` datapoint may be for the lag to count as known. Default 15 minutes. */
  readonly lagWindowMinutes?: number;
}

/** The region and account of a DMS replication task ARN, or null when it is not one. */
export function replicationTaskPlace(arn: string): { region: string; accountId: string; resourceId: string } | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'dms' || !parsed.resource.startsWith('task:') || parsed.resource.length <= 5) return null;
  return { region: parsed.region, accountId: parsed.accountId, resourceId: parsed.resource.slice(5) };
}

/**
 * The `replication` port over AWS DMS. `listTasks` reads every task of the
 * regions (DescribeReplicationTasks, paginated, WithoutSettings), their tags
 * (ListTagsForResource) and their lag. DescribeReplicationTasks carries no
 * CDC latency (`ReplicationTaskStats` only has load progress and dates), so the
 * lag is CloudWatch's `AWS/DMS` `CDCLatencyTarget` (seconds from a source
 * commit to its apply on the target), the latest one-minute Maximum of the
 * last `lagWindowMinutes`, per (ReplicationInstanceIdentifier,
 * ReplicationTaskIdentifier = the task ARN's resource id); null when there is
 * none (a full-load task, a task without recent datapoints).
 *
 * `replication.stop` calls StopReplicationTask and, while the task is
 * `stopping`, waits through checkpoints (DescribeReplicationTasks) until it is
 * `stopped`; reconcile reads the status (running: absent; stopping: pending;
 * stopped: done). Stopping a task that is not running is a `Conflict`
 * (InvalidResourceStateFault), as in the fake.
 *
 * @example
 * ```ts
 * const replication = awsReplicationPort(new AwsClients(), 'eu-west-1');
 * const tasks = await replication.listTasks(); // [{ arn, status: 'running', lagSeconds: 0, tags }]
 * ```
 */
export function awsReplicationPort(
  clients: AwsClients,
  home: string,
  options: AwsReplicationOptions = {},
): ReplicationPort {
  const regions = options.regions ?? [home];
  const lagWindowMilliseconds = (options.lagWindowMinutes ?? 15) * 60_000;
  const pollAfterMilliseconds = clients.pollMilliseconds;

  const outcomeOf = (task: DmsReplicationTask): HandlerOutcome =>
    task.Status === 'stopped'
      ? {
          status: 'done',
          result: {
            taskArn: task.ReplicationTaskArn ?? '',
            status: 'stopped',
            stoppedAt: task.ReplicationTaskStats?.StopDate?.toISOString() ?? null,
          },
        }
      : { status: 'pending', checkpoint: { taskArn: task.ReplicationTaskArn ?? '' }, pollAfterMilliseconds };

  const describe = (action: Action): ResultAsync<DmsReplicationTask, DecomError> =>
    placeOfTask(action).andThen(({ region, arn }) =>
      awsCall({ operation: 'dms:DescribeReplicationTasks', resource: arn }, async () => {
        const found: DmsReplicationTask[] = [];
        for await (const page of paginateDescribeReplicationTasks(
          { client: clients.get('dms', region) },
          { Filters: [{ Name: 'replication-task-arn', Values: [arn] }], WithoutSettings: true },
        )) {
          found.push(...(page.ReplicationTasks ?? []));
        }
        return found;
      }).andThen((found) => {
        const task = found.find((candidate) => candidate.ReplicationTaskArn === arn);
        return task === undefined
          ? errAsync(decomError.notFound({ message: `ResourceNotFoundFault: replication task ${arn}`, resource: arn }))
          : okAsync(task);
      }),
    );

  const stop: ActionHandler<'replication.stop'> = {
    rateLimits: (action): RateLimitClaim[] => {
      const place = replicationTaskPlace(action.target.ref);
      return [
        {
          service: 'dms',
          bucket: 'default',
          accountId: action.target.accountId ?? place?.accountId ?? '',
          region: action.target.region ?? place?.region ?? '',
        },
      ];
    },
    execute: (action, context) =>
      placeOfTask(action).andThen(({ region, arn }) =>
        awsCall({ operation: 'dms:StopReplicationTask', resource: arn, signal: context.signal }, (callOptions) =>
          clients.get('dms', region).send(new StopReplicationTaskCommand({ ReplicationTaskArn: arn }), callOptions),
        )
          .mapErr((error) =>
            awsErrorCode(error.cause) === 'InvalidResourceStateFault'
              ? decomError.conflict({ message: error.message, resource: arn, cause: error.cause })
              : error,
          )
          .map((response) => outcomeOf({ ...response.ReplicationTask, ReplicationTaskArn: arn })),
      ),
    poll: (action) =>
      describe(action).andThen((task) =>
        task.Status === 'stopping' || task.Status === 'stopped'
          ? okAsync(outcomeOf(task))
          : errAsync(
              decomError.conflict({
                message: `replication task ${action.target.ref} is ${task.Status ?? 'unknown'} while it was being stopped`,
                resource: action.target.ref,
              }),
            ),
      ),
    reconcile: (action) =>
      describe(action).map((task) =>
        task.Status === 'stopping' || task.Status === 'stopped' ? outcomeOf(task) : { status: 'absent' as const },
      ),
  };

  const listRegion = (region: string): ResultAsync<ReplicationTask[], DecomError> => {
    const dms = clients.get('dms', region);
    return awsCall({ operation: 'dms:DescribeReplicationTasks' }, async () => {
      const found: DmsReplicationTask[] = [];
      for await (const page of paginateDescribeReplicationTasks({ client: dms }, { WithoutSettings: true })) {
        found.push(...(page.ReplicationTasks ?? []));
      }
      return found;
    }).andThen((tasks) => {
      if (tasks.length === 0) return okAsync([]);
      const arns = tasks.flatMap((task) => task.ReplicationTaskArn ?? []);
      return ResultAsync.combine([tagsOf(dms, arns), lagsOf(clients, region, tasks, lagWindowMilliseconds)]).map(
        ([tags, lags]) =>
          tasks.map((task) => {
            const arn = task.ReplicationTaskArn ?? '';
            return {
              arn,
              status: task.Status ?? 'unknown',
              lagSeconds: lags.get(arn) ?? null,
              tags: tags.get(arn) ?? {},
            };
          }),
      );
    });
  };

  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'replication.stop': stop },
    listTasks: () => ResultAsync.combine(regions.map(listRegion)).map((found) => found.flat()),
  };
}

/** The task ARN of an action and its region, or InvalidInput. */
function placeOfTask(action: Action): ResultAsync<{ region: string; arn: string }, DecomError> {
  const arn = action.target.ref;
  const place = replicationTaskPlace(arn);
  return place === null || place.region === ''
    ? errAsync(
        decomError.invalidInput(`${action.key}: "${arn}" is not a DMS replication task ARN`, [
          { path: 'target.ref', message: 'arn:aws:dms:<region>:<account>:task:<id>' },
        ]),
      )
    : okAsync({ region: place.region, arn });
}

/** Tags by task ARN (ListTagsForResource with ResourceArnList). */
function tagsOf(
  dms: DatabaseMigrationServiceClient,
  arns: readonly string[],
): ResultAsync<Map<string, Record<string, string>>, DecomError> {
  return ResultAsync.combine(
    chunks(arns, TAG_CHUNK).map((chunk) =>
      awsCall({ operation: 'dms:ListTagsForResource' }, () =>
        dms.send(new ListTagsForResourceCommand({ ResourceArnList: chunk })),
      ),
    ),
  ).map((responses) => {
    const tags = new Map<string, Record<string, string>>();
    for (const tag of responses.flatMap((response) => response.TagList ?? [])) {
      const arn = tag.ResourceArn ?? (arns.length === 1 ? arns[0] : undefined);
      if (arn === undefined || tag.Key === undefined) continue;
      tags.set(arn, { ...tags.get(arn), [tag.Key]: tag.Value ?? '' });
    }
    return tags;
  });
}

/** The latest CDCLatencyTarget of each CDC task, by ARN; tasks without a recent datapoint are left out. */
function lagsOf(
  clients: AwsClients,
  region: string,
  tasks: readonly DmsReplicationTask[],
  windowMilliseconds: number,
): ResultAsync<Map<string, number>, DecomError> {
  const cdc = tasks.filter((task) => CDC_TYPES.has(task.MigrationType ?? ''));
  if (cdc.length === 0) return okAsync(new Map());
  const dms = clients.get('dms', region);
  return awsCall({ operation: 'dms:DescribeReplicationInstances' }, async () => {
    const identifiers = new Map<string, string>();
    for await (const page of paginateDescribeReplicationInstances({ client: dms }, {})) {
      for (const instance of page.ReplicationInstances ?? []) {
        if (instance.ReplicationInstanceArn !== undefined && instance.ReplicationInstanceIdentifier !== undefined)
          identifiers.set(instance.ReplicationInstanceArn, instance.ReplicationInstanceIdentifier);
      }
    }
    return identifiers;
  }).andThen((instances) => {
    const queries = cdc.flatMap((task, index) => {
      const instance = instances.get(task.ReplicationInstanceArn ?? '');
      const place = replicationTaskPlace(task.ReplicationTaskArn ?? '');
      if (instance === undefined || place === null) return [];
      return [
        {
          arn: task.ReplicationTaskArn ?? '',
          query: {
            Id: `lag${index}`,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/DMS',
                MetricName: 'CDCLatencyTarget',
                Dimensions: [
                  { Name: 'ReplicationInstanceIdentifier', Value: instance },
                  { Name: 'ReplicationTaskIdentifier', Value: place.resourceId },
                ],
              },
              Period: 60,
              Stat: 'Maximum',
            },
            ReturnData: true,
          },
        },
      ];
    });
    if (queries.length === 0) return okAsync(new Map<string, number>());
    const end = new Date();
    const bounds = { start: new Date(end.getTime() - windowMilliseconds), end };
    return ResultAsync.combine(
      chunks(queries, METRIC_CHUNK).map((chunk) =>
        getMetricData(
          clients,
          region,
          chunk.map((entry) => entry.query),
          bounds,
          'TimestampDescending',
        ),
      ),
    ).map((pages) => {
      const results = pages.flat();
      const lags = new Map<string, number>();
      for (const { arn, query } of queries) {
        let latest: { at: number; value: number } | null = null;
        for (const result of results.filter((candidate) => candidate.Id === query.Id)) {
          (result.Timestamps ?? []).forEach((at, index) => {
            const value = result.Values?.[index];
            if (value !== undefined && (latest === null || at.getTime() > latest.at))
              latest = { at: at.getTime(), value };
          });
        }
        if (latest !== null) lags.set(arn, (latest as { value: number }).value);
      }
      return lags;
    });
  });
}

/** The IAM actions of this port's reads. */
export const REPLICATION_READS: readonly string[] = [
  'dms:DescribeReplicationInstances',
  'dms:DescribeReplicationTasks',
  'dms:ListTagsForResource',
];

/** The IAM action of `replication.stop`, on the task's ARN. */
export const REPLICATION_STOP_ACTIONS: readonly string[] = ['dms:StopReplicationTask'];
