import { type Cluster, DeleteClusterCommand, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import type { DecomError, Resource } from '@decomkit/core';
import { decomError, okAsync, ResultAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import {
  clusterNamesIn,
  EKS_NAME,
  EKS_READS,
  eksFargateProfilesOf,
  eksNodegroupsOf,
  readEksCluster,
} from './eks-calls.js';
import { claimsOn, limited, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::EKS::Cluster';
/** EKS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('eks', 'default');
/** Clusters read at once during discovery. */
const CONCURRENCY = 4;

/** The cluster name of an EKS cluster ARN (`…:cluster/<name>`), or null. */
export function eksClusterNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'eks', 'cluster/', '/');
  return name !== null && EKS_NAME.test(name) ? name : null;
}

function clusterArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:eks:${place.region}:${place.accountId}:cluster/${name}`;
}

/** What the cluster still holds: its node groups' ARNs and its Fargate profiles' names. */
interface ClusterContents {
  readonly nodegroups: readonly string[];
  readonly fargateProfiles: readonly string[];
}

function contentsOf(clients: AwsClients, region: string, name: string): ResultAsync<ClusterContents, DecomError> {
  return ResultAsync.combine([
    eksNodegroupsOf(clients, region, name).map((found) => found.flatMap((nodegroup) => nodegroup.nodegroupArn ?? [])),
    eksFargateProfilesOf(clients, region, name),
  ] as const).map(([nodegroups, fargateProfiles]) => ({ nodegroups, fargateProfiles }));
}

function toResource(place: Place, cluster: Cluster, contents: ClusterContents): Resource {
  const name = cluster.name ?? '';
  const arn = cluster.arn ?? clusterArn(place, name);
  const profiles = contents.fargateProfiles.length;
  return {
    arn,
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    name,
    tags: { ...(cluster.tags ?? {}) },
    state: cluster.status ?? 'unknown',
    protection: { deletion: cluster.deletionProtection === true, stop: false },
    // Its node groups go first: DeleteCluster refuses a cluster that still has any.
    dependsOn: [...contents.nodegroups],
    ...(profiles === 0
      ? {}
      : {
          retireBlockers: [
            {
              code: 'cluster-has-fargate-profiles',
              message: `${arn} still has ${profiles} Fargate profiles (${contents.fargateProfiles.join(', ')}), which decomkit does not retire: not touched`,
            },
          ],
        }),
  };
}

/** The live clusters among `names` that `wanted` keeps, with their node groups and Fargate profiles. */
function describeClusters(
  clients: AwsClients,
  place: Place,
  names: readonly string[],
  wanted: (cluster: Cluster) => boolean,
): ResultAsync<Resource[], DecomError> {
  return limited(names, CONCURRENCY, (name) =>
    readEksCluster(clients, place.region, name).andThen((cluster) =>
      cluster === null || !wanted(cluster)
        ? okAsync(null)
        : contentsOf(clients, place.region, name).map((contents) => toResource(place, cluster, contents)),
    ),
  ).map((found) => found.filter((resource): resource is Resource => resource !== null));
}

/**
 * EKS clusters. Protection: deletion protection (`deletionProtection`),
 * lifted with UpdateClusterConfig when the workload's policy allows. No
 * scream test of its own (its node groups are scaled to 0); no data kept
 * here (what the cluster's pods stored lives in volumes, buckets, databases,
 * each retired as its own type). Depends on its node groups (`dependsOn`):
 * deleted after them, and not at all while one stays; a cluster with
 * Fargate profiles is a blocking finding (`cluster-has-fargate-profiles`).
 * Delete is DeleteCluster, refused (Conflict, nothing sent) while node groups
 * or Fargate profiles remain, then waited on while DELETING until gone.
 * Discovered by the tagging API and by ListClusters.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [EKS_NODEGROUP, EKS_CLUSTER]);
 * ```
 */
export const EKS_CLUSTER = defineAwsResourceType({
  iam: {
    read: EKS_READS,
    lift: [onTarget('eks:UpdateClusterConfig')],
    delete: [onTarget('eks:DeleteCluster')],
  },
  type: TYPE,
  arnShape: { service: 'eks', prefix: 'cluster/' },
  config: { pattern: /^cluster\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})$/, lookup: 'name' },
  idOf: eksClusterNameOf,
  arnOf: clusterArn,
  describeMany: (clients, place, names) => describeClusters(clients, place, names, () => true),
  // Clusters whose tags match (ListClusters, DescribeCluster each): the emulator's tagging API lists none.
  discoverByTags: (clients, place, tags, listings) =>
    clusterNamesIn(clients, place.region, listings).andThen((names) =>
      describeClusters(clients, place, names, (cluster) => carriesEveryTag(cluster.tags ?? {}, tags)),
    ),
  handlers: (clients) => ({
    'protection.lift': simpleHandler({
      type: { type: TYPE, idOf: eksClusterNameOf },
      claims,
      run: (name, action, signal) =>
        awsCall({ operation: 'eks:UpdateClusterConfig', resource: action.target.arn ?? name, signal }, (options) =>
          clients
            .get('eks', placeOf(action).region)
            .send(new UpdateClusterConfigCommand({ name, deletionProtection: false }), options),
        ).map(() => ({ cluster: name, deletionProtection: false })),
      readBack: (name, action) =>
        readEksCluster(clients, placeOf(action).region, name).map((cluster) =>
          cluster !== null && cluster.deletionProtection !== true ? { cluster: name, deletionProtection: false } : null,
        ),
    }),
  }),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: eksClusterNameOf,
      claims,
      operation: 'eks:DeleteCluster',
      idKey: 'cluster',
      read: (clients, action, name) => readEksCluster(clients, placeOf(action).region, name),
      deleting: (cluster) => cluster.status === 'DELETING',
      refusal: (clients, action, name, cluster) => {
        const resource = action.target.arn ?? name;
        if (cluster.deletionProtection === true) {
          return okAsync(
            decomError.conflict({
              message: `eks:DeleteCluster on ${resource}: deletion protection is on: not deleted`,
              resource,
            }),
          );
        }
        return contentsOf(clients, placeOf(action).region, name).map(({ nodegroups, fargateProfiles }) => {
          const held = [
            nodegroups.length > 0 ? `${nodegroups.length} node groups` : '',
            fargateProfiles.length > 0 ? `${fargateProfiles.length} Fargate profiles` : '',
          ].filter((part) => part !== '');
          return held.length === 0
            ? null
            : decomError.conflict({
                message: `eks:DeleteCluster on ${resource}: it still has ${held.join(', ')}: not deleted`,
                resource,
              });
        });
      },
      send: (clients, action, name, options) =>
        clients.get('eks', placeOf(action).region).send(new DeleteClusterCommand({ name }), options),
    }),
});
