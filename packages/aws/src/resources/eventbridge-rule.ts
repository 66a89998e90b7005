import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  DisableRuleCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
  type Rule,
} from '@aws-sdk/client-eventbridge';
import {
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { managedLiftHandler, managedRefusal } from './managed-by.js';
import { chunks, claimsOn, goneRead, limited, nameFrom, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::Events::Rule';
/** DescribeRule calls in flight at once during discovery. */
const CONCURRENCY = 8;
/** EventBridge control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('events', 'default');
/** RemoveTargets takes at most this many target ids a call. */
const TARGETS_PER_CALL = 100;
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/**
 * The id of an EventBridge rule ARN: `<name>` on the default event bus
 * (`…:rule/<name>`), `<bus>/<name>` on a custom bus (`…:rule/<bus>/<name>`);
 * null for any other ARN (a partner bus's rule included: never touched).
 */
export function ruleIdOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'events' || parsed.region === '' || !parsed.resource.startsWith('rule/')) return null;
  const parts = parsed.resource.slice('rule/'.length).split('/');
  return parts.length <= 2 && parts.every((part) => NAME.test(part)) ? parts.join('/') : null;
}

/** The bus and name of a rule id (`default` for a rule of the default bus). */
function busAndName(id: string): { readonly EventBusName: string; readonly Name: string } {
  const [first = '', second] = id.split('/');
  return second === undefined ? { EventBusName: 'default', Name: first } : { EventBusName: first, Name: second };
}

/** RemoveTargets' and ListTargetsByRule's names for a rule. */
const ruleOf = (id: string) => ({ Rule: busAndName(id).Name, EventBusName: busAndName(id).EventBusName });

const ruleArn = (place: Place, id: string) =>
  `arn:${place.partition ?? 'aws'}:events:${place.region}:${place.accountId}:rule/${id}`;

/** DescribeRule: the rule, or null when it does not exist. */
function describeRule(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<DescribeRuleCommandOutput | null, DecomError> {
  return awsCall({ operation: 'events:DescribeRule', resource: id }, () =>
    clients.get('events', region).send(new DescribeRuleCommand(busAndName(id))),
  ).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** A rule (DescribeRule's answer or a ListRules item) with its tags (ListTagsForResource); null once gone. */
function withTags(
  clients: AwsClients,
  place: Place,
  id: string,
  rule: Pick<Rule, 'Arn' | 'State' | 'ManagedBy'>,
): ResultAsync<Resource | null, DecomError> {
  const arn = rule.Arn ?? ruleArn(place, id);
  return awsCall({ operation: 'events:ListTagsForResource', resource: arn }, () =>
    clients.get('events', place.region).send(new ListTagsForResourceCommand({ ResourceARN: arn })),
  )
    .map((tags): Resource | null => ({
      arn,
      type: TYPE,
      accountId: place.accountId,
      region: place.region,
      ...nameFrom({}, busAndName(id).Name),
      tags: tagRecord(tags.Tags),
      state: rule.State === 'DISABLED' ? 'stopped' : (rule.State ?? 'ENABLED'),
      // A rule an AWS service manages (ManagedBy) is that service's to delete: reported protected, never lifted.
      protection: { deletion: rule.ManagedBy !== undefined, stop: false },
      dependsOn: [],
    }))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

function describeWithTags(clients: AwsClients, place: Place, id: string): ResultAsync<Resource | null, DecomError> {
  return describeRule(clients, place.region, id).andThen((rule) =>
    rule === null ? okAsync(null) : withTags(clients, place, id, rule),
  );
}

/** Every target id of a rule (ListTargetsByRule, following NextToken). */
function targetIds(clients: AwsClients, region: string, id: string, resource: string) {
  return awsCall({ operation: 'events:ListTargetsByRule', resource }, async () => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await clients
        .get('events', region)
        .send(new ListTargetsByRuleCommand({ ...ruleOf(id), NextToken: token }));
      found.push(...(page.Targets ?? []).flatMap((target) => (target.Id === undefined ? [] : [target.Id])));
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    return found;
  });
}

/**
 * Delete: refused (Conflict, nothing sent) for a rule an AWS service manages;
 * otherwise RemoveTargets (100 ids a call; a target it fails to remove is a
 * retryable ProviderFailure, and no DeleteRule is sent) then DeleteRule, never
 * `Force`. A rule already gone counts as deleted.
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const result = (id: string): JsonObject => ({ ruleId: id, state: 'deleted' });
  return simpleHandler({
    type: { type: TYPE, idOf: ruleIdOf },
    claims,
    goneIsDone: true,
    run: (id, action, signal) => {
      const region = placeOf(action).region;
      const resource = action.target.arn ?? id;
      const events = clients.get('events', region);
      return describeRule(clients, region, id)
        .andThen((rule) => {
          if (rule === null) {
            return errAsync(
              decomError.notFound({ message: `events:DeleteRule: ${resource} does not exist`, resource }),
            );
          }
          if (rule.ManagedBy !== undefined)
            return errAsync(managedRefusal('events:DeleteRule', resource, rule.ManagedBy));
          return targetIds(clients, region, id, resource);
        })
        .andThen((ids) =>
          limited(chunks(ids, TARGETS_PER_CALL), 1, (chunk) =>
            awsCall({ operation: 'events:RemoveTargets', resource, signal }, (options) =>
              events.send(new RemoveTargetsCommand({ ...ruleOf(id), Ids: chunk }), options),
            ).andThen((output) =>
              (output.FailedEntryCount ?? 0) === 0
                ? okAsync(output)
                : errAsync(
                    decomError.providerFailure({
                      message: `events:RemoveTargets on ${resource}: ${output.FailedEntryCount} targets not removed (${(output.FailedEntries ?? []).map((entry) => `${entry.TargetId}: ${entry.ErrorCode}`).join(', ')})`,
                      retryable: true,
                      resource,
                    }),
                  ),
            ),
          ),
        )
        .andThen(() =>
          awsCall({ operation: 'events:DeleteRule', resource, signal }, (options) =>
            events.send(new DeleteRuleCommand(busAndName(id)), options),
          ),
        )
        .map(() => result(id));
    },
    readBack: (id, action) =>
      goneRead(
        describeRule(clients, placeOf(action).region, id).map((rule) => rule !== null),
        result(id),
      ),
  });
}

/** The rules of the region's default bus carrying every tag of `tags` (ListRules, ListTagsForResource each). */
function rulesByTags(
  clients: AwsClients,
  place: Place,
  tags: Readonly<Record<string, string>>,
): ResultAsync<Resource[], DecomError> {
  return (
    awsCall({ operation: 'events:ListRules' }, async () => {
      const found: Rule[] = [];
      let token: string | undefined;
      do {
        const page = await clients.get('events', place.region).send(new ListRulesCommand({ NextToken: token }));
        found.push(...(page.Rules ?? []));
        token = page.NextToken;
      } while (token !== undefined && token !== '');
      return found;
    })
      // A ListRules item carries what DescribeRule would (name, ARN, state, ManagedBy): only the tags are read.
      .andThen((rules) =>
        limited(
          rules.filter((rule) => rule.Name !== undefined),
          CONCURRENCY,
          (rule) => withTags(clients, place, rule.Name ?? '', rule),
        ),
      )
      .map((found) =>
        found.filter(
          (rule): rule is Resource => rule !== null && rule.tags !== null && carriesEveryTag(rule.tags, tags),
        ),
      )
  );
}

/**
 * EventBridge rules (default or custom event bus). Scream test: DisableRule
 * (`stopped` while DISABLED; EnableRule undoes it). Protection: a rule an AWS
 * service manages (ManagedBy) is reported protected and never lifted or
 * deleted here. No data. Delete removes the targets, then DeleteRule. Also
 * discovered by ListRules on the default bus, since the emulator's tagging
 * API lists no rules.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [EVENTBRIDGE_RULE]);
 * ```
 */
export const EVENTBRIDGE_RULE = defineAwsResourceType({
  iam: {
    read: ['events:DescribeRule', 'events:ListRules', 'events:ListTagsForResource', 'events:ListTargetsByRule'],
    stop: [onTarget('events:DisableRule')],
    delete: [onTarget('events:RemoveTargets', 'events:DeleteRule')],
  },
  type: TYPE,
  arnShape: { service: 'events', prefix: 'rule/' },
  // AWS Config names a rule by its name, on whichever bus.
  config: { pattern: /^rule\/(?:[^/]+\/)?([^/]+)$/, lookup: 'name' },
  stoppable: true,
  idOf: ruleIdOf,
  arnOf: ruleArn,
  // CloudFormation's physical id is the rule's name, `<bus>|<name>` on a custom bus.
  arnOfPhysicalId: (place, physicalId) =>
    physicalId.startsWith('arn:') ? physicalId : ruleArn(place, physicalId.split('|').join('/')),
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) => describeWithTags(clients, place, id)).map((found) =>
      found.filter((rule): rule is Resource => rule !== null),
    ),
  discoverByTags: rulesByTags,
  handlers: (clients) => ({
    'resource.stop': simpleHandler({
      type: { type: TYPE, idOf: ruleIdOf },
      claims,
      run: (id, action, signal) =>
        awsCall({ operation: 'events:DisableRule', resource: action.target.arn ?? id, signal }, (options) =>
          clients.get('events', placeOf(action).region).send(new DisableRuleCommand(busAndName(id)), options),
        ).map(() => ({ ruleId: id, state: 'stopped' })),
      readBack: (id, action) =>
        describeRule(clients, placeOf(action).region, id).map((rule) =>
          rule?.State === 'DISABLED' ? { ruleId: id, state: 'stopped' } : null,
        ),
    }),
    'protection.lift': managedLiftHandler(TYPE, ruleIdOf, claims, (id, action) =>
      describeRule(clients, placeOf(action).region, id).map((rule) =>
        rule === null ? undefined : (rule.ManagedBy ?? null),
      ),
    ),
  }),
  delete: deleteHandler,
});
