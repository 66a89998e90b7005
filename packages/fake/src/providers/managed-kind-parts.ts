import { type Action, type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import type { FakeKindCall } from './define-fake-resource-kind.js';

/** The refusal of a change to a resource another AWS service owns (a rule's ManagedBy, a secret's OwningService). */
export function managedRefusal(operation: string, resource: string, owner: string): DecomError {
  return decomError.conflict({
    message: `${operation} on ${resource}: managed by ${owner}, which deletes it with its own resource: not touched`,
    resource,
  });
}

/**
 * `protection.lift` of a type whose only protection is being owned by another
 * service, as the AWS provider's: done (`none`) on one no service owns,
 * refused (Conflict) on one it owns, NotFound when it does not exist.
 * `ownerOf` answers undefined when it does not exist, null when no service owns it.
 */
export function managedLift(
  type: string,
  ownerOf: (id: string, action: Action) => ResultAsync<string | null | undefined, DecomError>,
): FakeKindCall {
  const result = { protection: 'none', type };
  return {
    run: (id, action) =>
      ownerOf(id, action).andThen((owner) => {
        const resource = action.target.arn ?? id;
        if (owner === undefined)
          return errAsync(decomError.notFound({ message: `protection.lift: ${resource} does not exist`, resource }));
        return owner === null ? okAsync(result) : errAsync(managedRefusal('protection.lift', resource, owner));
      }),
    readBack: (id, action) => ownerOf(id, action).map((owner) => (owner === null ? result : null)),
  };
}
