import { assert, okValue } from '../assertions.js';
import type { IdentityOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { STANDARD_ACCOUNT } from '../standard-world.js';
import { type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { AccountWorld } from '../world-fixtures.js';

/**
 * What {@link identityConformance} builds: the `identity` port and its oracle.
 *
 * @example
 * ```ts
 * identityConformance({ describe, it }, async (world): Promise<IdentitySubject> => build(world));
 * ```
 */
export type IdentitySubject = PortSubject<'identity', IdentityOracle>;

/**
 * The `identity` port: who the credentials are, read-only. The factory gets
 * the account the credentials must name.
 *
 * @example
 * ```ts
 * identityConformance({ describe, it }, (world) => ({ identity: myIdentity(world.accountId), oracle: { mutatingCalls: async () => null } }));
 * ```
 */
export function identityConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<AccountWorld, IdentitySubject>,
): void {
  runner.describe('identity', () => {
    runner.it('names the account of the credentials, with an ARN, and changes nothing', () =>
      withSubject(create, STANDARD_ACCOUNT, async (subject) => {
        const before = await subject.oracle.mutatingCalls();
        const caller = okValue(await subject.identity.callerIdentity(), 'callerIdentity');
        assert.equal(caller.accountId, STANDARD_ACCOUNT.accountId);
        assert.match(caller.arn, /^arn:aws[a-z-]*:(sts|iam)::\d{12}:/);
        assert.ok(caller.accountAlias === null || typeof caller.accountAlias === 'string');
        assert.equal(await subject.oracle.mutatingCalls(), before);
      }),
    );
  });
}
