import { CreateExportTaskCommand, DescribeExportTasksCommand, type ExportTask } from '@aws-sdk/client-cloudwatch-logs';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type RecoveryPoint,
  type ResultAsync,
} from '@decomkit/core';
import { nativeBackupOutcome, nativeSnapshotIdentifier } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { describeLogGroup, logGroupNameOf } from '../resources/log-group.js';
import { type NativeTargetOf, nativeTargetOf } from './native-target-of.js';

/** A log group whose native backup is a final export to the archive bucket (CreateExportTask). */
export type LogExportTarget = NativeTargetOf<'logs-export'>;

/** The log group of a log group ARN, or null for any other ARN. */
export function logExportTarget(arn: string): LogExportTarget | null {
  return nativeTargetOf('logs-export', arn, logGroupNameOf(arn));
}

/** Export tasks that ended without a usable copy. */
const FAILED = new Set(['FAILED', 'CANCELLED']);

/** Where decomkit's export of a group goes in the archive bucket: `decomkit/<group, no leading slash>/<task name>`. */
function prefixOf(target: LogExportTarget, taskName: string): string {
  return `decomkit/${target.id.replace(/^\/+/, '')}/${taskName}`;
}

/** The export's location as an S3 ARN (an export task has no ARN of its own). */
function locationOf(task: ExportTask): string {
  return `arn:aws:s3:::${task.destination ?? ''}/${task.destinationPrefix ?? ''}`;
}

function outcome(clients: AwsClients, action: Action, task: ExportTask): HandlerOutcome {
  return nativeBackupOutcome(
    action,
    {
      available: task.status?.code === 'COMPLETED',
      arn: locationOf(task),
      identifier: task.taskName,
      checkpoint: { method: 'native', logExportTask: task.taskId ?? '' },
    },
    clients.pollMilliseconds,
  );
}

/** Every export task of the region for the group (DescribeExportTasks, following nextToken). */
function exportTasks(clients: AwsClients, target: LogExportTarget, resource: string) {
  return awsCall({ operation: 'logs:DescribeExportTasks', resource }, async () => {
    const found: ExportTask[] = [];
    let token: string | undefined;
    do {
      const page = await clients.get('logs', target.region).send(new DescribeExportTasksCommand({ nextToken: token }));
      found.push(...(page.exportTasks ?? []).filter((task) => task.logGroupName === target.id));
      token = page.nextToken;
    } while (token !== undefined && token !== '');
    return found;
  });
}

/** What an earlier attempt of this action started: the group's export task named after the action key, unless it failed. */
export function findLogExport(
  clients: AwsClients,
  action: Action,
  target: LogExportTarget,
): ResultAsync<HandlerOutcome | null, DecomError> {
  const name = nativeSnapshotIdentifier(action.key);
  return exportTasks(clients, target, action.target.arn ?? target.id).map((found) => {
    const task = found.find((candidate) => candidate.taskName === name && !FAILED.has(candidate.status?.code ?? ''));
    return task === undefined ? null : outcome(clients, action, task);
  });
}

/**
 * The final export of a log group: CreateExportTask of everything from the
 * group's creation until now to `archiveBucket`, named after the action key
 * (no idempotency token: a retry finds it with `findLogExport` first). No
 * archive bucket configured: InvalidInput, nothing sent (the workload can
 * waive the backup instead).
 */
export function createLogExport(
  clients: AwsClients,
  action: Action,
  target: LogExportTarget,
  archiveBucket: string | undefined,
  signal?: AbortSignal,
): ResultAsync<HandlerOutcome, DecomError> {
  const resource = action.target.arn ?? target.id;
  if (archiveBucket === undefined || archiveBucket === '') {
    return errAsync(
      decomError.invalidInput(
        `${action.key}: no archive bucket for the final export of ${resource} (backups.logArchiveBucket), or waive it with backup: 'none'`,
      ),
    );
  }
  const taskName = nativeSnapshotIdentifier(action.key);
  return describeLogGroup(clients, target.region, target.id)
    .andThen((group) =>
      group === null
        ? errAsync(decomError.notFound({ message: `logs:CreateExportTask: ${resource} does not exist`, resource }))
        : awsCall({ operation: 'logs:CreateExportTask', resource, ...(signal ? { signal } : {}) }, (options) =>
            clients.get('logs', target.region).send(
              new CreateExportTaskCommand({
                taskName,
                logGroupName: target.id,
                // From the group's creation: the export's `from` is how its recovery point names the group it is of.
                from: group.creationTime ?? 0,
                to: Date.now(),
                destination: archiveBucket,
                destinationPrefix: prefixOf(target, taskName),
              }),
              options,
            ),
          ),
    )
    .andThen((created) => pollLogExport(clients, action, target, { logExportTask: created.taskId ?? '' }));
}

/** Continues an export from its checkpoint (`{ logExportTask: <task id> }`); a failed export is a ProviderFailure. */
export function pollLogExport(
  clients: AwsClients,
  action: Action,
  target: LogExportTarget,
  checkpoint: JsonObject,
): ResultAsync<HandlerOutcome, DecomError> {
  const taskId = checkpoint.logExportTask;
  if (typeof taskId !== 'string' || taskId === '') {
    return errAsync(
      decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
    );
  }
  const resource = action.target.arn ?? target.id;
  return awsCall({ operation: 'logs:DescribeExportTasks', resource }, () =>
    clients.get('logs', target.region).send(new DescribeExportTasksCommand({ taskId })),
  ).andThen((output) => {
    const task = output.exportTasks?.[0];
    if (task === undefined) {
      return errAsync(decomError.notFound({ message: `export task ${taskId} of ${resource} vanished`, resource }));
    }
    if (FAILED.has(task.status?.code ?? '')) {
      return errAsync(
        decomError.providerFailure({
          message: `export task ${taskId} of ${resource} ended ${task.status?.code}: ${task.status?.message ?? ''}`,
          retryable: true,
          resource,
        }),
      );
    }
    return okAsync(outcome(clients, action, task));
  });
}

function status(code: string | undefined): RecoveryPoint['status'] {
  if (code === 'COMPLETED') return 'COMPLETED';
  return code !== undefined && FAILED.has(code) ? 'FAILED' : 'PENDING';
}

/**
 * A group's exports as recovery points. Each names the group it was taken of
 * by its `from` (decomkit exports from the group's creation time, which is the
 * group's identity): an export that starts later is not a whole copy and
 * names no identity the inventory reports. `retainUntil` null: the objects
 * are kept as long as the archive bucket's own lifecycle keeps them.
 */
export function logExportRecoveryPoints(
  clients: AwsClients,
  target: LogExportTarget,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  return exportTasks(clients, target, resourceArn).map((found) =>
    found.map(
      (task): RecoveryPoint => ({
        arn: locationOf(task),
        resourceArn,
        status: status(task.status?.code),
        createdAt: new Date(task.executionInfo?.creationTime ?? task.to ?? 0).toISOString(),
        retainUntil: null,
        actionKey: null,
        resourceIdentity: task.from === undefined ? null : new Date(task.from).toISOString(),
      }),
    ),
  );
}
