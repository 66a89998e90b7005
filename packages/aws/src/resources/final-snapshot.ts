import type { Action, DecomError, JsonObject, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { AwsClients } from '../clients.js';

/** A final snapshot as read back: its ARN and status, as the service words them. */
export interface SnapshotRead {
  readonly arn?: string | undefined;
  readonly status?: string | undefined;
}

/**
 * The `confirm` of a delete that keeps a final snapshot (`deleteUntilGone`):
 * once the resource is gone, the snapshot is read back; its `available`
 * status confirms it (its identifier, ARN and status go in the result), a
 * status still being made (`creating`) waits, and a snapshot missing or in
 * another status fails the action (ProviderFailure, naming it): the delete
 * does not count as done without its snapshot.
 *
 * @example
 * ```ts
 * confirm: confirmFinalSnapshot('redshift:DescribeClusterSnapshots', readSnapshot, 'available', ['creating']),
 * ```
 */
export function confirmFinalSnapshot(
  operation: string,
  read: (clients: AwsClients, action: Action, name: string) => ResultAsync<SnapshotRead | null, DecomError>,
  available: string,
  inProgress: readonly string[],
): (clients: AwsClients, action: Action, name: string | null) => ResultAsync<JsonObject | null, DecomError> {
  return (clients, action, name) => {
    if (name === null) return okAsync({ finalSnapshotIdentifier: null });
    const resource = action.target.arn ?? name;
    return read(clients, action, name).andThen((found): ResultAsync<JsonObject | null, DecomError> => {
      if (found !== null && found.status === available) {
        return okAsync({
          finalSnapshotIdentifier: name,
          finalSnapshotArn: found.arn ?? null,
          finalSnapshotStatus: found.status,
        });
      }
      if (found !== null && found.status !== undefined && inProgress.includes(found.status)) return okAsync(null);
      const what = found === null ? 'is not found' : `is ${found.status ?? 'in an unknown status'}`;
      return errAsync(
        decomError.providerFailure({
          message: `${operation}: ${resource} is gone but its final snapshot ${name} ${what}: the delete is not confirmed`,
          resource,
          retryable: false,
        }),
      );
    });
  };
}
