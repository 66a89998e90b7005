import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { queueArn, queueUrl } from './arns.js';
import { awsError, pageOf } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeQueue } from './source-types.js';

/** What GetQueueAttributes answers (the attributes decomkit reads). */
export interface QueueAttributes {
  readonly queueArn: string;
  readonly approximateNumberOfMessages: number;
  /** CreatedTimestamp, as an ISO instant: tells this queue from another later created under the same name. */
  readonly createdAt: string;
}

/**
 * The fake SQS control plane for queues, regional and in the caller's
 * account, with AWS's rules: a queue is addressed by its URL
 * (`https://sqs.<region>.amazonaws.com/<account>/<name>`); CreateQueue of an
 * existing name answers the existing URL; a missing queue is
 * `QueueDoesNotExist`; DeleteQueue deletes a queue whatever messages it holds;
 * ListQueueTags of a queue whose tags cannot be read is `AccessDenied`.
 */
export class FakeSqs {
  constructor(private readonly world: FakeWorld) {}

  /** CreateQueue with tags; an existing queue of that name is answered as it is. */
  createQueue(
    region: string,
    name: string,
    tags: Record<string, string> = {},
  ): ResultAsync<{ queueUrl: string }, DecomError> {
    return this.world.call('sqs', 'CreateQueue', true, name, () => {
      const place = { region, accountId: this.world.state.accountId };
      const url = queueUrl(place, name);
      if (this.find(url) === undefined) {
        const queue: FakeQueue = {
          arn: queueArn(place, name),
          ...place,
          name,
          tags: { ...tags },
          tagsReadable: true,
          queueName: name,
          createdAt: this.world.nowIso(),
          messages: 0,
        };
        this.world.state.queues.push(queue);
        recordConfigChange(this.world, queue.arn, AWS_TYPES.queue, 'ResourceDiscovered');
      }
      return ok({ queueUrl: url });
    });
  }

  /** ListQueues of a region, by name prefix, a page at a time (`token` continues). */
  listQueues(
    region: string,
    options: { readonly prefix?: string; readonly token?: string | null; readonly maxResults?: number } = {},
  ): ResultAsync<{ queueUrls: string[]; next: string | null }, DecomError> {
    return this.world.call('sqs', 'ListQueues', false, region, () => {
      const urls = this.world.state.queues
        .filter(
          (queue) =>
            queue.region === region &&
            queue.accountId === this.world.state.accountId &&
            queue.queueName.startsWith(options.prefix ?? ''),
        )
        .map((queue) => queueUrl(queue, queue.queueName));
      const paged = pageOf(urls, options.token, options.maxResults ?? 1000);
      if (paged === null)
        return err(awsError.invalid('InvalidParameterValue', `bad NextToken ${options.token}`, 'NextToken'));
      return ok({ queueUrls: paged.page, next: paged.next });
    });
  }

  /** GetQueueAttributes: the queue's ARN, its message count and when it was created. */
  getQueueAttributes(url: string): ResultAsync<QueueAttributes, DecomError> {
    return this.world.call('sqs', 'GetQueueAttributes', false, url, () =>
      this.queue(url).map((queue) => ({
        queueArn: queue.arn,
        approximateNumberOfMessages: queue.messages,
        createdAt: queue.createdAt,
      })),
    );
  }

  /** TagQueue: adds or replaces tags. */
  tagQueue(url: string, tags: Record<string, string>): ResultAsync<{ queueUrl: string }, DecomError> {
    return this.world.call('sqs', 'TagQueue', true, url, () =>
      this.queue(url).map((queue) => {
        queue.tags = { ...queue.tags, ...tags };
        recordConfigChange(this.world, queue.arn, AWS_TYPES.queue, 'OK');
        return { queueUrl: url };
      }),
    );
  }

  /** ListQueueTags: the queue's tags; `AccessDenied` when they cannot be read. */
  listQueueTags(url: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('sqs', 'ListQueueTags', false, url, () =>
      this.queue(url).andThen((queue) =>
        queue.tagsReadable
          ? ok({ ...queue.tags })
          : err(
              decomError.accessDenied({
                message: `AccessDenied: sqs:ListQueueTags on ${queue.arn}`,
                resource: queue.arn,
              }),
            ),
      ),
    );
  }

  /** DeleteQueue, whatever it holds; Config records the deletion. */
  deleteQueue(url: string): ResultAsync<{ queueUrl: string }, DecomError> {
    return this.world.call('sqs', 'DeleteQueue', true, url, () =>
      this.queue(url).map((queue) => {
        this.world.state.queues = this.world.state.queues.filter((candidate) => candidate !== queue);
        recordConfigChange(this.world, queue.arn, AWS_TYPES.queue, 'ResourceDeleted');
        return { queueUrl: url };
      }),
    );
  }

  private find(url: string): FakeQueue | undefined {
    return this.world.state.queues.find(
      (queue) => queue.accountId === this.world.state.accountId && queueUrl(queue, queue.queueName) === url,
    );
  }

  private queue(url: string): Result<FakeQueue, DecomError> {
    const found = this.find(url);
    return found === undefined
      ? err(awsError.notFound('QueueDoesNotExist', `The specified queue does not exist: ${url}`, url))
      : ok(found);
  }
}
