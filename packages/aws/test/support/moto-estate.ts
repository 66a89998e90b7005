import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '@decomkit/aws';
import { ec2Arn } from '../../src/arns.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { type SeededInstance, seedInstance } from './moto-world.js';
import { LAMBDA_ZIP } from './retirement-harness.js';

const REGION = 'eu-west-1';
const place = { accountId: MOTO_ACCOUNT_ID, region: REGION };
const PAYMENTS = { workload: 'payments', owner: 'payments-team' };

const tagList = (tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * The messy estate of the end-to-end test, seeded in moto with the SDK. In
 * scope (`workload=payments`, eu-west-1) — every type with a resource file:
 * standalone instances (one termination-protected) with untagged root volumes,
 * an Auto Scaling group with its instances behind an ALB and target group, data
 * volumes (attached and loose), security groups, an Elastic IP, a golden AMI,
 * an RDS instance with deletion protection, an Aurora cluster with a member,
 * an S3 bucket, DynamoDB tables (one protected), a Lambda function — plus a VPC
 * that also holds a `workload=billing` security group, so decomkit retires
 * none of its networking. Out of scope, the look-alikes: a
 * `workload=billing` instance, a `payments-staging` bucket, an untagged volume,
 * and a `payments` instance in us-east-1 (a region the workload does not name).
 */
export interface SeededEstate {
  /** Every in-scope ARN decomkit can retire. */
  readonly retirable: readonly string[];
  readonly protectedInstance: SeededInstance;
  readonly standalone: readonly SeededInstance[];
  readonly autoScalingGroupArn: string;
  /** The group's instances (they carry the group's tags, so they are in scope and go with it). */
  readonly webInstanceIds: readonly string[];
  readonly loadBalancerArn: string;
  readonly targetGroupArn: string;
  readonly imageId: string;
  readonly imageSnapshotIds: readonly string[];
  readonly databaseArn: string;
  readonly clusterArn: string;
  readonly clusterMemberArn: string;
  readonly bucketArn: string;
  readonly tableArns: readonly string[];
  readonly functionArn: string;
  /** An in-scope VPC that also holds another workload's security group (`vpcResidentArn`): never touched. */
  readonly vpcArn: string;
  readonly vpcResidentArn: string;
  readonly lookAlikes: {
    readonly billingInstance: SeededInstance;
    readonly otherRegionInstance: SeededInstance;
    readonly untaggedVolumeId: string;
    readonly stagingBucket: string;
  };
}

/** Seeds {@link SeededEstate} in moto. */
export async function seedEstate(clients: AwsClients): Promise<SeededEstate> {
  const ec2 = clients.get('ec2', REGION);
  const standalone: SeededInstance[] = [];
  for (let index = 0; index < 12; index += 1) {
    standalone.push(
      await seedInstance(clients, {
        region: REGION,
        tags: { ...PAYMENTS, Name: `api-${index}` },
        keepRootVolume: true,
      }),
    );
  }
  const protectedInstance = await seedInstance(clients, {
    region: REGION,
    tags: { ...PAYMENTS, Name: 'ledger' },
    terminationProtection: true,
    keepRootVolume: true,
  });
  const billingInstance = await seedInstance(clients, {
    region: REGION,
    tags: { workload: 'billing' },
    keepRootVolume: true,
  });
  const otherRegionInstance = await seedInstance(clients, {
    region: 'us-east-1',
    tags: PAYMENTS,
    keepRootVolume: true,
  });

  // Volumes: two tagged data volumes attached to standalone instances, one tagged loose one, an untagged look-alike.
  const volumeIds: string[] = [];
  for (const [index, instance] of [standalone[0], standalone[1], undefined].entries()) {
    const volume = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: `${REGION}a`,
        Size: 10,
        TagSpecifications: [{ ResourceType: 'volume', Tags: tagList({ ...PAYMENTS, Name: `data-${index}` }) }],
      }),
    );
    const volumeId = volume.VolumeId ?? '';
    volumeIds.push(volumeId);
    if (instance !== undefined) {
      await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instance.id, Device: '/dev/sdf' }));
    }
  }
  const untagged = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 10 }));

  // Security groups and an Elastic IP.
  const groupIds: string[] = [];
  for (const name of ['payments-app', 'payments-web']) {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: name,
        Description: name,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList(PAYMENTS) }],
      }),
    );
    groupIds.push(group.GroupId ?? '');
  }
  const address = await ec2.send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagList(PAYMENTS) }],
    }),
  );
  await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: standalone[2]?.id }));

  // The golden AMI, made from a standalone instance (its snapshots belong to it).
  const image = await ec2.send(
    new CreateImageCommand({
      InstanceId: standalone[3]?.id,
      Name: 'payments-golden',
      TagSpecifications: [{ ResourceType: 'image', Tags: tagList(PAYMENTS) }],
    }),
  );
  const imageId = image.ImageId ?? '';
  const described = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
  const imageSnapshotIds = (described.Images?.[0]?.BlockDeviceMappings ?? []).flatMap(
    (mapping) => mapping.Ebs?.SnapshotId ?? [],
  );

  // The web tier: launch template, Auto Scaling group of two, ALB, target group and listener.
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
  );
  const subnetIds = (subnets.Subnets ?? []).flatMap((subnet) => subnet.SubnetId ?? []).slice(0, 2);
  const vpcId = subnets.Subnets?.[0]?.VpcId;
  const template = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'payments-web',
      LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.micro' },
    }),
  );
  const elbv2 = clients.get('elbv2', REGION);
  const targetGroup = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'payments-web',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: vpcId,
      Tags: tagList(PAYMENTS),
    }),
  );
  const targetGroupArn = targetGroup.TargetGroups?.[0]?.TargetGroupArn ?? '';
  const balancer = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: 'payments-alb',
      Subnets: subnetIds,
      SecurityGroups: [groupIds[1] ?? ''],
      Tags: tagList(PAYMENTS),
    }),
  );
  const loadBalancerArn = balancer.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  await clients.get('autoscaling', REGION).send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'payments-web',
      LaunchTemplate: { LaunchTemplateId: template.LaunchTemplate?.LaunchTemplateId, Version: '$Latest' },
      MinSize: 2,
      MaxSize: 2,
      DesiredCapacity: 2,
      VPCZoneIdentifier: subnetIds.join(','),
      TargetGroupARNs: [targetGroupArn],
      Tags: Object.entries(PAYMENTS).map(([Key, Value]) => ({
        Key,
        Value,
        PropagateAtLaunch: true,
        ResourceId: 'payments-web',
        ResourceType: 'auto-scaling-group',
      })),
    }),
  );
  const groups = await clients
    .get('autoscaling', REGION)
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['payments-web'] }));
  const autoScalingGroupArn = groups.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? '';
  const webInstanceIds = (groups.AutoScalingGroups?.[0]?.Instances ?? []).flatMap(
    (instance) => instance.InstanceId ?? [],
  );

  // Data: an RDS instance with deletion protection, an Aurora cluster with a member.
  const rds = clients.get('rds', REGION);
  const database = await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'payments-db',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      MasterUsername: 'payments',
      MasterUserPassword: 'not-a-secret-1',
      DeletionProtection: true,
      Tags: tagList(PAYMENTS),
    }),
  );
  const cluster = await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'payments-ledger',
      Engine: 'aurora-postgresql',
      MasterUsername: 'ledger',
      MasterUserPassword: 'not-a-secret-2',
      Tags: tagList(PAYMENTS),
    }),
  );
  const member = await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'payments-ledger-1',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: 'payments-ledger',
      Tags: tagList(PAYMENTS),
    }),
  );

  // S3 buckets (in scope, and a staging look-alike), DynamoDB tables, a Lambda function.
  const s3 = clients.get('s3', REGION);
  for (const [bucket, tags] of [
    ['payments-exports-111122223333', PAYMENTS],
    ['payments-staging-111122223333', { workload: 'payments-staging' }],
  ] as const) {
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tagList(tags) } }));
  }
  await s3.send(
    new PutObjectCommand({ Bucket: 'payments-staging-111122223333', Key: 'keep.txt', Body: 'staging data' }),
  );
  const dynamodb = clients.get('dynamodb', REGION);
  const tableArns: string[] = [];
  for (const [name, protectedTable] of [
    ['payments-sessions', false],
    ['payments-ledger-index', true],
  ] as const) {
    const table = await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: protectedTable,
        Tags: tagList(PAYMENTS),
      }),
    );
    tableArns.push(table.TableDescription?.TableArn ?? '');
  }
  const role = await clients.get('iam', REGION).send(
    new CreateRoleCommand({
      RoleName: 'payments-worker',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  const lambdaFunction = await clients.get('lambda', REGION).send(
    new CreateFunctionCommand({
      FunctionName: 'payments-worker',
      Runtime: 'nodejs20.x',
      Role: role.Role?.Arn,
      Handler: 'index.handler',
      Code: { ZipFile: LAMBDA_ZIP },
      Tags: PAYMENTS,
    }),
  );

  // A VPC in scope that holds another workload's security group: its networking is retired only with all of it.
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: '10.9.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList(PAYMENTS) }],
    }),
  );
  const resident = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'billing-in-payments-vpc',
      Description: 'billing',
      VpcId: vpc.Vpc?.VpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList({ workload: 'billing' }) }],
    }),
  );

  const retirable = [
    ...standalone.map((instance) => instance.arn),
    protectedInstance.arn,
    autoScalingGroupArn,
    ...webInstanceIds.map((id) => ec2Arn(place, 'instance', id)),
    ...volumeIds.map((id) => ec2Arn(place, 'volume', id)),
    ...groupIds.map((id) => ec2Arn(place, 'security-group', id)),
    ec2Arn(place, 'elastic-ip', address.AllocationId ?? ''),
    `arn:aws:ec2:${REGION}::image/${imageId}`,
    loadBalancerArn,
    targetGroupArn,
    database.DBInstance?.DBInstanceArn ?? '',
    cluster.DBCluster?.DBClusterArn ?? '',
    member.DBInstance?.DBInstanceArn ?? '',
    'arn:aws:s3:::payments-exports-111122223333',
    ...tableArns,
    lambdaFunction.FunctionArn ?? '',
  ];
  return {
    retirable,
    protectedInstance,
    standalone,
    autoScalingGroupArn,
    webInstanceIds,
    loadBalancerArn,
    targetGroupArn,
    imageId,
    imageSnapshotIds,
    databaseArn: database.DBInstance?.DBInstanceArn ?? '',
    clusterArn: cluster.DBCluster?.DBClusterArn ?? '',
    clusterMemberArn: member.DBInstance?.DBInstanceArn ?? '',
    bucketArn: 'arn:aws:s3:::payments-exports-111122223333',
    tableArns,
    functionArn: lambdaFunction.FunctionArn ?? '',
    vpcArn: ec2Arn(place, 'vpc', vpc.Vpc?.VpcId ?? ''),
    vpcResidentArn: ec2Arn(place, 'security-group', resident.GroupId ?? ''),
    lookAlikes: {
      billingInstance,
      otherRegionInstance,
      untaggedVolumeId: untagged.VolumeId ?? '',
      stagingBucket: 'payments-staging-111122223333',
    },
  };
}
