import { type Action, type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { chunks } from '@decomkit/provider-kit';
import { regionOf } from '../source/arns.js';
import type { FakeEventBridge } from '../source/eventbridge.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { managedLift, managedRefusal } from './managed-kind-parts.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';

const TYPE = AWS_TYPES.rule;

/** The rule name of an EventBridge rule ARN of the default bus (`…:rule/<name>`), or null. */
export function ruleNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:rule\/([.\-_A-Za-z0-9]{1,64})$/.exec(arn)?.[1] ?? null;
}

const regionOfAction = (action: Action) => regionOf(action.target.arn ?? '');

/**
 * EventBridge rules of the default bus, as the AWS provider treats them:
 * found through the tagging API, described with DescribeRule +
 * ListTagsForResource. Scream test: DisableRule (`stopped` while DISABLED).
 * A rule an AWS service manages (ManagedBy) is protected and never lifted or
 * deleted. No data. Delete: RemoveTargets, then DeleteRule; gone = done.
 */
export function ruleKind(events: FakeEventBridge, tagging: FakeTagging): ResourceKind {
  const read = (region: string, name: string) =>
    events
      .describeRule(region, name)
      .map((rule): typeof rule | null => rule)
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  const describe = (arn: string, name: string): ResultAsync<Resource | null, DecomError> =>
    read(regionOf(arn), name).andThen((rule) => {
      if (rule === null) return okAsync(null);
      const resource: Resource = {
        arn: rule.arn,
        type: TYPE,
        accountId: arn.split(':')[4] ?? '',
        region: regionOf(arn),
        name,
        tags: null,
        state: rule.state === 'DISABLED' ? 'stopped' : rule.state,
        protection: { deletion: rule.managedBy !== null, stop: false },
        dependsOn: [],
      };
      return events
        .listTagsForResource(regionOf(arn), name)
        .map((tags): Resource | null => ({ ...resource, tags }))
        .orElse((error) => {
          if (error.code === 'NotFound') return okAsync(null);
          return error.code === 'AccessDenied' ? okAsync(resource) : errAsync(error);
        });
    });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: ruleNameOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('events', 'default'),
      stop: {
        run: (name, action) =>
          events.disableRule(regionOfAction(action), name).map(() => ({ ruleName: name, state: 'stopped' })),
        readBack: (name, action) =>
          read(regionOfAction(action), name).map((rule) =>
            rule?.state === 'DISABLED' ? { ruleName: name, state: 'stopped' } : null,
          ),
      },
      lift: managedLift(TYPE, (name, action) =>
        read(regionOfAction(action), name).map((rule) => (rule === null ? undefined : rule.managedBy)),
      ),
      delete: {
        run: (name, action) => {
          const region = regionOfAction(action);
          const resource = action.target.arn ?? name;
          return events
            .describeRule(region, name)
            .andThen((rule) =>
              rule.managedBy === null
                ? events.listTargetsByRule(region, name)
                : errAsync(managedRefusal('events:DeleteRule', resource, rule.managedBy)),
            )
            .andThen((targets) =>
              ResultAsync.combine(chunks(targets, 100).map((ids) => events.removeTargets(region, name, ids))),
            )
            .andThen(() => events.deleteRule(region, name))
            .map(() => ({ ruleName: name, state: 'deleted' }));
        },
        readBack: (name, action) =>
          goneRead(events.describeRule(regionOfAction(action), name), { ruleName: name, state: 'deleted' }),
      },
    },
  });
}
