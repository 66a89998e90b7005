import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld, WorldState } from '../world.js';
import { awsError } from './aws-errors.js';
import type { FakeStack, FakeStackEvent, FakeStackMember } from './cloudformation-seed.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import { typedRecords } from './typed-records.js';

/** How long a stack stays `DELETE_IN_PROGRESS`, in fake minutes. */
const STACK_DELETE_MINUTES = 3;

/** A resource of a stack as ListStackResources and GetTemplate tell it together: with its deletion policy. */
export type StackResourceSummary = Readonly<FakeStackMember>;

/**
 * The fake CloudFormation API: DescribeStacks, ListStackResources (with each
 * resource's `DeletionPolicy` from the template), DescribeStackEvents,
 * DeleteStack and UpdateTerminationProtection. A stack is named by its ARN or,
 * while it is not deleted, its name; a deleted stack is still described by
 * its ARN (`DELETE_COMPLETE`), as AWS does. Every call goes through the
 * world's faults and call log.
 */
export class FakeCloudFormation {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeStacks of one stack: a copy; NotFound when there is none. */
  describeStack(stack: string): ResultAsync<FakeStack, DecomError> {
    return this.world.call('cloudformation', 'DescribeStacks', false, stack, () =>
      this.find(stack).map((found) => structuredClone(found)),
    );
  }

  /** ListStackResources with the template's deletion policies: the resources not yet deleted. */
  listStackResources(stack: string): ResultAsync<StackResourceSummary[], DecomError> {
    return this.world.call('cloudformation', 'ListStackResources', false, stack, () =>
      this.find(stack).map((found) =>
        found.members.filter((member) => member.status !== 'DELETE_COMPLETE').map((member) => ({ ...member })),
      ),
    );
  }

  /** DescribeStackEvents: newest first, as AWS lists them. */
  describeStackEvents(stack: string): ResultAsync<FakeStackEvent[], DecomError> {
    return this.world.call('cloudformation', 'DescribeStackEvents', false, stack, () =>
      this.find(stack).map((found) => [...found.events].reverse().map((event) => ({ ...event }))),
    );
  }

  /**
   * DeleteStack: `DELETE_IN_PROGRESS` for a few fake minutes, then every
   * resource the template does not retain is deleted (removed from the
   * world; an instance terminated), each retained one left (`DELETE_SKIPPED`).
   * Refused while termination protection is on. A stack already deleted or
   * being deleted: nothing happens (as AWS answers a repeated DeleteStack).
   */
  deleteStack(stack: string, clientRequestToken: string): ResultAsync<null, DecomError> {
    return this.world.call('cloudformation', 'DeleteStack', true, stack, () =>
      this.find(stack).andThen((found): Result<null, DecomError> => {
        if (found.status === 'DELETE_COMPLETE' || found.status === 'DELETE_IN_PROGRESS') return ok(null);
        if (found.terminationProtection)
          return err(
            awsError.conflict(
              'ValidationError',
              `Stack [${found.stackName}] cannot be deleted while TerminationProtection is enabled`,
              found.arn,
            ),
          );
        const now = this.world.clock.now();
        found.status = 'DELETE_IN_PROGRESS';
        found.statusReason = 'User Initiated';
        found.deleteToken = clientRequestToken;
        found.deleteCompletesAt = new Date(now.getTime() + STACK_DELETE_MINUTES * 60_000).toISOString();
        found.events.push(stackEvent(found, now.toISOString(), 'DELETE_IN_PROGRESS', 'User Initiated'));
        return ok(null);
      }),
    );
  }

  /** UpdateTerminationProtection. */
  updateTerminationProtection(stack: string, enabled: boolean): ResultAsync<null, DecomError> {
    return this.world.call('cloudformation', 'UpdateTerminationProtection', true, stack, () =>
      this.find(stack).map((found) => {
        found.terminationProtection = enabled;
        return null;
      }),
    );
  }

  private find(stack: string): Result<FakeStack, DecomError> {
    settleStacks(this.world);
    const found = this.world.state.stacks.find(
      (candidate) =>
        candidate.arn === stack || (candidate.stackName === stack && candidate.status !== 'DELETE_COMPLETE'),
    );
    return found === undefined
      ? err(awsError.notFound('ValidationError', `Stack with id ${stack} does not exist`, stack))
      : ok(found);
  }
}

/** The stack's own event. */
function stackEvent(stack: FakeStack, at: string, status: string, reason: string | null): FakeStackEvent {
  return { at, logicalId: stack.stackName, type: AWS_TYPES.stack, physicalId: stack.arn, status, reason };
}

/** Removes the resource `arn` from the world, as its service's delete would (an instance is terminated). */
function deleteFromWorld(state: WorldState, arn: string): void {
  const instance = state.instances.find((candidate) => candidate.arn === arn);
  if (instance !== undefined) {
    instance.state = 'terminated';
    return;
  }
  const record = typedRecords(state, state.instances).find((candidate) => candidate.record.arn === arn)?.record;
  if (record === undefined) return;
  for (const list of Object.values(state)) {
    if (!Array.isArray(list)) continue;
    const index = (list as unknown[]).indexOf(record);
    if (index >= 0) list.splice(index, 1);
  }
}

/** Finishes the stack deletes that are due: each resource deleted or skipped, with its event. */
export function settleStacks(world: FakeWorld): void {
  const now = world.clock.now();
  for (const stack of world.state.stacks) {
    if (stack.status !== 'DELETE_IN_PROGRESS' || Date.parse(stack.deleteCompletesAt ?? '') > now.getTime()) continue;
    const at = stack.deleteCompletesAt ?? now.toISOString();
    if (stack.deleteFailure !== null) {
      stack.status = 'DELETE_FAILED';
      stack.statusReason = stack.deleteFailure;
      stack.events.push(stackEvent(stack, at, 'DELETE_FAILED', stack.deleteFailure));
      continue;
    }
    for (const member of stack.members) {
      if (member.status !== 'CREATE_COMPLETE') continue;
      if (!member.retain) {
        deleteFromWorld(world.state, member.arn);
        recordConfigChange(world, member.arn, member.type, 'ResourceDeleted', at);
      }
      member.status = member.retain ? 'DELETE_SKIPPED' : 'DELETE_COMPLETE';
      const { logicalId, type, physicalId } = member;
      stack.events.push({ at, logicalId, type, physicalId, status: member.status, reason: null });
    }
    stack.status = 'DELETE_COMPLETE';
    stack.statusReason = null;
    recordConfigChange(world, stack.arn, AWS_TYPES.stack, 'ResourceDeleted', at);
    stack.events.push(stackEvent(stack, at, 'DELETE_COMPLETE', null));
  }
}
