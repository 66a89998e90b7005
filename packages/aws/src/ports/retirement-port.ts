import {
  type Action,
  type ActionHandler,
  decomError,
  errAsync,
  PORT_SPECIFICATION_VERSION,
  type RetirementPort,
} from '@decomkit/core';
import type { AwsClients } from '../clients.js';
import type { AwsResourceType, RetirementKind } from '../resources/resource-type.js';
import { resourceTypeOf } from '../resources/resource-types.js';

/**
 * The `retirement` port over the AWS SDK: `resource.stop`, `resource.delete`
 * and `protection.lift` for every type with a resource file, dispatched by the
 * target's ARN, each reconcilable by describing the resource and declaring its
 * rate-limit claims (the engine's `ec2`/`rds` buckets). Types without a file are
 * not in `supportedTypes`; an action on one is refused.
 */
export function awsRetirementPort(clients: AwsClients, types: readonly AwsResourceType[]): RetirementPort {
  const handlersByType = new Map(types.map((type) => [type, type.handlers(clients)] as const));
  const dispatch = (name: RetirementKind): ActionHandler => {
    const handlerOf = (action: Action): ActionHandler | null => {
      const found = action.target.arn === undefined ? null : resourceTypeOf(types, action.target.arn);
      return found === null ? null : (handlersByType.get(found.type)?.[name] ?? null);
    };
    const refuse = (action: Action | undefined) =>
      errAsync(
        decomError.invalidInput(
          `${action?.key ?? 'an empty batch'}: no ${name} handler for ${action?.target.resourceType ?? 'the resource'} ${action?.target.ref ?? ''}`,
        ),
      );
    const batchOf = (action: Action | undefined) => (action === undefined ? undefined : handlerOf(action)?.batch);
    const batches = [...handlersByType.values()].map((handlers) => handlers[name].batch?.maxSize ?? 1);
    return {
      batch: {
        maxSize: Math.max(1, ...batches),
        key: (action) => {
          const key = batchOf(action)?.key(action) ?? null;
          return key === null ? null : `${action.target.resourceType ?? ''}|${key}`;
        },
        rateLimits: (actions) => batchOf(actions[0])?.rateLimits?.(actions) ?? [],
        execute: (actions, context) => batchOf(actions[0])?.execute(actions, context) ?? refuse(actions[0]),
      },
      rateLimits: (action) => handlerOf(action)?.rateLimits?.(action) ?? [],
      execute: (action, context) => handlerOf(action)?.execute(action, context) ?? refuse(action),
      poll: (action, checkpoint, context) => handlerOf(action)?.poll?.(action, checkpoint, context) ?? refuse(action),
      reconcile: (action, context) => handlerOf(action)?.reconcile(action, context) ?? refuse(action),
    };
  };
  return {
    supportedTypes: types.map((type) => type.type),
    capabilities: types.map((type) => `resource:${type.type}`),
    specificationVersion: PORT_SPECIFICATION_VERSION,
    // One handler per retirement kind, each dispatched by the target's ARN.
    handlers: {
      'resource.stop': dispatch('resource.stop'),
      'resource.delete': dispatch('resource.delete'),
      'protection.lift': dispatch('protection.lift'),
    },
  };
}
