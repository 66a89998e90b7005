import { DeleteQueueCommand, GetQueueUrlCommand, ListQueueTagsCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { errAsync, okAsync, type Resource } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { withEventSourceMappings } from './lambda-event-source-mapping.js';
import { claimsOn, limited, nameFrom, placeOf } from './resource-type.js';

/** The queue name of an SQS queue ARN (`arn:aws:sqs:<region>:<account>:<name>`), or null. */
export function queueNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'sqs' || parsed.region === '' || parsed.accountId === '') return null;
  return /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(parsed.resource) ? parsed.resource : null;
}

const queueArn = (place: Place, name: string) =>
  `arn:${place.partition ?? 'aws'}:sqs:${place.region}:${place.accountId}:${name}`;

/** The queue's URL (GetQueueUrl, the caller's account): SQS calls name a queue by URL. */
const urlOf = (sqs: SQSClient, name: string, accountId: string, options: CallOptions = {}) =>
  sqs
    .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: accountId }), options)
    .then((output) => output.QueueUrl ?? '');

/** The queue as a resource (GetQueueUrl, ListQueueTags); null when it does not exist. */
function describeQueue(clients: AwsClients, place: Place, name: string) {
  const sqs = clients.get('sqs', place.region);
  return awsCall({ operation: 'sqs:ListQueueTags', resource: queueArn(place, name) }, async () => {
    const QueueUrl = await urlOf(sqs, name, place.accountId);
    return (await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags ?? {};
  })
    .map((tags): Resource | null => ({
      arn: queueArn(place, name),
      type: 'AWS::SQS::Queue',
      accountId: place.accountId,
      region: place.region,
      ...nameFrom({}, name),
      tags: { ...tags },
      state: 'available',
      protection: { deletion: false, stop: false },
      dependsOn: [],
    }))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * SQS queues: not stoppable, no protection, no data kept (a queue's messages
 * are in flight, not a record: no backup). Delete is DeleteQueue by the
 * queue's URL; a queue already gone counts as deleted.
 *
 * No `resourceIdentity`: it exists for the backup gate, which matches a
 * data-holding resource to the backups taken of that incarnation of it; a
 * queue holds no data (`holdsData` false), so no gate asks for a backup of
 * it, and reading its CreatedTimestamp would cost a GetQueueAttributes call
 * per queue for nothing.
 *
 * @example
 * ```ts
 * const providers = { ...awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES, SQS_QUEUE] }) };
 * ```
 */
export const SQS_QUEUE = defineAwsResourceType({
  iam: {
    read: ['sqs:GetQueueUrl', 'sqs:ListQueueTags'],
    delete: [onTarget('sqs:DeleteQueue')],
  },
  type: 'AWS::SQS::Queue',
  arnShape: { service: 'sqs', prefix: '' },
  config: { pattern: /^([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/, lookup: 'name' },
  idOf: queueNameOf,
  arnOf: queueArn,
  // CloudFormation names a queue by its URL (https://sqs.<region>.amazonaws.com/<account>/<name>).
  arnOfPhysicalId: (place, physicalId) => queueArn(place, physicalId.split('/').pop() ?? physicalId),
  describeMany: (clients, place, names) =>
    limited(names, 8, (name) => describeQueue(clients, place, name))
      .map((found) => found.filter((queue): queue is Resource => queue !== null))
      .andThen((found) => withEventSourceMappings(clients, place, found)),
  delete: {
    claims: claimsOn('sqs', 'default'),
    idKey: 'queueName',
    call: deleteCall('sqs', 'sqs:DeleteQueue', async (sqs, name, options, action) =>
      sqs.send(
        new DeleteQueueCommand({ QueueUrl: await urlOf(sqs, name, placeOf(action).accountId, options) }),
        options,
      ),
    ),
    exists: (clients, action, name) => describeQueue(clients, placeOf(action), name).map((queue) => queue !== null),
  },
});
