import { EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { type AwsSourceOptions, awsSource, EC2_INSTANCE } from '@decomkit/aws';
import type { ResourceScope, Workload } from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  type RecordedRequest,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { seedInstance } from './support/moto-world.js';

withOwnMoto();

// EC2 instances are discovered with DescribeInstances' `tag:` filters (1,000 a page), not by describing the
// tagging API's ARNs 200 ids at a time; the tagging API is still read for every other type, and an instance
// it names that the filtered describe did not is described by id (fail closed).

const tags = { workload: 'payments' };

function sourceOf(select: Workload['source']['select']): Workload['source'] {
  return { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select };
}

function sourceWith(options: Partial<AwsSourceOptions> = {}) {
  return awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    pollMilliseconds: 1,
    resourceTypes: [EC2_INSTANCE],
    ...options,
  });
}

async function collect(pages: AsyncIterable<{ _unsafeUnwrap(): readonly ResourceScope[] }>) {
  const found: ResourceScope[] = [];
  for await (const page of pages) found.push(...page._unsafeUnwrap());
  return found;
}

async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = (await recordedRequests()).length;
  await work();
  return (await recordedRequests()).slice(before);
}

const describesByTag = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.action === 'DescribeInstances' && request.body.includes('tag%3A')).length;
const describesById = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.action === 'DescribeInstances' && request.body.includes('instance-id')).length;

async function seedMany(count: number, instanceTags: Record<string, string> = tags): Promise<string[]> {
  const run = await motoClients()
    .get('ec2', TEST_REGION)
    .send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: count,
        MaxCount: count,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: Object.entries(instanceTags).map(([Key, Value]) => ({ Key, Value })) },
        ],
      }),
    );
  return (run.Instances ?? []).map((instance) => instance.InstanceId ?? '');
}

/** An EC2 client whose tag-filtered DescribeInstances answers leave `hidden` out (a filter that missed it). */
function ec2Hiding(hidden: string): EC2Client {
  const ec2 = new EC2Client({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
  ec2.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      const input = args.input as { Filters?: { Name?: string }[] };
      const byTag = input.Filters?.some((filter) => filter.Name?.startsWith('tag:')) === true;
      if (context.commandName === 'DescribeInstancesCommand' && byTag) {
        const output = answer.output as { Reservations?: { Instances?: { InstanceId?: string }[] }[] };
        for (const reservation of output.Reservations ?? []) {
          reservation.Instances = (reservation.Instances ?? []).filter((instance) => instance.InstanceId !== hidden);
        }
      }
      return answer;
    },
    { step: 'initialize', name: 'testHidesAnInstance' },
  );
  return ec2;
}

describe('discovery of EC2 instances by tags, on moto_server', () => {
  beforeEach(async () => {
    await resetMoto();
  });

  it('finds 450 instances with one DescribeInstances by tag and none by id, in discover and in discoverScopes', async () => {
    const seeded = await seedMany(450);
    await seedMany(3, { workload: 'other' });
    for (const discover of ['discover', 'discoverScopes'] as const) {
      let found: ResourceScope[] = [];
      const requests = await requestsDuring(async () => {
        const inventory = sourceWith().inventory;
        const scopes = inventory.discoverScopes;
        if (scopes === undefined) throw new Error('the AWS inventory has discoverScopes');
        found = await collect(
          discover === 'discover' ? inventory.discover(sourceOf({ tags })) : scopes(sourceOf({ tags })),
        );
      });
      expect(found.map((resource) => resource.arn.split('/').pop()).sort()).toEqual([...seeded].sort());
      expect(describesByTag(requests)).toBe(1);
      expect(describesById(requests)).toBe(0);
      expect(requests.filter((request) => request.action === 'GetResources').length).toBeGreaterThanOrEqual(5);
    }
  });

  it('describes by id an instance the tagging API names and the filtered describe missed', async () => {
    const [missed = '', ...others] = await seedMany(3);
    let found: ResourceScope[] = [];
    const requests = await requestsDuring(async () => {
      found = await collect(sourceWith({ clients: { ec2: ec2Hiding(missed) } }).inventory.discover(sourceOf({ tags })));
    });
    expect(found.map((resource) => resource.arn.split('/').pop()).sort()).toEqual([missed, ...others].sort());
    expect(describesById(requests)).toBe(1);
  });

  it("takes no instance by the filter's wildcards: `pay*` selects only an instance tagged `pay*`", async () => {
    await seedMany(2);
    const exact = await seedInstance(motoClients(), { region: TEST_REGION, tags: { workload: 'pay*' } });
    const found = await collect(sourceWith().inventory.discover(sourceOf({ tags: { workload: 'pay*' } })));
    expect(found.map((resource) => resource.arn)).toEqual([exact.arn]);
  });

  it('reports no terminated instance and describes none by id, though the tagging API may still name it', async () => {
    const [gone = '', kept = ''] = await seedMany(2);
    await motoClients()
      .get('ec2', TEST_REGION)
      .send(new TerminateInstancesCommand({ InstanceIds: [gone] }));
    let found: ResourceScope[] = [];
    const requests = await requestsDuring(async () => {
      found = await collect(sourceWith().inventory.discover(sourceOf({ tags })));
    });
    expect(found.map((resource) => resource.arn.split('/').pop())).toEqual([kept]);
    expect(describesById(requests)).toBe(0);
  });

  it('still describes instances named by ARN or stack by id (no tag selector: no describe by tag)', async () => {
    const [named = ''] = await seedMany(1);
    const arn = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${named}`;
    let found: ResourceScope[] = [];
    const requests = await requestsDuring(async () => {
      found = await collect(sourceWith().inventory.discover(sourceOf({ arns: [arn] })));
    });
    expect(found.map((resource) => resource.arn)).toEqual([arn]);
    expect(describesByTag(requests)).toBe(0);
    expect(describesById(requests)).toBe(1);
  });
});
