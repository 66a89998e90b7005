import {
  type BackupDetails,
  type BackupSummary,
  CreateBackupCommand,
  DescribeBackupCommand,
  ListBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type RecoveryPoint,
  ResultAsync,
} from '@decomkit/core';
import { nativeBackupOutcome, nativeSnapshotIdentifier } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { tableNameOf } from '../resources/dynamodb-table.js';
import { type NativeTargetOf, nativeTargetOf } from './native-target-of.js';

/** A DynamoDB table whose native backup is an on-demand backup (CreateBackup). */
export type TableBackupTarget = NativeTargetOf<'dynamodb-table'>;

/** The table of a DynamoDB table ARN, or null for any other ARN. */
export function tableBackupTarget(arn: string): TableBackupTarget | null {
  return nativeTargetOf('dynamodb-table', arn, tableNameOf(arn));
}

function status(value: string | undefined): RecoveryPoint['status'] {
  if (value === 'AVAILABLE') return 'COMPLETED';
  return value === 'DELETED' ? 'DELETING' : 'PENDING';
}

function backupOutcome(clients: AwsClients, action: Action, backup: BackupDetails | BackupSummary): HandlerOutcome {
  return nativeBackupOutcome(
    action,
    {
      available: backup.BackupStatus === 'AVAILABLE',
      arn: backup.BackupArn,
      identifier: backup.BackupName,
      checkpoint: { method: 'native', dynamodbBackup: backup.BackupArn ?? '' },
    },
    clients.pollMilliseconds,
  );
}

/** Every on-demand backup of a table (ListBackups, following LastEvaluatedBackupArn). */
function listBackups(clients: AwsClients, target: TableBackupTarget, resource: string) {
  return awsCall({ operation: 'dynamodb:ListBackups', resource }, async () => {
    const found: BackupSummary[] = [];
    let start: string | undefined;
    do {
      const page = await clients.get('dynamodb', target.region).send(
        new ListBackupsCommand({
          TableName: target.id,
          BackupType: 'USER',
          ...(start === undefined ? {} : { ExclusiveStartBackupArn: start }),
        }),
      );
      found.push(...(page.BackupSummaries ?? []));
      start = page.LastEvaluatedBackupArn;
    } while (start !== undefined && start !== '');
    return found;
  });
}

/**
 * What an earlier attempt of this action created: the table's backup named
 * `decomkit-backup-<hash of the key>` (DynamoDB backups take no tags at
 * creation, so the name is the only link), or null.
 */
export function findTableBackup(
  clients: AwsClients,
  action: Action,
  target: TableBackupTarget,
): ResultAsync<HandlerOutcome | null, DecomError> {
  const name = nativeSnapshotIdentifier(action.key);
  return listBackups(clients, target, action.target.arn ?? target.id).map((found) => {
    const backup = found.find((candidate) => candidate.BackupName === name && candidate.BackupStatus !== 'DELETED');
    return backup === undefined ? null : backupOutcome(clients, action, backup);
  });
}

/**
 * Creates the native backup of a table: CreateBackup named after the action
 * key (no idempotency token: a retry finds it with `findTableBackup` first).
 *
 * @example
 * ```ts
 * const target = tableBackupTarget('arn:aws:dynamodb:eu-west-1:111122223333:table/payments-sessions');
 * if (target !== null) await createTableBackup(clients, action, target, signal);
 * ```
 */
export function createTableBackup(
  clients: AwsClients,
  action: Action,
  target: TableBackupTarget,
  signal?: AbortSignal,
): ResultAsync<HandlerOutcome, DecomError> {
  const resource = action.target.arn ?? target.id;
  return awsCall({ operation: 'dynamodb:CreateBackup', resource, ...(signal ? { signal } : {}) }, (options) =>
    clients
      .get('dynamodb', target.region)
      .send(
        new CreateBackupCommand({ TableName: target.id, BackupName: nativeSnapshotIdentifier(action.key) }),
        options,
      ),
  ).map((output) => backupOutcome(clients, action, output.BackupDetails ?? {}));
}

/** Continues a table backup from its checkpoint (`{ dynamodbBackup: <backup ARN> }`). */
export function pollTableBackup(
  clients: AwsClients,
  action: Action,
  target: TableBackupTarget,
  checkpoint: JsonObject,
): ResultAsync<HandlerOutcome, DecomError> {
  const arn = checkpoint.dynamodbBackup;
  if (typeof arn !== 'string' || arn === '') {
    return errAsync(
      decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
    );
  }
  return awsCall({ operation: 'dynamodb:DescribeBackup', resource: arn }, () =>
    clients.get('dynamodb', target.region).send(new DescribeBackupCommand({ BackupArn: arn })),
  ).andThen((output) => {
    const details = output.BackupDescription?.BackupDetails;
    return details === undefined
      ? errAsync(decomError.notFound({ message: `backup ${arn} of ${action.target.arn} vanished`, resource: arn }))
      : okAsync(backupOutcome(clients, action, details));
  });
}

/**
 * A table's on-demand backups as recovery points (`actionKey` null: a backup
 * carries no tag). Each names the creation time of the table it was taken of
 * (DescribeBackup's `SourceTableDetails.TableCreationDateTime`): the table's
 * identity, as the inventory reports it.
 */
export function tableBackupRecoveryPoints(
  clients: AwsClients,
  target: TableBackupTarget,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  return listBackups(clients, target, resourceArn).andThen((found) =>
    ResultAsync.combine(
      found.map((backup) =>
        awsCall({ operation: 'dynamodb:DescribeBackup', resource: resourceArn }, () =>
          clients.get('dynamodb', target.region).send(new DescribeBackupCommand({ BackupArn: backup.BackupArn })),
        ).map(
          (described): RecoveryPoint => ({
            arn: backup.BackupArn ?? '',
            resourceArn,
            status: status(backup.BackupStatus),
            createdAt: backup.BackupCreationDateTime?.toISOString() ?? '',
            retainUntil: backup.BackupExpiryDateTime?.toISOString() ?? null,
            actionKey: null,
            resourceIdentity:
              described.BackupDescription?.SourceTableDetails?.TableCreationDateTime?.toISOString() ?? null,
          }),
        ),
      ),
    ),
  );
}
