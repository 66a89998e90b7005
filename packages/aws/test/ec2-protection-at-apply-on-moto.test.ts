import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { type AwsSourceOptions, awsSource, EC2_INSTANCE } from '@decomkit/aws';
import {
  type ActionRecord,
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  type Resource,
  type ResourcePolicy,
  retireResources,
  verified,
  type Workload,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  type RecordedRequest,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { instanceState, type SeededInstance, seedInstance } from './support/moto-world.js';

withOwnMoto();

// Discovery makes no per-instance reads: EC2 instances' protection is 'unknown' in the plan and checked at
// apply (lifted by policy, else refused by EC2 and reported); `ec2.readProtectionAtPlan` keeps the old reads.

const tags = { workload: 'payments' };
const cutover = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('confirmed by the migration team'),
});

function workloadWith(instancePolicy: Partial<ResourcePolicy>): Workload {
  return defineWorkload({
    id: 'payments',
    source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
    // Backups are the subject of other tests: waived here, so retirement is what is exercised.
    policies: { 'AWS::EC2::Instance': { backup: 'none', ...instancePolicy } },
  })._unsafeUnwrap();
}

function sourceWith(options: Partial<AwsSourceOptions> = {}) {
  return awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    pollMilliseconds: 1,
    ...options,
  });
}

async function discover(options: Partial<AwsSourceOptions> = {}): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of sourceWith(options).inventory.discover(workloadWith({}).source)) {
    found.push(...page._unsafeUnwrap());
  }
  return found;
}

/** `count` running instances of the payments workload, in one RunInstances call. */
async function seedMany(count: number): Promise<void> {
  const ec2 = motoClients().get('ec2', TEST_REGION);
  await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: count,
      MaxCount: count,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workload', Value: 'payments' }] }],
    }),
  );
}

const seed = (extra: { terminationProtection?: boolean; stopProtection?: boolean } = {}) =>
  seedInstance(motoClients(), { region: TEST_REGION, tags, ...extra });

/** The requests recorded while `work` ran. */
async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = (await recordedRequests()).length;
  await work();
  return (await recordedRequests()).slice(before);
}

const count = (requests: readonly RecordedRequest[], action: string) =>
  requests.filter((request) => request.action === action).length;
/** Requests to services other than EC2 that discovery makes: the tagging API's pages and STS. */
const NOT_EC2 = new Set(['GetResources', 'GetCallerIdentity', 'DescribeAutoScalingGroups']);

describe('discovery of EC2 instances on moto_server', () => {
  beforeEach(async () => {
    await resetMoto();
  });

  it('makes no per-instance reads by default: 50 instances in one DescribeInstances, their protection unknown', async () => {
    await seedMany(49);
    const locked = await seed({ terminationProtection: true });
    let found: Resource[] = [];
    // The instance type only: the other types' discovery (IAM's per-region reads, …) does not grow with N.
    const requests = await requestsDuring(async () => {
      found = await discover({ resourceTypes: [EC2_INSTANCE] });
    });
    const instances = found.filter((resource) => resource.type === 'AWS::EC2::Instance');
    expect(instances).toHaveLength(50);
    for (const instance of instances) expect(instance.protection).toEqual({ deletion: 'unknown', stop: 'unknown' });
    expect(instances.map((instance) => instance.arn)).toContain(locked.arn);
    expect(count(requests, 'DescribeInstanceAttribute')).toBe(0);
    const ec2Requests = requests.filter((request) => !NOT_EC2.has(request.action ?? ''));
    expect(ec2Requests.length).toBeLessThanOrEqual(Math.ceil(50 / 1000) + 1);
    expect(count(requests, 'DescribeInstances')).toBe(1);
  });

  it('finds 450 instances with one DescribeInstances (by tag, 1,000 a page), not one per 200 of the tagging API ids', async () => {
    await seedMany(450);
    let found: Resource[] = [];
    const requests = await requestsDuring(async () => {
      found = await discover({ resourceTypes: [EC2_INSTANCE] });
    });
    expect(found.filter((resource) => resource.type === 'AWS::EC2::Instance')).toHaveLength(450);
    expect(count(requests, 'GetResources')).toBeGreaterThanOrEqual(5);
    expect(count(requests, 'DescribeInstances')).toBe(1);
  });

  it('reads both attributes of every instance with ec2.readProtectionAtPlan: two reads each, the protection known', async () => {
    await seedMany(49);
    const locked = await seed({ terminationProtection: true });
    let found: Resource[] = [];
    const requests = await requestsDuring(async () => {
      found = await discover({ ec2: { readProtectionAtPlan: true } });
    });
    expect(count(requests, 'DescribeInstanceAttribute')).toBe(2 * 50);
    const byArn = new Map(found.map((resource) => [resource.arn, resource] as const));
    expect(byArn.get(locked.arn)?.protection).toEqual({ deletion: true, stop: false });
    expect(found.filter((resource) => resource.protection.deletion === false)).toHaveLength(49);
  });

  it('refuses a bad ec2 option with InvalidInput naming it, and sends nothing', async () => {
    const bad = { ec2: { readProtectionAtPlan: 'yes' } } as unknown as Partial<AwsSourceOptions>;
    const requests = await requestsDuring(async () => {
      const pages = sourceWith(bad).inventory.discover(workloadWith({}).source);
      for await (const page of pages) {
        const error = page._unsafeUnwrapErr();
        expect(error.code).toBe('InvalidInput');
        expect(error.message).toContain('ec2.readProtectionAtPlan');
        expect(error.code === 'InvalidInput' && error.issues.map((issue) => issue.path)).toEqual([
          'ec2.readProtectionAtPlan',
        ]);
      }
      const unknownKey = { ec2: { readProtection: true } } as unknown as Partial<AwsSourceOptions>;
      const arn = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/i-0123456789abcdef0`;
      const described = await sourceWith(unknownKey).inventory.describe(arn);
      expect(described._unsafeUnwrapErr()).toMatchObject({
        code: 'InvalidInput',
        issues: [{ path: 'ec2.readProtection' }],
      });
    });
    expect(requests.filter((request) => request.action !== 'GetCallerIdentity')).toEqual([]);
  });
});

/** Plans and applies the workload's retirement; the records of the run by instance and kind. */
async function retire(workload: Workload, options: Partial<AwsSourceOptions> = {}) {
  const engine = createEngine({
    checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
    providers: sourceWith(options),
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const run = (await engine.apply(plan, { approve: async () => true }))._unsafeUnwrap();
  const records: ActionRecord[] = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
  const about = (instance: SeededInstance, kind: string) =>
    records.find((record) => record.action.target.arn === instance.arn && record.action.kind === kind);
  const retireStep = plan.steps.find((step) => step.id === 'retire-resources');
  return { plan, run, about, retireStep };
}

/** The mutating requests that name `instance`, from the `since`th on. */
async function mutationsOf(instance: SeededInstance, since: number): Promise<string[]> {
  return (await mutatingRequests())
    .slice(since)
    .filter((request) => request.body.includes(instance.id))
    .map((request) => request.action ?? '');
}

describe('retiring instances whose protection was not read at plan, on moto_server', () => {
  beforeEach(async () => {
    await resetMoto();
  });

  it('never terminates a termination-protected instance: stopped by its scream test, its terminate fails typed, the others retired', async () => {
    const plain = [await seed(), await seed()];
    const locked = await seed({ terminationProtection: true });
    const seeded = (await mutatingRequests()).length;
    const { about, retireStep } = await retire(workloadWith({}));
    expect(retireStep?.findings).toContainEqual(
      expect.objectContaining({ severity: 'info', code: 'protection-checked-at-apply', resource: locked.arn }),
    );
    for (const instance of plain) expect(await instanceState(motoClients(), instance)).toBe('terminated');
    expect(await instanceState(motoClients(), locked)).toBe('stopped');
    const terminate = about(locked, 'resource.delete');
    expect(terminate?.status).toBe('failed');
    expect(terminate?.error).toMatchObject({
      code: 'Conflict',
      resource: locked.arn,
      protection: { flag: 'deletion', attribute: 'DisableApiTermination' },
    });
    expect(terminate?.error?.message).toContain(locked.id);
    expect(terminate?.error?.message).toContain('stays stopped');
    // Its stop is the only change it gets: no lift; the TerminateInstances that named it were refused.
    const mutations = await mutationsOf(locked, seeded);
    expect(mutations).toContain('StopInstances');
    expect(mutations.filter((action) => action !== 'StopInstances' && action !== 'TerminateInstances')).toEqual([]);
  });

  it('with ec2.readProtectionAtPlan, blocks the protected instance at plan and never touches it', async () => {
    const plain = await seed();
    const locked = await seed({ terminationProtection: true });
    const seeded = (await mutatingRequests()).length;
    const { retireStep } = await retire(workloadWith({}), { ec2: { readProtectionAtPlan: true } });
    expect(retireStep?.findings).toContainEqual(
      expect.objectContaining({ severity: 'blocking', code: 'protected', resource: locked.arn }),
    );
    expect(await instanceState(motoClients(), plain)).toBe('terminated');
    expect(await instanceState(motoClients(), locked)).toBe('running');
    expect(await mutationsOf(locked, seeded)).toEqual([]);
  });

  it('where the workload allows lifting: the protected one is lifted at apply and retired; the other has nothing to lift', async () => {
    const plain = await seed();
    const locked = await seed({ terminationProtection: true, stopProtection: true });
    const seeded = (await mutatingRequests()).length;
    const { about, run } = await retire(workloadWith({ liftProtection: true }));
    expect(run.status).toBe('completed');
    expect(await instanceState(motoClients(), locked)).toBe('terminated');
    expect(await instanceState(motoClients(), plain)).toBe('terminated');
    expect(about(locked, 'protection.lift')?.result).toMatchObject({
      protection: 'lifted',
      lifted: ['DisableApiTermination', 'DisableApiStop'],
    });
    expect(about(plain, 'protection.lift')?.result).toMatchObject({ protection: 'nothing to lift', lifted: [] });
    expect(await mutationsOf(plain, seeded)).not.toContain('ModifyInstanceAttribute');
    expect(await mutationsOf(locked, seeded)).toContain('ModifyInstanceAttribute');
  });
});
