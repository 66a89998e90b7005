import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { IdentityPort } from '@decomkit/core';
import { awsCall } from './aws-call.js';
import type { ClientCache } from './clients.js';

/** The `identity` port: STS GetCallerIdentity and IAM ListAccountAliases. */
export function awsIdentityPort(clients: ClientCache, region: string): IdentityPort {
  const { sts, iam } = clients.for(region);
  return {
    callerIdentity: () =>
      awsCall('sts:GetCallerIdentity', undefined, () => sts.send(new GetCallerIdentityCommand({}))).andThen((caller) =>
        awsCall('iam:ListAccountAliases', undefined, () => iam.send(new ListAccountAliasesCommand({}))).map((aliases) => ({
          accountId: caller.Account ?? '',
          arn: caller.Arn ?? '',
          accountAlias: aliases.AccountAliases?.[0] ?? null,
        })),
      ),
  };
}
