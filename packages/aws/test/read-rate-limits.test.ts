import { Readable } from 'node:stream';
import { CreateTagsCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AWS_READ_RATE_LIMITS, AwsClients, limitReads } from '@decomkit/aws';
import { FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { isReadCommand } from '../src/read-rate-limits.js';
import { TEST_CREDENTIALS } from './support/moto.js';

/** An EC2 client whose requests never leave the process: every answer is an empty, successful one. */
function offlineEc2(sent: string[]) {
  return new EC2Client({
    region: 'eu-west-1',
    credentials: TEST_CREDENTIALS,
    requestHandler: {
      handle: async (request: { body?: string }) => {
        const action = new URLSearchParams(request.body ?? '').get('Action') ?? 'Unknown';
        sent.push(action);
        const body = `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></${action}Response>`;
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([body]) } };
      },
    },
  });
}

describe('read rate limits', () => {
  it("default to AWS's documented EC2 limit for Describe* (100 at once, 20 a second) and tell reads from writes", () => {
    expect(AWS_READ_RATE_LIMITS.ec2).toEqual({ capacity: 100, refillPerSecond: 20 });
    expect(['DescribeInstanceAttribute', 'ListTagsForResource', 'GetResources'].map(isReadCommand)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['TerminateInstances', 'CreateTags', undefined].map(isReadCommand)).toEqual([false, false, false]);
  });

  it('pace reads past the burst at the refill rate, and leave writes to the engine', async () => {
    const clock = new FakeClock('2026-11-26T00:00:00Z');
    const sent: string[] = [];
    const ec2 = limitReads(offlineEc2(sent), { capacity: 2, refillPerSecond: 10 }, clock);
    const started = clock.now().getTime();
    await Promise.all(Array.from({ length: 6 }, () => ec2.send(new DescribeInstancesCommand({}))));
    // 2 at once, then 4 more at 10 a second: 400 ms on the clock.
    expect(clock.now().getTime() - started).toBe(400);
    expect(sent).toEqual(Array.from({ length: 6 }, () => 'DescribeInstances'));

    const writesFrom = clock.now().getTime();
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        ec2.send(new CreateTagsCommand({ Resources: [`i-${index}`], Tags: [{ Key: 'k', Value: 'v' }] })),
      ),
    );
    expect(clock.now().getTime() - writesFrom).toBe(0);
    expect(sent.filter((action) => action === 'CreateTags')).toHaveLength(6);
  });

  it('apply to the clients decomkit builds, not to injected ones, and lift with false', async () => {
    const builtSent: string[] = [];
    const injected = offlineEc2(builtSent);
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { ec2: injected } });
    expect(clients.get('ec2', 'eu-west-1')).toBe(injected);
    const stack = (client: object) =>
      (client as { middlewareStack: { identify(): string[] } }).middlewareStack.identify().join(' ');
    expect(stack(injected)).not.toContain('decomkitReadRateLimit');
    // The clients decomkit builds are paced on the source's shared limiter (paced-requests.test.ts), not per client.
    const built = new AwsClients({ credentials: TEST_CREDENTIALS }).get('ec2', 'eu-west-1');
    expect(stack(built)).toContain('decomkitRateLimit');
    expect(stack(built)).not.toContain('decomkitReadRateLimit');
    const s3 = new AwsClients({ credentials: TEST_CREDENTIALS }).get('s3', 'eu-west-1');
    expect(stack(s3)).not.toContain('decomkitRateLimit');
    const lifted = new AwsClients({ credentials: TEST_CREDENTIALS, readRateLimits: false }).get('ec2', 'eu-west-1');
    expect(stack(lifted)).not.toContain('decomkitRateLimit');
  });
});
