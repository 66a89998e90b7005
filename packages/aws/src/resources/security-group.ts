import {
  DeleteSecurityGroupCommand,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { Resource } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall, EC2_FILTER_CHUNK, filterDescribe, foundBy } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ec2Resource } from './ec2-resource.js';
import { chunks, claimsOn } from './resource-type.js';

const TYPE = 'AWS::EC2::SecurityGroup';

/** The group id of a security group ARN, or null. */
export function securityGroupIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'security-group');
}

/** The groups among `ids` (DescribeSecurityGroups with a `group-id` filter). */
const describeGroups = filterDescribe(
  'ec2',
  'ec2:DescribeSecurityGroups',
  paginateDescribeSecurityGroups,
  'group-id',
  (page) => page.SecurityGroups,
);

/** Instance ids whose network interfaces use each group (DescribeNetworkInterfaces, `group-id` filter). */
function instancesUsing(clients: AwsClients, region: string, ids: readonly string[]) {
  const ec2 = clients.get('ec2', region);
  return awsCall({ operation: 'ec2:DescribeNetworkInterfaces' }, async () => {
    const users = new Map<string, Set<string>>();
    for (const chunk of chunks(ids, EC2_FILTER_CHUNK)) {
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
  return ec2Resource(place, TYPE, 'security-group', group.GroupId ?? '', {
    tags: group.Tags,
    name: group.GroupName,
    state: 'available',
    dependsOn: [
      ...[...users].sort().map((instance) => ec2Arn(place, 'instance', instance)),
      ...referencing.map((other) => ec2Arn(place, 'security-group', other)),
    ],
  });
}

/**
 * Security groups: depend on the instances whose network interfaces use them
 * and on the groups (among those described) whose rules reference them.
 * Delete is DeleteSecurityGroup (`DependencyViolation`, a Conflict, while
 * anything still uses it); a group already gone counts as deleted.
 */
export const SECURITY_GROUP = defineAwsResourceType({
  iam: {
    read: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
    delete: [onTarget('ec2:DeleteSecurityGroup')],
  },
  type: TYPE,
  idOf: securityGroupIdOf,
  arnShape: { service: 'ec2', prefix: 'security-group/' },
  config: { pattern: /^security-group\/(sg-[0-9a-f]+)$/, lookup: 'id' },
  arnOf: (place, id) => ec2Arn(place, 'security-group', id),
  describeMany: (clients, place, ids) =>
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
  delete: {
    claims: claimsOn('ec2', 'mutating'),
    idKey: 'groupId',
    call: deleteCall('ec2', 'ec2:DeleteSecurityGroup', (ec2, id, options) =>
      ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }), options),
    ),
    exists: foundBy(describeGroups),
  },
});
