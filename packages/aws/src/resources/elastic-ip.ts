import {
  type Address,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  type Filter,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import { type DecomError, decomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ec2Resource } from './ec2-resource.js';
import { natGatewaysByAllocation } from './nat-gateway.js';
import { chunks, claimsOn, goneRead, placeOf, simpleHandler, tagFilters } from './resource-type.js';

const TYPE = 'AWS::EC2::EIP';
const FILTER_CHUNK = 200;

/** The allocation id of an Elastic IP ARN (`elastic-ip/eipalloc-…`), or null. */
export function allocationIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'elastic-ip');
}

/** DescribeAddresses (not paginated) with filters. */
function describeAddresses(clients: AwsClients, region: string, filters: Filter[]) {
  return awsCall({ operation: 'ec2:DescribeAddresses' }, () =>
    clients.get('ec2', region).send(new DescribeAddressesCommand({ Filters: filters })),
  ).map((output) => output.Addresses ?? []);
}

function byIds(clients: AwsClients, region: string, ids: readonly string[]) {
  return ResultAsync.combine(
    chunks(ids, FILTER_CHUNK).map((chunk) =>
      describeAddresses(clients, region, [{ Name: 'allocation-id', Values: chunk }]),
    ),
  ).map((pages) => pages.flat());
}

/** What holds an associated address: a live instance or a network interface; null when unassociated or the instance is gone. */
function liveHolder(clients: AwsClients, region: string, address: Address): ResultAsync<string | null, DecomError> {
  if (address.AssociationId === undefined) return okAsync(null);
  const instance = address.InstanceId;
  if (instance === undefined || instance === '') {
    // An association with a deleted NAT gateway is stale (AWS drops it on deletion; moto keeps it).
    return natGatewaysByAllocation(clients, region, ['deleted']).andThen((deleted) =>
      deleted.has(address.AllocationId ?? '')
        ? natGatewaysByAllocation(clients, region).map((live) =>
            live.has(address.AllocationId ?? '') ? (address.NetworkInterfaceId ?? 'a network interface') : null,
          )
        : okAsync(address.NetworkInterfaceId ?? 'a network interface'),
    );
  }
  return awsCall({ operation: 'ec2:DescribeInstances' }, () =>
    clients
      .get('ec2', region)
      .send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [instance] }] })),
  ).map((output) => {
    const state = output.Reservations?.[0]?.Instances?.[0]?.State?.Name;
    return state === undefined || state === 'terminated' ? null : instance;
  });
}

function toResource(place: Place, address: Address, natGateways: ReadonlyMap<string, string>): Resource {
  const nat = natGateways.get(address.AllocationId ?? '');
  return ec2Resource(place, TYPE, 'elastic-ip', address.AllocationId ?? '', {
    tags: address.Tags,
    name: address.PublicIp,
    state: address.AssociationId === undefined ? 'unassociated' : 'associated',
    dependsOn: [
      ...(address.InstanceId === undefined || address.InstanceId === ''
        ? []
        : [ec2Arn(place, 'instance', address.InstanceId)]),
      ...(nat === undefined ? [] : [ec2Arn(place, 'natgateway', nat)]),
    ],
  });
}

/** The addresses as resources; the NAT gateways are read only when an address is held by an interface, not an instance. */
function toResources(clients: AwsClients, place: Place, addresses: readonly Address[]) {
  const held = addresses.some(
    (address) =>
      address.NetworkInterfaceId !== undefined && (address.InstanceId === undefined || address.InstanceId === ''),
  );
  const natGateways: ResultAsync<ReadonlyMap<string, string>, DecomError> = held
    ? natGatewaysByAllocation(clients, place.region)
    : okAsync(new Map());
  return natGateways.map((nats) => addresses.map((address) => toResource(place, address, nats)));
}

/**
 * Elastic IPs (VPC allocations): an associated address depends on its
 * instance, or on the NAT gateway it is the address of (released only once
 * the gateway is deleted, and only when the address is itself in scope). Delete is ReleaseAddress, which fails closed (`InvalidIPAddress.InUse`,
 * a Conflict) while the address is associated: the handler never
 * disassociates an address from an instance; terminating the instance first
 * (dependency order) does. Also discovered by EC2 tag filters, since the
 * emulator's tagging API does not list Elastic IPs.
 */
export const ELASTIC_IP = defineAwsResourceType({
  iam: {
    read: ['ec2:DescribeAddresses', 'ec2:DescribeInstances'],
    delete: [onTarget('ec2:ReleaseAddress')],
  },
  type: TYPE,
  arnShape: { service: 'ec2', prefix: 'elastic-ip/' },
  config: { pattern: /^elastic-ip\/(eipalloc-[0-9a-f]+)$/, lookup: 'id' },
  idOf: allocationIdOf,
  arnOf: (place, id) => ec2Arn(place, 'elastic-ip', id),
  describeMany: (clients, place, ids) =>
    byIds(clients, place.region, ids).andThen((addresses) => toResources(clients, place, addresses)),
  discoverByTags: (clients, place, tags) =>
    describeAddresses(clients, place.region, tagFilters(tags)).andThen((addresses) =>
      toResources(
        clients,
        place,
        addresses.filter((address) => address.AllocationId !== undefined),
      ),
    ),
  delete: (clients) =>
    simpleHandler({
      type: { type: TYPE, idOf: allocationIdOf },
      claims: claimsOn('ec2', 'mutating'),
      run: (id, action, signal) => {
        const place = placeOf(action);
        const resource = ec2Arn(place, 'elastic-ip', id);
        return byIds(clients, place.region, [id])
          .andThen((found) => {
            const address = found[0];
            if (address === undefined) {
              return errAsync(
                decomError.notFound({ message: `ec2:ReleaseAddress: ${resource} does not exist`, resource }),
              );
            }
            // AWS refuses (InvalidIPAddress.InUse) while associated; the emulator may not: check first, fail closed.
            // An association with a terminated instance is stale (AWS drops it on termination; moto keeps it).
            return liveHolder(clients, place.region, address).andThen((holder) =>
              holder === null
                ? okAsync(undefined)
                : errAsync(
                    decomError.conflict({
                      message: `ec2:ReleaseAddress on ${resource}: InvalidIPAddress.InUse: associated with ${holder}`,
                      resource,
                    }),
                  ),
            );
          })
          .andThen(() =>
            awsCall({ operation: 'ec2:ReleaseAddress', resource, signal }, (options) =>
              clients.get('ec2', place.region).send(new ReleaseAddressCommand({ AllocationId: id }), options),
            ),
          )
          .map(() => ({ allocationId: id, state: 'released' }));
      },
      readBack: (id, action) =>
        goneRead(
          byIds(clients, placeOf(action).region, [id]).map((found) => found.length > 0),
          { allocationId: id, state: 'released' },
        ),
      goneIsDone: true,
    }),
});
