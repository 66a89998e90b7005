import { type Action, type ActionHandler, decomError, errAsync, type RetirementPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/core/provider-kit';
import type { RetirementKind } from './retirement-kind.js';
import type { TypeIdentity } from './target-id.js';

/** One resource type the retirement port acts on: how to recognise its ARNs, and its handlers. */
export interface RetirableType extends TypeIdentity {
  /** Its handlers by retirement kind; a kind without one is refused for this type. */
  readonly handlers: Readonly<Partial<Record<RetirementKind, ActionHandler>>>;
}

/**
 * The `retirement` port over `types`: `resource.stop`, `resource.delete` and
 * `protection.lift`, each dispatched by the target's ARN to the first type
 * whose `idOf` recognises it (batches too: a batch key is prefixed with the
 * target's type, so one batch never mixes types; a refused batch's members
 * are named by the type's own `refusedBy`). An action whose ARN no type
 * recognises, or whose type has no handler of that kind, is refused
 * (InvalidInput, "no <kind> handler for <type> <ref>"). `supportedTypes` and
 * `capabilities` name every type given.
 *
 * @example
 * ```ts
 * const retirement = retirementPortOf([{ type: 'AWS::SQS::Queue', idOf: queueUrlOf, handlers: queueHandlers }]);
 * ```
 */
export function retirementPortOf(types: readonly RetirableType[]): RetirementPort {
  const typeOf = (arn: string): RetirableType | null => types.find((type) => type.idOf(arn) !== null) ?? null;
  const dispatch = (name: RetirementKind): ActionHandler => {
    const handlerOf = (action: Action): ActionHandler | null => {
      const found = action.target.arn === undefined ? null : typeOf(action.target.arn);
      return found?.handlers[name] ?? null;
    };
    const refuse = (action: Action | undefined) =>
      errAsync(
        decomError.invalidInput(
          `${action?.key ?? 'an empty batch'}: no ${name} handler for ${action?.target.resourceType ?? 'the resource'} ${action?.target.ref ?? ''}`,
        ),
      );
    const batchOf = (action: Action | undefined) => (action === undefined ? undefined : handlerOf(action)?.batch);
    return {
      batch: {
        maxSize: Math.max(1, ...types.map((type) => type.handlers[name]?.batch?.maxSize ?? 1)),
        key: (action) => {
          const key = batchOf(action)?.key(action) ?? null;
          return key === null ? null : `${action.target.resourceType ?? ''}|${key}`;
        },
        rateLimits: (actions) => batchOf(actions[0])?.rateLimits?.(actions) ?? [],
        execute: (actions, context) => batchOf(actions[0])?.execute(actions, context) ?? refuse(actions[0]),
        refusedBy: (error, actions) => batchOf(actions[0])?.refusedBy?.(error, actions) ?? [],
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
    handlers: {
      'resource.stop': dispatch('resource.stop'),
      'resource.delete': dispatch('resource.delete'),
      'protection.lift': dispatch('protection.lift'),
    },
  };
}
