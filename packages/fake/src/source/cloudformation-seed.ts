import { STACK_NAME_TAG } from '@decomkit/provider-kit';
import type { WorldState } from '../world.js';
import { type Place, uuidOf } from './arns.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';
import type { TypedRecord } from './typed-records.js';

/** The tag AWS puts on every resource a stack creates, naming its logical id in the template. */
export const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';

/** One resource of a fake CloudFormation stack, as ListStackResources and the template show it. */
export interface FakeStackMember {
  /** The ARN the fake names it by (what discovery finds it as). */
  readonly arn: string;
  readonly logicalId: string;
  /** Its CloudFormation type. */
  readonly type: string;
  readonly physicalId: string;
  /** `DeletionPolicy: Retain` in the template: deleting the stack leaves it. */
  readonly retain: boolean;
  /** `DELETE_COMPLETE` once the stack's delete removed it, `DELETE_SKIPPED` once it left it. */
  status: 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'DELETE_SKIPPED';
}

/** One stack event (DescribeStackEvents). */
export interface FakeStackEvent {
  readonly at: string;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly status: string;
  readonly reason: string | null;
}

/**
 * A CloudFormation stack: its resources (fake resources of the world, found
 * at seed time by the stack-name tag), its status and events. DeleteStack
 * makes it `DELETE_IN_PROGRESS` until `deleteCompletesAt`; then every
 * resource it does not retain is removed from the world.
 */
export interface FakeStack extends FakeTaggedRecord {
  readonly stackName: string;
  status: 'CREATE_COMPLETE' | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED';
  statusReason: string | null;
  terminationProtection: boolean;
  members: FakeStackMember[];
  /** Oldest first. */
  events: FakeStackEvent[];
  deleteCompletesAt: string | null;
  /** The ClientRequestToken of the DeleteStack that started the delete. */
  deleteToken: string | null;
  /** Seeded: the delete ends `DELETE_FAILED` with this reason, deleting nothing. */
  readonly deleteFailure: string | null;
}

/** A CloudFormation stack to put in the fake cloud. */
export interface StackSeed extends CommonSeed {
  readonly stackName: string;
  /**
   * The logical ids (or ARNs) of its resources the template retains
   * (`DeletionPolicy: Retain`). Its resources are the seeded resources of its
   * place that carry `aws:cloudformation:stack-name` = `stackName`; each one's
   * logical id is its `aws:cloudformation:logical-id` tag, else its physical id.
   */
  readonly retain?: readonly string[];
  readonly terminationProtection?: boolean;
  /** The delete ends `DELETE_FAILED` with this reason. Default: it completes. */
  readonly deleteFailure?: string;
}

/** The seeds of CloudFormation stacks. */
export interface CloudFormationSeed {
  /** CloudFormation stacks, each holding the seeded resources that carry its stack-name tag. */
  readonly stacks?: readonly StackSeed[];
}

/** The ARN of the stack `name` (its id, a UUID, derived from its place and name). */
export function stackArn(place: Place, name: string): string {
  return `arn:aws:cloudformation:${place.region}:${place.accountId}:stack/${name}/${uuidOf(`stack/${place.region}/${name}`)}`;
}

/** The physical id AWS shows for a resource: the last part of its ARN (an instance id, a bucket name, …). */
function physicalIdOf(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}

/**
 * The stacks of a seed, each with the resources of `records` (every seeded
 * resource) in its place that carry its stack-name tag.
 */
export function stacksFromSeed(
  seed: CloudFormationSeed,
  recordOf: (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord,
  records: readonly TypedRecord[],
  now: string,
): FakeStack[] {
  return (seed.stacks ?? []).map((stack) => {
    const record = recordOf(stack, (place) => stackArn(place, stack.stackName), stack.stackName);
    const retained = new Set(stack.retain ?? []);
    const members = records
      .filter(
        ({ record: member }) =>
          member.region === record.region &&
          member.accountId === record.accountId &&
          member.tags[STACK_NAME_TAG] === stack.stackName,
      )
      .map(({ record: member, type }): FakeStackMember => {
        const physicalId = physicalIdOf(member.arn);
        const logicalId = member.tags[LOGICAL_ID_TAG] ?? physicalId;
        return {
          arn: member.arn,
          logicalId,
          type,
          physicalId,
          retain: retained.has(logicalId) || retained.has(member.arn),
          status: 'CREATE_COMPLETE',
        };
      });
    const created = (logicalId: string, type: string, physicalId: string): FakeStackEvent => ({
      at: now,
      logicalId,
      type,
      physicalId,
      status: 'CREATE_COMPLETE',
      reason: null,
    });
    return {
      ...record,
      stackName: stack.stackName,
      status: 'CREATE_COMPLETE',
      statusReason: null,
      terminationProtection: stack.terminationProtection ?? false,
      members,
      events: [
        ...members.map((member) => created(member.logicalId, member.type, member.physicalId)),
        created(stack.stackName, 'AWS::CloudFormation::Stack', record.arn),
      ],
      deleteCompletesAt: null,
      deleteToken: null,
      deleteFailure: stack.deleteFailure ?? null,
    };
  });
}

/** Fills in what a world saved before stacks were modelled lacks (none), for `restoreFakeCloud`. */
export function withCloudFormationDefaults(state: WorldState): WorldState {
  const saved: Partial<Pick<WorldState, 'stacks'>> = state;
  return { ...state, stacks: saved.stacks ?? [] };
}
