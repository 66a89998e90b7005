import { type DecomError, decomError } from '@decomkit/core';

/**
 * The error of a delete whose resource is gone but whose final snapshot
 * `name` is not found, worded as the AWS provider words it: ProviderFailure,
 * not retryable, naming the resource and the snapshot. A resource gone
 * before its delete and one whose final snapshot was lost look alike, and
 * the latter must never read done.
 *
 * @example
 * ```ts
 * errAsync(finalSnapshotNotConfirmed('rds:DeleteDBInstance', arn, 'decomkit-final-0a1b…'));
 * ```
 */
export function finalSnapshotNotConfirmed(operation: string, resource: string, name: string): DecomError {
  return decomError.providerFailure({
    message: `${operation}: ${resource} is gone but its final snapshot ${name} is not found: the delete is not confirmed`,
    resource,
    retryable: false,
  });
}
