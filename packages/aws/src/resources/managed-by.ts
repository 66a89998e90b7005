import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  type RateLimitClaim,
  type ResultAsync,
} from '@decomkit/core';
import { done, targetId } from './resource-type.js';

/**
 * The refusal of a change to a resource another AWS service owns (an
 * EventBridge rule's `ManagedBy`, a secret's `OwningService`): that service
 * creates and deletes it, so decomkit never does.
 */
export function managedRefusal(operation: string, resource: string, owner: string): DecomError {
  return decomError.conflict({
    message: `${operation} on ${resource}: managed by ${owner}, which deletes it with its own resource: not touched`,
    resource,
  });
}

/**
 * `protection.lift` for a type whose only protection is being owned by
 * another service: nothing to lift on one it does not own (done, `none`);
 * refused (Conflict) on one it owns, which can never be lifted; NotFound
 * when it does not exist. `ownerOf` reads the owner: undefined when the
 * resource does not exist, null when no service owns it.
 *
 * @example
 * ```ts
 * 'protection.lift': managedLiftHandler(TYPE, ruleIdOf, claims, (id, action) => readOwner(id, action)),
 * ```
 */
export function managedLiftHandler(
  type: string,
  idOf: (arn: string) => string | null,
  claims: (action: Action) => RateLimitClaim[],
  ownerOf: (id: string, action: Action) => ResultAsync<string | null | undefined, DecomError>,
): ActionHandler {
  const result = { protection: 'none', type };
  return {
    rateLimits: claims,
    execute: (action) =>
      targetId({ type, idOf }, action).andThen((id) =>
        ownerOf(id, action).andThen((owner) => {
          const resource = action.target.arn ?? id;
          if (owner === undefined) {
            return errAsync(decomError.notFound({ message: `protection.lift: ${resource} does not exist`, resource }));
          }
          return owner === null ? okAsync(done(result)) : errAsync(managedRefusal('protection.lift', resource, owner));
        }),
      ),
    reconcile: (action) =>
      targetId({ type, idOf }, action).andThen((id) =>
        ownerOf(id, action).map((owner) => (owner === null ? done(result) : ({ status: 'absent' } as const))),
      ),
  };
}
