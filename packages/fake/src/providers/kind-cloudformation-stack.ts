import type { Action, ActionHandler, DecomError, HandlerOutcome, Resource } from '@decomkit/core';
import { decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import type { FakeCloudFormation } from '../source/cloudformation.js';
import type { FakeStack } from '../source/cloudformation-seed.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, done, type ResourceKind, targetId } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.stack;
const POLL_MILLISECONDS = 30_000;
const claims = claimsOn('cloudformation', 'default');
const STACK_ARN =
  /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The stack ARN itself when `arn` is a CloudFormation stack's, else null (the stack's id is its ARN). */
export function stackArnOf(arn: string): string | null {
  return STACK_ARN.test(arn) ? arn : null;
}

/** DescribeStacks, with a stack that does not exist or is deleted as null. */
function liveStack(cloudFormation: FakeCloudFormation, arn: string): ResultAsync<FakeStack | null, DecomError> {
  return cloudFormation
    .describeStack(arn)
    .map((stack): FakeStack | null => (stack.status === 'DELETE_COMPLETE' ? null : stack))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** The action's `dependentArns`, as a set (what the plan takes along). */
function plannedAlong(action: Action): ReadonlySet<string> {
  const named = action.params.dependentArns;
  return new Set(Array.isArray(named) ? named.filter((arn): arn is string => typeof arn === 'string') : []);
}

/**
 * The delete of a stack, as the AWS provider's: just before DeleteStack the
 * stack's resources are read again, and what it would delete must be exactly
 * what the plan takes along (`dependentArns`, whose backups the engine has
 * checked), or the delete is refused (Conflict, nothing sent). Then pending
 * until `DELETE_COMPLETE`; `DELETE_FAILED` fails the action with the stack's
 * reason. The result keeps the delete's events and what the stack retained.
 */
function deleteHandler(cloudFormation: FakeCloudFormation): ActionHandler {
  const type = { type: TYPE, idOf: stackArnOf };
  const finish = (arn: string): ResultAsync<HandlerOutcome, DecomError> =>
    cloudFormation.describeStackEvents(arn).map((newestFirst) => {
      const events = newestFirst
        .filter((event) => event.status.startsWith('DELETE_'))
        .reverse()
        .map((event) => ({ ...event }));
      return done({
        stack: arn,
        state: 'deleted',
        retained: events.filter((event) => event.status === 'DELETE_SKIPPED').map((event) => event.logicalId),
        events,
      });
    });
  const progress = (arn: string): ResultAsync<HandlerOutcome, DecomError> =>
    cloudFormation.describeStack(arn).andThen((stack): ResultAsync<HandlerOutcome, DecomError> => {
      if (stack.status === 'DELETE_COMPLETE') return finish(arn);
      if (stack.status === 'DELETE_FAILED') {
        return errAsync(
          decomError.providerFailure({
            message: `cloudformation:DeleteStack on ${arn} ended DELETE_FAILED: ${stack.statusReason ?? 'no reason given'}`,
            retryable: false,
            resource: arn,
          }),
        );
      }
      return okAsync({ status: 'pending', checkpoint: { stack: arn }, pollAfterMilliseconds: POLL_MILLISECONDS });
    });
  const refuseOtherMembers = (action: Action, arn: string): ResultAsync<null, DecomError> =>
    cloudFormation.listStackResources(arn).andThen((members) => {
      const along = plannedAlong(action);
      const deleted = members.filter((member) => !member.retain).map((member) => member.arn);
      const unplanned = deleted.filter((member) => !along.has(member));
      const gone = [...along].filter((member) => !deleted.includes(member));
      if (unplanned.length === 0 && gone.length === 0) return okAsync(null);
      return errAsync(
        decomError.conflict({
          message: `cloudformation:DeleteStack on ${arn}: the stack would delete ${unplanned.join(', ') || 'nothing else'} not planned along, and no longer deletes ${gone.join(', ') || 'nothing planned'}: plan again`,
          resource: arn,
        }),
      );
    });
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((arn) =>
        liveStack(cloudFormation, arn).andThen((stack): ResultAsync<HandlerOutcome, DecomError> => {
          if (stack === null) return okAsync(done({ stack: arn, alreadyGone: true }));
          if (stack.status === 'DELETE_IN_PROGRESS') return progress(arn);
          return refuseOtherMembers(action, arn)
            .andThen(() => cloudFormation.deleteStack(arn, context.idempotencyToken))
            .andThen(() => progress(arn));
        }),
      ),
    poll: (action) => targetId(type, action).andThen(progress),
    reconcile: (action) =>
      targetId(type, action).andThen((arn) =>
        liveStack(cloudFormation, arn).andThen((stack) => {
          // A stack that never existed has no events: nothing was sent.
          if (stack === null)
            return finish(arn).orElse((error) =>
              error.code === 'NotFound' ? okAsync({ status: 'absent' } as const) : errAsync(error),
            );
          return stack.status === 'DELETE_IN_PROGRESS' || stack.status === 'DELETE_FAILED'
            ? progress(arn)
            : okAsync({ status: 'absent' } as const);
        }),
      ),
  };
}

/** A stack as a resource, with its resources and what its template retains (`stackResources`). */
function stackResource(cloudFormation: FakeCloudFormation, stack: FakeStack): ResultAsync<Resource | null, DecomError> {
  return cloudFormation.listStackResources(stack.arn).map((members) => ({
    ...recordResource(TYPE, stack, {
      name: stack.stackName,
      state: stack.status,
      protection: { deletion: stack.terminationProtection, stop: false },
    }),
    stackResources: members.map((member) => ({
      arn: member.arn,
      logicalId: member.logicalId,
      retained: member.retain,
    })),
  }));
}

/**
 * CloudFormation stacks, as the AWS provider treats them: found through the
 * tagging API (or the `stacks` selector), each described with its resources
 * and what its template retains (`DeletionPolicy: Retain`). A stack's
 * resources are retired by deleting the stack (see its delete handler): the
 * engine takes them along, backs up each that holds data first, and never
 * deletes one on its own. Protection: termination protection, lifted with
 * UpdateTerminationProtection. Not stoppable, holds no data of its own.
 */
export function stackKind(cloudFormation: FakeCloudFormation, tagging: FakeTagging): ResourceKind {
  return defineFakeResourceKind({
    type: TYPE,
    idOf: stackArnOf,
    list: { taggedBy: tagging },
    describe: (arn) =>
      liveStack(cloudFormation, arn).andThen((stack) =>
        stack === null ? okAsync(null) : stackResource(cloudFormation, stack),
      ),
    retire: {
      claims,
      delete: deleteHandler(cloudFormation),
      lift: {
        run: (arn) =>
          cloudFormation
            .updateTerminationProtection(arn, false)
            .map(() => ({ stack: arn, terminationProtection: false })),
        readBack: (arn) =>
          liveStack(cloudFormation, arn).map((stack) =>
            stack === null || stack.terminationProtection ? null : { stack: arn, terminationProtection: false },
          ),
      },
    },
  });
}
