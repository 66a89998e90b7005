import {
  type Cluster,
  DescribeClustersCommand,
  DescribeServicesCommand,
  paginateListServices,
  type Service,
} from '@aws-sdk/client-ecs';
import type { DecomError } from '@decomkit/core';
import { errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { chunks, tagRecord } from './resource-type.js';

/** DescribeServices takes up to 10 services a call. */
const SERVICES_PER_CALL = 10;
/** DescribeClusters takes up to 100 clusters a call. */
const CLUSTERS_PER_CALL = 100;

/** ECS tags (`key`/`value`, lower case) as a null-prototype record. */
export function ecsTags(tags: readonly { key?: string | undefined; value?: string | undefined }[] | undefined) {
  return tagRecord((tags ?? []).map((tag) => ({ Key: tag.key, Value: tag.value })));
}

/** ECS keeps a deleted service or cluster `INACTIVE` for a while: it is gone. */
export const isLive = (found: { readonly status?: string | undefined }) => found.status !== 'INACTIVE';

/**
 * The live services among `names` of `cluster` (DescribeServices with their
 * tags, 10 a call); missing and INACTIVE ones are left out, and a cluster
 * that does not exist has none.
 */
export function describeEcsServices(
  clients: AwsClients,
  region: string,
  cluster: string,
  names: readonly string[],
): ResultAsync<Service[], DecomError> {
  return ResultAsync.combine(
    chunks(names, SERVICES_PER_CALL).map((chunk) =>
      awsCall({ operation: 'ecs:DescribeServices', resource: cluster }, () =>
        clients.get('ecs', region).send(new DescribeServicesCommand({ cluster, services: chunk, include: ['TAGS'] })),
      )
        .map((output) => (output.services ?? []).filter(isLive))
        .orElse((error) => (error.code === 'NotFound' ? okAsync([]) : errAsync(error))),
    ),
  ).map((found) => found.flat());
}

/** The live clusters among `names` (DescribeClusters with their tags, 100 a call); missing and INACTIVE ones are left out. */
export function describeEcsClusters(
  clients: AwsClients,
  region: string,
  names: readonly string[],
): ResultAsync<Cluster[], DecomError> {
  return ResultAsync.combine(
    chunks(names, CLUSTERS_PER_CALL).map((chunk) =>
      awsCall({ operation: 'ecs:DescribeClusters' }, () =>
        clients.get('ecs', region).send(new DescribeClustersCommand({ clusters: chunk, include: ['TAGS'] })),
      ).map((output) => (output.clusters ?? []).filter(isLive)),
    ),
  ).map((found) => found.flat());
}

/**
 * The ARNs of the live (ACTIVE or DRAINING) services of `cluster`
 * (ListServices, every page, then DescribeServices: ListServices may still
 * list INACTIVE ones); none when the cluster does not exist.
 */
export function liveServiceArns(
  clients: AwsClients,
  region: string,
  cluster: string,
): ResultAsync<string[], DecomError> {
  return awsCall({ operation: 'ecs:ListServices', resource: cluster }, async () => {
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: clients.get('ecs', region) }, { cluster })) {
      arns.push(...(page.serviceArns ?? []));
    }
    return arns;
  })
    .orElse((error) => (error.code === 'NotFound' ? okAsync([]) : errAsync(error)))
    .andThen((arns) => describeEcsServices(clients, region, cluster, arns))
    .map((services) => services.flatMap((service) => service.serviceArn ?? []));
}

/** The IAM actions of these reads (the ECS types' `iam.read`). */
export const ECS_READS: readonly string[] = ['ecs:DescribeClusters', 'ecs:DescribeServices', 'ecs:ListServices'];
