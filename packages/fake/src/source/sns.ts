import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeTopic } from './monitoring-types.js';
import { AWS_TYPES } from './resource-types.js';

/**
 * The fake SNS control plane for topics, regional and in the caller's account,
 * with AWS's rules: a topic is addressed by its ARN; a missing topic is
 * `NotFound`; DeleteTopic removes the topic's subscriptions with it.
 */
export class FakeSns {
  constructor(private readonly world: FakeWorld) {}

  /** GetTopicAttributes: the topic's ARN and its confirmed subscription count. */
  getTopicAttributes(arn: string): ResultAsync<{ topicArn: string; subscriptionsConfirmed: number }, DecomError> {
    return this.world.call('sns', 'GetTopicAttributes', false, arn, () =>
      this.topic(arn).map((topic) => ({ topicArn: topic.arn, subscriptionsConfirmed: topic.subscriptions.length })),
    );
  }

  /** ListSubscriptionsByTopic: the subscribed endpoints. */
  listSubscriptionsByTopic(arn: string): ResultAsync<string[], DecomError> {
    return this.world.call('sns', 'ListSubscriptionsByTopic', false, arn, () =>
      this.topic(arn).map((topic) => [...topic.subscriptions]),
    );
  }

  /** ListTagsForResource: the topic's tags; `AccessDenied` when they cannot be read. */
  listTagsForResource(arn: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('sns', 'ListTagsForResource', false, arn, () =>
      this.topic(arn).andThen((topic) =>
        topic.tagsReadable
          ? ok({ ...topic.tags })
          : err(
              decomError.accessDenied({
                message: `AuthorizationError: sns:ListTagsForResource on ${arn}`,
                resource: arn,
              }),
            ),
      ),
    );
  }

  /** DeleteTopic, with its subscriptions; Config records the deletion. */
  deleteTopic(arn: string): ResultAsync<{ topicArn: string }, DecomError> {
    return this.world.call('sns', 'DeleteTopic', true, arn, () =>
      this.topic(arn).map((topic) => {
        this.world.state.topics = this.world.state.topics.filter((candidate) => candidate !== topic);
        recordConfigChange(this.world, topic.arn, AWS_TYPES.topic, 'ResourceDeleted');
        return { topicArn: arn };
      }),
    );
  }

  private topic(arn: string): Result<FakeTopic, DecomError> {
    const found = this.world.state.topics.find(
      (topic) => topic.arn === arn && topic.accountId === this.world.state.accountId,
    );
    return found === undefined ? err(awsError.notFound('NotFound', `Topic does not exist: ${arn}`, arn)) : ok(found);
  }
}
