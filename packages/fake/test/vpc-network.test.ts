import { createEngine, decommissionChecklist, memoryJournal } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloud, type FakeCloudSeed, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION } from './support.js';

const tags = { workload: 'payments' };
const billing = { workload: 'billing' };
const ec2 = (resource: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${resource}`;
const NETWORK = {
  vpc: ec2('vpc/vpc-0a1'),
  subnet: ec2('subnet/subnet-0a1'),
  routeTable: ec2('route-table/rtb-0a1'),
  internetGateway: ec2('internet-gateway/igw-0a1'),
  natGateway: ec2('natgateway/nat-0a1'),
  endpoint: ec2('vpc-endpoint/vpce-0a1'),
  leftBehind: ec2('network-interface/eni-0a1'),
};
const APP = ec2('instance/i-0app');
const ATTACHED = ec2('network-interface/eni-0a2');
const NETWORK_TYPES = [
  AWS_TYPES.vpc,
  AWS_TYPES.subnet,
  AWS_TYPES.routeTable,
  AWS_TYPES.internetGateway,
  AWS_TYPES.natGateway,
  AWS_TYPES.vpcEndpoint,
  AWS_TYPES.networkInterface,
] as const;

/** A VPC of `workload` with every kind of networking (NAT with its address, an endpoint, an interface left behind). */
function vpcSeed(suffix: string, workloadTags: Record<string, string>) {
  return {
    vpcs: [{ id: `vpc-0${suffix}`, tags: workloadTags }],
    subnets: [{ id: `subnet-0${suffix}`, vpcId: `vpc-0${suffix}`, tags: workloadTags }],
    routeTables: [
      { id: `rtb-0${suffix}`, vpcId: `vpc-0${suffix}`, subnetIds: [`subnet-0${suffix}`], tags: workloadTags },
    ],
    internetGateways: [{ id: `igw-0${suffix}`, vpcId: `vpc-0${suffix}`, tags: workloadTags }],
    addresses: [{ allocationId: `eipalloc-0${suffix}`, tags: workloadTags }],
    natGateways: [
      { id: `nat-0${suffix}`, subnetId: `subnet-0${suffix}`, allocationId: `eipalloc-0${suffix}`, tags: workloadTags },
    ],
    vpcEndpoints: [
      { id: `vpce-0${suffix}`, vpcId: `vpc-0${suffix}`, subnetIds: [`subnet-0${suffix}`], tags: workloadTags },
    ],
    networkInterfaces: [{ id: `eni-0${suffix}`, subnetId: `subnet-0${suffix}`, tags: workloadTags }],
    securityGroups: [{ id: `sg-0${suffix}`, vpcId: `vpc-0${suffix}`, groupName: `app-${suffix}`, tags: workloadTags }],
  };
}

/** Two VPCs (payments' and billing's), each holding its own instance; `stranger`: billing's instance lives in payments' VPC too. */
function source(stranger = false) {
  const payments = vpcSeed('a1', tags);
  const other = vpcSeed('b1', billing);
  return {
    vpcs: [...payments.vpcs, ...other.vpcs],
    subnets: [...payments.subnets, ...other.subnets],
    routeTables: [...payments.routeTables, ...other.routeTables],
    internetGateways: [...payments.internetGateways, ...other.internetGateways],
    addresses: [...payments.addresses, ...other.addresses],
    natGateways: [...payments.natGateways, ...other.natGateways],
    vpcEndpoints: [...payments.vpcEndpoints, ...other.vpcEndpoints],
    networkInterfaces: [
      ...payments.networkInterfaces,
      ...other.networkInterfaces,
      { id: 'eni-0a2', subnetId: 'subnet-0a1', attachedTo: APP, tags },
    ],
    securityGroups: [...payments.securityGroups, ...other.securityGroups],
    instances: [
      { id: 'i-0app', subnetId: 'subnet-0a1', securityGroups: ['sg-0a1'], tags },
      { id: 'i-0bill', subnetId: stranger ? 'subnet-0a1' : 'subnet-0b1', tags: billing },
    ],
  };
}

function seed(stranger = false): FakeCloudSeed {
  const base = standardSeed('2026-12-16T00:00:00Z');
  const network = source(stranger);
  // EC2 reports NetworkIn for every running instance: the VPC's instance is idle too.
  const metrics = base.services?.metrics ?? [];
  const idle = metrics
    .filter((series) => series.resource.endsWith('/i-web2'))
    .map((series) => ({ ...series, resource: APP }));
  return {
    ...base,
    services: { ...base.services, metrics: [...metrics, ...idle] },
    source: { ...base.source, ...network, instances: [...(base.source?.instances ?? []), ...network.instances] },
  };
}

function engineOver(cloud: FakeCloud) {
  return createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
}

/** Plans, applies and resumes (an hour apart) until the run settles. */
async function retire(cloud: FakeCloud) {
  const engine = engineOver(cloud);
  const plan = (await engine.plan())._unsafeUnwrap();
  const approve = () => true;
  const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
  for (let round = 0; round < 5; round += 1) {
    cloud.clock.advance(3_600_000);
    (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
  }
  return plan;
}

async function execute(cloud: FakeCloud, arn: string, type: string) {
  const action = actionOn('resource.delete', arn, {}, type);
  return handler(cloud, 'resource.delete').execute(action, contextFor(cloud, action));
}

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

describe('VPC network kinds of the fake', () => {
  it('are supported and discovered by tag, each retired only with the whole VPC, in dependency order', async () => {
    const cloud = createFakeCloud({ source: source() });
    for (const type of NETWORK_TYPES) expect(cloud.providers.retirement.supportedTypes).toContain(type);
    const found = await discoverAll(cloud, { tags });
    const byArn = new Map(found.map((resource) => [resource.arn, resource]));
    for (const arn of Object.values(NETWORK)) expect(byArn.has(arn), arn).toBe(true);
    expect(found.some((resource) => resource.arn.includes('-0b1'))).toBe(false);
    expect(byArn.get(NETWORK.vpc)?.retiredOnlyWith).toEqual(
      expect.arrayContaining([
        APP,
        NETWORK.subnet,
        NETWORK.natGateway,
        NETWORK.internetGateway,
        ec2('security-group/sg-0a1'),
      ]),
    );
    expect(byArn.get(NETWORK.subnet)?.dependsOn).toEqual(
      expect.arrayContaining([APP, NETWORK.natGateway, NETWORK.endpoint, NETWORK.leftBehind]),
    );
    expect(byArn.get(NETWORK.internetGateway)?.dependsOn).toEqual(
      expect.arrayContaining([NETWORK.subnet, NETWORK.routeTable]),
    );
    expect(byArn.get(NETWORK.vpc)?.dependsOn).toContain(NETWORK.internetGateway);
    // An interface in use by an instance is a part of it: it depends on its owner alone.
    expect(byArn.get(ATTACHED)).toMatchObject({ dependsOn: [APP] });
    expect(byArn.get(ATTACHED)?.retiredOnlyWith).toBeUndefined();
    // The NAT gateway's address is released after the gateway.
    expect(byArn.get(ec2('elastic-ip/eipalloc-0a1'))?.dependsOn).toEqual([NETWORK.natGateway]);
  });

  it('retires a whole VPC in scope in dependency order, no DependencyViolation; the other VPC untouched', async () => {
    const cloud = createFakeCloud(seed());
    const plan = await retire(cloud);
    const blocking = plan.steps.flatMap((step) => step.findings).filter((finding) => finding.severity === 'blocking');
    expect(blocking.filter((finding) => Object.values(NETWORK).includes(finding.resource ?? ''))).toEqual([]);
    const mutations = cloud.calls.mutating().map((call) => call.operation);
    const at = (operation: string) => mutations.indexOf(operation);
    for (const operation of [...NETWORK_DELETES, 'TerminateInstances', 'ReleaseAddress', 'DeleteSecurityGroup'])
      expect(at(operation), operation).toBeGreaterThanOrEqual(0);
    expect(at('TerminateInstances')).toBeLessThan(at('DeleteNatGateway'));
    expect(at('DeleteNetworkInterface')).toBeLessThan(at('DeleteSubnet'));
    expect(at('DeleteNatGateway')).toBeLessThan(at('DeleteSubnet'));
    expect(at('DeleteNatGateway')).toBeLessThan(at('ReleaseAddress'));
    expect(at('DeleteVpcEndpoints')).toBeLessThan(at('DeleteSubnet'));
    expect(at('DisassociateRouteTable')).toBeLessThan(at('DeleteRouteTable'));
    expect(at('DeleteSubnet')).toBeLessThan(at('DetachInternetGateway'));
    expect(at('DeleteRouteTable')).toBeLessThan(at('DetachInternetGateway'));
    expect(at('DetachInternetGateway')).toBeLessThan(at('DeleteInternetGateway'));
    expect(at('DeleteInternetGateway')).toBeLessThan(at('DeleteVpc'));
    expect(at('DeleteSecurityGroup')).toBeLessThan(at('DeleteVpc'));
    // Every delete went through at its first try: the order left nothing in use.
    const deletes = NETWORK_DELETES.filter((operation) => operation !== 'DisassociateRouteTable');
    expect(new Set(deletes.map((operation) => cloud.calls.of(operation).length))).toEqual(new Set([1]));
    const left = cloud.snapshot();
    expect(left.vpcs.map((vpc) => vpc.id)).toEqual(['vpc-0b1']);
    expect(left.subnets.map((subnet) => subnet.id)).toEqual(['subnet-0b1']);
    expect(left.internetGateways.map((gateway) => gateway.id)).toEqual(['igw-0b1']);
    expect(left.natGateways.map((nat) => [nat.id, nat.state])).toEqual([
      ['nat-0a1', 'deleted'],
      ['nat-0b1', 'available'],
    ]);
    expect(left.routeTables.filter((table) => table.vpcId === 'vpc-0a1')).toEqual([]);
    expect(left.networkInterfaces.map((eni) => eni.id)).toEqual(['eni-0b1']);
    const targets = cloud.calls.mutating().map((call) => call.target ?? '');
    expect(targets.filter((target) => target.includes('0b1'))).toEqual([]);
  });

  it('keeps every network resource of a VPC that holds another workload instance, blocked and naming it', async () => {
    const cloud = createFakeCloud(seed(true));
    const before = cloud.snapshot();
    const plan = await retire(cloud);
    const findings = plan.steps.flatMap((step) => step.findings);
    for (const arn of Object.values(NETWORK)) {
      expect(findings, arn).toContainEqual(
        expect.objectContaining({
          severity: 'blocking',
          code: 'retired-only-together',
          resource: arn,
          message: expect.stringContaining(ec2('instance/i-0bill')),
        }),
      );
    }
    for (const operation of NETWORK_DELETES) expect(cloud.calls.of(operation), operation).toEqual([]);
    const after = cloud.snapshot();
    for (const list of ['vpcs', 'subnets', 'routeTables', 'internetGateways', 'natGateways', 'vpcEndpoints'] as const)
      expect(after[list], list).toEqual(before[list]);
    // The NAT gateway's address stays with it, and the workload's instance in that VPC is held by the
    // gateway that must follow it (as on AWS): named, not touched.
    expect(after.addresses.map((address) => address.allocationId)).toEqual(['eipalloc-0a1', 'eipalloc-0b1']);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'held-by-unretired', resource: APP }));
    expect(after.instances.find((instance) => instance.id === 'i-0app')?.state).toBe('running');
  });

  it('deletes a NAT gateway asynchronously (deleting, then deleted) and frees its address only then', async () => {
    const cloud = createFakeCloud({ source: source() });
    const action = actionOn('resource.delete', NETWORK.natGateway, {}, AWS_TYPES.natGateway);
    const remove = handler(cloud, 'resource.delete');
    const context = contextFor(cloud, action);
    expect((await remove.reconcile(action, context))._unsafeUnwrap().status).toBe('absent');
    // The VPC still holds the workload's instance: refused at apply, nothing sent.
    expect((await remove.execute(action, context))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(cloud.calls.mutating()).toEqual([]);
    // Once what else lived there is gone (the instance, its group, the interface left behind), it is deleted.
    for (const [arn, type] of [
      [APP, AWS_TYPES.instance],
      [ec2('security-group/sg-0a1'), AWS_TYPES.securityGroup],
      [NETWORK.leftBehind, AWS_TYPES.networkInterface],
    ] as const)
      (await execute(cloud, arn, type))._unsafeUnwrap();
    const pending = (await remove.execute(action, context))._unsafeUnwrap();
    expect(pending.status).toBe('pending');
    expect(cloud.source.natGateways().find((nat) => nat.id === 'nat-0a1')?.state).toBe('deleting');
    expect(
      (await execute(cloud, ec2('elastic-ip/eipalloc-0a1'), AWS_TYPES.address))._unsafeUnwrapErr().message,
    ).toMatch(/InvalidIPAddress.InUse/);
    expect((await remove.reconcile(action, context))._unsafeUnwrap().status).toBe('pending');
    cloud.clock.advance(5 * 60_000);
    const polled = await remove.poll?.(action, {}, context);
    expect(polled?._unsafeUnwrap().status).toBe('done');
    expect((await remove.reconcile(action, context))._unsafeUnwrap().status).toBe('done');
    expect(cloud.calls.of('DeleteNatGateway')).toHaveLength(1);
    (await execute(cloud, ec2('elastic-ip/eipalloc-0a1'), AWS_TYPES.address))._unsafeUnwrap();
  });

  it('answers as AWS does when the order is broken: DependencyViolation, detach before delete', async () => {
    const cloud = createFakeCloud({ source: source() });
    const vpc = cloud.aws.vpc;
    const code = async (call: ReturnType<typeof vpc.deleteVpc>) => {
      const result = await call;
      return result.isErr() ? result.error.message.split(':')[0] : 'ok';
    };
    expect(await code(vpc.deleteSubnet('subnet-0a1'))).toBe('DependencyViolation');
    expect(await code(vpc.deleteRouteTable('rtb-0a1'))).toBe('DependencyViolation');
    expect(await code(vpc.deleteInternetGateway('igw-0a1'))).toBe('DependencyViolation');
    // A NAT gateway maps a public address in the VPC: the gateway is not detached.
    expect(await code(vpc.detachInternetGateway('igw-0a1', 'vpc-0a1'))).toBe('DependencyViolation');
    expect(await code(vpc.deleteVpc('vpc-0a1'))).toBe('DependencyViolation');
    expect(await code(vpc.deleteNetworkInterface('eni-0a2'))).toBe('InvalidNetworkInterface.InUse');
    expect(await code(vpc.deleteNetworkInterface('eni-0ff'))).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(cloud.snapshot().vpcs.map((found) => found.id)).toEqual(['vpc-0a1', 'vpc-0b1']);
  });

  it('refuses bad input with a typed error, and blocks a default VPC and an interface it cannot name', async () => {
    const cloud = createFakeCloud({
      source: {
        vpcs: [{ id: 'vpc-0d1', isDefault: true, tags }],
        subnets: [{ id: 'subnet-0d1', vpcId: 'vpc-0d1', tags }],
        networkInterfaces: [
          { id: 'eni-0d1', subnetId: 'subnet-0d1', inUse: true, description: 'RDSNetworkInterface', tags },
        ],
      },
    });
    for (const arn of [ec2('vpc/vpc-0d1/extra'), ec2('subnet/vpc-0d1'), ec2('natgateway/'), ec2('vpc/VPC-0D1')]) {
      expect((await execute(cloud, arn, AWS_TYPES.vpc))._unsafeUnwrapErr().code, arn).toBe('InvalidInput');
    }
    const found = await discoverAll(cloud, { tags });
    const blockers = (arn: string) =>
      found.find((resource) => resource.arn === arn)?.retireBlockers?.map((b) => b.code);
    expect(blockers(ec2('vpc/vpc-0d1'))).toEqual(['default-vpc']);
    expect(blockers(ec2('network-interface/eni-0d1'))).toEqual(['default-vpc', 'network-interface-in-use']);
    expect((await execute(cloud, ec2('vpc/vpc-0d1'), AWS_TYPES.vpc))._unsafeUnwrapErr().code).toBe('Conflict');
    expect((await execute(cloud, ec2('vpc/vpc-0ff'), AWS_TYPES.vpc))._unsafeUnwrap().status).toBe('done');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('restores a world saved before VPC networking was modelled', () => {
    const saved = createFakeCloud().snapshot() as unknown as Record<string, unknown>;
    for (const list of ['vpcs', 'subnets', 'routeTables', 'internetGateways', 'natGateways', 'vpcEndpoints'])
      delete saved[list];
    delete saved.networkInterfaces;
    delete saved.natDeleteMinutes;
    const restored = restoreFakeCloud(saved as never).snapshot();
    expect(restored.vpcs).toEqual([]);
    expect(restored.natDeleteMinutes).toBe(2);
  });
});
