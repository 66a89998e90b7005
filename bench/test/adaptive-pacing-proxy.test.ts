import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { AwsClients, awsCall } from '@decomkit/aws';
import { AWS_DEFAULT_RATE_LIMITS, createRateLimiter, type RateLimiter } from '@decomkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LimitsProxy, startLimitsProxy } from '../aws-limits-proxy/index.js';

// Adaptive pacing proven through the AWS-limits proxy, counted from its ledger
// (never from wall time). The target behind it is a stub that answers every
// EC2 query with an empty page and STS with an account: only the limits matter.

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const DOCUMENTED_READS = AWS_DEFAULT_RATE_LIMITS['ec2:non-mutating']?.refillPerSecond ?? 20;

let target: Server;
let targetUrl: string;
let proxy: LimitsProxy | undefined;

beforeAll(async () => {
  target = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const action = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('Action') ?? 'Unknown';
      const body =
        action === 'GetCallerIdentity'
          ? `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>${ACCOUNT}</Account><Arn>arn:aws:iam::${ACCOUNT}:user/bench</Arn><UserId>AIDA</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
          : `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></${action}Response>`;
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(body);
    });
  });
  target.listen(0, '127.0.0.1');
  await new Promise((resolve) => target.once('listening', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
});

/**
 * `reads` DescribeInstances calls, `inFlight` at a time, alternately from two
 * sources' EC2 clients (two `AwsClients`, as two roles in one account would
 * have) that share `rateLimiter`; each call as the providers make it
 * (`awsCall`, the SDK's standard retries). Returns the calls that failed.
 */
async function pacedReads(rateLimiter: RateLimiter, reads: number, inFlight: number): Promise<number> {
  const settings = { endpoint: proxy?.url ?? '', credentials: CREDENTIALS, rateLimiter };
  const sources = [new AwsClients(settings), new AwsClients(settings)];
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < reads) {
      const call = next;
      next += 1;
      const ec2 = (sources[call % 2] as AwsClients).get('ec2', REGION);
      const result = await awsCall({ operation: 'ec2:DescribeInstances' }, (options) =>
        ec2.send(new DescribeInstancesCommand({ InstanceIds: [`i-${call}`] }), options),
      );
      if (result.isErr()) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return failed;
}

const ec2Reads = (limits: LimitsProxy) =>
  limits.stats()[`${CREDENTIALS.accessKeyId}/${REGION}/ec2/non-mutating`] ?? { allowed: 0, throttled: 0, tokens: 0 };
const readBucket = { service: 'ec2', bucket: 'non-mutating', accountId: ACCOUNT, region: REGION };

describe('adaptive pacing through the AWS-limits proxy', () => {
  it("runs faster than AWS's documented read rate where the server allows more (buckets ×10), without a throttle", async () => {
    proxy = await startLimitsProxy({ target: targetUrl, scale: 10 });
    const rateLimiter = createRateLimiter()._unsafeUnwrap();
    const failed = await pacedReads(rateLimiter, 600, 8);
    expect(failed).toBe(0);
    expect(ec2Reads(proxy)).toMatchObject({ allowed: 600, throttled: 0 });
    // From 20 a second, raised 2 a second per 10 clean answers: well past the documented rate by the end.
    expect(rateLimiter.refillPerSecond(readBucket)).toBeGreaterThan(5 * DOCUMENTED_READS);
  }, 120_000);

  it('recovers where the server allows a tenth of the documented rate (buckets ×0.1): no call fails, few are throttled', async () => {
    proxy = await startLimitsProxy({ target: targetUrl, scale: 0.1 });
    const rateLimiter = createRateLimiter()._unsafeUnwrap();
    const failed = await pacedReads(rateLimiter, 40, 4);
    expect(failed).toBe(0);
    const { allowed, throttled } = ec2Reads(proxy);
    expect(allowed).toBe(40);
    expect(throttled).toBeGreaterThan(0); // it did start too fast: 100 at once against a bucket of 10
    expect(throttled).toBeLessThanOrEqual(allowed / 3);
    expect(rateLimiter.refillPerSecond(readBucket)).toBeLessThan(DOCUMENTED_READS / 2);
  }, 120_000);
});
