import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import {
  type AwsCredentials,
  awsIamPolicy,
  awsSource,
  EBS_VOLUME,
  EC2_INSTANCE,
  ELASTIC_IP,
  type IamPolicyDocument,
  RDS_DB_INSTANCE,
  SECURITY_GROUP,
} from '@decomkit/aws';
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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iamActionsOfRequest } from './support/iam-action-names.js';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { createPolicyUser, enforceIam, motoEvaluablePolicy } from './support/moto-iam-user.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { type SeededWorkload, seedWorkload } from './support/moto-workload.js';

withOwnMoto();

const confirmedByHand = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [], findings: [] }),
  verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
});

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
  policies: { 'AWS::RDS::DBInstance': { liftProtection: true } },
})._unsafeUnwrap();

const BACKUPS = { defaultMethod: 'native', awsBackup: false } as const;

function engineAs(credentials: AwsCredentials, resourceTypes?: Parameters<typeof awsSource>[0]['resourceTypes']) {
  const providers = awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials,
    backups: BACKUPS,
    pollMilliseconds: 20,
    maxAttempts: 1,
    ...(resourceTypes === undefined ? {} : { resourceTypes }),
  });
  const checklist = createChecklist(workload, [confirmedByHand, finalBackups, retireResources]);
  return createEngine({ checklist, providers, journal: memoryJournal() })._unsafeUnwrap();
}

describe("a plan's IAM policy against what the provider sends to moto_server", () => {
  let world: SeededWorkload;
  beforeEach(async () => {
    await resetMoto();
    world = await seedWorkload(motoClients(), { rootVolumes: true });
  });
  afterEach(async () => {
    await enforceIam(motoEndpoint(), false);
  });

  it('grants the IAM action of every request of a full plan and apply (every type of the source)', async () => {
    const seeded = (await recordedRequests()).length;
    const engine = engineAs(TEST_CREDENTIALS);
    const plan = (await engine.plan())._unsafeUnwrap();
    await engine.apply(plan, { approve: async () => true });
    const sent = (await recordedRequests()).slice(seeded);
    expect(sent.map((request) => request.action)).toEqual(
      expect.arrayContaining(['TerminateInstances', 'DeleteDBInstance', 'CreateDBSnapshot', 'CreateSnapshots']),
    );

    const policy = awsIamPolicy(plan, { backups: BACKUPS })._unsafeUnwrap();
    const granted = new Set(policy.Statement.flatMap((statement) => statement.Action));
    const ungranted = [
      ...new Set(
        sent.flatMap((request) => {
          const actions = iamActionsOfRequest(request);
          if (actions === null) return [`${request.service}: ${request.action} (no IAM action known for it)`];
          return actions.filter((action) => !granted.has(action));
        }),
      ),
    ];
    expect(ungranted).toEqual([]);
  });

  it('plans and applies as a user holding exactly the policy; without TerminateInstances the terminations are denied', async () => {
    const types = [EC2_INSTANCE, EBS_VOLUME, SECURITY_GROUP, ELASTIC_IP, RDS_DB_INSTANCE];
    const planned = (await engineAs(TEST_CREDENTIALS, types).plan())._unsafeUnwrap();
    const policy = awsIamPolicy(planned, { resourceTypes: types, backups: BACKUPS })._unsafeUnwrap();
    const terminates = (statement: IamPolicyDocument['Statement'][number]) =>
      statement.Action.includes('ec2:TerminateInstances');
    expect(policy.Statement.filter(terminates)).toHaveLength(1);
    // The statement that grants TerminateInstances, without it (StopInstances on the same instances stays).
    const withoutTerminate: IamPolicyDocument = {
      ...policy,
      Statement: policy.Statement.flatMap((statement) => {
        if (!terminates(statement)) return [statement];
        const rest = statement.Action.filter((action) => action !== 'ec2:TerminateInstances');
        return rest.length === 0 ? [] : [{ ...statement, Action: rest }];
      }),
    };
    const full = await createPolicyUser(motoClients(), 'decomkit-runner', motoEvaluablePolicy(policy));
    const lacking = await createPolicyUser(motoClients(), 'decomkit-lacking', motoEvaluablePolicy(withoutTerminate));

    await enforceIam(motoEndpoint(), true);
    const denied = engineAs(lacking, types);
    const deniedPlan = (await denied.plan())._unsafeUnwrap(); // every read is granted
    const deniedRun = (await denied.apply(deniedPlan, { approve: async () => true }))._unsafeUnwrap();
    const terminations = deniedRun.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .filter(
        (record) =>
          record.action.kind === 'resource.delete' && record.action.target.resourceType === 'AWS::EC2::Instance',
      );
    expect(terminations.length).toBeGreaterThan(0);
    for (const record of terminations) {
      expect(record.status).toBe('failed');
      expect(record.error).toMatchObject({
        code: 'AccessDenied',
        message: expect.stringContaining('ec2:TerminateInstances'),
      });
    }

    const runner = engineAs(full, types);
    const plan = (await runner.plan())._unsafeUnwrap();
    const run = (await runner.apply(plan, { approve: async () => true }))._unsafeUnwrap();
    const records = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
    expect(records.filter((record) => record.error !== null).map((record) => record.error)).toEqual([]);
    await enforceIam(motoEndpoint(), false);

    const instances = await motoClients()
      .get('ec2', TEST_REGION)
      .send(new DescribeInstancesCommand({ InstanceIds: [world.web.id, world.other.id] }));
    const states = (instances.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .map((instance) => instance.State?.Name);
    expect(states).toEqual(['terminated', 'terminated']);
    const databases = await motoClients().get('rds', TEST_REGION).send(new DescribeDBInstancesCommand({}));
    expect(databases.DBInstances ?? []).toEqual([]);
  });
});
