import {
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  type LogGroup,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import { type DecomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { tagRecordOf } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { deleteCall } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, limited, nameFrom, placeOf } from './resource-type.js';

const TYPE = 'AWS::Logs::LogGroup';
/** DescribeLogGroups calls in flight at once during discovery. */
const CONCURRENCY = 8;

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
        protection: { deletion: false, stop: false },
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
 * cutover), no protection. Delete is DeleteLogGroup; a group already gone
 * counts as deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [LOG_GROUP]);
 * ```
 */
export const LOG_GROUP = defineAwsResourceType({
  type: TYPE,
  arnShape: { service: 'logs', prefix: 'log-group:' },
  holdsData: true,
  idOf: logGroupNameOf,
  arnOf: logGroupArn,
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) => describeWithTags(clients, place, name)).map((found) =>
      found.filter((group): group is Resource => group !== null),
    ),
  delete: {
    claims: claimsOn('logs', 'default'),
    idKey: 'logGroupName',
    call: deleteCall('logs', 'logs:DeleteLogGroup', (logs, name, options) =>
      logs.send(new DeleteLogGroupCommand({ logGroupName: name }), options),
    ),
    exists: (clients, action, name) =>
      describeLogGroup(clients, placeOf(action).region, name).map((group) => group !== null),
  },
});
