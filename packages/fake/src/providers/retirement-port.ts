import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type RateLimitClaim,
  type ResultAsync,
  type RetirementPort,
} from '@decomkit/core';
import type { FakeEc2 } from '../source/ec2.js';
import type { FakeInstance } from '../world.js';
import { EC2_INSTANCE, instanceIdOf } from './fake-resources.js';

/**
 * The `retirement` port over the fake EC2 API: stop, terminate and lift
 * protection of instances, each reconcilable after a crash by reading the
 * instance back.
 */
export function fakeRetirementPort(ec2: FakeEc2): RetirementPort {
  const withInstance = <T>(
    action: Action,
    use: (id: string) => ResultAsync<T, DecomError>,
  ): ResultAsync<T, DecomError> => {
    const id = action.target.arn === undefined ? null : instanceIdOf(action.target.arn);
    return id === null
      ? errAsync(
          decomError.invalidInput(
            `${action.key}: the fake retirement port handles EC2 instances only, not ${action.target.ref}`,
          ),
        )
      : use(id);
  };
  const readBack = (action: Action, settled: (instance: FakeInstance) => boolean) =>
    withInstance(action, (id) =>
      ec2.describeInstances([id]).map((found) => {
        const instance = found[0];
        return instance !== undefined && settled(instance)
          ? ({ status: 'done', result: { instanceId: id, state: instance.state } } as const)
          : ({ status: 'absent' } as const);
      }),
    );
  const claims =
    (resourceBucket: string) =>
    (action: Action): RateLimitClaim[] => {
      const place = { accountId: action.target.accountId ?? '', region: action.target.region ?? '' };
      return [
        { service: 'ec2', bucket: 'mutating', ...place },
        { service: 'ec2', bucket: resourceBucket, ...place },
      ];
    };
  const stop: ActionHandler = {
    rateLimits: claims('stop-instances-resource'),
    execute: (action) =>
      withInstance(action, (id) =>
        ec2.stopInstances([id]).map(() => ({ status: 'done', result: { instanceId: id, state: 'stopped' } }) as const),
      ),
    reconcile: (action) =>
      readBack(action, (instance) => instance.state === 'stopped' || instance.state === 'terminated'),
  };
  const remove: ActionHandler = {
    rateLimits: claims('terminate-instances-resource'),
    execute: (action) =>
      withInstance(action, (id) =>
        ec2
          .terminateInstances([id])
          .map(() => ({ status: 'done', result: { instanceId: id, state: 'terminated' } }) as const),
      ),
    reconcile: (action) => readBack(action, (instance) => instance.state === 'terminated'),
  };
  const liftProtection: ActionHandler = {
    rateLimits: (action) => [
      {
        service: 'ec2',
        bucket: 'mutating',
        accountId: action.target.accountId ?? '',
        region: action.target.region ?? '',
      },
    ],
    execute: (action) =>
      withInstance(action, (id) =>
        ec2
          .modifyInstanceAttribute(id, { disableApiTermination: false, disableApiStop: false })
          .map(() => ({ status: 'done', result: { instanceId: id, protection: 'lifted' } }) as const),
      ),
    reconcile: (action) => readBack(action, (instance) => !instance.terminationProtection && !instance.stopProtection),
  };
  return {
    supportedTypes: [EC2_INSTANCE],
    capabilities: [`resource:${EC2_INSTANCE}`],
    handlers: { 'resource.stop': stop, 'resource.delete': remove, 'protection.lift': liftProtection },
  };
}
