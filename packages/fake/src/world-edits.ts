import { decomError } from '@decomkit/core';
import { FakeInputError, invalidFakeInput } from './fake-input-error.js';
import { recordConfigChange } from './source/config.js';
import { AWS_TYPES } from './source/resource-types.js';
import type { FakeTaggedRecord } from './source/source-types.js';
import { eachTypedRecord } from './source/typed-records.js';
import type { FakeInstance, FakeWorld } from './world.js';

/** The protection flags `setProtection` changes; omitted ones stay as they are. */
export interface ProtectionChange {
  /** Termination / deletion protection (an instance's DisableApiTermination, a database's DeletionProtection…). */
  readonly deletion?: boolean;
  /** An EC2 instance's stop protection (DisableApiStop). */
  readonly stop?: boolean;
}

/**
 * Changes a test makes to the fake's world between (or during) runs, as
 * someone with console access would: tags, a state, protection flags. They
 * are not API calls: no fault applies, the call log does not show them, AWS
 * Config records them. Each throws a {@link FakeInputError} naming the
 * argument that is wrong, or the ARN the world has no live resource at.
 *
 * @example
 * ```ts
 * cloud.edit.setProtection('arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60001', { deletion: true });
 * cloud.edit.setTags('arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60001', { workload: 'billing' });
 * ```
 */
export interface WorldEdits {
  /** Replaces the tags of the resource at `arn` (AWS limits: keys 1–128 characters, values up to 256). */
  setTags(arn: string, tags: Record<string, string>): void;
  /** Makes the tags of the resource at `arn` unreadable (false) or readable again (true). */
  setTagsReadable(arn: string, readable: boolean): void;
  /** Sets the state of an EC2 instance, or the status of an RDS DB instance or cluster. */
  setState(arn: string, state: string): void;
  /** Turns protection on or off on the resource at `arn`: whichever flags its type has. */
  setProtection(arn: string, change: ProtectionChange): void;
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:.+$/;
const INSTANCE_STATES: readonly FakeInstance['state'][] = [
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
];
const DATABASE_STATES = ['available', 'stopping', 'stopped', 'deleting'] as const;

/** The edits of one world. */
export function worldEdits(world: FakeWorld): WorldEdits {
  const find = (method: string, arn: unknown): { record: FakeTaggedRecord; type: string } => {
    if (typeof arn !== 'string' || !ARN.test(arn)) {
      throw invalidFakeInput(`${method}.arn`, `${JSON.stringify(arn)} is not an ARN`);
    }
    for (const found of eachTypedRecord(world.state, world.state.instances)) if (found.record.arn === arn) return found;
    throw new FakeInputError(
      decomError.notFound({ message: `${method}: the fake cloud has no live resource ${arn}`, resource: arn }),
    );
  };
  const changed = (record: FakeTaggedRecord, type: string) => recordConfigChange(world, record.arn, type, 'OK');
  return {
    setTags(arn, tags) {
      const { record, type } = find('setTags', arn);
      if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
        throw invalidFakeInput('setTags.tags', `${JSON.stringify(tags)} is not an object of tag keys to values`);
      }
      for (const [key, value] of Object.entries(tags)) {
        if (key.length < 1 || key.length > 128)
          throw invalidFakeInput('setTags.tags', `key "${key}" is not 1–128 characters`);
        if (typeof value !== 'string' || value.length > 256) {
          throw invalidFakeInput(
            `setTags.tags.${key}`,
            `${JSON.stringify(value)} is not a string of up to 256 characters`,
          );
        }
      }
      record.tags = { ...tags };
      changed(record, type);
    },
    setTagsReadable(arn, readable) {
      const { record } = find('setTagsReadable', arn);
      if (typeof readable !== 'boolean') {
        throw invalidFakeInput('setTagsReadable.readable', `${JSON.stringify(readable)} is not true or false`);
      }
      record.tagsReadable = readable;
    },
    setState(arn, state) {
      const { record, type } = find('setState', arn);
      const allowed: readonly string[] | null =
        type === AWS_TYPES.instance
          ? INSTANCE_STATES
          : type === AWS_TYPES.dbInstance || type === AWS_TYPES.dbCluster
            ? DATABASE_STATES
            : null;
      if (allowed === null) {
        throw invalidFakeInput('setState.arn', `${arn} is a ${type}: setState changes EC2 instances and RDS databases`);
      }
      if (!allowed.includes(state)) {
        throw invalidFakeInput(
          'setState.state',
          `${JSON.stringify(state)} is not a ${type} state (${allowed.join(', ')})`,
        );
      }
      if (type === AWS_TYPES.instance) (record as FakeInstance).state = state as FakeInstance['state'];
      else (record as unknown as { status: string }).status = state;
      changed(record, type);
    },
    setProtection(arn, change) {
      const { record, type } = find('setProtection', arn);
      const { deletion, stop } = (change ?? {}) as ProtectionChange;
      for (const [name, value] of [
        ['deletion', deletion],
        ['stop', stop],
      ] as const) {
        if (value !== undefined && typeof value !== 'boolean') {
          throw invalidFakeInput(`setProtection.${name}`, `${JSON.stringify(value)} is not true or false`);
        }
      }
      if (deletion === undefined && stop === undefined) {
        throw invalidFakeInput('setProtection.change', 'names neither `deletion` nor `stop`');
      }
      const flags = record as unknown as Record<string, unknown>;
      if (stop !== undefined && type !== AWS_TYPES.instance) {
        throw invalidFakeInput('setProtection.stop', `${arn} is a ${type}: only EC2 instances have stop protection`);
      }
      const deletionFlag = ['terminationProtection', 'deletionProtection'].find(
        (flag) => typeof flags[flag] === 'boolean',
      );
      if (deletion !== undefined && deletionFlag === undefined) {
        throw invalidFakeInput('setProtection.deletion', `${arn} is a ${type}, which has no deletion protection`);
      }
      if (deletion !== undefined && deletionFlag !== undefined) flags[deletionFlag] = deletion;
      if (stop !== undefined) (record as FakeInstance).stopProtection = stop;
      changed(record, type);
    },
  };
}
