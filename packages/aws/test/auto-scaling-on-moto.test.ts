import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { awsSource } from '@decomkit/aws';
import type { Resource } from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { motoClients, motoEndpoint, resetMoto, TEST_CREDENTIALS, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';

withOwnMoto();

describe('instances of an Auto Scaling group, on moto_server', () => {
  beforeEach(resetMoto);

  it('depend on their live group, so the group (unhandled here) holds them: never terminated under it', async () => {
    const clients = motoClients();
    const ec2 = clients.get('ec2', TEST_REGION);
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'payments-web',
        LaunchTemplateData: { ImageId: image, InstanceType: 't3.micro' },
      }),
    );
    const autoscaling = clients.get('autoscaling', TEST_REGION);
    await autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'payments-web',
        LaunchTemplate: { LaunchTemplateName: 'payments-web' },
        MinSize: 2,
        MaxSize: 2,
        DesiredCapacity: 2,
        AvailabilityZones: [`${TEST_REGION}a`],
        Tags: [{ Key: 'workload', Value: 'payments', PropagateAtLaunch: true }],
      }),
    );
    const group = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups?.[0];
    const ports = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    const found: Resource[] = [];
    const source = { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: 'payments' } } };
    for await (const page of ports.inventory.discover(source)) found.push(...page._unsafeUnwrap());
    const instances = found.filter((resource) => resource.type === 'AWS::EC2::Instance');
    expect(instances).toHaveLength(2);
    for (const instance of instances) expect(instance.dependsOn).toEqual([group?.AutoScalingGroupARN]);
    expect(ports.retirement.supportedTypes).toContain('AWS::AutoScaling::AutoScalingGroup');
  });
});
