import {
  DeleteSecurityGroupCommand,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import {
  type AwsResourceType,
  chunks,
  claimsOn,
  describeInChunks,
  goneRead,
  nameFrom,
  noProtectionHandler,
  notStoppableHandler,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::EC2::SecurityGroup';
const FILTER_CHUNK = 200;

/** The group id of a security group ARN, or null. */
export function securityGroupIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'security-group');
}

function describeGroups(clients: AwsClients, region: string, ids: readonly string[]) {
  const ec2 = clients.get('ec2', region);
  return describeInChunks(
    'ec2:DescribeSecurityGroups',
    ids,
    FILTER_CHUNK,
    (chunk) => paginateDescribeSecurityGroups({ client: ec2 }, { Filters: [{ Name: 'group-id', Values: chunk }] }),
    (page) => page.SecurityGroups,
  );
}

/** Instance ids whose network interfaces use each group (DescribeNetworkInterfaces, `group-id` filter). */
function instancesUsing(clients: AwsClients, region: string, ids: readonly string[]) {
  const ec2 = clients.get('ec2', region);
  return awsCall({ operation: 'ec2:DescribeNetworkInterfaces' }, async () => {
    const users = new Map<string, Set<string>>();
    for (const chunk of chunks(ids, FILTER_CHUNK)) {
      for await (const page of paginateDescribeNetworkInterfaces(
        { client: ec2 },
        { Filters: [{ Name: 'group-id', Values: chunk }] },
      )) {
        for (const eni of page.NetworkInterfaces ?? []) {
          const instance = eni.Attachment?.InstanceId;
          if (instance === undefined) continue;
          for (const group of eni.Groups ?? []) {
            if (group.GroupId === undefined) continue;
            users.set(group.GroupId, (users.get(group.GroupId) ?? new Set()).add(instance));
          }
        }
      }
    }
    return users;
  });
}

function toResource(place: Place, group: SecurityGroup, users: ReadonlySet<string>, referencing: string[]): Resource {
  const id = group.GroupId ?? '';
  const tags = tagRecord(group.Tags);
  return {
    arn: ec2Arn(place, 'security-group', id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom(tags, group.GroupName ?? id),
    tags,
    state: 'available',
    protection: { deletion: false, stop: false },
    dependsOn: [
      ...[...users].sort().map((instance) => ec2Arn(place, 'instance', instance)),
      ...referencing.map((other) => ec2Arn(place, 'security-group', other)),
    ],
  };
}

/**
 * Security groups: depend on the instances whose network interfaces use them
 * and on the groups (among those described) whose rules reference them.
 * Delete is DeleteSecurityGroup (`DependencyViolation`, a Conflict, while
 * anything still uses it); a group already gone counts as deleted.
 */
export const SECURITY_GROUP: AwsResourceType = {
  type: TYPE,
  idOf: securityGroupIdOf,
  arnOfPhysicalId: (place, physicalId) => ec2Arn(place, 'security-group', physicalId),
  describeMany: (clients, place, ids): ResultAsync<Resource[], DecomError> =>
    describeGroups(clients, place.region, ids).andThen((groups) =>
      instancesUsing(clients, place.region, ids).map((users) =>
        groups.map((group) => {
          const id = group.GroupId ?? '';
          const referencing = groups
            .filter((other) =>
              [...(other.IpPermissions ?? []), ...(other.IpPermissionsEgress ?? [])].some((permission) =>
                (permission.UserIdGroupPairs ?? []).some((pair) => pair.GroupId === id && other.GroupId !== id),
              ),
            )
            .map((other) => other.GroupId ?? '');
          return toResource(place, group, users.get(id) ?? new Set(), referencing);
        }),
      ),
    ),
  handlers: (clients) => ({
    'resource.stop': notStoppableHandler(TYPE),
    'protection.lift': noProtectionHandler(TYPE),
    'resource.delete': simpleHandler({
      type: { type: TYPE, idOf: securityGroupIdOf },
      claims: claimsOn('ec2', 'mutating'),
      run: (id, action, signal) => {
        const place = placeOf(action);
        return awsCall(
          { operation: 'ec2:DeleteSecurityGroup', resource: ec2Arn(place, 'security-group', id), signal },
          (options) => clients.get('ec2', place.region).send(new DeleteSecurityGroupCommand({ GroupId: id }), options),
        ).map(() => ({ groupId: id, state: 'deleted' }));
      },
      readBack: (id, action) =>
        goneRead(
          describeGroups(clients, placeOf(action).region, [id]).map((found) => found.length > 0),
          { groupId: id, state: 'deleted' },
        ),
      goneIsDone: true,
    }),
  }),
};
