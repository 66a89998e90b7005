import type { Action, ActionHandler, DecomError, HandlerOutcome, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeDynamoDb } from '../source/dynamodb.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTable } from '../source/source-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, done, type ResourceKind } from './resource-kind.js';

const TYPE = AWS_TYPES.table;
const POLL_MILLISECONDS = 60_000;
const claims = claimsOn('dynamodb', 'default');

/** The table name of a DynamoDB table ARN (`…:table/<name>`, not a stream, index or backup), or null. */
export function tableNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([^/]+)$/.exec(arn)?.[1] ?? null;
}

/** The table (name and region) an action targets, or null when its ARN is not a table's. */
function tableOf(action: Action): { readonly name: string; readonly region: string } | null {
  const arn = action.target.arn;
  const name = arn === undefined ? null : tableNameOf(arn);
  return arn === undefined || name === null ? null : { name, region: regionOf(arn) };
}

function withTable<T>(
  action: Action,
  use: (table: { readonly name: string; readonly region: string }) => ResultAsync<T, DecomError>,
): ResultAsync<T, DecomError> {
  const table = tableOf(action);
  return table === null
    ? errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not a ${TYPE}`))
    : use(table);
}

/** DescribeTable, with a missing table as null. */
function describeOrNull(dynamodb: FakeDynamoDb, region: string, name: string) {
  return dynamodb
    .describeTable(region, name)
    .map((table): FakeTable | null => table)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * Delete: DeleteTable, refused (Conflict, nothing sent) while deletion
 * protection is on; the table is `DELETING` for a while, so the handler
 * checkpoints and polls until DescribeTable no longer knows it.
 */
function deleteHandler(dynamodb: FakeDynamoDb): ActionHandler {
  const progress = (region: string, name: string): ResultAsync<HandlerOutcome, DecomError> =>
    describeOrNull(dynamodb, region, name).map(
      (table): HandlerOutcome =>
        table === null
          ? done({ tableName: name, state: 'deleted' })
          : { status: 'pending', checkpoint: { tableName: name }, pollAfterMilliseconds: POLL_MILLISECONDS },
    );
  return {
    rateLimits: claims,
    execute: (action) =>
      withTable(action, ({ name, region }) => {
        const resource = action.target.arn ?? name;
        return describeOrNull(dynamodb, region, name).andThen((table) => {
          if (table === null)
            return errAsync(
              decomError.notFound({ message: `dynamodb:DeleteTable: ${resource} does not exist`, resource }),
            );
          if (table.status === 'DELETING') return progress(region, name);
          if (table.deletionProtection)
            return errAsync(
              decomError.conflict({
                message: `dynamodb:DeleteTable on ${resource}: deletion protection is on (lift it first)`,
                resource,
              }),
            );
          return dynamodb.deleteTable(region, name).andThen(() => progress(region, name));
        });
      }),
    poll: (action) => withTable(action, ({ name, region }) => progress(region, name)),
    reconcile: (action) =>
      withTable(action, ({ name, region }) =>
        describeOrNull(dynamodb, region, name).andThen(
          (table): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            if (table === null) return okAsync(done({ tableName: name, state: 'deleted' }));
            return table.status === 'DELETING' ? progress(region, name) : okAsync({ status: 'absent' });
          },
        ),
      ),
  };
}

/**
 * DynamoDB tables, as the AWS provider treats them: protection is
 * DeletionProtectionEnabled (UpdateTable to lift); not stoppable; delete is
 * DeleteTable, polled until gone. Found through the tagging API, described
 * with DescribeTable + ListTagsOfResource.
 */
export function tableKind(dynamodb: FakeDynamoDb, tagging: FakeTagging): ResourceKind {
  const describeTable = (arn: string, name: string): ResultAsync<Resource | null, DecomError> => {
    const region = regionOf(arn);
    return describeOrNull(dynamodb, region, name).andThen((table) => {
      if (table === null) return okAsync(null);
      return dynamodb
        .listTagsOfResource(region, table.arn)
        .map((tags): Record<string, string> | null => tags)
        .orElse((error) => (error.code === 'AccessDenied' ? okAsync(null) : errAsync(error)))
        .map(
          (tags): Resource => ({
            arn: table.arn,
            type: TYPE,
            accountId: table.accountId,
            region: table.region,
            name: table.tableName,
            tags,
            state: table.status,
            protection: { deletion: table.deletionProtection, stop: false },
            dependsOn: [],
            resourceIdentity: table.tableId,
          }),
        );
    });
  };
  const region = (action: Action) => regionOf(action.target.arn ?? '');
  return defineFakeResourceKind({
    type: TYPE,
    idOf: tableNameOf,
    holdsData: true,
    list: { taggedBy: tagging },
    describe: describeTable,
    retire: {
      claims,
      lift: {
        run: (name, action) =>
          dynamodb
            .updateTable(region(action), name, { deletionProtectionEnabled: false })
            .map(() => ({ tableName: name, deletionProtection: false })),
        readBack: (name, action) =>
          describeOrNull(dynamodb, region(action), name).map((table) =>
            table !== null && !table.deletionProtection ? { tableName: name, deletionProtection: false } : null,
          ),
      },
      delete: deleteHandler(dynamodb),
    },
  });
}
