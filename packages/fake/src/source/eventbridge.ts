import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeRule } from './monitoring-types.js';
import { AWS_TYPES } from './resource-types.js';

/** What DescribeRule answers (the fields decomkit reads). */
export interface RuleDescription {
  readonly arn: string;
  readonly name: string;
  readonly state: FakeRule['state'];
  readonly managedBy: string | null;
}

/**
 * The fake EventBridge control plane for rules of the default event bus,
 * regional and in the caller's account, with AWS's rules: a missing rule is
 * `ResourceNotFoundException`; DeleteRule is refused (`ValidationException`)
 * while the rule has targets, and for a rule an AWS service manages unless
 * forced (decomkit never forces).
 */
export class FakeEventBridge {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeRule. */
  describeRule(region: string, name: string): ResultAsync<RuleDescription, DecomError> {
    return this.world.call('events', 'DescribeRule', false, name, () =>
      this.rule(region, name).map((rule) => ({
        arn: rule.arn,
        name: rule.ruleName,
        state: rule.state,
        managedBy: rule.managedBy,
      })),
    );
  }

  /** ListTagsForResource: the rule's tags; `AccessDenied` when they cannot be read. */
  listTagsForResource(region: string, name: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('events', 'ListTagsForResource', false, name, () =>
      this.rule(region, name).andThen((rule) =>
        rule.tagsReadable
          ? ok({ ...rule.tags })
          : err(
              decomError.accessDenied({
                message: `AccessDenied: events:ListTagsForResource on ${rule.arn}`,
                resource: rule.arn,
              }),
            ),
      ),
    );
  }

  /** DisableRule: the rule matches no more events until EnableRule. */
  disableRule(region: string, name: string): ResultAsync<{ name: string }, DecomError> {
    return this.world.call('events', 'DisableRule', true, name, () =>
      this.rule(region, name).map((rule) => {
        rule.state = 'DISABLED';
        recordConfigChange(this.world, rule.arn, AWS_TYPES.rule, 'OK');
        return { name };
      }),
    );
  }

  /** ListTargetsByRule: the target ids. */
  listTargetsByRule(region: string, name: string): ResultAsync<string[], DecomError> {
    return this.world.call('events', 'ListTargetsByRule', false, name, () =>
      this.rule(region, name).map((rule) => [...rule.targets]),
    );
  }

  /** RemoveTargets of `ids` (at most 100 a call). */
  removeTargets(region: string, name: string, ids: readonly string[]): ResultAsync<{ removed: number }, DecomError> {
    return this.world.call('events', 'RemoveTargets', true, name, () => {
      if (ids.length > 100) return err(awsError.invalid('ValidationException', 'at most 100 target ids a call', 'Ids'));
      return this.rule(region, name).map((rule) => {
        const before = rule.targets.length;
        rule.targets = rule.targets.filter((id) => !ids.includes(id));
        return { removed: before - rule.targets.length };
      });
    });
  }

  /** DeleteRule: refused while it has targets, or for a managed rule; Config records the deletion. */
  deleteRule(region: string, name: string): ResultAsync<{ name: string }, DecomError> {
    return this.world.call('events', 'DeleteRule', true, name, () =>
      this.rule(region, name).andThen((rule) => {
        if (rule.targets.length > 0)
          return err(
            awsError.conflict('ValidationException', `Rule can't be deleted since it has targets: ${name}`, rule.arn),
          );
        if (rule.managedBy !== null)
          return err(awsError.conflict('ManagedRuleException', `${name} is managed by ${rule.managedBy}`, rule.arn));
        this.world.state.rules = this.world.state.rules.filter((candidate) => candidate !== rule);
        recordConfigChange(this.world, rule.arn, AWS_TYPES.rule, 'ResourceDeleted');
        return ok({ name });
      }),
    );
  }

  private rule(region: string, name: string): Result<FakeRule, DecomError> {
    const found = this.world.state.rules.find(
      (rule) => rule.region === region && rule.ruleName === name && rule.accountId === this.world.state.accountId,
    );
    return found === undefined
      ? err(awsError.notFound('ResourceNotFoundException', `Rule ${name} does not exist on EventBus default.`, name))
      : ok(found);
  }
}
