import {
  type Consumer,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  type StreamDescriptionSummary,
  type Tag,
} from '@aws-sdk/client-kinesis';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { withEventSourceMappings } from './lambda-event-source-mapping.js';
import { claimsOn, limited, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::Kinesis::Stream';
/** Streams described at once during discovery. */
const CONCURRENCY = 8;
/** Kinesis control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('kinesis', 'default');

/** The stream name of a Kinesis data stream ARN (`…:stream/<name>`, not a consumer's), or null. */
export function streamNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'kinesis', 'stream/', '/');
  return name !== null && /^[A-Za-z0-9_.-]{1,128}$/.test(name) ? name : null;
}

function streamArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:kinesis:${place.region}:${place.accountId}:stream/${name}`;
}

/** DescribeStreamSummary: the stream, or null when it does not exist. */
function describeStream(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<StreamDescriptionSummary | null, DecomError> {
  return awsCall({ operation: 'kinesis:DescribeStreamSummary', resource: name }, () =>
    clients.get('kinesis', region).send(new DescribeStreamSummaryCommand({ StreamName: name })),
  )
    .map((output) => output.StreamDescriptionSummary ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** Every tag of a stream (ListTagsForStream, following HasMoreTags). */
function streamTags(clients: AwsClients, region: string, name: string): ResultAsync<Tag[], DecomError> {
  return awsCall({ operation: 'kinesis:ListTagsForStream', resource: name }, async () => {
    const tags: Tag[] = [];
    for (;;) {
      const last = tags.at(-1)?.Key;
      const page = await clients.get('kinesis', region).send(
        new ListTagsForStreamCommand({
          StreamName: name,
          ...(last === undefined ? {} : { ExclusiveStartTagKey: last }),
        }),
      );
      tags.push(...(page.Tags ?? []));
      if (page.HasMoreTags !== true || (page.Tags ?? []).length === 0) return tags;
    }
  });
}

/** The stream's registered (enhanced fan-out) consumers, every page. */
function consumersOf(clients: AwsClients, region: string, arn: string): ResultAsync<Consumer[], DecomError> {
  return awsCall({ operation: 'kinesis:ListStreamConsumers', resource: arn }, async () => {
    const consumers: Consumer[] = [];
    let token: string | undefined;
    do {
      const page = await clients
        .get('kinesis', region)
        .send(new ListStreamConsumersCommand({ StreamARN: arn, ...(token === undefined ? {} : { NextToken: token }) }));
      consumers.push(...(page.Consumers ?? []));
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    return consumers;
  });
}

/** What blocks retiring a stream: its registered consumers, counted and named. */
function consumerBlockers(arn: string, consumers: readonly Consumer[]) {
  if (consumers.length === 0) return {};
  const names = consumers.map((consumer) => consumer.ConsumerName ?? '?').join(', ');
  return {
    retireBlockers: [
      {
        code: 'stream-has-consumers',
        message: `${arn} has ${consumers.length} registered consumers (${names}): deregister them first; not touched`,
      },
    ],
  };
}

function describeWithTags(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return describeStream(clients, place.region, name).andThen((stream) => {
    if (stream === null) return okAsync(null);
    const arn = stream.StreamARN ?? streamArn(place, name);
    return streamTags(clients, place.region, name).andThen((tags) =>
      consumersOf(clients, place.region, arn).map(
        (consumers): Resource => ({
          arn,
          type: TYPE,
          accountId: place.accountId,
          region: place.region,
          name,
          tags: tagRecord(tags),
          state: stream.StreamStatus ?? 'unknown',
          protection: { deletion: false, stop: false },
          dependsOn: [],
          ...consumerBlockers(arn, consumers),
        }),
      ),
    );
  });
}

/** Every stream name of the region (ListStreams, by ExclusiveStartStreamName). */
function streamNames(clients: AwsClients, region: string): ResultAsync<string[], DecomError> {
  return awsCall({ operation: 'kinesis:ListStreams' }, async () => {
    const names: string[] = [];
    for (;;) {
      const last = names.at(-1);
      const page = await clients
        .get('kinesis', region)
        .send(new ListStreamsCommand({ ...(last === undefined ? {} : { ExclusiveStartStreamName: last }) }));
      names.push(...(page.StreamNames ?? []));
      if (page.HasMoreStreams !== true || (page.StreamNames ?? []).length === 0) return names;
    }
  });
}

/**
 * Kinesis data streams. No protection, no scream test; no data kept (its
 * records are in flight for the retention period, not a record of the
 * workload: like an SQS queue's messages, no backup). A stream with
 * registered (enhanced fan-out) consumers carries a blocker (a blocking
 * finding naming the count), and its delete is refused (Conflict, nothing
 * sent): DeleteStream goes with `EnforceConsumerDeletion: false`, never
 * taking a consumer along. A DELETING stream is waited on until gone.
 * Discovery also lists the region's streams and their tags (`discoverByTags`):
 * the emulator's tagging API does not list streams.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // KINESIS_STREAM among them
 * ```
 */
export const KINESIS_STREAM = defineAwsResourceType({
  iam: {
    read: [
      'kinesis:DescribeStreamSummary',
      'kinesis:ListStreamConsumers',
      'kinesis:ListStreams',
      'kinesis:ListTagsForStream',
    ],
    delete: [onTarget('kinesis:DeleteStream')],
  },
  type: TYPE,
  arnShape: { service: 'kinesis', prefix: 'stream/' },
  config: { pattern: /^stream\/([A-Za-z0-9_.-]{1,128})$/, lookup: 'name' },
  idOf: streamNameOf,
  arnOf: streamArn,
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : streamArn(place, physicalId)),
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) => describeWithTags(clients, place, name))
      .map((found) => found.filter((resource): resource is Resource => resource !== null))
      .andThen((found) => withEventSourceMappings(clients, place, found)),
  // Streams whose tags match, then described: ListStreams and one ListTagsForStream each.
  discoverByTags: (clients, place, tags) =>
    streamNames(clients, place.region)
      .andThen((names) =>
        limited(names, CONCURRENCY, (name) =>
          streamTags(clients, place.region, name)
            .map((found) => (carriesEveryTag(tagRecord(found), tags) ? [name] : []))
            .orElse((error) => (error.code === 'NotFound' ? okAsync([]) : errAsync(error))),
        ),
      )
      .andThen((matching) => KINESIS_STREAM.describeMany(clients, place, matching.flat())),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: streamNameOf,
      claims,
      operation: 'kinesis:DeleteStream',
      idKey: 'streamName',
      read: (clients, action, name) => describeStream(clients, placeOf(action).region, name),
      deleting: (stream) => stream.StreamStatus === 'DELETING',
      refusal: (clients, action, name, stream) => {
        const arn = stream.StreamARN ?? action.target.arn ?? name;
        return consumersOf(clients, placeOf(action).region, arn).map((consumers) =>
          consumers.length === 0
            ? null
            : decomError.conflict({
                message: `kinesis:DeleteStream on ${arn}: ${consumers.length} registered consumers: not deleted (deregister them first)`,
                resource: arn,
              }),
        );
      },
      send: (clients, action, name, options) =>
        clients
          .get('kinesis', placeOf(action).region)
          .send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: false }), options),
    }),
});
