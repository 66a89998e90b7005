import {
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { convergeHandler } from './converge-handler.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { claimsOn, limited, placeOf } from './resource-type.js';

const TYPE = 'AWS::Lambda::EventSourceMapping';
/** Lambda control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('lambda', 'default');
/** GetEventSourceMapping calls in flight at once during discovery. */
const CONCURRENCY = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The UUID of a Lambda event source mapping ARN (`…:event-source-mapping:<uuid>`), or null. */
export function eventSourceMappingIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'lambda', 'event-source-mapping:', ':');
  return id !== null && UUID.test(id) ? id : null;
}

function mappingArn(place: Place, uuid: string): string {
  return `arn:${place.partition ?? 'aws'}:lambda:${place.region}:${place.accountId}:event-source-mapping:${uuid}`;
}

/** GetEventSourceMapping: the mapping, or null when it does not exist. */
function readMapping(
  clients: AwsClients,
  region: string,
  uuid: string,
): ResultAsync<EventSourceMappingConfiguration | null, DecomError> {
  return awsCall({ operation: 'lambda:GetEventSourceMapping', resource: uuid }, () =>
    clients.get('lambda', region).send(new GetEventSourceMappingCommand({ UUID: uuid })),
  ).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * Every event source mapping of the region (ListEventSourceMappings, every
 * page): what the functions, queues, streams and tables they read from list
 * in their `dependsOn`.
 */
export function regionEventSourceMappings(
  clients: AwsClients,
  region: string,
): ResultAsync<EventSourceMappingConfiguration[], DecomError> {
  return awsCall({ operation: 'lambda:ListEventSourceMappings' }, async () => {
    const found: EventSourceMappingConfiguration[] = [];
    let marker: string | undefined;
    do {
      const page = await clients.get('lambda', region).send(new ListEventSourceMappingsCommand({ Marker: marker }));
      found.push(...(page?.EventSourceMappings ?? []));
      marker = page?.NextMarker;
    } while (marker !== undefined && marker !== '');
    return found;
  });
}

/**
 * `resources` with the event source mappings that read from each (its ARN is
 * the mapping's function or event source, or the start of it: a function's
 * alias, a stream's consumer, a table's stream) added to its `dependsOn`, so
 * a mapping is deleted before its function and its source, and a mapping
 * kept (another workload's) keeps them. One ListEventSourceMappings of the
 * region, none when `resources` is empty.
 */
export function withEventSourceMappings(
  clients: AwsClients,
  place: Place,
  resources: readonly Resource[],
): ResultAsync<Resource[], DecomError> {
  if (resources.length === 0) return okAsync([]);
  return regionEventSourceMappings(clients, place.region).map((mappings) =>
    resources.map((resource) => {
      const reads = (arn: string | undefined) =>
        arn !== undefined &&
        (arn === resource.arn || arn.startsWith(`${resource.arn}:`) || arn.startsWith(`${resource.arn}/`));
      const held = mappings
        .filter((mapping) => reads(mapping.FunctionArn) || reads(mapping.EventSourceArn))
        .map((mapping) => mapping.EventSourceMappingArn ?? mappingArn(place, mapping.UUID ?? ''));
      return held.length === 0 ? resource : { ...resource, dependsOn: [...resource.dependsOn, ...held] };
    }),
  );
}

function describeMapping(clients: AwsClients, place: Place, uuid: string): ResultAsync<Resource | null, DecomError> {
  return readMapping(clients, place.region, uuid).andThen((mapping) => {
    if (mapping === null) return okAsync(null);
    const arn = mapping.EventSourceMappingArn ?? mappingArn(place, uuid);
    return awsCall({ operation: 'lambda:ListTags', resource: arn }, () =>
      clients.get('lambda', place.region).send(new ListTagsCommand({ Resource: arn })),
    )
      .map((tags): Resource | null => ({
        arn,
        type: TYPE,
        accountId: place.accountId,
        region: place.region,
        name: uuid,
        tags: { ...(tags.Tags ?? {}) },
        state: mapping.State === 'Disabled' ? 'stopped' : (mapping.State ?? 'unknown'),
        protection: { deletion: false, stop: false },
        dependsOn: [],
      }))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  });
}

const stopped = (uuid: string) => ({ done: { uuid, state: 'stopped' } });

/**
 * Lambda event source mappings (SQS, Kinesis, DynamoDB Streams and the other
 * pollers). No protection; they hold no data (the records stay in the
 * source). Scream test: UpdateEventSourceMapping `Enabled: false`, waited on
 * while `Disabling` until `Disabled` (re-enabling undoes it; the source keeps
 * what arrives meanwhile, up to its retention). Delete is
 * DeleteEventSourceMapping, refused (Conflict, nothing sent) while the
 * mapping is enabled again, waited on while `Deleting`. The function and the
 * queue, stream or table it reads from list it in their `dependsOn`: it is
 * deleted before them, and one kept keeps them. Discovered by the tagging
 * API and by ListEventSourceMappings with ListTags each.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [LAMBDA_EVENT_SOURCE_MAPPING, LAMBDA_FUNCTION, SQS_QUEUE]);
 * ```
 */
export const LAMBDA_EVENT_SOURCE_MAPPING = defineAwsResourceType({
  iam: {
    read: ['lambda:GetEventSourceMapping', 'lambda:ListEventSourceMappings', 'lambda:ListTags'],
    stop: [onTarget('lambda:UpdateEventSourceMapping')],
    delete: [onTarget('lambda:DeleteEventSourceMapping')],
  },
  type: TYPE,
  arnShape: { service: 'lambda', prefix: 'event-source-mapping:' },
  stoppable: true,
  idOf: eventSourceMappingIdOf,
  arnOf: mappingArn,
  describeMany: (clients, place, uuids) =>
    limited(uuids, CONCURRENCY, (uuid) => describeMapping(clients, place, uuid)).map((found) =>
      found.filter((mapping): mapping is Resource => mapping !== null),
    ),
  // The mappings whose tags match (ListEventSourceMappings, then each described): the emulator's tagging API lists none.
  discoverByTags: (clients, place, tags) =>
    regionEventSourceMappings(clients, place.region)
      .andThen((mappings) =>
        limited(
          mappings.flatMap((mapping) => mapping.UUID ?? []),
          CONCURRENCY,
          (uuid) => describeMapping(clients, place, uuid),
        ),
      )
      .map((found) =>
        found.filter(
          (mapping): mapping is Resource =>
            mapping !== null && mapping.tags !== null && carriesEveryTag(mapping.tags, tags),
        ),
      ),
  handlers: (clients) => ({
    'resource.stop': convergeHandler(clients, {
      type: TYPE,
      idOf: eventSourceMappingIdOf,
      claims,
      step: (uuid, action, signal) => {
        const resource = action.target.arn ?? uuid;
        return readMapping(clients, placeOf(action).region, uuid).andThen((mapping) => {
          if (mapping === null) {
            return errAsync(
              decomError.notFound({ message: `lambda:UpdateEventSourceMapping: ${resource} does not exist`, resource }),
            );
          }
          if (mapping.State === 'Disabled') return okAsync(stopped(uuid));
          if (mapping.State !== 'Enabled') return okAsync({ waiting: true as const });
          return awsCall({ operation: 'lambda:UpdateEventSourceMapping', resource, signal }, (options) =>
            clients
              .get('lambda', placeOf(action).region)
              .send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }), options),
          ).map(() => ({ waiting: true as const }));
        });
      },
      settled: (uuid, action) =>
        readMapping(clients, placeOf(action).region, uuid).map((mapping) => {
          if (mapping?.State === 'Disabled') return stopped(uuid);
          return mapping?.State === 'Disabling' ? { waiting: true as const } : null;
        }),
    }),
  }),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: eventSourceMappingIdOf,
      claims,
      operation: 'lambda:DeleteEventSourceMapping',
      idKey: 'uuid',
      read: (clients, action, uuid) => readMapping(clients, placeOf(action).region, uuid),
      deleting: (mapping) => mapping.State === 'Deleting',
      refusal: (_clients, action, uuid, mapping) => {
        const resource = action.target.arn ?? uuid;
        return okAsync(
          mapping.State === 'Enabled' || mapping.State === 'Enabling'
            ? decomError.conflict({
                message: `lambda:DeleteEventSourceMapping on ${resource}: it is ${mapping.State} (enabled again since the scream test): not deleted`,
                resource,
              })
            : null,
        );
      },
      send: (clients, action, uuid, options) =>
        clients
          .get('lambda', placeOf(action).region)
          .send(new DeleteEventSourceMappingCommand({ UUID: uuid }), options),
    }),
});
