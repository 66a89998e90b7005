import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../packages/aws/test/support/moto-server.js';
import { type LimitsProxy, startLimitsProxy } from '../aws-limits-proxy/index.js';

// One moto_server for this file (its start-up takes seconds to minutes on a loaded machine).
let moto: MotoServer;
let proxy: LimitsProxy;
let client: EC2Client;

beforeAll(async () => {
  moto = await startMotoServer();
  proxy = await startLimitsProxy({
    target: moto.endpoint,
    rates: { 'ec2:terminate-instances-resource': { capacity: 4, refillPerSecond: 0.0001 } },
  });
  client = new EC2Client({
    endpoint: proxy.url,
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
}, 300_000);

afterAll(async () => {
  client?.destroy();
  await proxy?.stop();
  await moto?.stop();
}, 60_000);

describe('AWS-limits proxy in front of moto_server', () => {
  it('serves the real SDK through to moto and refuses a TerminateInstances beyond the resource bucket before moto sees it', async () => {
    const images = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    const imageId = images.Images?.[0]?.ImageId;
    expect(imageId).toMatch(/^ami-/);
    const launch = async (count: number): Promise<string[]> => {
      const reservation = await client.send(
        new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: count, MaxCount: count }),
      );
      return (reservation.Instances ?? []).map((instance) => instance.InstanceId ?? '');
    };
    const first = await launch(3);
    await client.send(new TerminateInstancesCommand({ InstanceIds: first }));
    const second = await launch(2);
    // Four resource tokens, three spent: two more instance ids are one too many.
    await expect(client.send(new TerminateInstancesCommand({ InstanceIds: second }))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    const described = await client.send(new DescribeInstancesCommand({ InstanceIds: second }));
    const states = (described.Reservations ?? []).flatMap((reservation) =>
      (reservation.Instances ?? []).map((instance) => instance.State?.Name),
    );
    expect(states).toEqual(['running', 'running']);
    expect(proxy.stats()['AKIAIOSFODNN7EXAMPLE/eu-west-1/ec2/terminate-instances-resource']).toEqual({
      allowed: 1,
      throttled: 1,
      tokens: 3,
    });
  });
});
