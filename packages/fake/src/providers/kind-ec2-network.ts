import { type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn } from '../source/arns.js';
import type { FakeEc2Network } from '../source/ec2-network.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeAddress, FakeSecurityGroup } from '../source/source-types.js';
import { goneRead } from './kind-ec2-storage.js';
import {
  claimsOn,
  goneAsNull,
  nameOf,
  noProtectionHandler,
  notStoppableHandler,
  pagesOf,
  type ResourceKind,
  simpleHandler,
  tagsOf,
} from './resource-kind.js';

const NO_PROTECTION = { deletion: false, stop: false } as const;

function idAfter(kind: string): (arn: string) => string | null {
  const pattern = new RegExp(`^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\\d{12}:${kind}/([^/]+)$`);
  return (arn) => pattern.exec(arn)?.[1] ?? null;
}

/**
 * Elastic IPs: an associated address depends on its instance. Delete is
 * ReleaseAddress and fails closed (`InvalidIPAddress.InUse`, a Conflict)
 * while the address is still associated: the handler never disassociates an
 * address from an instance (that would cut traffic of something it may not
 * own); terminating the instance first (dependency order) disassociates it.
 */
export function addressKind(network: FakeEc2Network): ResourceKind {
  const toResource = (address: FakeAddress): Resource => ({
    arn: address.arn,
    type: AWS_TYPES.address,
    accountId: address.accountId,
    region: address.region,
    ...nameOf({ name: address.name ?? address.publicIp, tags: address.tags }),
    tags: tagsOf(address),
    state: address.associationId === null ? 'unassociated' : 'associated',
    protection: NO_PROTECTION,
    dependsOn: address.instanceId === null ? [] : [ec2Arn(address, 'instance', address.instanceId)],
  });
  const parse = idAfter('elastic-ip');
  return {
    type: AWS_TYPES.address,
    idOf: parse,
    list: (region) =>
      pagesOf(
        (token) => network.describeAddressesPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (_arn, id) =>
      goneAsNull(network.describeAddresses([id]), (found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.address),
      'protection.lift': noProtectionHandler(AWS_TYPES.address),
      'resource.delete': simpleHandler({
        claims: claimsOn('ec2', 'mutating'),
        idOf: (action) => (action.target.arn === undefined ? null : parse(action.target.arn)),
        run: (id) => network.releaseAddress(id),
        readBack: (id) => goneRead(network.describeAddresses([id]), { allocationId: id, state: 'released' }),
        goneIsDone: true,
      }),
    },
  };
}

/**
 * Security groups: depend on the live instances and load balancers using them
 * and on groups whose rules reference them. Delete is DeleteSecurityGroup
 * (`DependencyViolation` while anything still uses it).
 */
export function securityGroupKind(network: FakeEc2Network): ResourceKind {
  const toResources = (groups: FakeSecurityGroup[]): ResultAsync<Resource[], DecomError> =>
    ResultAsync.combine(
      groups.map((group) =>
        network.securityGroupUse(group.id).map(
          (use): Resource => ({
            arn: group.arn,
            type: AWS_TYPES.securityGroup,
            accountId: group.accountId,
            region: group.region,
            ...nameOf({ name: group.name ?? group.groupName, tags: group.tags }),
            tags: tagsOf(group),
            state: 'available',
            protection: NO_PROTECTION,
            dependsOn: [
              ...use.instanceIds.map((id) => ec2Arn(group, 'instance', id)),
              ...use.loadBalancerArns,
              ...use.referencingGroupIds.map((id) => ec2Arn(group, 'security-group', id)),
            ],
          }),
        ),
      ),
    );
  const parse = idAfter('security-group');
  return {
    type: AWS_TYPES.securityGroup,
    idOf: parse,
    list: (region) => pagesOf((token) => network.describeSecurityGroupsPage(region, token), toResources),
    describe: (_arn, id) =>
      network
        .describeSecurityGroups([id])
        .andThen(toResources)
        .map((found): Resource | null => found[0] ?? null)
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.securityGroup),
      'protection.lift': noProtectionHandler(AWS_TYPES.securityGroup),
      'resource.delete': simpleHandler({
        claims: claimsOn('ec2', 'mutating'),
        idOf: (action) => (action.target.arn === undefined ? null : parse(action.target.arn)),
        run: (id) => network.deleteSecurityGroup(id),
        readBack: (id) => goneRead(network.describeSecurityGroups([id]), { groupId: id, state: 'deleted' }),
        goneIsDone: true,
      }),
    },
  };
}
