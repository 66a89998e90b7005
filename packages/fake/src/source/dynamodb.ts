import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { hexOf, tableArn, uuidOf } from './arns.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeTable, FakeTableBackup } from './source-types.js';

/**
 * The fake DynamoDB control plane for tables and on-demand backups, regional
 * and in the caller's account, with AWS's rules: DeleteTable is refused while
 * DeletionProtectionEnabled is on; a deleted table stays `DELETING` for the
 * world's `tableDeleteMinutes`, then is gone (Config records it then); a
 * table being deleted takes no change (`ResourceInUseException`); a backup is
 * `CREATING` for `snapshotMinutes`, then `AVAILABLE`, and outlives its table.
 */
export class FakeDynamoDb {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeTable: `ResourceNotFoundException` when the table does not exist (any more). */
  describeTable(region: string, name: string): ResultAsync<FakeTable, DecomError> {
    return this.world.call('dynamodb', 'DescribeTable', false, name, () =>
      this.table(region, name).map((table) => structuredClone(table)),
    );
  }

  /** ListTagsOfResource: the table's tags; `AccessDenied` when they cannot be read. */
  listTagsOfResource(region: string, arn: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('dynamodb', 'ListTagsOfResource', false, arn, () => {
      settleDynamoDb(this.world);
      const table = this.world.state.tables.find((candidate) => candidate.arn === arn && candidate.region === region);
      if (table === undefined)
        return err(awsError.notFound('ResourceNotFoundException', `Requested resource not found: ${arn}`, arn));
      if (!table.tagsReadable)
        return err(
          decomError.accessDenied({
            message: `AccessDeniedException: dynamodb:ListTagsOfResource on ${arn}`,
            resource: arn,
          }),
        );
      return ok({ ...table.tags });
    });
  }

  /** UpdateTable DeletionProtectionEnabled. */
  updateTable(
    region: string,
    name: string,
    changes: { readonly deletionProtectionEnabled: boolean },
  ): ResultAsync<FakeTable, DecomError> {
    return this.world.call('dynamodb', 'UpdateTable', true, name, () =>
      this.activeTable(region, name).map((table) => {
        table.deletionProtection = changes.deletionProtectionEnabled;
        recordConfigChange(this.world, table.arn, AWS_TYPES.table, 'OK');
        return structuredClone(table);
      }),
    );
  }

  /** DeleteTable: refused under deletion protection; the table is `DELETING` for `tableDeleteMinutes`. */
  deleteTable(region: string, name: string): ResultAsync<FakeTable, DecomError> {
    return this.world.call('dynamodb', 'DeleteTable', true, name, () =>
      this.activeTable(region, name).andThen((table) => {
        if (table.deletionProtection)
          return err(
            awsError.conflict(
              'ValidationException',
              `Resource cannot be deleted as it is currently protected against deletion (${name}). Disable deletion protection first.`,
              table.arn,
            ),
          );
        const deletesAt = this.world.clock.now().getTime() + this.world.state.tableDeleteMinutes * 60_000;
        table.status = 'DELETING';
        table.deletesAt = new Date(deletesAt).toISOString();
        recordConfigChange(this.world, table.arn, AWS_TYPES.table, 'OK');
        return ok(structuredClone(table));
      }),
    );
  }

  /**
   * CreateTable in the caller's account: a new table with a TableId of its
   * own (`ResourceInUseException` while one of that name exists, deleting or
   * not). How a test re-creates a table under the name of a deleted one.
   */
  createTable(region: string, name: string, tags: Record<string, string> = {}): ResultAsync<FakeTable, DecomError> {
    return this.world.call('dynamodb', 'CreateTable', true, name, () => {
      settleDynamoDb(this.world);
      const place = { region, accountId: this.world.state.accountId };
      const arn = tableArn(place, name);
      if (this.world.state.tables.some((candidate) => candidate.arn === arn))
        return err(awsError.conflict('ResourceInUseException', `Table already exists: ${name}`, arn));
      const table: FakeTable = {
        ...place,
        arn,
        name,
        tags: { ...tags },
        tagsReadable: true,
        tableName: name,
        tableId: uuidOf(`table-id/${arn}/${this.world.newId('')}`),
        status: 'ACTIVE',
        deletionProtection: false,
        deletesAt: null,
      };
      this.world.state.tables.push(table);
      recordConfigChange(this.world, arn, AWS_TYPES.table, 'ResourceDiscovered');
      return ok(structuredClone(table));
    });
  }

  /** CreateBackup named `backupName`: `CREATING` for `snapshotMinutes`. DynamoDB backups take no tags. */
  createBackup(region: string, name: string, backupName: string): ResultAsync<FakeTableBackup, DecomError> {
    return this.world.call('dynamodb', 'CreateBackup', true, name, () =>
      this.activeTable(region, name).map((table) => {
        const now = this.world.clock.now();
        const id = `${now.getTime()}-${hexOf(`${table.arn}#${this.world.newId('')}`, 8)}`;
        const backup: FakeTableBackup = {
          arn: `${table.arn}/backup/${id}`,
          backupName,
          tableName: table.tableName,
          tableArn: table.arn,
          tableId: table.tableId,
          accountId: table.accountId,
          region: table.region,
          status: 'CREATING',
          createdAt: now.toISOString(),
          availableAt: new Date(now.getTime() + this.world.state.snapshotMinutes * 60_000).toISOString(),
        };
        this.world.state.tableBackups.push(backup);
        return structuredClone(backup);
      }),
    );
  }

  /** DescribeBackup: `BackupNotFoundException` when there is no such backup. */
  describeBackup(arn: string): ResultAsync<FakeTableBackup, DecomError> {
    return this.world.call('dynamodb', 'DescribeBackup', false, arn, () => {
      settleDynamoDb(this.world);
      const backup = this.world.state.tableBackups.find((candidate) => candidate.arn === arn);
      return backup === undefined
        ? err(awsError.notFound('BackupNotFoundException', `backup ${arn} not found`, arn))
        : ok(structuredClone(backup));
    });
  }

  /** ListBackups of a table (user backups), whether the table still exists or not. */
  listBackups(region: string, name: string): ResultAsync<FakeTableBackup[], DecomError> {
    return this.world.call('dynamodb', 'ListBackups', false, name, () => {
      settleDynamoDb(this.world);
      return ok(
        this.world.state.tableBackups
          .filter((backup) => backup.region === region && backup.tableName === name && this.isCallers(backup))
          .map((backup) => structuredClone(backup)),
      );
    });
  }

  private isCallers(record: { readonly accountId: string }): boolean {
    return record.accountId === this.world.state.accountId;
  }

  private table(region: string, name: string): Result<FakeTable, DecomError> {
    settleDynamoDb(this.world);
    const table = this.world.state.tables.find(
      (candidate) => candidate.region === region && candidate.tableName === name && this.isCallers(candidate),
    );
    return table === undefined
      ? err(
          awsError.notFound(
            'ResourceNotFoundException',
            `Requested resource not found: Table: ${name} not found`,
            name,
          ),
        )
      : ok(table);
  }

  private activeTable(region: string, name: string): Result<FakeTable, DecomError> {
    return this.table(region, name).andThen((table) =>
      table.status === 'DELETING'
        ? err(
            awsError.conflict(
              'ResourceInUseException',
              `Attempt to change a resource which is still in use: Table is being deleted: ${name}`,
              table.arn,
            ),
          )
        : ok(table),
    );
  }
}

/**
 * Applies what time has made due: backups that became available, table
 * deletes that finished (the table is gone; Config told at the time it happened).
 */
export function settleDynamoDb(world: FakeWorld): void {
  const state = world.state;
  const now = world.clock.now().getTime();
  for (const backup of state.tableBackups) {
    if (backup.status === 'CREATING' && Date.parse(backup.availableAt) <= now) backup.status = 'AVAILABLE';
  }
  const finished = (table: FakeTable) =>
    table.status === 'DELETING' && table.deletesAt !== null && Date.parse(table.deletesAt) <= now;
  for (const table of state.tables.filter(finished))
    recordConfigChange(world, table.arn, AWS_TYPES.table, 'ResourceDeleted', table.deletesAt ?? world.nowIso());
  state.tables = state.tables.filter((table) => !finished(table));
}
