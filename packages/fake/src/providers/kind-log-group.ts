import { type DecomError, decomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeCloudWatchLogs } from '../source/cloudwatch-logs.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.logGroup;

/** The name of a CloudWatch Logs log group ARN (`…:log-group:<name>`; not a stream, not `:*`), or null. */
export function logGroupNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([.\-_/#A-Za-z0-9]{1,512})$/.exec(arn)?.[1] ?? null;
}

/**
 * CloudWatch Logs log groups, as the AWS provider treats them: found through
 * the tagging API, described with DescribeLogGroups + ListTagsForResource;
 * `resourceIdentity` is the creation time. They hold data: deleted only after
 * a completed backup or under the workload's backup waiver (the fake models
 * no export tasks and its AWS Backup refuses log groups, as AWS does: the
 * waiver is the fake's only way). Not stoppable. Protection: deletion
 * protection, lifted with PutLogGroupDeletionProtection false. Delete is
 * DeleteLogGroup, refused (Conflict, nothing sent) while protected; gone = done.
 */
export function logGroupKind(logs: FakeCloudWatchLogs, tagging: FakeTagging): ResourceKind {
  const describe = (arn: string, name: string): ResultAsync<Resource | null, DecomError> =>
    logs
      .describeLogGroup(regionOf(arn), name)
      .andThen((group) => {
        const resource = recordResource(TYPE, group, {
          name,
          state: 'available',
          protection: { deletion: group.deletionProtection, stop: false },
          resourceIdentity: group.createdAt,
        });
        return logs
          .listTagsForResource(group.region, name)
          .map((): Resource | null => resource)
          .orElse((error) => {
            if (error.code === 'NotFound') return okAsync(null);
            return error.code === 'AccessDenied' ? okAsync({ ...resource, tags: null }) : errAsync(error);
          });
      })
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  return defineFakeResourceKind({
    type: TYPE,
    idOf: logGroupNameOf,
    list: { taggedBy: tagging },
    describe,
    holdsData: true,
    retire: {
      claims: claimsOn('logs', 'default'),
      lift: {
        run: (name, action) =>
          logs
            .putLogGroupDeletionProtection(regionOf(action.target.arn ?? ''), name, false)
            .map(() => ({ logGroupName: name, deletionProtection: false })),
        readBack: (name, action) =>
          logs
            .describeLogGroup(regionOf(action.target.arn ?? ''), name)
            .map((group) => (group.deletionProtection ? null : { logGroupName: name, deletionProtection: false }))
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (name, action) => {
          const region = regionOf(action.target.arn ?? '');
          const resource = action.target.arn ?? name;
          return logs
            .describeLogGroup(region, name)
            .andThen((group) =>
              group.deletionProtection
                ? errAsync(
                    decomError.conflict({
                      message: `logs:DeleteLogGroup on ${resource}: deletion protection is on (lift it first)`,
                      resource,
                    }),
                  )
                : logs.deleteLogGroup(region, name),
            )
            .map(() => ({ logGroupName: name, state: 'deleted' }));
        },
        readBack: (name, action) =>
          goneRead(logs.describeLogGroup(regionOf(action.target.arn ?? ''), name), {
            logGroupName: name,
            state: 'deleted',
          }),
      },
    },
  });
}
