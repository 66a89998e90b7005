import { ec2Arn } from '../source/arns.js';
import type { FakeEc2Network } from '../source/ec2-network.js';
import type { FakeEc2Vpc } from '../source/ec2-vpc.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeAddress } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, firstOrGone, pagedList, recordResource } from './resource-kind-parts.js';

/**
 * Elastic IPs: an associated address depends on its instance, the address
 * of a NAT gateway on the gateway (released once it is deleted). Delete is
 * ReleaseAddress and fails closed (`InvalidIPAddress.InUse`, a Conflict)
 * while the address is still associated: the handler never disassociates an
 * address from an instance (that would cut traffic of something it may not
 * own); terminating the instance first (dependency order) disassociates it.
 */
export function addressKind(network: FakeEc2Network, vpc: FakeEc2Vpc): ResourceKind {
  const toResource = (address: FakeAddress) => {
    const nat = vpc.natGatewayUsing(address.allocationId);
    return recordResource(AWS_TYPES.address, address, {
      // As the AWS provider names it: its Name tag before its public IP.
      name: address.name ?? address.tags.Name ?? address.publicIp,
      state: address.associationId === null ? 'unassociated' : 'associated',
      dependsOn: [
        ...(address.instanceId === null ? [] : [ec2Arn(address, 'instance', address.instanceId)]),
        ...(nat === null ? [] : [nat.arn]),
      ],
    });
  };
  return defineFakeResourceKind({
    type: AWS_TYPES.address,
    idOf: ec2IdOf('elastic-ip'),
    list: pagedList((region, token) => network.describeAddressesPage(region, token), toResource),
    describe: (_arn, id) => firstOrGone(network.describeAddresses([id]), toResource),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      delete: {
        run: (id) => network.releaseAddress(id),
        readBack: (id) => goneRead(network.describeAddresses([id]), { allocationId: id, state: 'released' }),
      },
    },
  });
}
