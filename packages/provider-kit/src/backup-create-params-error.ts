import { type DecomError, decomError, type PlannedAction } from '@decomkit/core';

/**
 * Why a `backup.create` action cannot run, or null when it can: it needs a
 * target ARN and params `vault` (string), `retainDays` (number) and
 * optionally `method` (`'aws-backup'` or `'native'`). Every backups port
 * checks this before it calls anything.
 *
 * @example
 * ```ts
 * const invalid = backupCreateParamsError(action);
 * if (invalid !== null) return errAsync(invalid);
 * ```
 */
export function backupCreateParamsError(action: PlannedAction<'backup.create'>): DecomError | null {
  const { vault, retainDays, method } = action.params;
  if (
    action.target.arn === undefined ||
    typeof vault !== 'string' ||
    typeof retainDays !== 'number' ||
    (method !== undefined && method !== 'aws-backup' && method !== 'native')
  ) {
    return decomError.invalidInput(
      `${action.key}: backup.create needs a target ARN and params vault (string), retainDays (number) and optionally method ('aws-backup' | 'native')`,
    );
  }
  return null;
}
