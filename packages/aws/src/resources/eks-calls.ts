import {
  type Cluster,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import type { DecomError, ResultAsync } from '@decomkit/core';
import { errAsync, okAsync } from '@decomkit/core';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import type { DiscoveryListings } from '../discovery-listings.js';
import { limited } from './resource-type.js';

/** DescribeNodegroup calls in flight at once when a cluster's node groups are read. */
const CONCURRENCY = 4;
/** An EKS cluster or node group name. */
export const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** DescribeCluster: the cluster, or null when it does not exist. */
export function readEksCluster(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<Cluster | null, DecomError> {
  return awsCall({ operation: 'eks:DescribeCluster', resource: name }, () =>
    clients.get('eks', region).send(new DescribeClusterCommand({ name })),
  )
    .map((output) => output.cluster ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** DescribeNodegroup: the node group, or null when it (or its cluster) does not exist. */
export function readEksNodegroup(
  clients: AwsClients,
  region: string,
  cluster: string,
  name: string,
): ResultAsync<Nodegroup | null, DecomError> {
  return awsCall({ operation: 'eks:DescribeNodegroup', resource: `${cluster}/${name}` }, () =>
    clients.get('eks', region).send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name })),
  )
    .map((output) => output.nodegroup ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** Every page of a list call of one cluster (`nextToken`); none when the cluster does not exist. */
function everyPage(
  operation: string,
  cluster: string,
  page: (nextToken: string | undefined) => Promise<{ names: readonly string[]; nextToken?: string | undefined }>,
): ResultAsync<string[], DecomError> {
  return awsCall({ operation, resource: cluster }, async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const found = await page(token);
      names.push(...found.names);
      token = found.nextToken;
    } while (token !== undefined && token !== '');
    return names;
  }).orElse((error) => (error.code === 'NotFound' ? okAsync([]) : errAsync(error)));
}

/** The node groups of `cluster`, described (ListNodegroups, then DescribeNodegroup each); none when it does not exist. */
export function eksNodegroupsOf(
  clients: AwsClients,
  region: string,
  cluster: string,
): ResultAsync<Nodegroup[], DecomError> {
  const eks = clients.get('eks', region);
  return everyPage('eks:ListNodegroups', cluster, async (nextToken) => {
    const output = await eks.send(new ListNodegroupsCommand({ clusterName: cluster, nextToken }));
    return { names: output.nodegroups ?? [], nextToken: output.nextToken };
  })
    .andThen((names) => limited(names, CONCURRENCY, (name) => readEksNodegroup(clients, region, cluster, name)))
    .map((found) => found.filter((nodegroup): nodegroup is Nodegroup => nodegroup !== null));
}

/** The Fargate profile names of `cluster` (ListFargateProfiles); none when it does not exist. */
export function eksFargateProfilesOf(
  clients: AwsClients,
  region: string,
  cluster: string,
): ResultAsync<string[], DecomError> {
  const eks = clients.get('eks', region);
  return everyPage('eks:ListFargateProfiles', cluster, async (nextToken) => {
    const output = await eks.send(new ListFargateProfilesCommand({ clusterName: cluster, nextToken }));
    return { names: output.fargateProfileNames ?? [], nextToken: output.nextToken };
  });
}

/** The names of every cluster of the region (ListClusters, every page). */
export function eksClusterNames(clients: AwsClients, region: string): ResultAsync<string[], DecomError> {
  const eks = clients.get('eks', region);
  return everyPage('eks:ListClusters', region, async (nextToken) => {
    const output = await eks.send(new ListClustersCommand({ nextToken }));
    return { names: output.clusters ?? [], nextToken: output.nextToken };
  });
}

/** The IAM actions of these reads (the EKS types' `iam.read`). */
export const EKS_READS: readonly string[] = [
  'eks:DescribeCluster',
  'eks:DescribeNodegroup',
  'eks:ListClusters',
  'eks:ListFargateProfiles',
  'eks:ListNodegroups',
];

/** {@link eksClusterNames}, once per discovery when it gives its `listings` (clusters and node groups share it). */
export function clusterNamesIn(
  clients: AwsClients,
  region: string,
  listings: DiscoveryListings | undefined,
): ResultAsync<string[], DecomError> {
  const list = () => eksClusterNames(clients, region);
  return listings === undefined ? list() : listings.once('eks:ListClusters', region, list);
}
