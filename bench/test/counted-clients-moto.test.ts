import { type AwsClientOverrides, awsSource, PACED_REQUESTS_MIDDLEWARE } from '@decomkit/aws';
import { createRateLimiter } from '@decomkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../packages/aws/test/support/moto-server.js';
import { countedClients } from '../counted-clients.js';
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from '../moto-server.js';

const REGION = 'eu-west-1';

// One moto_server for this file (its start-up takes seconds to minutes on a loaded machine).
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
}, 300_000);

afterAll(async () => {
  await moto?.stop();
}, 60_000);

describe('the benchmark’s counted clients, on moto_server', () => {
  it('send one GetCallerIdentity for a discovery, the account check and paced EC2 and RDS reads, as one AwsClients does', async () => {
    const sent: string[] = [];
    const rateLimiter = createRateLimiter()._unsafeUnwrap();
    const settings = { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, rateLimiter };
    const overrides = countedClients(settings, { add: (action) => sent.push(action) }, MOTO_ACCOUNT_ID);
    const source = awsSource({ region: REGION, ...settings, clients: overrides });
    const selection = { accountId: MOTO_ACCOUNT_ID, regions: [REGION], select: { tags: { workload: 'none' } } };
    for await (const page of source.inventory.discover(selection)) page._unsafeUnwrap();
    const caller = (await source.identity.callerIdentity())._unsafeUnwrap();
    expect(caller.accountId).toBe(MOTO_ACCOUNT_ID);
    // The discovery read EC2 and RDS through the paced clients, and each attempt was counted.
    expect(sent).toContain('ec2:DescribeInstances');
    expect(sent.filter((action) => action === 'sts:GetCallerIdentity')).toHaveLength(1);
  });

  it('pace the EC2, RDS and CloudTrail clients on the shared limiter (as awsSource paces its own), not the others', () => {
    const rateLimiter = createRateLimiter()._unsafeUnwrap();
    const settings = { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, rateLimiter };
    const paced = (overrides: AwsClientOverrides, service: 'ec2' | 'rds' | 'cloudtrail' | 'tagging') => {
      const client = (overrides[service] as (region: string) => { middlewareStack: { identify(): string[] } })(REGION);
      return client.middlewareStack.identify().some((name) => name.startsWith(PACED_REQUESTS_MIDDLEWARE));
    };
    const overrides = countedClients(settings, { add: () => undefined }, MOTO_ACCOUNT_ID);
    expect(['ec2', 'rds', 'cloudtrail', 'tagging'].map((service) => paced(overrides, service as 'ec2'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // The benchmark's DECOMKIT_BENCH_UNTHROTTLED=1: no limiter, no pacing.
    const unpaced = countedClients(
      { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, readRateLimits: false },
      { add: () => undefined },
      MOTO_ACCOUNT_ID,
    );
    expect(paced(unpaced, 'ec2')).toBe(false);
  });
});
