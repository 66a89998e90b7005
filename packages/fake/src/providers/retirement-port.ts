import {
  type Action,
  type ActionHandler,
  decomError,
  errAsync,
  PORT_SPECIFICATION_VERSION,
  type RetirementPort,
} from '@decomkit/core';
import type { ResourceKind, RetirementKind } from './resource-kind.js';
import { kindOf } from './resource-kinds.js';

/**
 * The `retirement` port over the fake source services: `resource.stop`,
 * `resource.delete` and `protection.lift` for every supported type (EC2
 * instances, volumes, snapshots, AMIs, Elastic IPs, security groups, Auto
 * Scaling groups, load balancers, target groups, RDS instances and clusters,
 * S3 buckets, DynamoDB tables, Lambda functions),
 * each reconcilable after a crash by reading the state back, each declaring
 * its rate-limit claims. Types without handlers (SQS, SNS, …) are not in
 * `supportedTypes`, and an action on one is refused.
 */
export function fakeRetirementPort(kinds: readonly ResourceKind[]): RetirementPort {
  const supported = kinds.filter((kind) => kind.handlers !== undefined);
  const dispatch = (name: RetirementKind): ActionHandler => {
    const handlerOf = (action: Action): ActionHandler | null => {
      const found = action.target.arn === undefined ? null : kindOf(supported, action.target.arn);
      return found?.kind.handlers?.[name] ?? null;
    };
    const refuse = (action: Action) =>
      errAsync(
        decomError.invalidInput(
          `${action.key}: no ${name} handler for ${action.target.resourceType ?? 'the resource'} ${action.target.ref}`,
        ),
      );
    const batchOf = (action: Action) => handlerOf(action)?.batch;
    return {
      batch: {
        maxSize: Math.max(1, ...supported.map((kind) => kind.handlers?.[name]?.batch?.maxSize ?? 1)),
        key: (action) => {
          const key = batchOf(action)?.key(action) ?? null;
          return key === null ? null : `${action.target.resourceType ?? ''}|${key}`;
        },
        rateLimits: (actions) => (actions[0] === undefined ? [] : (batchOf(actions[0])?.rateLimits?.(actions) ?? [])),
        execute: (actions, context) => {
          const batch = actions[0] === undefined ? undefined : batchOf(actions[0]);
          return batch === undefined || actions[0] === undefined
            ? refuse(actions[0] as Action)
            : batch.execute(actions, context);
        },
      },
      rateLimits: (action) => handlerOf(action)?.rateLimits?.(action) ?? [],
      execute: (action, context) => handlerOf(action)?.execute(action, context) ?? refuse(action),
      poll: (action, checkpoint, context) => handlerOf(action)?.poll?.(action, checkpoint, context) ?? refuse(action),
      reconcile: (action, context) => handlerOf(action)?.reconcile(action, context) ?? refuse(action),
    };
  };
  return {
    supportedTypes: supported.map((kind) => kind.type),
    capabilities: supported.map((kind) => `resource:${kind.type}`),
    specificationVersion: PORT_SPECIFICATION_VERSION,
    // One handler per retirement kind, each dispatched by the target's ARN.
    handlers: {
      'resource.stop': dispatch('resource.stop'),
      'resource.delete': dispatch('resource.delete'),
      'protection.lift': dispatch('protection.lift'),
    },
  };
}
