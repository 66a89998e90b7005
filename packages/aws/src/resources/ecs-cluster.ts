import { type Cluster, DeleteClusterCommand } from '@aws-sdk/client-ecs';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { describeEcsClusters, ECS_READS, ecsTags, liveServiceArns } from './ecs-calls.js';
import { claimsOn, limited, placeOf } from './resource-type.js';

const TYPE = 'AWS::ECS::Cluster';
/** ECS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('ecs', 'default');
/** Clusters whose services are listed at once during discovery. */
const CONCURRENCY = 4;

/** The cluster name of an ECS cluster ARN (`…:cluster/<name>`), or null. */
export function ecsClusterNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'ecs', 'cluster/', '/');
  return name !== null && /^[A-Za-z0-9_-]{1,255}$/.test(name) ? name : null;
}

function clusterArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:ecs:${place.region}:${place.accountId}:cluster/${name}`;
}

/** The live cluster `name`, or null when it is missing or INACTIVE. */
function readCluster(clients: AwsClients, region: string, name: string): ResultAsync<Cluster | null, DecomError> {
  return describeEcsClusters(clients, region, [name]).map((found) => found[0] ?? null);
}

function toResource(place: Place, cluster: Cluster, services: readonly string[]): Resource {
  const name = cluster.clusterName ?? '';
  return {
    arn: cluster.clusterArn ?? clusterArn(place, name),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    name,
    tags: ecsTags(cluster.tags),
    state: cluster.status ?? 'unknown',
    protection: { deletion: false, stop: false },
    // Its ACTIVE and DRAINING services go first: DeleteCluster refuses a cluster that still has any.
    dependsOn: [...services],
  };
}

/**
 * What DeleteCluster would refuse for (ClusterContainsServices, …Tasks,
 * …ContainerInstances), checked first: a Conflict naming the counts, or null.
 */
function refusal(clients: AwsClients, region: string, resource: string, cluster: Cluster) {
  return liveServiceArns(clients, region, cluster.clusterName ?? '').map((services): DecomError | null => {
    const held = [
      services.length > 0 ? `${services.length} services` : '',
      (cluster.runningTasksCount ?? 0) + (cluster.pendingTasksCount ?? 0) > 0
        ? `${(cluster.runningTasksCount ?? 0) + (cluster.pendingTasksCount ?? 0)} tasks`
        : '',
      (cluster.registeredContainerInstancesCount ?? 0) > 0
        ? `${cluster.registeredContainerInstancesCount} container instances`
        : '',
    ].filter((part) => part !== '');
    return held.length === 0
      ? null
      : decomError.conflict({
          message: `ecs:DeleteCluster on ${resource}: it still has ${held.join(', ')}: not deleted`,
          resource,
        });
  });
}

/**
 * ECS clusters. No protection, no data, no scream test (its services have
 * theirs). Depends on its ACTIVE and DRAINING services (`dependsOn`), so it
 * is deleted after them, and not at all while one of them stays. Delete is
 * DeleteCluster, refused (Conflict, nothing sent) while the cluster still
 * has services, tasks or container instances; an INACTIVE cluster is gone.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // ECS_CLUSTER among them
 * ```
 */
export const ECS_CLUSTER = defineAwsResourceType({
  iam: {
    read: ECS_READS,
    delete: [onTarget('ecs:DeleteCluster')],
  },
  type: TYPE,
  arnShape: { service: 'ecs', prefix: 'cluster/' },
  config: { pattern: /^cluster\/([A-Za-z0-9_-]{1,255})$/, lookup: 'name' },
  idOf: ecsClusterNameOf,
  arnOf: clusterArn,
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : clusterArn(place, physicalId)),
  describeMany: (clients, place, names) =>
    describeEcsClusters(clients, place.region, names).andThen((clusters) =>
      limited(clusters, CONCURRENCY, (cluster) =>
        liveServiceArns(clients, place.region, cluster.clusterName ?? '').map((services) =>
          toResource(place, cluster, services),
        ),
      ),
    ),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: ecsClusterNameOf,
      claims,
      operation: 'ecs:DeleteCluster',
      idKey: 'cluster',
      read: (clients, action, name) => readCluster(clients, placeOf(action).region, name),
      deleting: (cluster) => cluster.status === 'DEPROVISIONING',
      refusal: (clients, action, name, cluster) =>
        refusal(clients, placeOf(action).region, action.target.arn ?? name, cluster),
      refusedBy: [
        'ClusterContainsServicesException',
        'ClusterContainsTasksException',
        'ClusterContainsContainerInstancesException',
      ],
      send: (clients, action, name, options) =>
        clients.get('ecs', placeOf(action).region).send(new DeleteClusterCommand({ cluster: name }), options),
    }),
});
