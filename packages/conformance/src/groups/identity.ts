import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `identity` port: who the credentials are, read-only. */
export function identityGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('identity', () => {
    runner.it('names the account of the credentials, with an ARN, and changes nothing', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const before = await subject.oracle.mutatingCalls();
        const caller = okValue(await portOf(subject, 'identity').callerIdentity(), 'callerIdentity');
        assert.equal(caller.accountId, STANDARD_WORLD.accountId);
        assert.match(caller.arn, /^arn:aws[a-z-]*:(sts|iam)::\d{12}:/);
        assert.ok(caller.accountAlias === null || typeof caller.accountAlias === 'string');
        assert.equal(await subject.oracle.mutatingCalls(), before);
      }),
    );
  });
}
