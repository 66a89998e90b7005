import type { Action, DecomError, HandlerOutcome, JsonObject, RecoveryPoint, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { nativeBackupOutcome } from '@decomkit/provider-kit';
import type { FakeDynamoDb } from '../source/dynamodb.js';
import type { FakeTableBackup } from '../source/source-types.js';

const POLL_MILLISECONDS = 60_000;

/** A DynamoDB table whose native backup is an on-demand backup (CreateBackup). */
export interface TableBackupTarget {
  readonly via: 'dynamodb-table';
  readonly id: string;
  readonly region: string;
}

/** The table of a DynamoDB table ARN, or null for any other ARN. */
export function tableBackupTarget(arn: string): TableBackupTarget | null {
  const match = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\d{12}:table\/([^/]+)$/.exec(arn);
  return match?.[1] === undefined || match[2] === undefined
    ? null
    : { via: 'dynamodb-table', id: match[2], region: match[1] };
}

function outcome(action: Action, backup: FakeTableBackup): HandlerOutcome {
  return nativeBackupOutcome(
    action,
    {
      available: backup.status === 'AVAILABLE',
      arn: backup.arn,
      identifier: backup.backupName,
      checkpoint: { method: 'native', dynamodbBackup: backup.arn },
    },
    POLL_MILLISECONDS,
  );
}

/**
 * What an earlier attempt of this action created: the table's backup named
 * `name` (DynamoDB backups take no tags, so the name derived from the action
 * key is the only link), or null.
 */
export function findTableBackup(
  dynamodb: FakeDynamoDb,
  action: Action,
  target: TableBackupTarget,
  name: string,
): ResultAsync<HandlerOutcome | null, DecomError> {
  return dynamodb.listBackups(target.region, target.id).map((found) => {
    const backup = found.find((candidate) => candidate.backupName === name);
    return backup === undefined ? null : outcome(action, backup);
  });
}

/** Creates the native backup of a table: CreateBackup named `name` (a retry finds it with `findTableBackup` first). */
export function createTableBackup(
  dynamodb: FakeDynamoDb,
  action: Action,
  target: TableBackupTarget,
  name: string,
): ResultAsync<HandlerOutcome, DecomError> {
  return dynamodb.createBackup(target.region, target.id, name).map((backup) => outcome(action, backup));
}

/** Continues a table backup from its checkpoint (`{ dynamodbBackup: <backup ARN> }`). */
export function pollTableBackup(
  dynamodb: FakeDynamoDb,
  action: Action,
  checkpoint: JsonObject,
): ResultAsync<HandlerOutcome, DecomError> {
  const arn = checkpoint.dynamodbBackup;
  if (typeof arn !== 'string' || arn === '')
    return errAsync(
      decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
    );
  return dynamodb
    .describeBackup(arn)
    .orElse((error) =>
      errAsync(
        error.code === 'NotFound'
          ? decomError.notFound({ message: `backup ${arn} of ${action.target.arn} vanished`, resource: arn })
          : error,
      ),
    )
    .andThen((backup) => okAsync(outcome(action, backup)));
}

/** A table's on-demand backups as recovery points (`actionKey` null: a backup carries no tag). */
export function tableBackupRecoveryPoints(
  dynamodb: FakeDynamoDb,
  target: TableBackupTarget,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  return dynamodb.listBackups(target.region, target.id).map((found) =>
    found.map(
      (backup): RecoveryPoint => ({
        arn: backup.arn,
        resourceArn,
        status: backup.status === 'AVAILABLE' ? 'COMPLETED' : 'PENDING',
        createdAt: backup.createdAt,
        retainUntil: null,
        actionKey: null,
        resourceIdentity: backup.tableId,
      }),
    ),
  );
}
