import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';

/** Who the source credentials are (STS GetCallerIdentity, IAM ListAccountAliases). */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  /** The IAM account alias, or null when the account has none. */
  readonly accountAlias: string | null;
}

/** Source port `identity`: the account guard reads it before planning and before any action. */
export interface IdentityPort extends PortBase {
  callerIdentity(): ResultAsync<CallerIdentity, DecomError>;
}
