import type { Action, BatchHandler, DecomError, HandlerOutcome, ResultAsync } from '@decomkit/core';
import { done } from './done.js';
import { placeOf } from './place-of.js';

/** The most instance ids one StopInstances / TerminateInstances call carries. */
const INSTANCE_BATCH_SIZE = 1000;

/**
 * The batch handler of StopInstances or TerminateInstances, which take many
 * instance ids in one call: the actions on instances of one account and
 * region share a call (up to 1,000), which draws one request token from the
 * EC2 `mutating` bucket and one token of `resourceBucket` per instance; each
 * action is done with its instance's state as `call` reports it (`unknown`
 * when it does not). An EC2 rule, shared by the AWS provider and its emulator.
 *
 * @example
 * ```ts
 * batch: ec2InstanceBatch('terminate-instances-resource', idOf, (ids, actions, signal) =>
 *   terminate(ids, signal).map(() => new Map(ids.map((id) => [id, 'terminated'])))),
 * ```
 */
export function ec2InstanceBatch(
  resourceBucket: string,
  idOf: (action: Action) => string | null,
  call: (
    ids: string[],
    actions: readonly Action[],
    signal: AbortSignal,
  ) => ResultAsync<Map<string, string>, DecomError>,
): BatchHandler {
  return {
    maxSize: INSTANCE_BATCH_SIZE,
    key: (action) => (idOf(action) === null ? null : `${action.target.accountId ?? ''}:${action.target.region ?? ''}`),
    rateLimits: (actions) => {
      const first = actions[0];
      if (first === undefined) return [];
      const place = placeOf(first);
      return [
        { service: 'ec2', bucket: 'mutating', ...place },
        { service: 'ec2', bucket: resourceBucket, tokens: actions.length, ...place },
      ];
    },
    execute: (actions, context) => {
      const ids = actions.map((action) => idOf(action) ?? '');
      return call(ids, actions, context.signal).map(
        (states) =>
          new Map<string, HandlerOutcome>(
            actions.map((action, index) => {
              const id = ids[index] ?? '';
              return [action.key, done({ instanceId: id, state: states.get(id) ?? 'unknown', batchSize: ids.length })];
            }),
          ),
      );
    },
    // EC2 refuses the whole call for one instance and names it (`OperationNotPermitted: The instance
    // 'i-0abc…' may not be terminated…`): that one takes the error, the others go again in one call.
    refusedBy: (error, actions) => {
      const named = new Set(error.message.match(/\bi-[0-9a-f]{8,17}\b/g) ?? []);
      return actions.filter((action) => named.has(idOf(action) ?? '')).map((action) => action.key);
    },
  };
}
