import {
  CreateTagsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { AWS_RESOURCE_TYPES, awsSource, NAT_GATEWAY, SUBNET, VPC } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  type DecomError,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  type Result,
  retireResources,
  verified,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ec2Arn } from '../src/arns.js';
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
import { seedVpc } from './support/moto-vpc-fixtures.js';
import { seedInstance } from './support/moto-world.js';
import { actionOn, expectNoStopNorProtection, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const WORKLOAD = { workload: 'payments' } as const;
const OTHER = { workload: 'billing' } as const;
const PLACE = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
const NETWORK_DELETES = [
  'DeleteNetworkInterface',
  'DeleteNatGateway',
  'DeleteVpcEndpoints',
  'DeleteSubnet',
  'DisassociateRouteTable',
  'DeleteRouteTable',
  'DetachInternetGateway',
  'DeleteInternetGateway',
  'DeleteVpc',
];

const source = () =>
  awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    pollMilliseconds: 1,
    readRateLimits: false,
    backups: { defaultMethod: 'native', awsBackup: false },
  });

const cutoverConfirmedByHand = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [], findings: [] }),
  verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
});

function engine() {
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: WORKLOAD } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
    // The instances here hold nothing: the test is about the order of the network deletes.
    policies: { 'AWS::EC2::Instance': { backup: 'none' } },
  })._unsafeUnwrap();
  const checklist = createChecklist(workload, [cutoverConfirmedByHand, finalBackups, retireResources]);
  return createEngine({ checklist, providers: source(), journal: memoryJournal() })._unsafeUnwrap();
}

/** The value, or a thrown error that shows the DecomError. */
function unwrap<T>(result: Result<T, DecomError>): T {
  if (result.isErr()) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function vpcExists(ec2: EC2Client, vpcId: string): Promise<boolean> {
  const found = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return (found.Vpcs ?? []).length > 0;
}

describe('VPC networking (on moto)', () => {
  beforeEach(resetMoto);

  it('reads ids only from ARNs of their own kind', () => {
    expect(SUBNET.idOf(ec2Arn(PLACE, 'subnet', 'subnet-0abc'))).toBe('subnet-0abc');
    expect(SUBNET.idOf(ec2Arn(PLACE, 'vpc', 'vpc-0abc'))).toBeNull();
    expect(SUBNET.idOf(ec2Arn(PLACE, 'subnet', 'vpc-0abc'))).toBeNull();
    expect(NAT_GATEWAY.idOf(ec2Arn(PLACE, 'natgateway', 'nat-0abc'))).toBe('nat-0abc');
    expect(VPC.idOf('arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc/extra')).toBeNull();
    expect(source().retirement.supportedTypes).toEqual(
      expect.arrayContaining([
        'AWS::EC2::VPC',
        'AWS::EC2::Subnet',
        'AWS::EC2::RouteTable',
        'AWS::EC2::InternetGateway',
        'AWS::EC2::NatGateway',
        'AWS::EC2::VPCEndpoint',
        'AWS::EC2::NetworkInterface',
      ]),
    );
    expect(AWS_RESOURCE_TYPES).toContain(VPC);
  });

  it('retires a whole VPC in scope in dependency order; another VPC is untouched', async () => {
    const clients = motoClients();
    const ec2 = clients.get('ec2', TEST_REGION);
    const vpc = await seedVpc(clients, WORKLOAD);
    const other = await seedVpc(clients, OTHER, OTHER, '10.30.0.0/16');
    await seedInstance(clients, { region: TEST_REGION, tags: WORKLOAD, subnetId: vpc.subnetId });

    const decom = engine();
    const mutatingBefore = (await mutatingRequests()).length;
    const plan = unwrap(await decom.plan());
    expect((await mutatingRequests()).length).toBe(mutatingBefore);
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    expect(retire?.findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);
    const targets = (retire?.actions ?? []).filter((action) => action.kind === 'resource.delete');
    expect(targets.map((action) => action.target.ref)).toEqual(expect.arrayContaining(Object.values(vpc.arns)));

    const planned = (await recordedRequests()).length;
    const report = unwrap(await decom.apply(plan, { approve: async () => true }));
    const retired = report.items.flatMap((item) => item.steps).find((step) => step.id === 'retire-resources');
    expect(
      retired?.status,
      JSON.stringify(
        retired?.actions
          .filter((record) => record.status !== 'done')
          .map((record) => [record.action.key, record.status, record.reason, record.error]),
      ),
    ).toBe('verified');
    const applied = (await recordedRequests()).slice(planned);
    const first = (action: string) => applied.findIndex((request) => request.action === action);
    for (const action of [...NETWORK_DELETES, 'TerminateInstances', 'ReleaseAddress', 'DeleteSecurityGroup']) {
      expect(first(action), action).toBeGreaterThanOrEqual(0);
    }
    expect(first('TerminateInstances')).toBeLessThan(first('DeleteNatGateway'));
    expect(first('DeleteNetworkInterface')).toBeLessThan(first('DeleteSubnet'));
    expect(first('DeleteNatGateway')).toBeLessThan(first('ReleaseAddress'));
    expect(first('DeleteNatGateway')).toBeLessThan(first('DeleteSubnet'));
    expect(first('DeleteVpcEndpoints')).toBeLessThan(first('DeleteRouteTable'));
    expect(first('DisassociateRouteTable')).toBeLessThan(first('DeleteRouteTable'));
    expect(first('DeleteSubnet')).toBeLessThan(first('DetachInternetGateway'));
    expect(first('DeleteRouteTable')).toBeLessThan(first('DetachInternetGateway'));
    expect(first('DetachInternetGateway')).toBeLessThan(first('DeleteInternetGateway'));
    expect(first('DeleteInternetGateway')).toBeLessThan(first('DeleteVpc'));
    expect(first('DeleteSecurityGroup')).toBeLessThan(first('DeleteVpc'));

    expect(await vpcExists(ec2, vpc.vpcId)).toBe(false);
    expect(await vpcExists(ec2, other.vpcId)).toBe(true);
    const gateways = await ec2.send(new DescribeInternetGatewaysCommand({}));
    expect((gateways.InternetGateways ?? []).map((gateway) => gateway.InternetGatewayId)).toEqual([
      other.internetGatewayId,
    ]);
    const touched = applied.filter(
      (request) => request.body.includes(other.vpcId) || request.body.includes(other.subnetId),
    );
    expect(touched.filter((request) => NETWORK_DELETES.includes(request.action ?? ''))).toEqual([]);
  });

  it('blocks every networking resource of a VPC that holds anything out of scope, naming it; touches none of them', async () => {
    const clients = motoClients();
    const vpc = await seedVpc(clients, WORKLOAD);
    const stranger = await seedInstance(clients, { region: TEST_REGION, tags: OTHER, subnetId: vpc.subnetId });
    const decom = engine();
    const plan = unwrap(await decom.plan());
    const findings = plan.steps.find((step) => step.id === 'retire-resources')?.findings ?? [];
    const networking = Object.entries(vpc.arns)
      .filter(([field]) => !['allocationId', 'securityGroupId'].includes(field))
      .map(([, arn]) => arn);
    for (const arn of networking) {
      expect(findings, arn).toContainEqual({
        severity: 'blocking',
        code: 'retired-only-together',
        message: expect.stringContaining(stranger.arn),
        resource: arn,
      });
    }
    const planned = (await recordedRequests()).length;
    await decom.apply(plan, { approve: async () => true });
    const applied = (await recordedRequests()).slice(planned);
    expect(applied.filter((request) => NETWORK_DELETES.includes(request.action ?? ''))).toEqual([]);
    expect(await vpcExists(clients.get('ec2', TEST_REGION), vpc.vpcId)).toBe(true);
  });

  it('blocks the networking of a VPC that is not itself in scope, naming the VPC', async () => {
    const vpc = await seedVpc(motoClients(), WORKLOAD, {});
    const plan = unwrap(await engine().plan());
    const findings = plan.steps.find((step) => step.id === 'retire-resources')?.findings ?? [];
    expect(findings).toContainEqual({
      severity: 'blocking',
      code: 'retired-only-together',
      message: expect.stringContaining(vpc.arns.vpcId),
      resource: vpc.arns.subnetId,
    });
    const deletes = plan.steps.flatMap((step) => step.actions).filter((action) => action.kind === 'resource.delete');
    expect(deletes.map((action) => action.target.ref)).not.toContain(vpc.arns.subnetId);
    expect(deletes.map((action) => action.target.ref)).not.toContain(vpc.arns.natGatewayId);
  });

  it('never touches the default VPC: its tagged subnet is a default-vpc finding, and its delete is refused', async () => {
    const ec2 = motoClients().get('ec2', TEST_REGION);
    const defaultVpc = (
      await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))
    ).Vpcs?.[0]?.VpcId;
    expect(defaultVpc).toBeDefined();
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [defaultVpc ?? ''] }] }),
    );
    const subnetId = subnets.Subnets?.[0]?.SubnetId ?? '';
    await ec2.send(new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'workload', Value: 'payments' }] }));
    const arn = ec2Arn(PLACE, 'subnet', subnetId);
    const ports = source();
    const described = (await ports.inventory.describe(arn))._unsafeUnwrap();
    expect(described?.retireBlockers).toContainEqual({
      code: 'default-vpc',
      message: `${arn} is in the default VPC ${defaultVpc}: default VPCs are never touched`,
    });
    const refused = (await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', message: expect.stringContaining('default VPC') });
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteSubnet')).toEqual([]);
  });

  it("reads an instance's tagged interface as a part of the instance: it depends on it alone, never blocks it, even in the default VPC", async () => {
    const clients = motoClients();
    const ec2 = clients.get('ec2', TEST_REGION);
    const instance = await seedInstance(clients, { region: TEST_REGION, tags: WORKLOAD });
    const interfaces = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instance.id] }] }),
    );
    const eniId = interfaces.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
    await ec2.send(new CreateTagsCommand({ Resources: [eniId], Tags: [{ Key: 'workload', Value: 'payments' }] }));
    const described = unwrap(await source().inventory.describe(ec2Arn(PLACE, 'network-interface', eniId)));
    expect(described).toMatchObject({ type: 'AWS::EC2::NetworkInterface', state: 'in-use', dependsOn: [instance.arn] });
    expect(described?.retireBlockers).toBeUndefined();
    expect(described?.retiredOnlyWith).toBeUndefined();
    const plan = unwrap(await engine().plan());
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    expect(retire?.findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);
    const refs = (retire?.actions ?? [])
      .filter((action) => action.kind === 'resource.delete')
      .map((action) => action.target.ref);
    expect(refs).toEqual(expect.arrayContaining([instance.arn, ec2Arn(PLACE, 'network-interface', eniId)]));
  });

  it('refuses at apply while the VPC holds anything else; deletes once it does not, reconciled before and after; a repeat is done', async () => {
    const clients = motoClients();
    const vpc = await seedVpc(clients, WORKLOAD);
    const ports = source();
    const remove = actionOn(vpc.arns.natGatewayId, 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    // The interface left behind and the security group still live in the VPC.
    const refused = (await run(ports.retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', message: expect.stringContaining(vpc.arns.interfaceId) });
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteNatGateway')).toEqual([]);

    for (const field of ['interfaceId', 'securityGroupId'] as const) {
      expect((await run(ports.retirement, actionOn(vpc.arns[field] ?? '', 'resource.delete'))).isOk()).toBe(true);
    }
    expect(unwrap(await run(ports.retirement, remove))).toEqual({
      status: 'done',
      result: { natGatewayId: vpc.natGatewayId, state: 'deleted' },
    });
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteNatGateway')).toHaveLength(1);
    await expectNoStopNorProtection(ports.retirement, vpc.arns.subnetId ?? '', ec2Arn(PLACE, 'subnet', 'vpc-0abc'));
  });
});
