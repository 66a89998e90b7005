import type { DecomError } from '@decomkit/core';
import { ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';

/** The fake STS and IAM alias APIs. */
export class FakeSts {
  constructor(private readonly world: FakeWorld) {}

  getCallerIdentity(): ResultAsync<{ accountId: string; arn: string }, DecomError> {
    return this.world.call('sts', 'GetCallerIdentity', false, null, () =>
      ok({ accountId: this.world.state.accountId, arn: this.world.state.callerArn }),
    );
  }

  listAccountAliases(): ResultAsync<string[], DecomError> {
    return this.world.call('iam', 'ListAccountAliases', false, null, () =>
      ok(this.world.state.accountAlias === null ? [] : [this.world.state.accountAlias]),
    );
  }
}
