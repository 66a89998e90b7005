import {
  DeleteNodegroupCommand,
  type Nodegroup,
  TagResourceCommand,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import type { Action, DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { clusterNamesIn, EKS_NAME, EKS_READS, eksNodegroupsOf, readEksNodegroup } from './eks-calls.js';
import { claimsOn, limited, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::EKS::Nodegroup';
/** EKS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('eks', 'default');
/** DescribeNodegroup calls in flight at once during discovery. */
const CONCURRENCY = 4;
/** The tag the scream test leaves on a node group: its `min/max/desired` sizes before, for a rollback to read. */
export const PREVIOUS_SCALING_TAG = 'decomkit:previous-scaling';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of an EKS node group ARN (`…:nodegroup/<cluster>/<name>/<uuid>`):
 * `<cluster>/<name>/<uuid>`, the UUID telling it apart from a node group
 * created later under the same name; `<cluster>/<name>` when the ARN names no
 * UUID (built from a CloudFormation physical id). Null for any other ARN.
 */
export function eksNodegroupIdOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'eks' || parsed.region === '' || !parsed.resource.startsWith('nodegroup/')) return null;
  const [cluster = '', name = '', uuid, ...rest] = parsed.resource.slice('nodegroup/'.length).split('/');
  if (!EKS_NAME.test(cluster) || !EKS_NAME.test(name) || rest.length > 0) return null;
  if (uuid === undefined) return `${cluster}/${name}`;
  return UUID.test(uuid) ? `${cluster}/${name}/${uuid}` : null;
}

function nodegroupArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:eks:${place.region}:${place.accountId}:nodegroup/${id}`;
}

/** The cluster, name and (when known) UUID of a node group id. */
function partsOf(id: string): { cluster: string; name: string; uuid: string | undefined } {
  const [cluster = '', name = '', uuid] = id.split('/');
  return { cluster, name, uuid };
}

/** The live node group `id`, or null when it is gone or another one now has its name (its UUID differs). */
function readNodegroup(clients: AwsClients, region: string, id: string): ResultAsync<Nodegroup | null, DecomError> {
  const { cluster, name, uuid } = partsOf(id);
  return readEksNodegroup(clients, region, cluster, name).map((nodegroup) =>
    nodegroup === null || (uuid !== undefined && !(nodegroup.nodegroupArn ?? '').endsWith(`/${uuid}`))
      ? null
      : nodegroup,
  );
}

const desiredOf = (nodegroup: Nodegroup) => nodegroup.scalingConfig?.desiredSize ?? 0;

function toResource(place: Place, id: string, nodegroup: Nodegroup): Resource {
  return {
    arn: nodegroup.nodegroupArn ?? nodegroupArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    name: partsOf(id).name,
    tags: { ...(nodegroup.tags ?? {}) },
    state: nodegroup.status === 'ACTIVE' && desiredOf(nodegroup) === 0 ? 'stopped' : (nodegroup.status ?? 'unknown'),
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/** The scream test: sizes `min 0, desired 0` (max kept), the sizes before kept as a tag first. */
function stopHandler(clients: AwsClients) {
  const eks = (action: Action) => clients.get('eks', placeOf(action).region);
  const stopped = (id: string, previous: string | undefined): JsonObject => ({
    nodegroup: id,
    desiredSize: 0,
    ...(previous === undefined ? {} : { previousScaling: previous }),
    state: 'stopped',
  });
  return simpleHandler({
    type: { type: TYPE, idOf: eksNodegroupIdOf },
    claims,
    run: (id, action, signal): ResultAsync<JsonObject, DecomError> => {
      const resource = action.target.arn ?? id;
      const { cluster, name } = partsOf(id);
      return readNodegroup(clients, placeOf(action).region, id).andThen((nodegroup) => {
        if (nodegroup === null) {
          return errAsync(
            decomError.notFound({ message: `eks:UpdateNodegroupConfig: ${resource} does not exist`, resource }),
          );
        }
        const kept = nodegroup.tags?.[PREVIOUS_SCALING_TAG];
        const scaling = nodegroup.scalingConfig ?? {};
        if (desiredOf(nodegroup) === 0 && (scaling.minSize ?? 0) === 0) return okAsync(stopped(id, kept));
        const previous = `${scaling.minSize ?? 0}/${scaling.maxSize ?? 1}/${scaling.desiredSize ?? 0}`;
        return awsCall({ operation: 'eks:TagResource', resource, signal }, (options) =>
          eks(action).send(
            new TagResourceCommand({
              resourceArn: nodegroup.nodegroupArn ?? resource,
              tags: { [PREVIOUS_SCALING_TAG]: previous },
            }),
            options,
          ),
        )
          .andThen(() =>
            awsCall({ operation: 'eks:UpdateNodegroupConfig', resource, signal }, (options) =>
              eks(action).send(
                new UpdateNodegroupConfigCommand({
                  clusterName: cluster,
                  nodegroupName: name,
                  scalingConfig: { minSize: 0, desiredSize: 0, maxSize: scaling.maxSize ?? 1 },
                }),
                options,
              ),
            ),
          )
          .map(() => stopped(id, previous));
      });
    },
    readBack: (id, action) =>
      readNodegroup(clients, placeOf(action).region, id).map((nodegroup) =>
        nodegroup !== null && desiredOf(nodegroup) === 0 ? stopped(id, nodegroup.tags?.[PREVIOUS_SCALING_TAG]) : null,
      ),
  });
}

/**
 * EKS managed node groups. No protection; no data of their own (the nodes'
 * root volumes are replaced on every scale-out). Scream test: scaled to 0
 * (UpdateNodegroupConfig `minSize 0, desiredSize 0`, `maxSize` kept), the
 * sizes before kept in the result and as the tag `decomkit:previous-scaling`
 * (`min/max/desired`): a rollback sets them back and the scheduler places
 * the workloads' pods again. Reversible enough for a scream test: what is
 * lost is what a node replacement loses anyway (emptyDir and instance-store
 * data, pods no controller recreates). Delete is DeleteNodegroup, refused
 * (Conflict, nothing sent) while its desired size is above 0 (scaled up since
 * the scream test), then waited on while DELETING until gone; the cluster
 * lists its node groups in `dependsOn`, so it goes after them.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [EKS_NODEGROUP, EKS_CLUSTER]);
 * ```
 */
export const EKS_NODEGROUP = defineAwsResourceType({
  iam: {
    read: EKS_READS,
    stop: [onTarget('eks:UpdateNodegroupConfig', 'eks:TagResource')],
    delete: [onTarget('eks:DeleteNodegroup')],
  },
  type: TYPE,
  arnShape: { service: 'eks', prefix: 'nodegroup/' },
  stoppable: true,
  idOf: eksNodegroupIdOf,
  arnOf: nodegroupArn,
  // CloudFormation's physical id of a node group is `<cluster>/<name>`.
  arnOfPhysicalId: (place, physicalId) =>
    physicalId.startsWith('arn:') ? physicalId : nodegroupArn(place, physicalId),
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) =>
      readNodegroup(clients, place.region, id).map((found) => (found === null ? null : toResource(place, id, found))),
    ).map((found) => found.filter((resource): resource is Resource => resource !== null)),
  // Node groups whose tags match (ListClusters, then each cluster's node groups): the emulator's tagging API lists none.
  discoverByTags: (clients, place, tags, listings) =>
    clusterNamesIn(clients, place.region, listings)
      .andThen((clusters) =>
        limited(clusters, CONCURRENCY, (cluster) => eksNodegroupsOf(clients, place.region, cluster)),
      )
      .map((found) =>
        found
          .flat()
          .filter((nodegroup) => carriesEveryTag(nodegroup.tags ?? {}, tags))
          .map((nodegroup) =>
            toResource(place, `${nodegroup.clusterName ?? ''}/${nodegroup.nodegroupName ?? ''}`, nodegroup),
          ),
      ),
  handlers: (clients) => ({ 'resource.stop': stopHandler(clients) }),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: eksNodegroupIdOf,
      claims,
      operation: 'eks:DeleteNodegroup',
      idKey: 'nodegroup',
      read: (clients, action, id) => readNodegroup(clients, placeOf(action).region, id),
      deleting: (nodegroup) => nodegroup.status === 'DELETING',
      refusal: (_clients, action, id, nodegroup) => {
        const resource = action.target.arn ?? id;
        return okAsync(
          desiredOf(nodegroup) > 0
            ? decomError.conflict({
                message: `eks:DeleteNodegroup on ${resource}: its desired size is ${desiredOf(nodegroup)} (scaled up since the scream test): not deleted`,
                resource,
              })
            : null,
        );
      },
      send: (clients, action, id, options) => {
        const { cluster, name } = partsOf(id);
        return clients
          .get('eks', placeOf(action).region)
          .send(new DeleteNodegroupCommand({ clusterName: cluster, nodegroupName: name }), options);
      },
    }),
});
