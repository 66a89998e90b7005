import { type Action, type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';

/** What recognises a resource type's ARNs: its name and the id it needs from an ARN. */
export interface TypeIdentity {
  /** The type name, e.g. `AWS::EC2::Instance`. */
  readonly type: string;
  /** The id this type needs from `arn`, or null when the ARN is not of this type. */
  idOf(arn: string): string | null;
}

/**
 * The id of an action's target for a type, or an InvalidInput error naming
 * the action: a target without an ARN, or with another type's, is refused.
 *
 * @example
 * ```ts
 * targetId(QUEUE, action).andThen((queueUrl) => deleteQueue(queueUrl));
 * ```
 */
export function targetId(type: TypeIdentity, action: Action): ResultAsync<string, DecomError> {
  const id = action.target.arn === undefined ? null : type.idOf(action.target.arn);
  return id === null
    ? errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not a ${type.type}`))
    : okAsync(id);
}
