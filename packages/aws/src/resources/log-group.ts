import {
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  type LogGroup,
  PutLogGroupDeletionProtectionCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { tagRecordOf } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, goneRead, limited, nameFrom, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::Logs::LogGroup';
/** DescribeLogGroups calls in flight at once during discovery. */
const CONCURRENCY = 8;
/** CloudWatch Logs control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('logs', 'default');

/** The name of a CloudWatch Logs log group ARN (`…:log-group:<name>`; not a stream, not `:*`), or null. */
export function logGroupNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'logs', 'log-group:', ':');
  return name !== null && /^[.\-_/#A-Za-z0-9]{1,512}$/.test(name) ? name : null;
}

const logGroupArn = (place: Place, name: string) =>
  `arn:${place.partition ?? 'aws'}:logs:${place.region}:${place.accountId}:log-group:${name}`;

/** DescribeLogGroups by prefix, every page: the group named exactly `name`, or null. */
export function describeLogGroup(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<LogGroup | null, DecomError> {
  return awsCall({ operation: 'logs:DescribeLogGroups', resource: name }, async () => {
    for await (const page of paginateDescribeLogGroups(
      { client: clients.get('logs', region) },
      { logGroupNamePrefix: name },
    )) {
      const found = (page.logGroups ?? []).find((group) => group.logGroupName === name);
      if (found !== undefined) return found;
    }
    return null;
  }).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

function describeWithTags(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return describeLogGroup(clients, place.region, name).andThen((group) => {
    if (group === null) return okAsync(null);
    const arn = logGroupArn(place, name);
    return awsCall({ operation: 'logs:ListTagsForResource', resource: arn }, () =>
      clients.get('logs', place.region).send(new ListTagsForResourceCommand({ resourceArn: arn })),
    )
      .map((tags): Resource | null => ({
        arn,
        type: TYPE,
        accountId: place.accountId,
        region: place.region,
        ...nameFrom({}, name),
        tags: tagRecordOf(Object.entries(tags.tags ?? {})),
        state: 'available',
        protection: { deletion: group.deletionProtectionEnabled === true, stop: false },
        dependsOn: [],
        // Its creation time tells it from a group later created under the same name.
        ...(group.creationTime === undefined ? {} : { resourceIdentity: new Date(group.creationTime).toISOString() }),
      }))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  });
}

/**
 * CloudWatch Logs log groups. They hold data (`holdsData`): the engine deletes
 * one only after a completed backup of it, or under the workload's backup
 * waiver for the type (`policies['AWS::Logs::LogGroup'].backup = 'none'`).
 * Its backup is a final export to the archive bucket (`backups.logArchiveBucket`,
 * CreateExportTask from the group's creation, `native-log-exports.ts`; AWS
 * Backup does not back log groups up); with no archive bucket and no waiver,
 * its delete stays gated (fail closed). `resourceIdentity` is its creation
 * time. Not stoppable (no scream test: stopping the writers is the workload's
 * cutover). Protection: `deletionProtectionEnabled` (lifted with
 * PutLogGroupDeletionProtection false). Delete is DeleteLogGroup, refused
 * (Conflict, nothing sent) while protected; a group already gone counts as
 * deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [LOG_GROUP]);
 * ```
 */
export const LOG_GROUP = defineAwsResourceType({
  iam: {
    read: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
    lift: [onTarget('logs:PutLogGroupDeletionProtection')],
    delete: [onTarget('logs:DeleteLogGroup')],
  },
  type: TYPE,
  arnShape: { service: 'logs', prefix: 'log-group:' },
  holdsData: true,
  idOf: logGroupNameOf,
  arnOf: logGroupArn,
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) => describeWithTags(clients, place, name)).map((found) =>
      found.filter((group): group is Resource => group !== null),
    ),
  handlers: (clients) => ({
    'protection.lift': simpleHandler({
      type: { type: TYPE, idOf: logGroupNameOf },
      claims,
      run: (name, action, signal): ResultAsync<JsonObject, DecomError> =>
        awsCall(
          { operation: 'logs:PutLogGroupDeletionProtection', resource: action.target.arn ?? name, signal },
          (options) =>
            clients.get('logs', placeOf(action).region).send(
              new PutLogGroupDeletionProtectionCommand({
                logGroupIdentifier: name,
                deletionProtectionEnabled: false,
              }),
              options,
            ),
        ).map(() => ({ logGroupName: name, deletionProtection: false })),
      readBack: (name, action) =>
        describeLogGroup(clients, placeOf(action).region, name).map((group) =>
          group !== null && group.deletionProtectionEnabled !== true
            ? { logGroupName: name, deletionProtection: false }
            : null,
        ),
    }),
  }),
  delete: (clients) => {
    const result = (name: string): JsonObject => ({ logGroupName: name, state: 'deleted' });
    return simpleHandler({
      type: { type: TYPE, idOf: logGroupNameOf },
      claims,
      goneIsDone: true,
      run: (name, action, signal) => {
        const region = placeOf(action).region;
        const resource = action.target.arn ?? name;
        return describeLogGroup(clients, region, name)
          .andThen((group) => {
            if (group === null) {
              return errAsync(
                decomError.notFound({ message: `logs:DeleteLogGroup: ${resource} does not exist`, resource }),
              );
            }
            if (group.deletionProtectionEnabled === true) {
              return errAsync(
                decomError.conflict({
                  message: `logs:DeleteLogGroup on ${resource}: deletion protection is on (lift it first)`,
                  resource,
                }),
              );
            }
            return awsCall({ operation: 'logs:DeleteLogGroup', resource, signal }, (options) =>
              clients.get('logs', region).send(new DeleteLogGroupCommand({ logGroupName: name }), options),
            );
          })
          .map(() => result(name));
      },
      readBack: (name, action) =>
        goneRead(
          describeLogGroup(clients, placeOf(action).region, name).map((group) => group !== null),
          result(name),
        ),
    });
  },
});
