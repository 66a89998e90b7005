import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DisableImageDeregistrationProtectionCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AWS_RESOURCE_TYPES, AwsClients, awsSource } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsInventoryPort } from '../src/ports/inventory-port.js';
import { awsRetirementPort } from '../src/ports/retirement-port.js';
import { AMI } from '../src/resources/ami.js';
import { AUTO_SCALING_GROUP } from '../src/resources/auto-scaling-group.js';
import { EBS_SNAPSHOT } from '../src/resources/ebs-snapshot.js';
import { EC2_INSTANCE } from '../src/resources/ec2-instance.js';
import { LOAD_BALANCER } from '../src/resources/load-balancer.js';
import { TARGET_GROUP } from '../src/resources/target-group.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { seedInstance } from './support/moto-world.js';
import { actionOn, contextFor, discoverAll, portsOn, reconcile, run, tagList } from './support/retirement-harness.js';

withOwnMoto();

const WORKLOAD = { workload: 'payments' } as const;
const LOOK_ALIKE = { workload: 'payments-archive' } as const;
const SOURCE = { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: WORKLOAD } };
const TYPES = [AMI, EBS_SNAPSHOT, AUTO_SCALING_GROUP, LOAD_BALANCER, TARGET_GROUP, EC2_INSTANCE];

const build = () => portsOn(TYPES);

/** An AMI of a fresh instance, tagged; with the snapshots moto makes for it. */
async function seedImage(oracle: AwsClients, name: string, tags: Readonly<Record<string, string>>) {
  const ec2 = oracle.get('ec2', TEST_REGION);
  const instance = await seedInstance(oracle, { region: TEST_REGION, tags: {}, keepRootVolume: true });
  const created = await ec2.send(
    new CreateImageCommand({
      InstanceId: instance.id,
      Name: name,
      TagSpecifications: [{ ResourceType: 'image', Tags: tagList(tags) }],
    }),
  );
  const id = created.ImageId ?? '';
  const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images?.[0];
  const snapshots = (image?.BlockDeviceMappings ?? []).flatMap((mapping) => mapping.Ebs?.SnapshotId ?? []);
  return { id, arn: `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:image/${id}`, snapshots };
}

async function imageExists(oracle: AwsClients, id: string): Promise<boolean> {
  const found = await oracle
    .get('ec2', TEST_REGION)
    .send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'image-id', Values: [id] }] }));
  return (found.Images ?? []).some((image) => image.State !== 'deregistered');
}

async function snapshotIds(oracle: AwsClients, ids: readonly string[]): Promise<string[]> {
  const found = await oracle
    .get('ec2', TEST_REGION)
    .send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: [...ids] }] }));
  return (found.Snapshots ?? []).map((snapshot) => snapshot.SnapshotId ?? '').sort();
}

/** An Auto Scaling group of `size` instances, tagged (and its instances through PropagateAtLaunch). */
async function seedGroup(oracle: AwsClients, name: string, tags: Readonly<Record<string, string>>, size: number) {
  const ec2 = oracle.get('ec2', TEST_REGION);
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: image, InstanceType: 't3.micro' },
    }),
  );
  const autoscaling = oracle.get('autoscaling', TEST_REGION);
  await autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateName: name },
      MinSize: 0,
      MaxSize: 4,
      DesiredCapacity: size,
      AvailabilityZones: [`${TEST_REGION}a`],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
    }),
  );
  const group = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];
  return {
    name,
    arn: group?.AutoScalingGroupARN ?? '',
    instanceIds: (group?.Instances ?? []).map((member) => member.InstanceId ?? ''),
  };
}

async function groupExists(oracle: AwsClients, name: string): Promise<boolean> {
  const found = await oracle
    .get('autoscaling', TEST_REGION)
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return (found.AutoScalingGroups ?? []).length > 0;
}

async function instanceStates(oracle: AwsClients, ids: readonly string[]): Promise<string[]> {
  const found = await oracle
    .get('ec2', TEST_REGION)
    .send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [...ids] }] }));
  return (found.Reservations ?? []).flatMap((reservation) =>
    (reservation.Instances ?? []).map((instance) => instance.State?.Name ?? 'unknown'),
  );
}

/** A VPC with two subnets, a load balancer and a target group per tag set, the first one's listener forwarding. */
async function seedBalancing(oracle: AwsClients) {
  const ec2 = oracle.get('ec2', TEST_REGION);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId ?? '';
  const subnets: string[] = [];
  for (const [index, zone] of ['a', 'b'].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpc,
        CidrBlock: `10.20.${index}.0/24`,
        AvailabilityZone: `${TEST_REGION}${zone}`,
      }),
    );
    subnets.push(subnet.Subnet?.SubnetId ?? '');
  }
  const elb = oracle.get('elbv2', TEST_REGION);
  const balancer = async (name: string, tags: Readonly<Record<string, string>>) =>
    (await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, Tags: tagList(tags) })))
      .LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  const targetGroup = async (name: string, tags: Readonly<Record<string, string>>) =>
    (
      await elb.send(
        new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpc, Tags: tagList(tags) }),
      )
    ).TargetGroups?.[0]?.TargetGroupArn ?? '';
  const loadBalancerArn = await balancer('payments-lb', WORKLOAD);
  const lookAlikeBalancerArn = await balancer('archive-lb', LOOK_ALIKE);
  const targetGroupArn = await targetGroup('payments-tg', WORKLOAD);
  const lookAlikeTargetGroupArn = await targetGroup('archive-tg', LOOK_ALIKE);
  const listener = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  return {
    loadBalancerArn,
    lookAlikeBalancerArn,
    targetGroupArn,
    lookAlikeTargetGroupArn,
    listenerArn: listener.Listeners?.[0]?.ListenerArn ?? '',
  };
}

async function balancerExists(oracle: AwsClients, arn: string): Promise<boolean> {
  const found = await oracle.get('elbv2', TEST_REGION).send(new DescribeLoadBalancersCommand({}));
  return (found.LoadBalancers ?? []).some((balancer) => balancer.LoadBalancerArn === arn);
}

async function targetGroupExists(oracle: AwsClients, arn: string): Promise<boolean> {
  const found = await oracle.get('elbv2', TEST_REGION).send(new DescribeTargetGroupsCommand({}));
  return (found.TargetGroups ?? []).some((group) => group.TargetGroupArn === arn);
}

describe('AMIs on moto_server', () => {
  beforeEach(resetMoto);

  it('discovers the workload image by tag (not a look-alike), deregisters it and leaves its snapshots to their own actions', async () => {
    const oracle = motoClients();
    const image = await seedImage(oracle, 'payments-golden', WORKLOAD);
    const lookAlike = await seedImage(oracle, 'archive-golden', LOOK_ALIKE);
    expect(image.snapshots.length).toBeGreaterThan(0);
    const ports = build();
    const found = await discoverAll(ports);
    expect(found.get(image.arn)).toMatchObject({
      type: 'AWS::EC2::Image',
      name: 'payments-golden',
      state: 'available',
      tags: WORKLOAD,
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.has(lookAlike.arn)).toBe(false);
    // AWS's own account-less ARN names the same image.
    expect(AMI.idOf(`arn:aws:ec2:${TEST_REGION}::image/${image.id}`)).toBe(image.id);

    const remove = actionOn(image.arn, 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    const outcome = (await run(ports.retirement, remove))._unsafeUnwrap();
    expect(outcome).toEqual({
      status: 'done',
      result: { imageId: image.id, state: 'deregistered', snapshotIdsLeftForTheirOwnActions: image.snapshots },
    });
    expect(await imageExists(oracle, image.id)).toBe(false);
    // As in the fake: the snapshots are resources of their own, never deleted through their image.
    expect(await snapshotIds(oracle, image.snapshots)).toEqual([...image.snapshots].sort());
    expect(await imageExists(oracle, lookAlike.id)).toBe(true);
    expect((await reconcile(ports.retirement, remove)).status).toBe('done');
    expect((await ports.inventory.describe(image.arn))._unsafeUnwrap()).toBeNull();
    // Delivered again after a lost answer: already gone is done, and nothing more is sent.
    const before = (await mutatingRequests()).length;
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { alreadyGone: true },
    });
    expect((await mutatingRequests()).length).toBe(before);
    const deregisters = (await recordedRequests()).filter((request) => request.action === 'DeregisterImage');
    expect(deregisters).toHaveLength(1);
    const body = new URLSearchParams(deregisters[0]?.body ?? '');
    expect(body.get('ImageId')).toBe(image.id);
    expect(body.get('DeleteAssociatedSnapshots')).toBe('false');
  });

  it('discovers its tagged snapshots depending on it: refused (Conflict) while it is registered, deleted after', async () => {
    const oracle = motoClients();
    const image = await seedImage(oracle, 'payments-golden', WORKLOAD);
    const lookAlike = await seedImage(oracle, 'archive-golden', LOOK_ALIKE);
    await oracle
      .get('ec2', TEST_REGION)
      .send(new CreateTagsCommand({ Resources: image.snapshots, Tags: tagList(WORKLOAD) }));
    await oracle
      .get('ec2', TEST_REGION)
      .send(new CreateTagsCommand({ Resources: lookAlike.snapshots, Tags: tagList(LOOK_ALIKE) }));
    const ports = build();
    const found = await discoverAll(ports);
    const snapshotArns = image.snapshots.map((id) => `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot/${id}`);
    for (const arn of snapshotArns) {
      expect(found.get(arn)).toMatchObject({
        type: 'AWS::EC2::Snapshot',
        state: 'completed',
        tags: WORKLOAD,
        dependsOn: [image.arn],
      });
    }
    for (const id of lookAlike.snapshots) {
      expect(found.has(`arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot/${id}`)).toBe(false);
    }
    const first = snapshotArns[0] ?? '';
    const removeSnapshot = actionOn(first, 'resource.delete');
    const inUse = (await run(ports.retirement, removeSnapshot))._unsafeUnwrapErr();
    expect(inUse.code).toBe('Conflict');
    expect(inUse.message).toContain('InvalidSnapshot.InUse');
    expect(await snapshotIds(oracle, image.snapshots)).toEqual([...image.snapshots].sort());

    // The planner orders it: the image first (its delete names the snapshots going with it), then each snapshot.
    const removeImage = actionOn(image.arn, 'resource.delete', { dependentArns: snapshotArns });
    expect((await run(ports.retirement, removeImage))._unsafeUnwrap().status).toBe('done');
    expect((await ports.inventory.describe(first))._unsafeUnwrap()?.dependsOn).toEqual([]);
    expect(await reconcile(ports.retirement, removeSnapshot)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, removeSnapshot))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { snapshotId: first.split('/').pop(), state: 'deleted' },
    });
    expect(await snapshotIds(oracle, image.snapshots)).toEqual(image.snapshots.slice(1).sort());
    expect((await reconcile(ports.retirement, removeSnapshot)).status).toBe('done');
    expect((await run(ports.retirement, removeSnapshot))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { alreadyGone: true },
    });
    expect(await snapshotIds(oracle, lookAlike.snapshots)).toEqual([...lookAlike.snapshots].sort());
    const imageArn = actionOn(image.arn, 'resource.delete');
    const wrong = EBS_SNAPSHOT.handlers(ports.clients)['resource.delete'];
    expect((await wrong.execute(imageArn, contextFor(imageArn)))._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('is not stoppable, reports no deregistration protection (moto has none: lifting it is tested on a mock below), and refuses an ARN of another type', async () => {
    const oracle = motoClients();
    const image = await seedImage(oracle, 'payments-golden', WORKLOAD);
    const ports = build();
    const stop = await run(ports.retirement, actionOn(image.arn, 'resource.stop'));
    expect(stop._unsafeUnwrapErr().code).toBe('InvalidInput');
    const [described] = (
      await AMI.describeMany(ports.clients, { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION }, [image.id])
    )._unsafeUnwrap();
    expect(described?.protection).toEqual({ deletion: false, stop: false }); // so no lift is ever planned
    const volumeArn = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:volume/vol-0123456789abcdef0`;
    const delete_ = AMI.handlers(ports.clients)['resource.delete'];
    const wrong = await delete_.execute(actionOn(volumeArn, 'resource.delete'), contextFor(actionOn(volumeArn, 'x')));
    expect(wrong._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(wrong._unsafeUnwrapErr().message).toContain('is not a AWS::EC2::Image');
    expect(await imageExists(oracle, image.id)).toBe(true);
  });
});

describe("rate-limit claims (the engine's bucket names, as the fake)", () => {
  it('claims ec2:mutating for images and snapshots, autoscaling:default and elasticloadbalancing:default for the rest', () => {
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    const cases = [
      [AMI, `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:image/ami-0123456789abcdef0`, 'ec2', 'mutating'],
      [
        EBS_SNAPSHOT,
        `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot/snap-0123456789abcdef0`,
        'ec2',
        'mutating',
      ],
      [
        AUTO_SCALING_GROUP,
        `arn:aws:autoscaling:${TEST_REGION}:${MOTO_ACCOUNT_ID}:autoScalingGroup:6e1a0c2e-1111-4222-8333-944445555666:autoScalingGroupName/web`,
        'autoscaling',
        'default',
      ],
      [
        LOAD_BALANCER,
        `arn:aws:elasticloadbalancing:${TEST_REGION}:${MOTO_ACCOUNT_ID}:loadbalancer/app/web/0123456789abcdef`,
        'elasticloadbalancing',
        'default',
      ],
      [
        TARGET_GROUP,
        `arn:aws:elasticloadbalancing:${TEST_REGION}:${MOTO_ACCOUNT_ID}:targetgroup/web/0123456789abcdef`,
        'elasticloadbalancing',
        'default',
      ],
    ] as const;
    for (const [type, arn, service, bucket] of cases) {
      expect(type.idOf(arn)).not.toBeNull();
      const remove = actionOn(arn, 'resource.delete');
      expect(type.handlers(clients)['resource.delete'].rateLimits?.(remove)).toEqual([{ service, bucket, ...place }]);
    }
    const lift = actionOn(cases[3][1], 'protection.lift');
    expect(LOAD_BALANCER.handlers(clients)['protection.lift'].rateLimits?.(lift)).toEqual([
      { service: 'elasticloadbalancing', bucket: 'default', ...place },
    ]);
  });
});

describe('an AMI under deregistration protection (aws-sdk-client-mock: moto has none)', () => {
  it('is refused (Conflict) without a DeregisterImage', async () => {
    const ec2 = new EC2Client({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(ec2);
    mock.on(DescribeImagesCommand).resolves({
      Images: [
        { ImageId: 'ami-0123456789abcdef0', State: 'available', DeregistrationProtection: 'enabled-with-cooldown' },
      ],
    });
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { ec2 } });
    const arn = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:image/ami-0123456789abcdef0`;
    const remove = actionOn(arn, 'resource.delete');
    const refused = (
      await AMI.handlers(clients)['resource.delete'].execute(remove, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('deregistration protection is enabled-with-cooldown');
    expect(mock.commandCalls(DeregisterImageCommand)).toHaveLength(0);
  });

  it('reports the protection, lifts it by its own action, and refuses to deregister while it cools down', async () => {
    const ec2 = new EC2Client({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(ec2);
    const imageId = 'ami-0123456789abcdef1';
    let protection = 'enabled-with-cooldown';
    mock.on(DescribeImagesCommand).callsFake(() => ({
      Images: [{ ImageId: imageId, State: 'available', DeregistrationProtection: protection }],
    }));
    const coolsUntil = new Date(Date.now() + 24 * 3_600_000);
    mock.on(DisableImageDeregistrationProtectionCommand).callsFake(() => {
      protection = `disabled-until ${coolsUntil.toISOString()}`;
      return { Return: 'true' };
    });
    mock.on(DeregisterImageCommand).resolves({});
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { ec2 } });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    const arn = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:image/${imageId}`;
    const [described] = (await AMI.describeMany(clients, place, [imageId]))._unsafeUnwrap();
    expect(described?.protection).toEqual({ deletion: true, stop: false });

    const handlers = AMI.handlers(clients);
    const lift = actionOn(arn, 'protection.lift');
    expect((await handlers['protection.lift'].reconcile(lift, contextFor(lift)))._unsafeUnwrap()).toEqual({
      status: 'absent',
    });
    expect((await handlers['protection.lift'].execute(lift, contextFor(lift)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
    });
    expect(mock.commandCalls(DisableImageDeregistrationProtectionCommand)[0]?.args[0].input).toEqual({
      ImageId: imageId,
    });
    // After a crash, the lift reads back as done: the protection is off, though cooling down.
    expect((await handlers['protection.lift'].reconcile(lift, contextFor(lift)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
    });
    const [lifted] = (await AMI.describeMany(clients, place, [imageId]))._unsafeUnwrap();
    expect(lifted?.protection.deletion).toBe(false);

    const remove = actionOn(arn, 'resource.delete');
    const cooling = (await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrapErr();
    expect(cooling.code).toBe('Conflict');
    expect(cooling.message).toContain(`cooldown that lasts until ${coolsUntil.toISOString()}`);
    expect(mock.commandCalls(DeregisterImageCommand)).toHaveLength(0);

    protection = `disabled-until ${new Date(Date.now() - 1_000).toISOString()}`;
    expect((await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
    });
    expect(mock.commandCalls(DeregisterImageCommand)[0]?.args[0].input).toEqual({
      ImageId: imageId,
      DeleteAssociatedSnapshots: false,
    });
  });
});

describe('Auto Scaling groups on moto_server', () => {
  beforeEach(resetMoto);

  it('discovers the group by tag (the tagging API lists none, on AWS as on moto), with its instances depending on it', async () => {
    const oracle = motoClients();
    const group = await seedGroup(oracle, 'payments-web', WORKLOAD, 2);
    const lookAlike = await seedGroup(oracle, 'archive-web', LOOK_ALIKE, 1);
    const ports = build();
    const found = await discoverAll(ports);
    expect(found.get(group.arn)).toMatchObject({
      type: 'AWS::AutoScaling::AutoScalingGroup',
      name: 'payments-web',
      state: 'desired 2, running 2',
      tags: WORKLOAD,
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.has(lookAlike.arn)).toBe(false);
    const instances = [...found.values()].filter((resource) => resource.type === 'AWS::EC2::Instance');
    expect(instances.map((instance) => instance.arn.split('/').pop()).sort()).toEqual([...group.instanceIds].sort());
    for (const instance of instances) expect(instance.dependsOn).toEqual([group.arn]);
    expect((await ports.inventory.describe(group.arn))._unsafeUnwrap()?.name).toBe('payments-web');
    // A CloudFormation physical id (the name) describes to the group under its own ARN.
    const byName = AUTO_SCALING_GROUP.arnOfPhysicalId(
      { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION },
      'payments-web',
    );
    expect(AUTO_SCALING_GROUP.idOf(byName)).toBe('payments-web');
    expect(
      (await AUTO_SCALING_GROUP.describeMany(ports.clients, SOURCE_PLACE, ['payments-web', 'gone']))._unsafeUnwrap(),
    ).toMatchObject([{ arn: group.arn }]);
  });

  it('force-deletes a group whose instances are all planned with it, and reconciles before and after', async () => {
    const oracle = motoClients();
    const group = await seedGroup(oracle, 'payments-web', WORKLOAD, 2);
    const ports = build();
    const instanceArns = group.instanceIds.map((id) => `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${id}`);
    const remove = actionOn(group.arn, 'resource.delete', { dependentArns: instanceArns });
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    const outcome = (await run(ports.retirement, remove))._unsafeUnwrap();
    expect(outcome).toMatchObject({ status: 'done', result: { groupName: 'payments-web', forceDelete: true } });
    expect(outcome.status === 'done' ? [...(outcome.result.terminatedInstanceIds as string[])].sort() : []).toEqual(
      [...group.instanceIds].sort(),
    );
    expect(await groupExists(oracle, 'payments-web')).toBe(false);
    expect(new Set(await instanceStates(oracle, group.instanceIds))).toEqual(new Set(['terminated']));
    expect((await reconcile(ports.retirement, remove)).status).toBe('done');
    expect((await ports.inventory.describe(group.arn))._unsafeUnwrap()).toBeNull();
    const deletes = (await recordedRequests()).filter((request) => request.action === 'DeleteAutoScalingGroup');
    expect(deletes).toHaveLength(1);
    const body = new URLSearchParams(deletes[0]?.body ?? '');
    expect(body.get('AutoScalingGroupName')).toBe('payments-web');
    expect(body.get('ForceDelete')).toBe('true');
  });

  it('refuses (Conflict, nothing sent) while the group holds an instance not planned with it', async () => {
    const oracle = motoClients();
    const group = await seedGroup(oracle, 'payments-web', WORKLOAD, 2);
    const ports = build();
    const [planned, stranger] = group.instanceIds;
    const remove = actionOn(group.arn, 'resource.delete', {
      dependentArns: [`arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${planned}`],
    });
    const before = (await mutatingRequests()).length;
    const refused = (await run(ports.retirement, remove))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain(String(stranger));
    expect(refused.message).not.toContain(String(planned));
    expect((await mutatingRequests()).length).toBe(before);
    expect(await groupExists(oracle, 'payments-web')).toBe(true);
    expect(new Set(await instanceStates(oracle, group.instanceIds))).toEqual(new Set(['running']));
    // Scaled to zero by someone else: nothing left to take along, so it goes.
    await oracle
      .get('autoscaling', TEST_REGION)
      .send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'payments-web', DesiredCapacity: 0 }));
    expect((await run(ports.retirement, actionOn(group.arn, 'resource.delete')))._unsafeUnwrap().status).toBe('done');
    expect(await groupExists(oracle, 'payments-web')).toBe(false);
  });

  it('is not stoppable and refuses an ARN of another type', async () => {
    const oracle = motoClients();
    const group = await seedGroup(oracle, 'payments-web', WORKLOAD, 1);
    const ports = build();
    expect((await run(ports.retirement, actionOn(group.arn, 'resource.stop')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    const delete_ = AUTO_SCALING_GROUP.handlers(ports.clients)['resource.delete'];
    const lbArn = `arn:aws:elasticloadbalancing:${TEST_REGION}:${MOTO_ACCOUNT_ID}:loadbalancer/app/x/0123456789abcdef`;
    const wrong = actionOn(lbArn, 'resource.delete');
    expect((await delete_.execute(wrong, contextFor(wrong)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await delete_.reconcile(wrong, contextFor(wrong)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(await groupExists(oracle, 'payments-web')).toBe(true);
  });
});

describe('Auto Scaling group deletes that AWS finishes later (aws-sdk-client-mock: moto deletes at once)', () => {
  const name = 'payments-web';
  const arn = `arn:aws:autoscaling:${TEST_REGION}:${MOTO_ACCOUNT_ID}:autoScalingGroup:6e1a0c2e-1111-4222-8333-944445555666:autoScalingGroupName/${name}`;
  const group = (status?: string) => ({
    AutoScalingGroupName: name,
    AutoScalingGroupARN: arn,
    MinSize: 0,
    MaxSize: 2,
    DesiredCapacity: 1,
    DefaultCooldown: 300,
    AvailabilityZones: [`${TEST_REGION}a`],
    HealthCheckType: 'EC2',
    CreatedTime: new Date(0),
    Instances: [
      {
        InstanceId: 'i-0123456789abcdef0',
        AvailabilityZone: `${TEST_REGION}a`,
        LifecycleState: status === undefined ? ('InService' as const) : ('Terminating' as const),
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
      },
    ],
    ...(status === undefined ? {} : { Status: status }),
  });

  function mocked() {
    const autoscaling = new AutoScalingClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(autoscaling);
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { autoscaling }, pollMilliseconds: 5 });
    return { mock, handler: AUTO_SCALING_GROUP.handlers(clients)['resource.delete'] };
  }
  const planned = actionOn(arn, 'resource.delete', {
    dependentArns: [`arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/i-0123456789abcdef0`],
  });

  it('checkpoints while the group is "Delete in progress" and polls until it is gone', async () => {
    const { mock, handler } = mocked();
    mock
      .on(DescribeAutoScalingGroupsCommand)
      .resolvesOnce({ AutoScalingGroups: [group()] })
      .resolvesOnce({ AutoScalingGroups: [group('Delete in progress')] })
      .resolvesOnce({ AutoScalingGroups: [group('Delete in progress')] })
      .resolves({ AutoScalingGroups: [] });
    mock.on(DeleteAutoScalingGroupCommand).resolves({});
    const first = (await handler.execute(planned, contextFor(planned)))._unsafeUnwrap();
    expect(first).toEqual({
      status: 'pending',
      checkpoint: { groupName: name, terminatedInstanceIds: ['i-0123456789abcdef0'] },
      pollAfterMilliseconds: 5,
    });
    const checkpoint = first.status === 'pending' ? first.checkpoint : {};
    expect((await handler.poll?.(planned, checkpoint, contextFor(planned)))?._unsafeUnwrap().status).toBe('pending');
    expect((await handler.poll?.(planned, checkpoint, contextFor(planned)))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { groupName: name, state: 'deleted', forceDelete: true, terminatedInstanceIds: ['i-0123456789abcdef0'] },
    });
    expect(mock.commandCalls(DeleteAutoScalingGroupCommand).map((call) => call.args[0].input)).toEqual([
      { AutoScalingGroupName: name, ForceDelete: true },
    ]);
  });

  it('after a crash: a delete in progress is resumed (pending), never sent again; an untouched group is absent', async () => {
    const { mock, handler } = mocked();
    mock.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group('Delete in progress')] });
    expect((await handler.reconcile(planned, contextFor(planned)))._unsafeUnwrap().status).toBe('pending');
    expect((await handler.execute(planned, contextFor(planned)))._unsafeUnwrap().status).toBe('pending');
    expect(mock.commandCalls(DeleteAutoScalingGroupCommand)).toHaveLength(0);
    mock.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group()] });
    expect((await handler.reconcile(planned, contextFor(planned)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect(mock.commandCalls(DeleteAutoScalingGroupCommand)).toHaveLength(0);
  });
});

const SOURCE_PLACE = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };

describe('ELBv2 load balancers and target groups on moto_server', () => {
  beforeEach(resetMoto);

  it('discovers them by tag (not look-alikes), with deletion protection and the target group depending on its load balancer', async () => {
    const oracle = motoClients();
    const seeded = await seedBalancing(oracle);
    await oracle.get('elbv2', TEST_REGION).send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: seeded.loadBalancerArn,
        Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
      }),
    );
    const ports = build();
    const found = await discoverAll(ports);
    expect(found.get(seeded.loadBalancerArn)).toMatchObject({
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      name: 'payments-lb',
      state: 'active',
      tags: WORKLOAD,
      protection: { deletion: true, stop: false },
      dependsOn: [],
    });
    expect(found.get(seeded.targetGroupArn)).toMatchObject({
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      name: 'payments-tg',
      state: 'in-use',
      tags: WORKLOAD,
      protection: { deletion: false, stop: false },
      dependsOn: [seeded.loadBalancerArn],
    });
    expect(found.has(seeded.lookAlikeBalancerArn)).toBe(false);
    expect(found.has(seeded.lookAlikeTargetGroupArn)).toBe(false);
    // One gone ARN in a batch does not fail the others (DescribeLoadBalancers answers LoadBalancerNotFound for it).
    const goneArn = seeded.lookAlikeBalancerArn.replace(/[0-9a-f]{4}$/, '0000');
    const described = (
      await LOAD_BALANCER.describeMany(ports.clients, SOURCE_PLACE, [goneArn, seeded.lookAlikeBalancerArn])
    )._unsafeUnwrap();
    expect(described.map((resource) => resource.arn)).toEqual([seeded.lookAlikeBalancerArn]);
    expect(described[0]?.protection.deletion).toBe(false);
  });

  it('refuses to delete a protected load balancer, lifts the protection, then deletes it; the target group goes after', async () => {
    const oracle = motoClients();
    const seeded = await seedBalancing(oracle);
    await oracle.get('elbv2', TEST_REGION).send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: seeded.loadBalancerArn,
        Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
      }),
    );
    const ports = build();
    const removeGroup = actionOn(seeded.targetGroupArn, 'resource.delete');
    const inUse = (await run(ports.retirement, removeGroup))._unsafeUnwrapErr();
    expect(inUse.code).toBe('Conflict');
    expect(inUse.message).toContain('ResourceInUse');
    expect(await targetGroupExists(oracle, seeded.targetGroupArn)).toBe(true);

    const removeBalancer = actionOn(seeded.loadBalancerArn, 'resource.delete');
    const before = (await mutatingRequests()).length;
    const refused = (await run(ports.retirement, removeBalancer))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('deletion protection is on');
    // moto would delete it regardless; nothing was sent.
    expect((await mutatingRequests()).length).toBe(before);
    expect(await balancerExists(oracle, seeded.loadBalancerArn)).toBe(true);

    const lift = actionOn(seeded.loadBalancerArn, 'protection.lift');
    expect(await reconcile(ports.retirement, lift)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, lift))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { loadBalancerArn: seeded.loadBalancerArn, deletionProtection: false },
    });
    expect((await reconcile(ports.retirement, lift)).status).toBe('done');
    const modify = (await recordedRequests()).filter((request) => request.action === 'ModifyLoadBalancerAttributes');
    const liftBody = new URLSearchParams(modify.at(-1)?.body ?? '');
    expect(liftBody.get('LoadBalancerArn')).toBe(seeded.loadBalancerArn);
    expect(liftBody.get('Attributes.member.1.Key')).toBe('deletion_protection.enabled');
    expect(liftBody.get('Attributes.member.1.Value')).toBe('false');

    expect(await reconcile(ports.retirement, removeBalancer)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, removeBalancer))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { loadBalancerArn: seeded.loadBalancerArn, state: 'deleted' },
    });
    expect(await balancerExists(oracle, seeded.loadBalancerArn)).toBe(false);
    expect((await reconcile(ports.retirement, removeBalancer)).status).toBe('done');
    expect((await ports.inventory.describe(seeded.loadBalancerArn))._unsafeUnwrap()).toBeNull();
    expect(await balancerExists(oracle, seeded.lookAlikeBalancerArn)).toBe(true);

    // DeleteLoadBalancer took its listener with it: the target group is no longer in use.
    expect(await reconcile(ports.retirement, removeGroup)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, removeGroup))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { targetGroupArn: seeded.targetGroupArn, state: 'deleted' },
    });
    expect(await targetGroupExists(oracle, seeded.targetGroupArn)).toBe(false);
    expect(await targetGroupExists(oracle, seeded.lookAlikeTargetGroupArn)).toBe(true);
    expect((await reconcile(ports.retirement, removeGroup)).status).toBe('done');
    expect((await run(ports.retirement, removeGroup))._unsafeUnwrap()).toMatchObject({ status: 'done' });
  });

  it('is not stoppable, has no target group protection, and refuses ARNs of other types', async () => {
    const oracle = motoClients();
    const seeded = await seedBalancing(oracle);
    const ports = build();
    for (const arn of [seeded.loadBalancerArn, seeded.targetGroupArn]) {
      expect((await run(ports.retirement, actionOn(arn, 'resource.stop')))._unsafeUnwrapErr().code).toBe(
        'InvalidInput',
      );
    }
    expect(
      (await run(ports.retirement, actionOn(seeded.targetGroupArn, 'protection.lift')))._unsafeUnwrap(),
    ).toMatchObject({ status: 'done', result: { protection: 'none' } });
    const balancerDelete = LOAD_BALANCER.handlers(ports.clients)['resource.delete'];
    const onGroup = actionOn(seeded.targetGroupArn, 'resource.delete');
    expect((await balancerDelete.execute(onGroup, contextFor(onGroup)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const groupDelete = TARGET_GROUP.handlers(ports.clients)['resource.delete'];
    const onBalancer = actionOn(seeded.loadBalancerArn, 'resource.delete');
    expect((await groupDelete.execute(onBalancer, contextFor(onBalancer)))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(await balancerExists(oracle, seeded.loadBalancerArn)).toBe(true);
    expect(await targetGroupExists(oracle, seeded.targetGroupArn)).toBe(true);
  });
});

describe('a checklist run over these types, on moto_server', () => {
  beforeEach(resetMoto);

  const cutoverConfirmedByHand = defineStep({
    id: 'cutover-confirmed-by-hand',
    item: 'cutover',
    title: 'Cutover confirmed by the migration team',
    needs: [],
    plan: () => ({ actions: [], findings: [] }),
    verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
  });
  const workload = defineWorkload({
    id: 'payments',
    source: SOURCE,
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
    policies: { 'AWS::ElasticLoadBalancingV2::LoadBalancer': { liftProtection: true } },
  })._unsafeUnwrap();

  it('retires group before instances, balancer before target group, image before snapshots; look-alikes untouched', async () => {
    const oracle = motoClients();
    const group = await seedGroup(oracle, 'payments-web', WORKLOAD, 2);
    const lookAlikeGroup = await seedGroup(oracle, 'archive-web', LOOK_ALIKE, 1);
    const balancing = await seedBalancing(oracle);
    await oracle.get('elbv2', TEST_REGION).send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: balancing.loadBalancerArn,
        Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
      }),
    );
    const image = await seedImage(oracle, 'payments-golden', WORKLOAD);
    const lookAlikeImage = await seedImage(oracle, 'archive-golden', LOOK_ALIKE);
    await oracle
      .get('ec2', TEST_REGION)
      .send(new CreateTagsCommand({ Resources: image.snapshots, Tags: tagList(WORKLOAD) }));

    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, pollMilliseconds: 20 });
    const types = [...AWS_RESOURCE_TYPES, AMI, EBS_SNAPSHOT, AUTO_SCALING_GROUP, LOAD_BALANCER, TARGET_GROUP];
    const providers = {
      ...awsSource({
        region: TEST_REGION,
        endpoint: motoEndpoint(),
        credentials: TEST_CREDENTIALS,
        backups: { defaultMethod: 'native', awsBackup: false },
        pollMilliseconds: 20,
      }),
      inventory: awsInventoryPort(clients, types, TEST_REGION),
      retirement: awsRetirementPort(clients, types),
    };
    const checklist = createChecklist(workload, [cutoverConfirmedByHand, finalBackups, retireResources]);
    const engine = createEngine({ checklist, providers, journal: memoryJournal() })._unsafeUnwrap();
    const mutatingBefore = (await mutatingRequests()).length;
    const plan = (await engine.plan())._unsafeUnwrap();
    expect((await mutatingRequests()).length).toBe(mutatingBefore);
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    expect(retire?.findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);

    const planned = (await recordedRequests()).length;
    await engine.apply(plan, { approve: async () => true });
    const applied = (await recordedRequests()).slice(planned);
    const indexOf = (action: string) => applied.findIndex((request) => request.action === action);
    // The group's instances were backed up (their snapshots) before ForceDelete took them.
    expect(indexOf('CreateSnapshots')).toBeGreaterThanOrEqual(0);
    expect(indexOf('DeleteAutoScalingGroup')).toBeGreaterThan(indexOf('CreateSnapshots'));
    expect(indexOf('ModifyLoadBalancerAttributes')).toBeLessThan(indexOf('DeleteLoadBalancer'));
    expect(indexOf('DeleteLoadBalancer')).toBeLessThan(indexOf('DeleteTargetGroup'));
    expect(indexOf('DeregisterImage')).toBeLessThan(indexOf('DeleteSnapshot'));
    // ForceDelete terminated the group's instances: their own deletes found them gone and sent nothing.
    expect(indexOf('TerminateInstances')).toBe(-1);
    expect(applied.filter((request) => request.action === 'DeleteAutoScalingGroup')).toHaveLength(1);

    expect(await groupExists(oracle, group.name)).toBe(false);
    expect(new Set(await instanceStates(oracle, group.instanceIds))).toEqual(new Set(['terminated']));
    expect(await groupExists(oracle, lookAlikeGroup.name)).toBe(true);
    expect(new Set(await instanceStates(oracle, lookAlikeGroup.instanceIds))).toEqual(new Set(['running']));
    expect(await balancerExists(oracle, balancing.loadBalancerArn)).toBe(false);
    expect(await targetGroupExists(oracle, balancing.targetGroupArn)).toBe(false);
    expect(await balancerExists(oracle, balancing.lookAlikeBalancerArn)).toBe(true);
    expect(await targetGroupExists(oracle, balancing.lookAlikeTargetGroupArn)).toBe(true);
    expect(await imageExists(oracle, image.id)).toBe(false);
    expect(await snapshotIds(oracle, image.snapshots)).toEqual([]);
    expect(await imageExists(oracle, lookAlikeImage.id)).toBe(true);
    expect(await snapshotIds(oracle, lookAlikeImage.snapshots)).toEqual([...lookAlikeImage.snapshots].sort());
  });
});
