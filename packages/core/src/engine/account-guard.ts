import { err, ok, okAsync, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { Workload } from '../model/workload-schema.js';
import type { CallerIdentity } from '../spec/identity.js';
import type { Providers } from '../spec/providers.js';

/**
 * Safety rule 2: the caller must be in the workload's account, not on the deny
 * list, and carry the required alias. Without an `identity` port the guard
 * cannot be checked; `required` makes that a refusal (any action on source
 * resources requires it).
 */
export function checkAccountGuard(
  providers: Providers,
  workload: Workload,
  required: boolean,
): ResultAsync<CallerIdentity | null, DecomError> {
  const identity = providers.identity;
  if (identity === undefined) {
    return required
      ? okAsync(null).andThen(() =>
          err(
            decomError.guardRefused({
              guard: 'account',
              message: 'no identity port: the caller account cannot be checked before acting on AWS resources',
            }),
          ),
        )
      : okAsync(null);
  }
  return identity.callerIdentity().andThen((caller) => {
    const { accountId } = workload.source;
    if (workload.guards.deniedAccounts.includes(caller.accountId)) {
      return err(
        decomError.guardRefused({
          guard: 'deniedAccount',
          message: `account ${caller.accountId} (${caller.arn}) is on the workload's deny list`,
        }),
      );
    }
    if (caller.accountId !== accountId) {
      return err(
        decomError.guardRefused({
          guard: 'account',
          message: `credentials are for account ${caller.accountId} (${caller.arn}), the workload "${workload.id}" is in ${accountId}`,
        }),
      );
    }
    const alias = workload.guards.requiredAccountAlias;
    if (alias !== undefined && caller.accountAlias !== alias) {
      return err(
        decomError.guardRefused({
          guard: 'accountAlias',
          message: `account ${caller.accountId} has alias ${JSON.stringify(caller.accountAlias)}, the workload requires "${alias}"`,
        }),
      );
    }
    return ok<CallerIdentity | null, DecomError>(caller);
  });
}
