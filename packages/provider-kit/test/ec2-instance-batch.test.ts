import { decomError, okAsync } from '@decomkit/core';
import { ec2InstanceBatch } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn, contextWith } from './support.js';

const idOf = (action: { target: { arn?: string } }) => /instance\/(i-\w+)$/.exec(action.target.arn ?? '')?.[1] ?? null;

describe('ec2InstanceBatch', () => {
  it('groups instances by account and region, claims one request and one resource token each, reports each state', async () => {
    const seen: string[][] = [];
    const batch = ec2InstanceBatch('stop-instances-resource', idOf, (ids) => {
      seen.push(ids);
      return okAsync(new Map([['i-1', 'stopped']]));
    });
    const one = actionOn('arn:aws:ec2:eu-west-1:111111111111:instance/i-1', 'resource.stop');
    const two = actionOn('arn:aws:ec2:eu-west-1:111111111111:instance/i-2', 'resource.stop');
    expect(batch.maxSize).toBe(1000);
    expect(batch.key(one)).toBe('111111111111:eu-west-1');
    expect(batch.key(actionOn('arn:test:queue/q1'))).toBeNull();
    expect(batch.rateLimits?.([one, two])).toEqual([
      { service: 'ec2', bucket: 'mutating', accountId: '111111111111', region: 'eu-west-1' },
      { service: 'ec2', bucket: 'stop-instances-resource', tokens: 2, accountId: '111111111111', region: 'eu-west-1' },
    ]);
    expect(batch.rateLimits?.([])).toEqual([]);
    const outcomes = (await batch.execute([one, two], contextWith()))._unsafeUnwrap();
    expect(seen).toEqual([['i-1', 'i-2']]);
    expect(outcomes.get(one.key)).toEqual({
      status: 'done',
      result: { instanceId: 'i-1', state: 'stopped', batchSize: 2 },
    });
    expect(outcomes.get(two.key)).toEqual({
      status: 'done',
      result: { instanceId: 'i-2', state: 'unknown', batchSize: 2 },
    });
  });

  it("names the instance EC2's refusal names (moto and AWS word it alike), and only that one", () => {
    const batch = ec2InstanceBatch('terminate-instances-resource', idOf, () => okAsync(new Map()));
    const arn = (id: string) => `arn:aws:ec2:eu-west-1:111111111111:instance/${id}`;
    const actions = ['i-0a1b2c3d4e5f60718', 'i-0a1b2c3d4e5f6071', 'i-0123abcd'].map((id) =>
      actionOn(arn(id), 'resource.delete'),
    );
    const refusal = decomError.conflict({
      message:
        "ec2:TerminateInstances: OperationNotPermitted: The instance 'i-0a1b2c3d4e5f6071' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
    });
    // A longer id that starts with the named one is another instance.
    expect(batch.refusedBy?.(refusal, actions)).toEqual([actions[1]?.key]);
    expect(batch.refusedBy?.(decomError.conflict({ message: 'DependencyViolation: in use' }), actions)).toEqual([]);
  });

  it('names the instances a wrong state or unknown ids refuse a batch for, as AWS words them', () => {
    const batch = ec2InstanceBatch('stop-instances-resource', idOf, () => okAsync(new Map()));
    const arn = (id: string) => `arn:aws:ec2:eu-west-1:111111111111:instance/${id}`;
    const actions = ['i-0a1b2c3d4e5f60718', 'i-0123abcd', 'i-0fedcba9876543210'].map((id) =>
      actionOn(arn(id), 'resource.stop'),
    );
    const wrongState = decomError.conflict({
      message:
        "ec2:StopInstances: IncorrectInstanceState: The instance 'i-0123abcd' is not in a state from which it can be stopped.",
    });
    expect(batch.refusedBy?.(wrongState, actions)).toEqual([actions[1]?.key]);
    const unknown = decomError.notFound({
      message:
        "ec2:StopInstances: InvalidInstanceID.NotFound: The instance IDs 'i-0a1b2c3d4e5f60718, i-0fedcba9876543210' do not exist",
    });
    expect(batch.refusedBy?.(unknown, actions)).toEqual([actions[0]?.key, actions[2]?.key]);
  });
});
