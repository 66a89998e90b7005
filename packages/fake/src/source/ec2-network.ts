import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { byIds } from './ebs.js';
import { settleVpc } from './ec2-vpc.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeAddress, FakeSecurityGroup } from './source-types.js';

/** Who uses a security group (what DescribeNetworkInterfaces with `group-id` shows). */
export interface SecurityGroupUse {
  readonly instanceIds: string[];
  readonly loadBalancerArns: string[];
  /** Security groups whose rules reference it. */
  readonly referencingGroupIds: string[];
}

/**
 * The fake VPC addressing part of EC2: Elastic IPs and security groups.
 * Releasing an associated address fails (`InvalidIPAddress.InUse`): it must
 * be disassociated first (terminating its instance does that), and the
 * address of a NAT gateway is released only once the gateway is deleted. Deleting a
 * security group still used by a live instance, a load balancer or another
 * group's rules fails (`DependencyViolation`); the `default` group cannot be
 * deleted (`CannotDelete`).
 */
export class FakeEc2Network {
  constructor(private readonly world: FakeWorld) {}

  /** The addresses of `region` (DescribeAddresses is not paginated). */
  readonly describeAddressesPage = regionPages(
    () => this.world,
    { service: 'ec2', operation: 'DescribeAddresses', pageSize: 500 },
    () => this.world.state.addresses,
  );

  /** DescribeAddresses by allocation id: `InvalidAllocationID.NotFound` when one does not exist. */
  describeAddresses(allocationIds: readonly string[]): ResultAsync<FakeAddress[], DecomError> {
    return this.world.call('ec2', 'DescribeAddresses', false, allocationIds.join(','), () =>
      byIds(
        this.world.state.addresses.map((address) => ({ ...address, id: address.allocationId })),
        allocationIds,
        'InvalidAllocationID.NotFound',
        'allocation id',
      ).map((found) => found.map(({ id: _id, ...address }) => address)),
    );
  }

  /** DisassociateAddress by association id (unknown ids: `InvalidAssociationID.NotFound`). */
  disassociateAddress(associationId: string): ResultAsync<{ associationId: string }, DecomError> {
    return this.world.call('ec2', 'DisassociateAddress', true, associationId, () => {
      const address = this.world.state.addresses.find((candidate) => candidate.associationId === associationId);
      if (address === undefined) {
        return err(
          awsError.notFound(
            'InvalidAssociationID.NotFound',
            `the association ID '${associationId}' does not exist`,
            associationId,
          ),
        );
      }
      address.instanceId = null;
      address.associationId = null;
      recordConfigChange(this.world, address.arn, AWS_TYPES.address, 'OK');
      return ok({ associationId });
    });
  }

  /** ReleaseAddress: `InvalidIPAddress.InUse` while associated. */
  releaseAddress(allocationId: string): ResultAsync<{ allocationId: string }, DecomError> {
    return this.world.call('ec2', 'ReleaseAddress', true, allocationId, () => {
      const address = this.world.state.addresses.find((candidate) => candidate.allocationId === allocationId);
      if (address === undefined) {
        return err(
          awsError.notFound(
            'InvalidAllocationID.NotFound',
            `the allocation ID '${allocationId}' does not exist`,
            allocationId,
          ),
        );
      }
      settleVpc(this.world);
      const nat = this.world.state.natGateways.find(
        (candidate) => candidate.allocationId === allocationId && candidate.state !== 'deleted',
      );
      if (nat !== undefined) {
        return err(
          awsError.conflict(
            'InvalidIPAddress.InUse',
            `address ${address.publicIp} (${allocationId}) is the address of NAT gateway ${nat.id}: delete it first`,
            address.arn,
          ),
        );
      }
      if (address.associationId !== null) {
        return err(
          awsError.conflict(
            'InvalidIPAddress.InUse',
            `address ${address.publicIp} (${allocationId}) is associated with ${address.instanceId}: disassociate it first`,
            address.arn,
          ),
        );
      }
      this.world.state.addresses = this.world.state.addresses.filter((candidate) => candidate !== address);
      recordConfigChange(this.world, address.arn, AWS_TYPES.address, 'ResourceDeleted');
      return ok({ allocationId });
    });
  }

  /** One page of the security groups of `region`. */
  readonly describeSecurityGroupsPage = regionPages(
    () => this.world,
    { service: 'ec2', operation: 'DescribeSecurityGroups', pageSize: 500 },
    () => this.world.state.securityGroups,
  );

  /** DescribeSecurityGroups by id: `InvalidGroup.NotFound` when one does not exist. */
  describeSecurityGroups(ids: readonly string[]): ResultAsync<FakeSecurityGroup[], DecomError> {
    return this.world.call('ec2', 'DescribeSecurityGroups', false, ids.join(','), () =>
      byIds(this.world.state.securityGroups, ids, 'InvalidGroup.NotFound', 'security group'),
    );
  }

  /** Who uses the group (DescribeNetworkInterfaces filtered by `group-id`, plus rule references). */
  securityGroupUse(groupId: string): ResultAsync<SecurityGroupUse, DecomError> {
    return this.world.call('ec2', 'DescribeNetworkInterfaces', false, groupId, () => ok(this.useOf(groupId)));
  }

  /** DeleteSecurityGroup: `DependencyViolation` while in use, `CannotDelete` for `default`. */
  deleteSecurityGroup(groupId: string): ResultAsync<{ groupId: string }, DecomError> {
    return this.world.call('ec2', 'DeleteSecurityGroup', true, groupId, () => {
      const group = this.world.state.securityGroups.find((candidate) => candidate.id === groupId);
      if (group === undefined)
        return err(
          awsError.notFound('InvalidGroup.NotFound', `the security group '${groupId}' does not exist`, groupId),
        );
      if (group.groupName === 'default')
        return err(
          awsError.conflict('CannotDelete', `the default security group ${groupId} cannot be deleted`, group.arn),
        );
      const use = this.useOf(groupId);
      const users = [...use.instanceIds, ...use.loadBalancerArns, ...use.referencingGroupIds];
      if (users.length > 0) {
        return err(
          awsError.conflict(
            'DependencyViolation',
            `resource ${groupId} has a dependent object (${users.join(', ')})`,
            group.arn,
          ),
        );
      }
      this.world.state.securityGroups = this.world.state.securityGroups.filter((candidate) => candidate !== group);
      recordConfigChange(this.world, group.arn, AWS_TYPES.securityGroup, 'ResourceDeleted');
      return ok({ groupId });
    });
  }

  private useOf(groupId: string): SecurityGroupUse {
    const state = this.world.state;
    return {
      instanceIds: state.instances
        .filter((instance) => instance.state !== 'terminated' && instance.securityGroupIds.includes(groupId))
        .map((instance) => instance.id),
      loadBalancerArns: state.loadBalancers
        .filter((balancer) => balancer.securityGroupIds.includes(groupId))
        .map((balancer) => balancer.arn),
      referencingGroupIds: (state.securityGroups.find((group) => group.id === groupId)?.referencedBy ?? []).filter(
        (id) => state.securityGroups.some((group) => group.id === id),
      ),
    };
  }
}
