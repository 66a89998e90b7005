import { awsSource } from '@decomkit/aws';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { type SeededEstate, seedEstate } from './support/moto-estate.js';

withOwnMoto();

/**
 * `inventory.describeScopes`, the engine's bulk re-read before it acts: on
 * every resource type of the estate it must agree with `describe` (a wrong
 * `null` would make the engine skip a live resource; a wrong scope would make
 * it act on one that left), and it reads in bulk, never the per-instance
 * DescribeInstanceAttribute calls of `describe` with `ec2.readProtectionAtPlan`.
 */
describe('inventory.describeScopes on moto_server', () => {
  let estate: SeededEstate;
  beforeAll(async () => {
    await resetMoto();
    estate = await seedEstate(motoClients());
  }); // the aws project's hookTimeout: a seeding hook takes minutes on a loaded machine

  const inventory = () => {
    const port = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS }).inventory;
    const describeScopes = port.describeScopes?.bind(port);
    if (describeScopes === undefined) throw new Error('the AWS inventory port offers describeScopes');
    return { describe: port.describe.bind(port), describeScopes };
  };

  it('answers every in-scope resource of every type as describe does', async () => {
    const port = inventory();
    const arns = [...estate.retirable, estate.vpcArn];
    const scopes = (await port.describeScopes(arns))._unsafeUnwrap();
    expect([...scopes.keys()].sort()).toEqual([...arns].sort());
    for (const arn of arns) {
      const one = (await port.describe(arn))._unsafeUnwrap();
      const scope = scopes.get(arn);
      expect(one, `${arn} is described`).not.toBeNull();
      expect(scope, `${arn} is found by describeScopes`).not.toBeNull();
      expect({ arn: scope?.arn, type: scope?.type, accountId: scope?.accountId, region: scope?.region }).toEqual({
        arn,
        type: one?.type,
        accountId: one?.accountId,
        region: one?.region,
      });
      expect(scope?.tags, `${arn} tags`).toEqual(one?.tags);
      expect(scope?.state, `${arn} state`).toBe(one?.state);
    }
  });

  it('reads instances in bulk, and answers null for what is gone, in another account, or no ARN at all', async () => {
    const port = inventory();
    const instances = [...estate.standalone.map((instance) => instance.arn), estate.protectedInstance.arn];
    const gone = instances[0]?.replace(/instance\/.*/, 'instance/i-0000000000000dead') ?? '';
    const foreign = instances[0]?.replace('111122223333', '444455556666') ?? '';
    const before = (await recordedRequests()).length;
    const scopes = (await port.describeScopes([...instances, gone, foreign, 'not-an-arn']))._unsafeUnwrap();
    const requests = (await recordedRequests()).slice(before).map((request) => request.action);
    expect(requests.filter((action) => action === 'DescribeInstances')).toHaveLength(1);
    expect(requests).not.toContain('DescribeInstanceAttribute');
    for (const arn of instances) expect(scopes.get(arn)?.state, arn).toBe('running');
    expect(scopes.get(gone)).toBeNull();
    expect(scopes.get(foreign)).toBeNull();
    expect(scopes.get('not-an-arn')).toBeNull();
  });
});
