import type { IdentityPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeSts } from '../source/sts.js';

/** The `identity` port over the fake STS. */
export function fakeIdentityPort(sts: FakeSts): IdentityPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    callerIdentity: () =>
      sts
        .getCallerIdentity()
        .andThen((caller) =>
          sts
            .listAccountAliases()
            .map((aliases) => ({ accountId: caller.accountId, arn: caller.arn, accountAlias: aliases[0] ?? null })),
        ),
  };
}
