import {
  DeleteStackCommand,
  DescribeStacksCommand,
  paginateDescribeStackEvents,
  type Stack,
  type StackEvent,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { Action, ActionHandler, DecomError, HandlerOutcome, JsonObject, Resource } from '@decomkit/core';
import { decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import type { AwsResourceType } from './resource-type.js';
import { claimsOn, done, limited, placeOf, simpleHandler, tagRecord, targetId } from './resource-type.js';
import { stackResourcesOf } from './stack-members.js';

/** The CloudFormation (and AWS Config) name of a stack. */
export const STACK_TYPE = 'AWS::CloudFormation::Stack';
const TYPE = STACK_TYPE;
/** Stacks described at once. */
const CONCURRENCY = 4;
/** Stack events kept in a delete's evidence at most (the newest). */
const MAX_EVENTS = 200;
const claims = claimsOn('cloudformation', 'default');

/** The stack ARN itself when `arn` is one (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>`), else null. */
export function stackArnOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'cloudformation') return null;
  // The stack id is a UUID: `stack/<stack>/<logical id>`, how discovery names a stack resource it cannot describe, is none.
  return /^stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
    parsed.resource,
  )
    ? arn
    : null;
}

/** The stack name of a stack ARN, or null. */
export function stackNameOf(arn: string): string | null {
  return stackArnOf(arn) === null ? null : (/:stack\/([^/]+)\//.exec(arn)?.[1] ?? null);
}

/** The stack named or identified by `stack` (name or ARN); null when it does not exist or is deleted. */
function describeStack(clients: AwsClients, region: string, stack: string): ResultAsync<Stack | null, DecomError> {
  return awsCall({ operation: 'cloudformation:DescribeStacks', resource: stack }, () =>
    clients.get('cloudformation', region).send(new DescribeStacksCommand({ StackName: stack })),
  )
    .map((output) => {
      const found = output.Stacks?.[0];
      return found === undefined || found.StackStatus === 'DELETE_COMPLETE' ? null : found;
    })
    .orElse((error) =>
      // CloudFormation answers a stack that does not exist with a ValidationError.
      error.code === 'NotFound' || /does not exist/.test(error.message) ? okAsync(null) : errAsync(error),
    );
}

/** A stack as a resource: its tags, status and termination protection (its resources are added by discovery). */
function stackResource(stack: Stack, accountId: string, region: string): Resource {
  return {
    arn: stack.StackId ?? '',
    type: TYPE,
    accountId,
    region,
    name: stack.StackName ?? '',
    tags: tagRecord(stack.Tags),
    state: stack.StackStatus ?? 'unknown',
    protection: { deletion: stack.EnableTerminationProtection === true, stop: false },
    dependsOn: [],
  };
}

/** The delete-phase events of the stack, oldest first, as evidence (at most {@link MAX_EVENTS}). */
function deleteEvents(clients: AwsClients, region: string, stack: string): ResultAsync<JsonObject[], DecomError> {
  return awsCall({ operation: 'cloudformation:DescribeStackEvents', resource: stack }, async () => {
    const events: StackEvent[] = [];
    for await (const page of paginateDescribeStackEvents(
      { client: clients.get('cloudformation', region) },
      { StackName: stack },
    )) {
      events.push(...(page.StackEvents ?? []));
      if (events.length >= MAX_EVENTS) break;
    }
    return events
      .filter((event) => event.ResourceStatus?.startsWith('DELETE_') === true)
      .slice(0, MAX_EVENTS)
      .reverse()
      .map((event) => ({
        at: event.Timestamp?.toISOString() ?? null,
        logicalId: event.LogicalResourceId ?? null,
        type: event.ResourceType ?? null,
        physicalId: event.PhysicalResourceId ?? null,
        status: event.ResourceStatus ?? null,
        reason: event.ResourceStatusReason ?? null,
      }));
  });
}

/** The action's `dependentArns`, as a set (what the plan takes along). */
function plannedAlong(action: Action): ReadonlySet<string> {
  const named = action.params.dependentArns;
  return new Set(Array.isArray(named) ? named.filter((arn): arn is string => typeof arn === 'string') : []);
}

/**
 * The delete of a stack: DeleteStack, which CloudFormation carries out for
 * every resource of the stack but those its template retains. Just before
 * the call, the stack's resources are read again: what it would delete must
 * be exactly what the plan takes along (`dependentArns`, whose backups the
 * engine has checked), or the delete is refused (Conflict, nothing sent).
 * Then pending until DELETE_COMPLETE; DELETE_FAILED fails the action with
 * CloudFormation's reason. The result keeps the stack's delete events and
 * the resources it retained (DELETE_SKIPPED) as evidence.
 */
function deleteHandler(clients: AwsClients, types: () => readonly AwsResourceType[]): ActionHandler {
  const type = { type: TYPE, idOf: stackArnOf };
  const finish = (arn: string, region: string): ResultAsync<HandlerOutcome, DecomError> =>
    deleteEvents(clients, region, arn).map((events) =>
      done({
        stack: arn,
        state: 'deleted',
        retained: events
          .filter((event) => event.status === 'DELETE_SKIPPED')
          .flatMap((event) => (typeof event.logicalId === 'string' ? [event.logicalId] : [])),
        events,
      }),
    );
  const progress = (arn: string, region: string): ResultAsync<HandlerOutcome, DecomError> =>
    awsCall({ operation: 'cloudformation:DescribeStacks', resource: arn }, () =>
      clients.get('cloudformation', region).send(new DescribeStacksCommand({ StackName: arn })),
    ).andThen((output): ResultAsync<HandlerOutcome, DecomError> => {
      const stack = output.Stacks?.[0];
      if (stack === undefined || stack.StackStatus === 'DELETE_COMPLETE') return finish(arn, region);
      if (stack.StackStatus === 'DELETE_FAILED') {
        return errAsync(
          decomError.providerFailure({
            message: `cloudformation:DeleteStack on ${arn} ended DELETE_FAILED: ${stack.StackStatusReason ?? 'no reason given'}`,
            retryable: false,
            resource: arn,
          }),
        );
      }
      return okAsync({
        status: 'pending',
        checkpoint: { stack: arn },
        pollAfterMilliseconds: clients.pollMilliseconds,
      });
    });
  const refuseOtherMembers = (action: Action, arn: string, stack: Stack): ResultAsync<null, DecomError> => {
    const { region, accountId } = placeOf(action);
    return stackResourcesOf(clients, types(), { region, accountId }, { arn, name: stack.StackName ?? '' }).andThen(
      (members) => {
        if (members === null) {
          return errAsync(
            decomError.conflict({
              message: `cloudformation:DeleteStack on ${arn}: its template cannot be read, so what the delete would retain is unknown: not deleted`,
              resource: arn,
            }),
          );
        }
        const along = plannedAlong(action);
        const deleted = members.filter((member) => !member.retained).map((member) => member.arn);
        const unplanned = deleted.filter((member) => !along.has(member));
        const gone = [...along].filter((member) => !deleted.includes(member));
        if (unplanned.length === 0 && gone.length === 0) return okAsync(null);
        return errAsync(
          decomError.conflict({
            message: `cloudformation:DeleteStack on ${arn}: the stack would delete ${unplanned.join(', ') || 'nothing else'} not planned along, and no longer deletes ${gone.join(', ') || 'nothing planned'}: plan again`,
            resource: arn,
          }),
        );
      },
    );
  };
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((arn) => {
        const { region } = placeOf(action);
        return describeStack(clients, region, arn).andThen((stack): ResultAsync<HandlerOutcome, DecomError> => {
          if (stack === null) return okAsync(done({ stack: arn, alreadyGone: true }));
          if (stack.StackStatus === 'DELETE_IN_PROGRESS') return progress(arn, region);
          return refuseOtherMembers(action, arn, stack)
            .andThen(() =>
              awsCall({ operation: 'cloudformation:DeleteStack', resource: arn, signal: context.signal }, (options) =>
                clients
                  .get('cloudformation', region)
                  .send(
                    new DeleteStackCommand({ StackName: arn, ClientRequestToken: context.idempotencyToken }),
                    options,
                  ),
              ),
            )
            .andThen(() => progress(arn, region));
        });
      }),
    poll: (action) => targetId(type, action).andThen((arn) => progress(arn, placeOf(action).region)),
    reconcile: (action) =>
      targetId(type, action).andThen((arn) => {
        const { region } = placeOf(action);
        return describeStack(clients, region, arn).andThen((stack) => {
          if (stack === null) return finish(arn, region);
          return stack.StackStatus === 'DELETE_IN_PROGRESS' || stack.StackStatus === 'DELETE_FAILED'
            ? progress(arn, region)
            : okAsync({ status: 'absent' } as const);
        });
      }),
  };
}

/**
 * CloudFormation stacks, given the resource types their resources are read
 * with (`types`, asked when a delete runs). A stack is retired by deleting
 * it: see its delete handler. Discovery: the tagging API, a `stacks`
 * selector, or an explicit ARN; the inventory adds the stack's resources
 * (`stackResources`) with what its template retains. Termination protection
 * is lifted with UpdateTerminationProtection where the workload allows it.
 *
 * @example
 * ```ts
 * const STACK = cloudFormationStackType(() => [...AWS_RESOURCE_TYPES, MY_TYPE]);
 * ```
 */
export function cloudFormationStackType(types: () => readonly AwsResourceType[]): AwsResourceType {
  return defineAwsResourceType({
    iam: {
      read: [
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:ListStackResources',
        'cloudformation:GetTemplate',
      ],
      lift: [onTarget('cloudformation:UpdateTerminationProtection')],
      delete: [onTarget('cloudformation:DeleteStack')],
      deleteTakesDependents: true,
    },
    type: TYPE,
    arnShape: { service: 'cloudformation', prefix: 'stack/' },
    // AWS Config's resourceId for a stack is its whole ARN; its resourceName, the stack name.
    config: { pattern: /^stack\/([A-Za-z][A-Za-z0-9-]{0,127})\/[A-Za-z0-9-]+$/, lookup: 'name' },
    idOf: stackArnOf,
    arnOf: (_place, id) => id,
    describeMany: (clients, place, ids) =>
      limited(ids, CONCURRENCY, (id) => describeStack(clients, place.region, id)).map((stacks) =>
        stacks.flatMap((stack) => (stack === null ? [] : [stackResource(stack, place.accountId, place.region)])),
      ),
    delete: (clients) => deleteHandler(clients, types),
    handlers: (clients) => ({
      'protection.lift': simpleHandler({
        type: { type: TYPE, idOf: stackArnOf },
        claims,
        run: (arn, action, signal) =>
          awsCall({ operation: 'cloudformation:UpdateTerminationProtection', resource: arn, signal }, (options) =>
            clients
              .get('cloudformation', placeOf(action).region)
              .send(
                new UpdateTerminationProtectionCommand({ StackName: arn, EnableTerminationProtection: false }),
                options,
              ),
          ).map(() => ({ stack: arn, terminationProtection: false })),
        readBack: (arn, action) =>
          describeStack(clients, placeOf(action).region, arn).map((stack) =>
            stack === null || stack.EnableTerminationProtection === true
              ? null
              : { stack: arn, terminationProtection: false },
          ),
      }),
    }),
  });
}
