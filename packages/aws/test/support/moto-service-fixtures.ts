import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
} from '@aws-sdk/client-rds';
import { CreateQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '@decomkit/aws';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** Two default subnets of the region's default VPC (moto creates them), and that VPC. */
async function defaultSubnets(clients: AwsClients, region: string) {
  const subnets = await clients
    .get('ec2', region)
    .send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  return {
    subnetIds: (subnets.Subnets ?? []).flatMap((subnet) => subnet.SubnetId ?? []).slice(0, 2),
    vpcId: subnets.Subnets?.[0]?.VpcId,
  };
}

/** Whether the load balancer's `deletion_protection.enabled` attribute is on. */
async function balancerProtection(clients: AwsClients, region: string, arn: string): Promise<boolean> {
  const found = await clients
    .get('elbv2', region)
    .send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
  return (
    found.Attributes?.some(
      (attribute) => attribute.Key === 'deletion_protection.enabled' && attribute.Value === 'true',
    ) ?? false
  );
}

/**
 * The other types of the infrastructure rows in moto: an Auto Scaling group
 * of no instances (a launch template of its own), an ALB over two default
 * subnets with no listener, an HTTP target group of the default VPC, a
 * PostgreSQL DB instance, an Aurora PostgreSQL cluster with no member, an
 * SQS queue.
 */
export const MOTO_SERVICE_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::AutoScaling::AutoScalingGroup': {
    seed: async (clients, region, fixture) => {
      const template = await clients.get('ec2', region).send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: `${fixture.name}-template`,
          LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
        }),
      );
      const autoscaling = clients.get('autoscaling', region);
      await autoscaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: fixture.name,
          LaunchTemplate: { LaunchTemplateId: template.LaunchTemplate?.LaunchTemplateId, Version: '$Latest' },
          MinSize: 0,
          MaxSize: 0,
          DesiredCapacity: 0,
          AvailabilityZones: [`${region}a`],
          Tags: Object.entries(fixture.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
        }),
      );
      const found = await autoscaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [fixture.name] }),
      );
      return { id: fixture.name, arn: found.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? '' };
    },
    read: async (clients, region, name) => {
      const found = await clients
        .get('autoscaling', region)
        .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
      const group = found.AutoScalingGroups?.[0];
      return group === undefined ? null : unprotected(`desired ${group.DesiredCapacity}`);
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    seed: async (clients, region, fixture) => {
      const elbv2 = clients.get('elbv2', region);
      const created = await elbv2.send(
        new CreateLoadBalancerCommand({
          Name: fixture.name,
          Subnets: (await defaultSubnets(clients, region)).subnetIds,
          ...(Object.keys(fixture.tags).length === 0 ? {} : { Tags: tagList(fixture.tags) }),
        }),
      );
      const arn = created.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
      if (fixture.deletionProtection === true) {
        await elbv2.send(
          new ModifyLoadBalancerAttributesCommand({
            LoadBalancerArn: arn,
            Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
          }),
        );
      }
      return { id: arn, arn };
    },
    read: (clients, region, arn) =>
      orGone(['LoadBalancerNotFoundException', 'LoadBalancerNotFound'], async () => {
        const found = await clients
          .get('elbv2', region)
          .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
        const balancer = found.LoadBalancers?.[0];
        if (balancer === undefined) return null;
        return {
          state: balancer.State?.Code ?? 'unknown',
          deletionProtection: await balancerProtection(clients, region, arn),
        };
      }),
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('elbv2', region).send(
        new CreateTargetGroupCommand({
          Name: fixture.name,
          Protocol: 'HTTP',
          Port: 80,
          VpcId: (await defaultSubnets(clients, region)).vpcId,
          ...(Object.keys(fixture.tags).length === 0 ? {} : { Tags: tagList(fixture.tags) }),
        }),
      );
      const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? '';
      return { id: arn, arn };
    },
    read: (clients, region, arn) =>
      orGone(['TargetGroupNotFoundException', 'TargetGroupNotFound'], async () => {
        const found = await clients
          .get('elbv2', region)
          .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
        return (found.TargetGroups ?? []).length === 0 ? null : unprotected('available');
      }),
  },
  'AWS::RDS::DBInstance': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('rds', region).send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: fixture.name,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
          AllocatedStorage: 20,
          MasterUsername: 'payments',
          MasterUserPassword: 'not-a-secret-1',
          DeletionProtection: fixture.deletionProtection ?? false,
          Tags: tagList(fixture.tags),
        }),
      );
      return { id: fixture.name, arn: created.DBInstance?.DBInstanceArn ?? '' };
    },
    read: (clients, region, id) =>
      orGone(['DBInstanceNotFoundFault', 'DBInstanceNotFound'], async () => {
        const found = await clients
          .get('rds', region)
          .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
        const database = found.DBInstances?.[0];
        if (database === undefined) return null;
        return {
          state: database.DBInstanceStatus ?? 'unknown',
          deletionProtection: database.DeletionProtection === true,
        };
      }),
  },
  'AWS::RDS::DBCluster': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('rds', region).send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: fixture.name,
          Engine: 'aurora-postgresql',
          MasterUsername: 'ledger',
          MasterUserPassword: 'not-a-secret-2',
          DeletionProtection: fixture.deletionProtection ?? false,
          Tags: tagList(fixture.tags),
        }),
      );
      return { id: fixture.name, arn: created.DBCluster?.DBClusterArn ?? '' };
    },
    read: (clients, region, id) =>
      orGone(['DBClusterNotFoundFault', 'DBClusterNotFound'], async () => {
        const found = await clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
        const cluster = found.DBClusters?.[0];
        if (cluster === undefined) return null;
        return { state: cluster.Status ?? 'unknown', deletionProtection: cluster.DeletionProtection === true };
      }),
  },
  'AWS::SQS::Queue': {
    seed: async (clients, region, fixture) => {
      await clients
        .get('sqs', region)
        .send(new CreateQueueCommand({ QueueName: fixture.name, tags: { ...fixture.tags } }));
      return { id: fixture.name, arn: `arn:aws:sqs:${region}:${MOTO_ACCOUNT_ID}:${fixture.name}` };
    },
    read: (clients, region, name) =>
      orGone(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'], async () => {
        await clients.get('sqs', region).send(new GetQueueUrlCommand({ QueueName: name }));
        return unprotected('available');
      }),
  },
};
