import { DeleteServiceCommand, type Service, TagResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { Action, DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { describeEcsServices, ECS_READS, ecsTags } from './ecs-calls.js';
import { claimsOn, limited, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::ECS::Service';
/** ECS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('ecs', 'default');
/** The tag the scream test leaves on a service: its desired count before, for a rollback (and a reconcile) to read. */
export const PREVIOUS_DESIRED_COUNT_TAG = 'decomkit:previous-desired-count';
const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The `<cluster>/<service>` of an ECS service ARN in the long format
 * (`…:service/<cluster>/<service>`), or null: the old short format
 * (`…:service/<service>`) names no cluster and is not handled.
 */
export function ecsServiceIdOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'ecs' || parsed.region === '' || !parsed.resource.startsWith('service/')) return null;
  const [cluster, name, ...rest] = parsed.resource.slice('service/'.length).split('/');
  if (cluster === undefined || name === undefined || rest.length > 0) return null;
  return NAME.test(cluster) && NAME.test(name) ? `${cluster}/${name}` : null;
}

function serviceArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:ecs:${place.region}:${place.accountId}:service/${id}`;
}

/** The cluster and service names of a `<cluster>/<service>` id. */
function partsOf(id: string): { cluster: string; name: string } {
  const [cluster = '', name = ''] = id.split('/');
  return { cluster, name };
}

/** The live service `id` (`<cluster>/<service>`), or null when it is missing or INACTIVE. */
export function readEcsService(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<Service | null, DecomError> {
  const { cluster, name } = partsOf(id);
  return describeEcsServices(clients, region, cluster, [name]).map((found) => found[0] ?? null);
}

function toResource(place: Place, id: string, service: Service): Resource {
  return {
    arn: service.serviceArn ?? serviceArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    name: partsOf(id).name,
    tags: ecsTags(service.tags),
    state: service.status === 'ACTIVE' && service.desiredCount === 0 ? 'stopped' : (service.status ?? 'unknown'),
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/** The scream test: desired count 0, the count before kept as a tag first (so a crash loses it not). */
function stopHandler(clients: AwsClients) {
  const ecs = (action: Action) => clients.get('ecs', placeOf(action).region);
  const stopped = (id: string, previous: string | undefined): JsonObject => ({
    service: id,
    desiredCount: 0,
    ...(previous === undefined ? {} : { previousDesiredCount: Number(previous) }),
    state: 'stopped',
  });
  return simpleHandler({
    type: { type: TYPE, idOf: ecsServiceIdOf },
    claims,
    run: (id, action, signal): ResultAsync<JsonObject, DecomError> => {
      const resource = action.target.arn ?? id;
      const { cluster, name } = partsOf(id);
      return readEcsService(clients, placeOf(action).region, id).andThen((service) => {
        if (service === null) {
          return errAsync(decomError.notFound({ message: `ecs:UpdateService: ${resource} does not exist`, resource }));
        }
        const kept = ecsTags(service.tags)[PREVIOUS_DESIRED_COUNT_TAG];
        if (service.desiredCount === 0) return okAsync(stopped(id, kept));
        const previous = String(service.desiredCount ?? 0);
        return awsCall({ operation: 'ecs:TagResource', resource, signal }, (options) =>
          ecs(action).send(
            new TagResourceCommand({
              resourceArn: service.serviceArn ?? resource,
              tags: [{ key: PREVIOUS_DESIRED_COUNT_TAG, value: previous }],
            }),
            options,
          ),
        )
          .andThen(() =>
            awsCall({ operation: 'ecs:UpdateService', resource, signal }, (options) =>
              ecs(action).send(new UpdateServiceCommand({ cluster, service: name, desiredCount: 0 }), options),
            ),
          )
          .map(() => stopped(id, previous));
      });
    },
    readBack: (id, action) =>
      readEcsService(clients, placeOf(action).region, id).map((service) =>
        service?.desiredCount === 0 ? stopped(id, ecsTags(service.tags)[PREVIOUS_DESIRED_COUNT_TAG]) : null,
      ),
  });
}

/**
 * ECS services (long ARN format, `service/<cluster>/<service>`). No
 * protection; no data. The scream test is UpdateService with desiredCount 0,
 * the count before kept in the result and as the tag
 * `decomkit:previous-desired-count` (a rollback sets it back). Delete is
 * DeleteService without `force`, refused (Conflict, nothing sent) while the
 * desired count is above 0 (scaled up again since the scream test), then
 * waited on while DRAINING until INACTIVE, which counts as gone; a cluster is
 * deleted after its services (its `dependsOn`).
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // ECS_SERVICE among them
 * ```
 */
export const ECS_SERVICE = defineAwsResourceType({
  iam: {
    read: ECS_READS,
    stop: [onTarget('ecs:UpdateService', 'ecs:TagResource')],
    delete: [onTarget('ecs:DeleteService')],
  },
  type: TYPE,
  arnShape: { service: 'ecs', prefix: 'service/' },
  // AWS Config names a service by its name; the record's ARN tells the cluster apart.
  config: { pattern: /^service\/[^/]+\/([^/]+)$/, lookup: 'name' },
  stoppable: true,
  idOf: ecsServiceIdOf,
  arnOf: serviceArn,
  arnOfPhysicalId: (place, physicalId) =>
    physicalId.startsWith('arn:') ? physicalId : serviceArn(place, physicalId.split('/').slice(-2).join('/')),
  describeMany: (clients, place, ids) => {
    const byCluster = new Map<string, string[]>();
    for (const id of ids) {
      const { cluster, name } = partsOf(id);
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), name]);
    }
    return limited([...byCluster], 4, ([cluster, names]) =>
      describeEcsServices(clients, place.region, cluster, names).map((services) =>
        services.map((service) => toResource(place, `${cluster}/${service.serviceName ?? ''}`, service)),
      ),
    ).map((found) => found.flat());
  },
  handlers: (clients) => ({ 'resource.stop': stopHandler(clients) }),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: ecsServiceIdOf,
      claims,
      operation: 'ecs:DeleteService',
      idKey: 'service',
      read: (clients, action, id) => readEcsService(clients, placeOf(action).region, id),
      deleting: (service) => service.status === 'DRAINING',
      refusal: (_clients, action, id, service) => {
        const resource = action.target.arn ?? id;
        return okAsync(
          (service.desiredCount ?? 0) > 0
            ? decomError.conflict({
                message: `ecs:DeleteService on ${resource}: its desired count is ${service.desiredCount} (scaled up since the scream test): not deleted`,
                resource,
              })
            : null,
        );
      },
      send: (clients, action, id, options) => {
        const { cluster, name } = partsOf(id);
        return clients
          .get('ecs', placeOf(action).region)
          .send(new DeleteServiceCommand({ cluster, service: name }), options);
      },
    }),
});
