import {
  createChecklist,
  createEngine,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
} from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { cutoverConfirmedByHand, retireStepOf } from '../../core/test/support/retire-plan.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
const LEDGER = `arn:aws:rds:${REGION}:${ACCOUNT}:db:ledger`;
const iamArn = (resource: string) => `arn:aws:iam::${ACCOUNT}:${resource}`;

async function execute(cloud: ReturnType<typeof createFakeCloud>, kind: string, arn: string, type: string) {
  const action = actionOn(kind, arn, {}, type);
  return handler(cloud, kind).execute(action, contextFor(cloud, action));
}

const keyOf = (cloud: ReturnType<typeof createFakeCloud>) => cloud.source.kmsKeys().find((key) => key.arn === KEY);

/** Plans the retirement of the `payments` workload of `seed` (the cutover confirmed by hand). */
async function planned(seed: FakeCloudSeed) {
  const cloud = createFakeCloud(seed);
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: ACCOUNT, regions: [REGION], select: { tags } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
  })._unsafeUnwrap();
  const checklist = createChecklist(workload, [cutoverConfirmedByHand, finalBackups, retireResources]);
  const engine = createEngine({ checklist, providers: cloud.providers, journal: memoryJournal() })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  return { cloud, engine, plan, ...retireStepOf(plan) };
}

describe('KMS keys on the fake', () => {
  it('are discovered by tag, disabled as the scream test, then scheduled for deletion in 30 days (gone after)', async () => {
    const cloud = createFakeCloud({
      source: {
        kmsKeys: [
          { keyId: KEY_ID, tags, aliases: ['alias/payments'] },
          { keyId: '9999abcd-12ab-34cd-56ef-1234567890ab', tags: { workload: 'payments-archive' } },
        ],
      },
    });
    const found = (await discoverAll(cloud, { tags })).filter((resource) => resource.type === AWS_TYPES.kmsKey);
    expect(found).toEqual([
      expect.objectContaining({ arn: KEY, name: 'alias/payments', state: 'enabled', dependsOn: [] }),
    ]);
    expect(found[0]?.retireBlockers).toBeUndefined();
    expect(await runToEnd(cloud, actionOn('resource.stop', KEY, {}, AWS_TYPES.kmsKey))).toMatchObject({
      state: 'disabled',
      undo: 'kms:EnableKey',
    });
    expect(keyOf(cloud)?.keyState).toBe('Disabled');
    expect(await runToEnd(cloud, actionOn('resource.delete', KEY, {}, AWS_TYPES.kmsKey))).toMatchObject({
      state: 'pending-deletion',
      pendingWindowDays: 30,
    });
    expect(keyOf(cloud)).toMatchObject({ keyState: 'PendingDeletion', pendingWindowDays: 30 });
    expect((await cloud.providers.inventory.describe(KEY))._unsafeUnwrap()).toBeNull();
    // Pending deletion counts as gone: a retry is done, nothing sent again.
    const sent = cloud.calls.mutating().length;
    expect((await execute(cloud, 'resource.delete', KEY, AWS_TYPES.kmsKey))._unsafeUnwrap().status).toBe('done');
    expect(cloud.calls.mutating()).toHaveLength(sent);
  });

  it('refuses a key while a final snapshot is encrypted with it: a blocking finding naming it, Conflict at delete, nothing sent', async () => {
    const cloud = createFakeCloud({
      source: {
        kmsKeys: [{ keyId: KEY_ID, tags, encrypts: [LEDGER] }],
        dbInstances: [{ id: 'ledger', tags: { workload: 'billing' } }],
      },
    });
    // While the database lives, the key waits for it (it stays: another workload's).
    const before = (await cloud.providers.inventory.describe(KEY))._unsafeUnwrap();
    expect(before).toMatchObject({ dependsOn: [LEDGER] });
    expect(before?.retireBlockers).toBeUndefined();
    // Its owner deletes it with a final snapshot, encrypted with the key (taken since the plan).
    (await cloud.aws.rds.deleteDbInstance('ledger', { finalSnapshotIdentifier: 'ledger-final' }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    const snapshot = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:ledger-final`;
    const after = (await cloud.providers.inventory.describe(KEY))._unsafeUnwrap();
    expect(after?.retireBlockers).toEqual([
      expect.objectContaining({ code: 'kms-key-encrypts-backups', message: expect.stringContaining(snapshot) }),
    ]);
    const sent = cloud.calls.mutating().length;
    const refused = await execute(cloud, 'resource.delete', KEY, AWS_TYPES.kmsKey);
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict', message: expect.stringContaining(snapshot) });
    expect(cloud.calls.mutating()).toHaveLength(sent);
    expect(keyOf(cloud)?.keyState).toBe('Enabled');
  });

  it('fails closed when what a key encrypts cannot be read, and refuses an alias ARN (InvalidInput)', async () => {
    const cloud = createFakeCloud({ source: { kmsKeys: [{ keyId: KEY_ID, tags }] } });
    cloud.faults.inject({ service: 'backup', operation: 'ListRecoveryPointsByBackupVault', error: 'access-denied' });
    expect((await cloud.providers.inventory.describe(KEY))._unsafeUnwrap()?.retireBlockers).toEqual([
      expect.objectContaining({ code: 'kms-key-dependents-unreadable' }),
    ]);
    const refused = await execute(cloud, 'resource.delete', KEY, AWS_TYPES.kmsKey);
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    const alias = `arn:aws:kms:${REGION}:${ACCOUNT}:alias/payments`;
    expect((await execute(cloud, 'resource.delete', alias, AWS_TYPES.kmsKey))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(cloud.calls.mutating()).toEqual([]);
    expect(keyOf(cloud)?.keyState).toBe('Enabled');
  });
});

describe('IAM roles, instance profiles and managed policies on the fake', () => {
  const seed: FakeCloudSeed = {
    source: {
      instances: [{ id: 'i-billing', tags: { workload: 'billing' } }],
      iamRoles: [
        { roleName: 'payments-api', tags },
        { roleName: 'payments-worker', tags, policies: ['payments-write'], inlinePolicies: ['queue-access'] },
        { roleName: 'AWSServiceRoleForPayments', path: '/aws-service-role/payments.amazonaws.com/', tags },
      ],
      instanceProfiles: [{ profileName: 'payments-api', tags, roles: ['payments-api'], instanceIds: ['i-billing'] }],
      managedPolicies: [
        { policyName: 'payments-read', tags, users: ['auditor'] },
        { policyName: 'payments-write', tags, extraVersions: 1 },
      ],
    },
  };

  it('names what stays as blocking findings and retires only the free role and its policy: detached, then deleted', async () => {
    const { cloud, engine, plan, retire, blocking } = await planned(seed);
    const instance = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-billing`;
    expect(blocking.get(iamArn('instance-profile/payments-api'))).toMatchObject({
      code: 'held-by-unretired',
      message: expect.stringContaining(instance),
    });
    expect(blocking.get(iamArn('role/payments-api'))).toMatchObject({
      code: 'held-by-unretired',
      message: expect.stringContaining(iamArn('instance-profile/payments-api')),
    });
    expect(blocking.get(iamArn('policy/payments-read'))).toMatchObject({
      code: 'iam-policy-attached-outside',
      message: expect.stringContaining('user auditor'),
    });
    expect(
      blocking.get(iamArn('role/aws-service-role/payments.amazonaws.com/AWSServiceRoleForPayments')),
    ).toMatchObject({ code: 'iam-aws-owned-role' });
    expect(retire?.actions.map((action) => `${action.kind} ${action.target.ref}`)).toEqual([
      `resource.delete ${iamArn('role/payments-worker')}`,
      `resource.delete ${iamArn('policy/payments-write')}`,
    ]);
    await engine.apply(plan, { approve: async () => true });
    // The role used by another workload's instance (through its profile) is never touched.
    expect(cloud.source.iamRoles().map((role) => role.roleName)).toEqual(['payments-api', 'AWSServiceRoleForPayments']);
    expect(cloud.source.instanceProfiles()).toEqual([expect.objectContaining({ roles: ['payments-api'] })]);
    expect(cloud.source.managedPolicies().map((policy) => policy.policyName)).toEqual(['payments-read']);
    const iamCalls = cloud.calls
      .mutating()
      .filter((call) => call.service === 'iam')
      .map((call) => call.operation);
    expect(iamCalls).toEqual(['DetachRolePolicy', 'DeleteRole', 'DeletePolicyVersion', 'DeletePolicy']);
  });

  it('refuses a profile an instance still uses and a role still in a profile (Conflict, nothing sent); an AWS-managed policy ARN is InvalidInput', async () => {
    const cloud = createFakeCloud(seed);
    const profile = await execute(
      cloud,
      'resource.delete',
      iamArn('instance-profile/payments-api'),
      AWS_TYPES.instanceProfile,
    );
    expect(profile._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('i-billing'),
    });
    const role = await execute(cloud, 'resource.delete', iamArn('role/payments-api'), AWS_TYPES.iamRole);
    expect(role._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('instance profiles'),
    });
    const awsManaged = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    expect((await execute(cloud, 'resource.delete', awsManaged, AWS_TYPES.managedPolicy))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('lists a global entity once across the selected regions, with region empty', async () => {
    const found = await discoverAll(createFakeCloud(seed), { tags }, [REGION, 'us-east-1']);
    const roles = found.filter((resource) => resource.type === AWS_TYPES.iamRole);
    expect(roles.map((resource) => resource.name).sort()).toEqual([
      'AWSServiceRoleForPayments',
      'payments-api',
      'payments-worker',
    ]);
    expect(roles.every((resource) => resource.region === '')).toBe(true);
  });
});
