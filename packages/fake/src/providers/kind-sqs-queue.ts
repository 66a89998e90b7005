import { type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { queueUrl, regionOf } from '../source/arns.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeSqs } from '../source/sqs.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';

const TYPE = AWS_TYPES.queue;
const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([\w-]{1,80}(?:\.fifo)?)$/;

/** The queue URL of an SQS queue ARN (`arn:aws:sqs:region:account:name`), or null. */
export function queueUrlOf(arn: string): string | null {
  const match = QUEUE_ARN.exec(arn);
  return match === null ? null : queueUrl({ region: match[1] ?? '', accountId: match[2] ?? '' }, match[3] ?? '');
}

/**
 * SQS queues, as the AWS provider treats them: found through the tagging API,
 * described with GetQueueAttributes + ListQueueTags (unreadable tags: null).
 * Not stoppable, no protection, holds no data decomkit backs up (messages are
 * in flight, not kept). Delete is DeleteQueue; gone = done.
 */
export function queueKind(sqs: FakeSqs, tagging: FakeTagging): ResourceKind {
  const describe = (arn: string, url: string): ResultAsync<Resource | null, DecomError> =>
    goneAsNull(
      ResultAsync.combine([
        sqs.getQueueAttributes(url),
        sqs
          .listQueueTags(url)
          .map((tags): Record<string, string> | null => tags)
          .orElse((error) => (error.code === 'AccessDenied' ? okAsync(null) : errAsync(error))),
      ] as const),
      ([attributes, tags]): Resource => ({
        arn,
        type: TYPE,
        accountId: arn.split(':')[4] ?? '',
        region: regionOf(arn),
        name: arn.split(':')[5] ?? arn,
        tags,
        state: 'available',
        protection: { deletion: false, stop: false },
        dependsOn: [],
        resourceIdentity: attributes.createdAt,
      }),
    );
  return defineFakeResourceKind({
    type: TYPE,
    idOf: queueUrlOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('sqs', 'default'),
      delete: {
        run: (url) => sqs.deleteQueue(url).map(() => ({ queueUrl: url, state: 'deleted' })),
        readBack: (url) => goneRead(sqs.getQueueAttributes(url), { queueUrl: url, state: 'deleted' }),
      },
    },
  });
}
