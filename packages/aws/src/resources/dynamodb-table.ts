import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  type TableDescription,
  type Tag,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  Resource,
  ResultAsync,
} from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { withEventSourceMappings } from './lambda-event-source-mapping.js';
import { claimsOn, done, limited, nameFrom, placeOf, simpleHandler, tagRecord, targetId } from './resource-type.js';

const TYPE = 'AWS::DynamoDB::Table';
/** DescribeTable calls in flight at once during discovery. */
const CONCURRENCY = 8;
/** DynamoDB control-plane calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('dynamodb', 'default');

/** The table name of a DynamoDB table ARN (`…:table/<name>`, not a stream or index), or null. */
export function tableNameOf(arn: string): string | null {
  return resourceIdOf(arn, 'dynamodb', 'table/', '/');
}

function tableArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:dynamodb:${place.region}:${place.accountId}:table/${name}`;
}

/** DescribeTable: the table, or null when it does not exist (any more). */
function describeTable(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<TableDescription | null, DecomError> {
  return awsCall({ operation: 'dynamodb:DescribeTable', resource: name }, () =>
    clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: name })),
  )
    .map((output) => output.Table ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** Every tag of a table (ListTagsOfResource, following NextToken). */
function listTags(clients: AwsClients, region: string, arn: string): ResultAsync<Tag[], DecomError> {
  return awsCall({ operation: 'dynamodb:ListTagsOfResource', resource: arn }, async () => {
    const tags: Tag[] = [];
    let token: string | undefined;
    do {
      const page = await clients
        .get('dynamodb', region)
        .send(
          new ListTagsOfResourceCommand({ ResourceArn: arn, ...(token === undefined ? {} : { NextToken: token }) }),
        );
      tags.push(...(page.Tags ?? []));
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    return tags;
  });
}

function describeWithTags(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return describeTable(clients, place.region, name).andThen((table) => {
    if (table === null) return okAsync(null);
    const arn = table.TableArn ?? tableArn(place, name);
    return listTags(clients, place.region, arn)
      .map((tags): Record<string, string> | null => tagRecord(tags))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
      .map(
        (tags): Resource => ({
          arn,
          type: TYPE,
          accountId: place.accountId,
          region: place.region,
          ...nameFrom({}, name),
          // A table deleted between the two calls has unreadable tags: reported, never touched.
          tags,
          state: table.TableStatus ?? 'unknown',
          protection: { deletion: table.DeletionProtectionEnabled === true, stop: false },
          dependsOn: [],
          // Its creation time tells it from a table later created under the same name (and its backups record it).
          ...(table.CreationDateTime === undefined ? {} : { resourceIdentity: table.CreationDateTime.toISOString() }),
        }),
      );
  });
}

/**
 * Delete: DeleteTable, refused (Conflict, nothing sent) while
 * DeletionProtectionEnabled is on; DynamoDB deletes take a while (`DELETING`),
 * so the handler checkpoints and polls until DescribeTable no longer knows
 * the table. DeleteTable keeps no backup of its own: the checklist's backup
 * step comes first.
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const type = { type: TYPE, idOf: tableNameOf };
  const progress = (action: Action, name: string): ResultAsync<HandlerOutcome, DecomError> =>
    describeTable(clients, placeOf(action).region, name).map(
      (table): HandlerOutcome =>
        table === null
          ? done({ tableName: name, state: 'deleted' })
          : {
              status: 'pending',
              checkpoint: { tableName: name },
              pollAfterMilliseconds: clients.pollMilliseconds,
            },
    );
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((name) => {
        const resource = action.target.arn ?? name;
        const region = placeOf(action).region;
        return describeTable(clients, region, name).andThen((table) => {
          if (table === null) {
            return errAsync(
              decomError.notFound({ message: `dynamodb:DeleteTable: ${resource} does not exist`, resource }),
            );
          }
          if (table.TableStatus === 'DELETING') return progress(action, name);
          if (table.DeletionProtectionEnabled === true) {
            return errAsync(
              decomError.conflict({
                message: `dynamodb:DeleteTable on ${resource}: deletion protection is on (lift it first)`,
                resource,
              }),
            );
          }
          return awsCall({ operation: 'dynamodb:DeleteTable', resource, signal: context.signal }, (options) =>
            clients.get('dynamodb', region).send(new DeleteTableCommand({ TableName: name }), options),
          ).andThen(() => progress(action, name));
        });
      }),
    poll: (action) => targetId(type, action).andThen((name) => progress(action, name)),
    reconcile: (action) =>
      targetId(type, action).andThen((name) =>
        describeTable(clients, placeOf(action).region, name).andThen(
          (table): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            if (table === null) return okAsync(done({ tableName: name, state: 'deleted' }));
            return table.TableStatus === 'DELETING' ? progress(action, name) : okAsync({ status: 'absent' });
          },
        ),
      ),
  };
}

/**
 * DynamoDB tables: protection is DeletionProtectionEnabled (UpdateTable to
 * lift); not stoppable; delete is DeleteTable, polled until gone.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [DYNAMODB_TABLE]);
 * ```
 */
export const DYNAMODB_TABLE = defineAwsResourceType({
  iam: {
    read: ['dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource'],
    lift: [onTarget('dynamodb:UpdateTable')],
    delete: [onTarget('dynamodb:DeleteTable')],
  },
  type: TYPE,
  arnShape: { service: 'dynamodb', prefix: 'table/' },
  config: { pattern: /^table\/([A-Za-z0-9_.-]+)$/, lookup: 'name' },
  holdsData: true,
  idOf: tableNameOf,
  arnOf: tableArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (name) => describeWithTags(clients, place, name))
      .map((found) => found.filter((resource): resource is Resource => resource !== null))
      .andThen((found) => withEventSourceMappings(clients, place, found)),
  handlers: (clients) => {
    const type = { type: TYPE, idOf: tableNameOf };
    const dynamodb = (action: Action) => clients.get('dynamodb', placeOf(action).region);
    return {
      'protection.lift': simpleHandler({
        type,
        claims,
        run: (name, action, signal): ResultAsync<JsonObject, DecomError> =>
          awsCall({ operation: 'dynamodb:UpdateTable', resource: action.target.arn ?? name, signal }, (options) =>
            dynamodb(action).send(
              new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }),
              options,
            ),
          ).map(() => ({ tableName: name, deletionProtection: false })),
        readBack: (name, action) =>
          describeTable(clients, placeOf(action).region, name).map((table) =>
            table !== null && table.DeletionProtectionEnabled !== true
              ? { tableName: name, deletionProtection: false }
              : null,
          ),
      }),
    };
  },
  delete: deleteHandler,
});
