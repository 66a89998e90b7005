import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { CallerIdentity, DecomError, IdentityPort, ResultAsync } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';

/**
 * STS GetCallerIdentity in `region`: the account and ARN of the credentials
 * (asked once per credentials for all the ports of `clients`: {@link AwsClients.callers}).
 */
export function callerOf(clients: AwsClients, region: string) {
  return awsCall({ operation: 'sts:GetCallerIdentity' }, () => clients.callers.of(region)).map((caller) => ({
    accountId: caller.Account ?? '',
    arn: caller.Arn ?? '',
  }));
}

/**
 * The `identity` port: STS GetCallerIdentity for the account and ARN, IAM
 * ListAccountAliases for the alias (an account has at most one). Read-only.
 */
export function awsIdentityPort(clients: AwsClients, region: string): IdentityPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: ['identity.sts', 'identity.alias'],
    callerIdentity: (): ResultAsync<CallerIdentity, DecomError> =>
      callerOf(clients, region).andThen((caller) =>
        awsCall({ operation: 'iam:ListAccountAliases' }, () =>
          clients.get('iam', region).send(new ListAccountAliasesCommand({})),
        ).map((aliases) => ({ ...caller, accountAlias: aliases.AccountAliases?.[0] ?? null })),
      ),
  };
}

/** The IAM actions of this port's reads (STS needs none, but is named). */
export const IDENTITY_READS: readonly string[] = ['sts:GetCallerIdentity', 'iam:ListAccountAliases'];
