/**
 * Property-based tests of the safety rules (DESIGN section 6) over random
 * worlds and selectors on the fake cloud, with the standard steps that
 * touch resources (backups, retirement, deletion check). The worlds hold
 * instances, volumes, databases, an Auto Scaling group, unmodelled types,
 * Elastic IPs with Route 53 records at them and security groups referenced
 * from outside (hidden dependents), a CloudFormation stack, a VPC whole in
 * scope or shared with another workload, and S3 buckets holding objects.
 * The oracle reads the fake's world state directly — never the ports under test.
 */
import {
  confirmDeletion,
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  stillOpen,
  verified,
  type Workload,
} from '@decomkit/core';
import {
  createFakeCloud,
  type FakeCloud,
  type FakeCloudSeed,
  type InstanceSeed,
  LOGICAL_ID_TAG,
  type WorldState,
} from '@decomkit/fake';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const SEED = Number(process.env.DECOMKIT_PROPERTY_SEED ?? 20261126);
const STOP_AT = '2026-12-01T00:00:00Z';
const DELETE_AT = '2026-12-15T00:00:00Z';
const MOMENTS = {
  'before-stop': '2026-11-20T00:00:00Z',
  between: '2026-12-05T00:00:00Z',
  'after-delete': '2026-12-16T00:00:00Z',
} as const;
type Moment = keyof typeof MOMENTS;

interface WorldSpec {
  readonly instances: {
    tag: string;
    region: string;
    protection: boolean;
    stopProtection: boolean;
    readable: boolean;
  }[];
  readonly volumes: { tag: string; attachTo: number | null; deleteOnTermination: boolean }[];
  readonly databases: { tag: string; region: string; protection: boolean }[];
  readonly group: { tag: string; desired: number } | null;
  readonly others: { tag: string }[];
  /** Elastic IPs; `dnsRecord`: a Route 53 record points at one (a hidden dependent). */
  readonly addresses: { tag: string; dnsRecord: boolean }[];
  /** Security groups; `referencedFromOutside`: billing's group `sg-outside` has a rule naming one (a hidden dependent). */
  readonly groups: { tag: string; referencedFromOutside: boolean }[];
  /** The workload accepts every hidden dependent by an exception naming it. */
  readonly acceptDependents: boolean;
  /** A CloudFormation stack `app` of the instances `members` (by index), the first retained; `stranger`: billing's instance in it too. */
  readonly stack: { tag: string; members: number[]; retainFirst: boolean; stranger: boolean } | null;
  /** A payments VPC with a subnet, route table, internet gateway, endpoint and an interface left behind; `shared`: billing's instance lives in it. */
  readonly vpc: 'whole' | 'shared' | null;
  /** S3 buckets holding `objects` versions, under Object Lock or not. */
  readonly buckets: { tag: string; objects: number; objectLock: boolean }[];
  /** The workload's policy for buckets: how they may be emptied (null: never), and whether their backup is waived. */
  readonly emptyBuckets: 'delete-versions' | 'expire-by-lifecycle' | null;
  readonly waiveBucketBackups: boolean;
  /** An operator deletes every recovery point between the first run and its resume (before the delete date). */
  readonly dropBackups: boolean;
  readonly selectByArn: boolean;
  readonly liftProtection: boolean;
  readonly waiveVolumeBackups: boolean;
  /** Workload exceptions: instances by index (ARN), and every volume or every database (by type). */
  readonly exceptInstances: number[];
  readonly exceptType: 'AWS::EC2::Volume' | 'AWS::RDS::DBInstance' | 'AWS::S3::Bucket' | null;
  readonly cutoverVerified: boolean;
  readonly first: Moment;
  readonly second: Moment;
}

const tag = fc.constantFrom('payments', 'payments', 'billing', 'payments-old');
const region = fc.constantFrom('eu-west-1', 'eu-west-1', 'us-east-1');
const moment = fc.constantFrom<Moment>('before-stop', 'between', 'after-delete');
const worldSpec: fc.Arbitrary<WorldSpec> = fc.record({
  instances: fc.array(
    fc.record({
      tag,
      region,
      protection: fc.boolean(),
      stopProtection: fc.boolean(),
      readable: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    }),
    { maxLength: 5 },
  ),
  volumes: fc.array(
    fc.record({ tag, attachTo: fc.option(fc.nat({ max: 4 }), { nil: null }), deleteOnTermination: fc.boolean() }),
    { maxLength: 3 },
  ),
  databases: fc.array(fc.record({ tag, region, protection: fc.boolean() }), { maxLength: 2 }),
  group: fc.option(fc.record({ tag, desired: fc.integer({ min: 1, max: 3 }) }), { nil: null }),
  others: fc.array(fc.record({ tag }), { maxLength: 2 }),
  addresses: fc.array(fc.record({ tag, dnsRecord: fc.boolean() }), { maxLength: 2 }),
  groups: fc.array(fc.record({ tag, referencedFromOutside: fc.boolean() }), { maxLength: 2 }),
  acceptDependents: fc.boolean(),
  stack: fc.option(
    fc.record({
      tag,
      members: fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 3 }),
      retainFirst: fc.boolean(),
      stranger: fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)),
    }),
    { nil: null },
  ),
  vpc: fc.constantFrom(null, 'whole' as const, 'shared' as const),
  buckets: fc.array(
    fc.record({
      tag,
      objects: fc.constantFrom(0, 3, 1_200),
      objectLock: fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)),
    }),
    { maxLength: 2 },
  ),
  emptyBuckets: fc.constantFrom(null, 'delete-versions' as const, 'expire-by-lifecycle' as const),
  waiveBucketBackups: fc.boolean(),
  dropBackups: fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)),
  selectByArn: fc.boolean(),
  liftProtection: fc.boolean(),
  waiveVolumeBackups: fc.boolean(),
  exceptInstances: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }),
  exceptType: fc.constantFrom(
    null,
    null,
    'AWS::EC2::Volume' as const,
    'AWS::RDS::DBInstance' as const,
    'AWS::S3::Bucket' as const,
  ),
  cutoverVerified: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
  first: moment,
  second: moment,
});

const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
/** The public address of the Elastic IP `index`. */
const publicIp = (index: number) => `203.0.113.${10 + index}`;

/** The tags of instance `index`: its workload's, and its stack's when the stack holds it. */
function instanceTags(spec: WorldSpec, index: number, workload: string): Record<string, string> {
  if (spec.stack === null || !spec.stack.members.includes(index)) return { workload };
  return { workload, [STACK_NAME_TAG]: 'app', [LOGICAL_ID_TAG]: `Instance${index}` };
}

/** The VPC networking of the spec (all payments'), and billing's tenant instance when shared. */
function vpcOf(spec: WorldSpec): NonNullable<FakeCloudSeed['source']> {
  if (spec.vpc === null) return {};
  const tags = { workload: 'payments' };
  return {
    vpcs: [{ id: 'vpc-0a1', tags }],
    subnets: [{ id: 'subnet-0a1', vpcId: 'vpc-0a1', tags }],
    routeTables: [{ id: 'rtb-0a1', vpcId: 'vpc-0a1', subnetIds: ['subnet-0a1'], tags }],
    internetGateways: [{ id: 'igw-0a1', vpcId: 'vpc-0a1', tags }],
    vpcEndpoints: [{ id: 'vpce-0a1', vpcId: 'vpc-0a1', subnetIds: ['subnet-0a1'], tags }],
    networkInterfaces: [{ id: 'eni-0a1', subnetId: 'subnet-0a1', tags }],
  };
}

function seedOf(spec: WorldSpec): FakeCloudSeed {
  const instances = spec.instances.map((instance, index) => ({
    id: `i-${index}`,
    tags: instanceTags(spec, index, instance.tag),
    region: instance.region,
    terminationProtection: instance.protection,
    stopProtection: instance.stopProtection,
    tagsReadable: instance.readable,
  }));
  const extra: InstanceSeed[] = [
    ...(spec.stack?.stranger === true
      ? [{ id: 'i-stranger', tags: { workload: 'billing', [STACK_NAME_TAG]: 'app', [LOGICAL_ID_TAG]: 'Stranger' } }]
      : []),
    ...(spec.vpc === 'shared' ? [{ id: 'i-tenant', tags: { workload: 'billing' }, subnetId: 'subnet-0a1' }] : []),
  ];
  const network = vpcOf(spec);
  return {
    accountId: ACCOUNT,
    now: MOMENTS['before-stop'],
    source: {
      ...network,
      instances: [...instances, ...extra],
      addresses: spec.addresses.map((address, index) => ({
        allocationId: `eipalloc-${index}`,
        publicIp: publicIp(index),
        tags: { workload: address.tag },
      })),
      securityGroups: [
        ...spec.groups.map((group, index) => ({
          id: `sg-${index}`,
          tags: { workload: group.tag },
          referencedBy: group.referencedFromOutside ? ['sg-outside'] : [],
        })),
        { id: 'sg-outside', groupName: 'reporting', tags: { workload: 'billing' } },
      ],
      stacks:
        spec.stack === null
          ? []
          : [
              {
                stackName: 'app',
                tags: { workload: spec.stack.tag },
                retain:
                  spec.stack.retainFirst && spec.stack.members.length > 0 ? [`Instance${spec.stack.members[0]}`] : [],
              },
            ],
      buckets: spec.buckets.map((bucket, index) => ({
        bucketName: `bucket-${index}`,
        tags: { workload: bucket.tag },
        objects: bucket.objects,
        objectBytes: 10,
        objectLock: bucket.objectLock,
      })),
      volumes: spec.volumes.map((volume, index) => {
        const host = volume.attachTo === null ? undefined : instances[volume.attachTo];
        return {
          id: `vol-${index}`,
          tags: { workload: volume.tag },
          region: host?.region ?? 'eu-west-1',
          ...(host === undefined ? {} : { instanceId: host.id, deleteOnTermination: volume.deleteOnTermination }),
        };
      }),
      dbInstances: spec.databases.map((database, index) => ({
        id: `db-${index}`,
        tags: { workload: database.tag },
        region: database.region,
        deletionProtection: database.protection,
      })),
      autoScalingGroups:
        spec.group === null
          ? []
          : [{ groupName: 'web-asg', tags: { workload: spec.group.tag }, desiredCapacity: spec.group.desired }],
      otherResources: spec.others.map((other, index) => ({
        type: 'AWS::CodeBuild::Project',
        name: `project-${index}`,
        arn: `arn:aws:codebuild:eu-west-1:${ACCOUNT}:project/project-${index}`,
        tags: { workload: other.tag },
      })),
    },
    services: {
      dnsZones: [{ name: 'example.com' }],
      dnsRecords: spec.addresses.flatMap((address, index) =>
        address.dnsRecord ? [{ zone: 'example.com', name: `ip${index}`, type: 'A', values: [publicIp(index)] }] : [],
      ),
    },
  };
}

/** Every tagged record of the world, by ARN. */
function records(
  state: WorldState,
): Map<
  string,
  { arn: string; accountId: string; region: string; tags: Record<string, string>; tagsReadable: boolean } & Record<
    string,
    unknown
  >
> {
  const typed = <Record extends object>(type: string, list: readonly Record[]) =>
    list.map((record) => ({ type, ...record }));
  const all = [
    ...typed('AWS::EC2::Instance', state.instances),
    ...typed('AWS::EC2::Volume', state.volumes),
    ...typed('AWS::RDS::DBInstance', state.dbInstances),
    ...typed('AWS::AutoScaling::AutoScalingGroup', state.autoScalingGroups),
    ...typed('AWS::EC2::EIP', state.addresses),
    ...typed('AWS::EC2::SecurityGroup', state.securityGroups),
    ...typed('AWS::S3::Bucket', state.buckets),
    ...typed(
      'AWS::CloudFormation::Stack',
      state.stacks.filter((stack) => stack.status !== 'DELETE_COMPLETE'),
    ),
    ...typed('AWS::EC2::VPC', state.vpcs),
    ...typed('AWS::EC2::Subnet', state.subnets),
    ...typed(
      'AWS::EC2::RouteTable',
      // The VPC's main route table (untagged) goes with it, as on AWS: not held to scope.
      state.routeTables.filter((table) => table.id === 'rtb-0a1'),
    ),
    ...typed('AWS::EC2::InternetGateway', state.internetGateways),
    ...typed('AWS::EC2::VPCEndpoint', state.vpcEndpoints),
    ...typed('AWS::EC2::NetworkInterface', state.networkInterfaces),
    ...state.otherResources,
  ];
  return new Map(all.map((record) => [record.arn, record as never]));
}

/** The oracle's own idea of scope: account, region, then explicit ARN or every selector tag on readable tags. */
function inScope(
  record: { arn: string; accountId: string; region: string; tags: Record<string, string>; tagsReadable: boolean },
  workload: Workload,
): boolean {
  const { accountId, regions, select } = workload.source;
  if (record.accountId !== accountId || !regions.includes(record.region)) return false;
  if (select.arns?.includes(record.arn)) return true;
  return (
    record.tagsReadable &&
    Object.entries(select.tags ?? {}).length > 0 &&
    Object.entries(select.tags ?? {}).every(([key, value]) => record.tags[key] === value)
  );
}

/** Whether the workload's exceptions keep `record`: by its ARN, or by its type. */
function excepted(record: { arn: string; type?: unknown }, workload: Workload): boolean {
  return workload.exceptions.some((exception) =>
    exception.arn !== undefined ? exception.arn === record.arn : exception.type === record.type,
  );
}

/** What "touched" means: gone, stopped or terminated, retagged, protection changed, emptied, detached. */
function standing(record: Record<string, unknown> | undefined): string {
  if (record === undefined) return 'gone';
  const { tags, state, status, terminationProtection, stopProtection, deletionProtection } = record as Record<
    string,
    unknown
  >;
  const { objectVersions, expiresAt, associationId, instanceId, referencedBy, subnetIds } = record;
  return JSON.stringify({
    tags,
    state,
    status,
    terminationProtection,
    stopProtection,
    deletionProtection,
    objectVersions,
    expiresAt,
    associationId,
    instanceId,
    referencedBy,
    subnetIds,
  });
}

/**
 * The oracle's own hidden dependents (read from the world, not the port): per
 * in-scope resource, what outside the workload depends on it, as the
 * exception that accepts it names it. A Route 53 record at an in-scope Elastic
 * IP's address; a group out of scope whose rules name an in-scope group.
 */
function hiddenDependents(state: WorldState, workload: Workload): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (arn: string, dependent: string) => found.set(arn, [...(found.get(arn) ?? []), dependent]);
  const zone = state.services.dnsZones?.find((candidate) => candidate.name === 'example.com');
  for (const address of state.addresses) {
    if (!inScope(address, workload)) continue;
    for (const record of state.services.dnsRecords) {
      if (record.values.includes(address.publicIp))
        add(address.arn, `arn:aws:route53:::hostedzone/${zone?.id}/recordset/${record.name}.example.com./A`);
    }
  }
  for (const group of state.securityGroups) {
    if (!inScope(group, workload)) continue;
    for (const id of group.referencedBy) {
      const other = state.securityGroups.find((candidate) => candidate.id === id);
      if (other !== undefined && !inScope(other, workload)) add(group.arn, other.arn);
    }
  }
  return found;
}

function workloadOf(spec: WorldSpec, initial: WorldState): Workload {
  const candidates = [...records(initial).values()]
    .filter((record) => record.tags.workload === 'payments')
    .map((record) => record.arn);
  const select =
    spec.selectByArn && candidates.length > 0
      ? { arns: candidates.slice(0, Math.ceil(candidates.length / 2)) }
      : { tags: { workload: 'payments' } };
  // The dependents the workload accepts: every one the oracle finds, when the spec says so.
  const provisional = defineWorkload({
    id: 'payments',
    source: { accountId: ACCOUNT, regions: ['eu-west-1'], select },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: STOP_AT, deleteAt: DELETE_AT },
    backups: { vault: 'decom-archive', retainDays: 30 },
  })._unsafeUnwrap();
  const accepted = spec.acceptDependents
    ? [...new Set([...hiddenDependents(initial, provisional).values()].flat())]
    : [];
  return defineWorkload({
    id: 'payments',
    source: { accountId: ACCOUNT, regions: ['eu-west-1'], select },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: STOP_AT, deleteAt: DELETE_AT },
    backups: { vault: 'decom-archive', retainDays: 30 },
    exceptions: [
      ...spec.exceptInstances.map((index) => ({
        arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${index}`,
        reason: 'shared with another workload',
        approvedBy: 'property@example.com',
      })),
      ...(spec.exceptType === null
        ? []
        : [{ type: spec.exceptType, reason: 'kept for a legal hold', approvedBy: 'property@example.com' }]),
      ...accepted.map((dependent) => ({
        dependent,
        reason: 'moves with the workload',
        approvedBy: 'property@example.com',
      })),
    ],
    policies: {
      'AWS::EC2::Instance': { liftProtection: spec.liftProtection },
      'AWS::RDS::DBInstance': { liftProtection: spec.liftProtection },
      ...(spec.waiveVolumeBackups ? { 'AWS::EC2::Volume': { backup: 'none' as const } } : {}),
      'AWS::S3::Bucket': {
        ...(spec.emptyBuckets === null ? {} : { emptyContents: spec.emptyBuckets }),
        ...(spec.waiveBucketBackups ? { backup: 'none' as const } : {}),
      },
    },
  })._unsafeUnwrap();
}

/** The standard steps that touch resources, with the cutover decided by the test instead of traffic metrics. */
function checklistFor(workload: Workload, cutoverVerified: boolean) {
  const cutover = defineStep({
    id: 'confirm-cutover-traffic',
    item: 'cutover',
    title: 'Cutover, as the test decides',
    needs: [],
    plan: () => ({ actions: [] }),
    verify: () => (cutoverVerified ? verified('test: traffic moved') : stillOpen('test: source still busy')),
  });
  return createChecklist(workload, [cutover, finalBackups, retireResources, confirmDeletion]);
}

function engineFor(cloud: FakeCloud, workload: Workload, cutoverVerified: boolean, journal = memoryJournal()) {
  return createEngine({
    checklist: checklistFor(workload, cutoverVerified),
    providers: cloud.providers,
    journal,
    concurrency: 4,
    random: () => 0.5,
  })._unsafeUnwrap();
}

/** Worlds of the first property (each applied and resumed once). */
const RUNS = 300;

/** What the checks of the new kinds read, and count into. */
interface Outcome {
  readonly initial: WorldState;
  readonly after: WorldState;
  readonly workload: Workload;
  readonly mutating: readonly { operation: string; target: string | null; at: string }[];
  readonly seen: Record<string, number>;
}

/**
 * The safety rules of the hidden dependents, stacks, VPCs and buckets, read
 * from the world: an in-scope resource something outside depends on stays
 * unless the workload accepts that dependent; a stack's resources go only
 * with their stack, never a retained one; a VPC another workload lives in
 * keeps all its networking; a bucket is emptied only when the policy says
 * so, and only after a COMPLETED recovery point of it or under a waiver.
 */
function checkNewKinds(spec: WorldSpec, { initial, after, workload, mutating, seen }: Outcome): void {
  const before = records(initial);
  const now = records(after);
  const acceptedDependents = new Set(workload.exceptions.flatMap((exception) => exception.dependent ?? []));
  for (const [arn, dependents] of hiddenDependents(initial, workload)) {
    const unaccepted = dependents.filter((dependent) => !acceptedDependents.has(dependent));
    const changed = standing(now.get(arn)) !== standing(before.get(arn));
    if (unaccepted.length > 0) {
      expect(changed, `${arn} is depended on by ${unaccepted.join(', ')} and must be untouched`).toBe(false);
      seen.withHeldDependents = (seen.withHeldDependents ?? 0) + 1;
    } else if (changed) seen.withAcceptedDependentRetired = (seen.withAcceptedDependentRetired ?? 0) + 1;
  }
  for (const stack of initial.stacks) {
    const status = after.stacks.find((candidate) => candidate.arn === stack.arn)?.status;
    if (status === 'DELETE_COMPLETE') seen.stacksDeleted = (seen.stacksDeleted ?? 0) + 1;
    else if (spec.stack?.tag === 'payments') seen.stacksBlocked = (seen.stacksBlocked ?? 0) + 1;
    for (const member of stack.members) {
      const left = now.get(member.arn);
      const deleted = left === undefined || left.state === 'terminated';
      if (member.retain) expect(deleted, `${member.arn} is retained by its stack and must stay`).toBe(false);
      // Never one by one: a stack's resource goes only with its stack.
      if (deleted) expect(status, `${member.arn} was deleted but its stack was not`).toBe('DELETE_COMPLETE');
    }
    if (status === 'DELETE_COMPLETE') {
      const own = before.get(stack.arn);
      expect(own !== undefined && inScope(own, workload) && !excepted(own, workload), `${stack.arn} deleted`).toBe(
        true,
      );
    }
  }
  const network = ['vpc-0a1', 'subnet-0a1', 'rtb-0a1', 'igw-0a1', 'vpce-0a1', 'eni-0a1'];
  const networkArns = [...before.keys()].filter((arn) => network.some((id) => arn.endsWith(`/${id}`)));
  if (spec.vpc === 'shared') {
    for (const arn of networkArns)
      expect(standing(now.get(arn)), `${arn}: another workload lives in its VPC`).toBe(standing(before.get(arn)));
    seen.sharedVpcsKept = (seen.sharedVpcsKept ?? 0) + 1;
  } else if (spec.vpc === 'whole' && !now.has(networkArns.find((arn) => arn.endsWith('/vpc-0a1')) ?? '')) {
    seen.wholeVpcsRetired = (seen.wholeVpcsRetired ?? 0) + 1;
  }
  const emptying = mutating.filter(
    (call) => call.operation === 'DeleteObjects' || call.operation === 'PutBucketLifecycleConfiguration',
  );
  for (const call of emptying) {
    const bucket = call.target ?? '';
    expect(spec.emptyBuckets, `${bucket} emptied though the policy never allows it`).not.toBeNull();
    expect(call.operation).toBe(
      spec.emptyBuckets === 'delete-versions' ? 'DeleteObjects' : 'PutBucketLifecycleConfiguration',
    );
    const own = before.get(bucket);
    expect(own !== undefined && inScope(own, workload) && !excepted(own, workload), `${bucket} emptied`).toBe(true);
    if (spec.waiveBucketBackups) continue;
    const backedUp = after.recoveryPoints.some(
      (point) =>
        point.resourceArn === bucket &&
        point.status === 'COMPLETED' &&
        Date.parse(point.createdAt) <= Date.parse(call.at),
    );
    expect(backedUp, `${bucket} emptied before a completed backup of it`).toBe(true);
  }
  if (emptying.length > 0) seen.bucketsEmptied = (seen.bucketsEmptied ?? 0) + 1;
}

const MOMENT_ORDER: readonly Moment[] = ['before-stop', 'between', 'after-delete'];
const later = (first: Moment, second: Moment): Moment =>
  MOMENT_ORDER.indexOf(second) >= MOMENT_ORDER.indexOf(first) ? second : first;

describe(`safety properties over random worlds (seed ${SEED}; DECOMKIT_PROPERTY_SEED to reproduce)`, () => {
  it('plan changes nothing; nothing out of scope, excepted or depended on is touched; stacks, VPCs and buckets retired only as allowed; no deletion before its backup, date and cutover', async () => {
    const seen = {
      cases: 0,
      withDeletions: 0,
      withOutOfScope: 0,
      withExcepted: 0,
      deletedResources: 0,
      withHeldDependents: 0,
      withAcceptedDependentRetired: 0,
      stacksDeleted: 0,
      stacksBlocked: 0,
      wholeVpcsRetired: 0,
      sharedVpcsKept: 0,
      bucketsEmptied: 0,
    };
    await fc.assert(
      fc.asyncProperty(worldSpec, async (spec) => {
        const cloud = createFakeCloud(seedOf(spec));
        const initial = cloud.snapshot();
        const workload = workloadOf(spec, initial);
        const engine = engineFor(cloud, workload, spec.cutoverVerified);
        const plan = (await engine.plan())._unsafeUnwrap();
        expect(cloud.calls.mutating()).toEqual([]);

        cloud.clock.set(MOMENTS[spec.first]);
        const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
        if (spec.dropBackups && spec.first !== 'after-delete') {
          // Nothing is deleted yet: every deletion of the resume must find its backup gone and wait.
          for (const point of cloud.source.recoveryPoints())
            (await cloud.aws.backup.deleteRecoveryPoint(point.arn))._unsafeUnwrap();
        }
        cloud.clock.set(MOMENTS[later(spec.first, spec.second)]);
        (await engine.resume(run.runId, { approve: () => true }))._unsafeUnwrap();
        cloud.clock.advance(3_600_000); // let RDS deletes finish

        const after = cloud.snapshot();
        const now = records(after);
        const mutating = cloud.calls.mutating().filter((call) => call.operation !== 'DeleteRecoveryPoint');
        const deletions = after.configItems.filter((item) => item.status === 'ResourceDeleted').length;
        seen.cases += 1;
        seen.deletedResources += deletions;
        if (deletions > 0) seen.withDeletions += 1;
        // Billing's group `sg-outside` is in every world: look-alikes beyond it count.
        if (
          [...records(initial).values()].some(
            (record) => !inScope(record, workload) && !record.arn.endsWith('/sg-outside'),
          )
        )
          seen.withOutOfScope += 1;
        if (!spec.cutoverVerified) expect(mutating).toEqual([]);
        for (const [arn, before] of records(initial)) {
          if (!inScope(before, workload)) {
            expect(standing(now.get(arn)), `${arn} is out of scope and must be untouched`).toBe(standing(before));
          } else if (excepted(before, workload)) {
            expect(standing(now.get(arn)), `${arn} is excepted and must be untouched`).toBe(standing(before));
          }
        }
        if ([...records(initial).values()].some((record) => inScope(record, workload) && excepted(record, workload)))
          seen.withExcepted += 1;
        checkNewKinds(spec, { initial, after, workload, mutating, seen });
        for (const call of mutating) {
          const at = Date.parse(call.at);
          if (call.operation === 'StopInstances' || call.operation === 'StopDBInstance')
            expect(at).toBeGreaterThanOrEqual(Date.parse(STOP_AT));
          if (/^(Terminate|Delete|Deregister|Release)/.test(call.operation))
            expect(at).toBeGreaterThanOrEqual(Date.parse(DELETE_AT));
        }
        // Every deleted resource that needs a backup had a COMPLETED one before it went (Config times the deletion).
        for (const item of after.configItems.filter((candidate) => candidate.status === 'ResourceDeleted')) {
          const before = records(initial).get(item.arn);
          if (before === undefined) continue; // created during the run (an ASG replacement)
          expect(inScope(before, workload), `${item.arn} was deleted but is out of scope`).toBe(true);
          expect(excepted(before, workload), `${item.arn} was deleted but is excepted`).toBe(false);
          const needsBackup =
            ['AWS::EC2::Instance', 'AWS::RDS::DBInstance'].includes(item.type) ||
            (item.type === 'AWS::EC2::Volume' && !spec.waiveVolumeBackups) ||
            (item.type === 'AWS::S3::Bucket' && !spec.waiveBucketBackups);
          if (!needsBackup) continue;
          const backups = after.recoveryPoints.filter(
            (point) => point.resourceArn === item.arn && point.status === 'COMPLETED',
          );
          const native = after.snapshots.filter(
            (snapshot) =>
              snapshot.volumeId !== null &&
              item.arn.endsWith(`/${snapshot.volumeId}`) &&
              snapshot.state === 'completed',
          );
          const earliest = Math.min(
            ...backups.map((point) => Date.parse(point.createdAt)),
            ...native.map((snapshot) => Date.parse(snapshot.completesAt)),
          );
          expect(earliest, `${item.arn} was deleted without a completed backup`).toBeLessThanOrEqual(
            Date.parse(item.changedAt),
          );
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The property is not vacuous: many worlds did retire resources, and many had look-alikes to spare.
    expect(seen.cases).toBe(RUNS);
    expect(seen.withDeletions).toBeGreaterThan(RUNS / 7);
    expect(seen.withOutOfScope).toBeGreaterThan((RUNS * 3) / 7);
    expect(seen.withExcepted).toBeGreaterThan(RUNS / 7);
    // …and the new kinds were exercised both ways: held and retired.
    expect(seen.withHeldDependents, 'withHeldDependents').toBeGreaterThan(RUNS / 20);
    expect(seen.withAcceptedDependentRetired, 'withAcceptedDependentRetired').toBeGreaterThan(RUNS / 100);
    expect(seen.stacksDeleted, 'stacksDeleted').toBeGreaterThan(RUNS / 100);
    expect(seen.stacksBlocked, 'stacksBlocked').toBeGreaterThan(RUNS / 20);
    expect(seen.wholeVpcsRetired, 'wholeVpcsRetired').toBeGreaterThan(RUNS / 100);
    expect(seen.sharedVpcsKept, 'sharedVpcsKept').toBeGreaterThan(RUNS / 20);
    expect(seen.bucketsEmptied, 'bucketsEmptied').toBeGreaterThan(RUNS / 100);
  }, 600_000); // RUNS worlds: seconds when idle, a minute on a loaded two-core machine

  it('a run interrupted at a random call and resumed ends in the same world as an uninterrupted one', async () => {
    const finish = async (cloud: FakeCloud, engine: ReturnType<typeof engineFor>, runId: string) => {
      const resumed = await engine.resume(runId, { approve: () => true });
      cloud.clock.advance(3_600_000);
      return resumed;
    };
    const normal = (state: WorldState) =>
      JSON.stringify({
        resources: [...records(state).values()].map((record) => [record.arn, standing(record)]).sort(),
        backups: state.recoveryPoints.map((point) => [point.resourceArn, point.status]).sort(),
      });
    await fc.assert(
      fc.asyncProperty(worldSpec, fc.double({ min: 0, max: 1, noNaN: true }), async (spec, where) => {
        const reference = createFakeCloud(seedOf(spec));
        const workload = workloadOf(spec, reference.snapshot());
        const referenceEngine = engineFor(reference, workload, true);
        reference.clock.set(MOMENTS['after-delete']);
        const referenceRun = (
          await referenceEngine
            .plan()
            .andThen((plan) => referenceEngine.apply(plan, { approve: () => true, runId: 'reference' }))
        )._unsafeUnwrap();
        reference.clock.advance(3_600_000);
        await finish(reference, referenceEngine, referenceRun.runId);
        const calls = reference.calls.mutating().length;

        const interrupted = createFakeCloud(seedOf(spec));
        const journal = memoryJournal();
        interrupted.clock.set(MOMENTS['after-delete']);
        const controller = new AbortController();
        const stopAfter = Math.floor(where * calls);
        let seen = 0;
        interrupted.calls.onCall((call) => {
          if (call.mutating && ++seen > stopAfter) controller.abort(new Error('interrupted'));
        });
        const first = engineFor(interrupted, workload, true, journal);
        const plan = (await first.plan())._unsafeUnwrap();
        await first.apply(plan, { approve: () => true, signal: controller.signal, runId: 'interrupted' });
        interrupted.clock.advance(3_600_000);
        const second = engineFor(interrupted, workload, true, journal);
        (await finish(interrupted, second, 'interrupted'))._unsafeUnwrap();
        expect(normal(interrupted.snapshot())).toBe(normal(reference.snapshot()));
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  }, 600_000); // 200 worlds, each run twice
});
