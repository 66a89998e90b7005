import { AssociateIamInstanceProfileCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListPoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand } from '@aws-sdk/client-rds';
import { awsSource, IAM_INSTANCE_PROFILE, IAM_MANAGED_POLICY, IAM_ROLE, KMS_KEY } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { cutoverConfirmedByHand, retireStepOf } from '../../core/test/support/retire-plan.js';
import { motoClients, motoEndpoint, resetMoto, TEST_CREDENTIALS, TEST_REGION, withOwnMoto } from './support/moto.js';
import { POLICY_DOCUMENT, TRUST } from './support/moto-kms-iam-fixtures.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { PAYMENTS_SOURCE, tagList } from './support/retirement-harness.js';

withOwnMoto();

const tags = { workload: 'payments' };
const iamArn = (resource: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:${resource}`;

describe('the plan over KMS keys and IAM (on moto)', () => {
  beforeEach(resetMoto);

  it('names as blocking findings the snapshot a key encrypts, the out-of-scope instance a profile serves and the user a policy is attached to; plans the rest', async () => {
    const clients = motoClients();
    const iam = clients.get('iam', TEST_REGION);
    const key = await clients
      .get('kms', TEST_REGION)
      .send(new CreateKeyCommand({ Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }));
    const keyArn = key.KeyMetadata?.Arn ?? '';
    // Another workload's database and its snapshot, encrypted with the workload's key.
    const rds = clients.get('rds', TEST_REGION);
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'ledger',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-real-password',
        AllocatedStorage: 20,
        StorageEncrypted: true,
        KmsKeyId: keyArn,
      }),
    );
    await rds.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'ledger', DBSnapshotIdentifier: 'ledger-final' }),
    );
    for (const name of ['payments-api', 'payments-worker']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Tags: tagList(tags) }));
    }
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'payments-api', Tags: tagList(tags) }));
    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'payments-api', RoleName: 'payments-api' }),
    );
    const ec2 = clients.get('ec2', TEST_REGION);
    const launched = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    await ec2.send(
      new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Name: 'payments-api' } }),
    );
    await iam.send(
      new CreatePolicyCommand({ PolicyName: 'payments-read', PolicyDocument: POLICY_DOCUMENT, Tags: tagList(tags) }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: iamArn('policy/payments-read') }));

    const workload = defineWorkload({
      id: 'payments',
      source: PAYMENTS_SOURCE,
      target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
      sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
      backups: { vault: 'decom-archive', retainDays: 30 },
    });
    if (workload.isErr()) throw new Error(JSON.stringify(workload.error));
    const providers = awsSource({
      region: TEST_REGION,
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      resourceTypes: [KMS_KEY, IAM_ROLE, IAM_INSTANCE_PROFILE, IAM_MANAGED_POLICY],
    });
    const checklist = createChecklist(workload.value, [cutoverConfirmedByHand, finalBackups, retireResources]);
    const made = createEngine({ checklist, providers, journal: memoryJournal() });
    if (made.isErr()) throw new Error(`${made.error.code}: ${made.error.message}`);
    const engine = made.value;
    const planned = await engine.plan();
    if (planned.isErr()) throw new Error(`${planned.error.code}: ${planned.error.message}`);
    const plan = planned.value;
    const { retire, blocking } = retireStepOf(plan);
    const instance = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${instanceId}`;
    expect(blocking.get(keyArn)).toMatchObject({
      code: 'kms-key-encrypts-backups',
      message: expect.stringContaining(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot:ledger-final`),
    });
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
    // Only the free role is retired; nothing is planned on what stays blocked.
    expect(retire?.actions.map((action) => `${action.kind} ${action.target.ref}`)).toEqual([
      `resource.delete ${iamArn('role/payments-worker')}`,
    ]);
    // Applied: the global role is read again (scope, region '') and deleted; what stays blocked is untouched.
    await engine.apply(plan, { approve: async () => true });
    const roles = await iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map((role) => role.RoleName).sort()).toEqual(['payments-api']);
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toHaveLength(1);
    expect(
      (await clients.get('kms', TEST_REGION).send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata?.KeyState,
    ).toBe('Enabled');
  });
});
