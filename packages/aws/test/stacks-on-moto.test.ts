import {
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { type AwsSourcePorts, awsSource } from '@decomkit/aws';
import type { Resource } from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, run } from './support/retirement-harness.js';

withOwnMoto();

const TEMPLATE = {
  Resources: {
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' } },
    Data: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: `${TEST_REGION}a`, Size: 10 } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'payments-jobs' } },
    Setting: { Type: 'AWS::SSM::Parameter', Properties: { Name: 'payments-mode', Type: 'String', Value: 'azure' } },
  },
};

async function discoverAll(ports: AwsSourcePorts, stacks: string[]): Promise<Resource[]> {
  const found: Resource[] = [];
  const source = { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { stacks } };
  for await (const page of ports.inventory.discover(source)) found.push(...page._unsafeUnwrap());
  return found;
}

describe('CloudFormation stack selectors on moto_server', () => {
  beforeEach(resetMoto);

  it('finds the stack resources through ListStackResources, each carrying the stack-name tag', async () => {
    const cloudformation = motoClients().get('cloudformation', TEST_REGION);
    await cloudformation.send(
      new CreateStackCommand({ StackName: 'payments', TemplateBody: JSON.stringify(TEMPLATE) }),
    );
    await cloudformation.send(
      new CreateStackCommand({
        StackName: 'billing',
        TemplateBody: JSON.stringify({ Resources: { Web: TEMPLATE.Resources.Web } }),
      }),
    );
    const physical = await cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'payments' }));
    const instanceId = physical.StackResources?.find(
      (resource) => resource.LogicalResourceId === 'Web',
    )?.PhysicalResourceId;
    const before = (await mutatingRequests()).length;

    const ports = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    const found = await discoverAll(ports, ['payments']);
    const instance = found.find((resource) => resource.type === 'AWS::EC2::Instance');
    expect(instance?.arn).toBe(`arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${instanceId}`);
    expect(instance?.tags?.['aws:cloudformation:stack-name']).toBe('payments');
    // A stack's instance has its protection read at plan even by default (its stack's delete cannot leave a
    // refused member out): known, never 'unknown'.
    expect(instance?.protection).toEqual({ deletion: false, stop: false });
    expect(found.filter((resource) => resource.type === 'AWS::EC2::Instance')).toHaveLength(1);
    expect(found.find((resource) => resource.type === 'AWS::EC2::Volume')?.tags).toMatchObject({
      'aws:cloudformation:stack-name': 'payments',
    });
    expect(found.every((resource) => resource.tags?.['aws:cloudformation:stack-name'] !== 'billing')).toBe(true);
    // A queue's physical id is its URL, read as the queue's ARN (sqs-queue-on-moto.test.ts): never reported
    // under a made-up ARN. moto does not tag a stack's queue with the stack name, as AWS does, so it is not in scope.
    expect(found.filter((resource) => resource.arn.includes('https:'))).toEqual([]);
    // A type without a resource file whose physical id is a name, not an ARN: reported, tags unreadable.
    expect(found).toContainEqual(
      expect.objectContaining({
        type: 'AWS::SSM::Parameter',
        arn: `arn:aws:cloudformation:${TEST_REGION}:${MOTO_ACCOUNT_ID}:stack/payments/Setting`,
        tags: null,
      }),
    );
    expect((await mutatingRequests()).length).toBe(before);
  });
  it('retires a stack by deleting it: exactly the resources planned along, the retained one left and reported, its events as evidence', async () => {
    const cloudformation = motoClients().get('cloudformation', TEST_REGION);
    const template = {
      Resources: {
        Web: TEMPLATE.Resources.Web,
        Data: { ...TEMPLATE.Resources.Data, DeletionPolicy: 'Retain' },
      },
    };
    await cloudformation.send(
      new CreateStackCommand({ StackName: 'payments', TemplateBody: JSON.stringify(template) }),
    );
    const described = await cloudformation.send(new DescribeStacksCommand({ StackName: 'payments' }));
    const stackArn = described.Stacks?.[0]?.StackId ?? '';
    const ports = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    const found = await discoverAll(ports, ['payments']);
    const stack = found.find((resource) => resource.type === 'AWS::CloudFormation::Stack');
    const instance = found.find((resource) => resource.type === 'AWS::EC2::Instance');
    const volume = found.find((resource) => resource.type === 'AWS::EC2::Volume');
    expect(stack?.arn).toBe(stackArn);
    expect(stack?.stackResources).toEqual(
      expect.arrayContaining([
        { arn: instance?.arn, logicalId: 'Web', retained: false },
        { arn: volume?.arn, logicalId: 'Data', retained: true },
      ]),
    );
    const before = (await mutatingRequests()).length;

    // A delete that does not take the instance along is refused: DeleteStack would delete it.
    const short = (
      await run(ports.retirement, actionOn(stackArn, 'resource.delete', { dependentArns: [] }))
    )._unsafeUnwrapErr();
    expect(short).toMatchObject({ code: 'Conflict', resource: stackArn });
    expect(short.message).toContain(instance?.arn);
    expect((await mutatingRequests()).length).toBe(before);

    const remove = actionOn(stackArn, 'resource.delete', { dependentArns: [instance?.arn ?? ''] });
    const deleted = (await run(ports.retirement, remove))._unsafeUnwrap();
    expect(deleted).toMatchObject({ status: 'done', result: { stack: stackArn, state: 'deleted' } });
    const result = deleted.status === 'done' ? deleted.result : {};
    expect(Array.isArray(result.events) && result.events.length > 0).toBe(true);
    expect((await mutatingRequests()).slice(before).map((request) => request.action)).toContain('DeleteStack');
    const ec2 = motoClients().get('ec2', TEST_REGION);
    const instances = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [instance?.arn.split('/').pop() ?? ''] }),
    );
    expect(instances.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    // The retained volume is left where it is.
    const volumes = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volume?.arn.split('/').pop() ?? ''] }));
    expect(volumes.Volumes).toHaveLength(1);
    // Gone already: done (at-least-once safe), with its events again.
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
  });
});
