import { AssociateIamInstanceProfileCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AWS_RESOURCE_TYPES, IAM_INSTANCE_PROFILE, IAM_MANAGED_POLICY, IAM_ROLE } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamInstanceProfileNameOf } from '../src/resources/iam-instance-profile.js';
import { iamPolicyIdOf } from '../src/resources/iam-managed-policy.js';
import { iamRoleNameOf } from '../src/resources/iam-role.js';
import {
  motoClients,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, discoverAll, portsOn, reconcile, run, tagList } from './support/retirement-harness.js';

withOwnMoto();

const tags = { workload: 'payments' };
const IAM_TYPES = [IAM_ROLE, IAM_INSTANCE_PROFILE, IAM_MANAGED_POLICY];
const iamArn = (resource: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:${resource}`;
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const READ_LEDGER = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ledger/*' }],
});
const iam = () => motoClients().get('iam', TEST_REGION);

/**
 * The workload's role `payments-api` (path `/app/`, an inline policy, the
 * managed policy `payments-read` with a second version attached) in the
 * profile `payments-api`; a look-alike role tagged for another workload.
 */
async function seedWorkload(): Promise<void> {
  await iam().send(
    new CreateRoleCommand({
      RoleName: 'payments-api',
      Path: '/app/',
      AssumeRolePolicyDocument: TRUST,
      Tags: tagList(tags),
    }),
  );
  await iam().send(
    new CreateRoleCommand({
      RoleName: 'billing-api',
      AssumeRolePolicyDocument: TRUST,
      Tags: tagList({ workload: 'billing' }),
    }),
  );
  await iam().send(
    new PutRolePolicyCommand({ RoleName: 'payments-api', PolicyName: 'inline-read', PolicyDocument: READ_LEDGER }),
  );
  await iam().send(
    new CreatePolicyCommand({ PolicyName: 'payments-read', PolicyDocument: READ_LEDGER, Tags: tagList(tags) }),
  );
  await iam().send(
    new CreatePolicyVersionCommand({ PolicyArn: iamArn('policy/payments-read'), PolicyDocument: READ_LEDGER }),
  );
  await iam().send(
    new AttachRolePolicyCommand({ RoleName: 'payments-api', PolicyArn: iamArn('policy/payments-read') }),
  );
  await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: 'payments-api', Tags: tagList(tags) }));
  await iam().send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'payments-api', RoleName: 'payments-api' }),
  );
}

const ROLE = iamArn('role/app/payments-api');
const PROFILE = iamArn('instance-profile/payments-api');
const POLICY = iamArn('policy/payments-read');
const mutations = async (action: string) =>
  (await mutatingRequests()).filter((request) => request.action === action).length;

describe('IAM roles, instance profiles and customer-managed policies (on moto)', () => {
  beforeEach(resetMoto);

  it('reads names from customer IAM ARNs only: no region, no AWS-managed policy, no other service', () => {
    expect(iamRoleNameOf(ROLE)).toBe('payments-api');
    expect(iamInstanceProfileNameOf(PROFILE)).toBe('payments-api');
    expect(iamPolicyIdOf(iamArn('policy/team/payments-read'))).toBe('team/payments-read');
    expect(iamPolicyIdOf('arn:aws:iam::aws:policy/AdministratorAccess')).toBeNull();
    expect(iamRoleNameOf(`arn:aws:iam:${TEST_REGION}:${MOTO_ACCOUNT_ID}:role/payments-api`)).toBeNull();
    expect(iamRoleNameOf(PROFILE)).toBeNull();
    expect(iamRoleNameOf(`arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/payments-api/session`)).toBeNull();
    for (const type of IAM_TYPES) {
      expect(AWS_RESOURCE_TYPES).toContain(type);
      expect(type).toMatchObject({ stoppable: false, holdsData: false });
    }
  });

  it('discovers the tagged role, profile and policy (global: no region), each after what it serves', async () => {
    await seedWorkload();
    const found = await discoverAll(portsOn(IAM_TYPES));
    expect([...found.keys()].sort()).toEqual([PROFILE, POLICY, ROLE].sort());
    expect(found.get(ROLE)).toMatchObject({ type: 'AWS::IAM::Role', region: '', dependsOn: [PROFILE] });
    expect(found.get(PROFILE)).toMatchObject({ type: 'AWS::IAM::InstanceProfile', region: '', dependsOn: [] });
    expect(found.get(POLICY)).toMatchObject({ type: 'AWS::IAM::ManagedPolicy', region: '', dependsOn: [ROLE] });
    for (const resource of found.values()) expect(resource.retireBlockers).toBeUndefined();
  });

  it('lists IAM once for a workload of two regions: global, found the same in each', async () => {
    await seedWorkload();
    const before = (await recordedRequests()).length;
    const found = await discoverAll(portsOn(IAM_TYPES), {
      accountId: MOTO_ACCOUNT_ID,
      regions: [TEST_REGION, 'us-west-2'],
      select: { tags },
    });
    expect([...found.keys()].sort()).toEqual([PROFILE, POLICY, ROLE].sort());
    const listings = (await recordedRequests())
      .slice(before)
      .flatMap((request) => (request.action?.startsWith('List') === true ? [request.action] : []));
    for (const listing of ['ListRoles', 'ListPolicies', 'ListInstanceProfiles']) {
      expect(
        listings.filter((action) => action === listing),
        listing,
      ).toHaveLength(1);
    }
  });

  it("reads no region's profile associations when no instance profile is in scope", async () => {
    await iam().send(
      new CreateInstanceProfileCommand({ InstanceProfileName: 'billing-api', Tags: tagList({ workload: 'billing' }) }),
    );
    const found = await discoverAll(portsOn(IAM_TYPES));
    expect(found.size).toBe(0);
    const reads = (await recordedRequests()).filter(
      (request) => request.action === 'DescribeIamInstanceProfileAssociations' || request.action === 'DescribeRegions',
    );
    expect(reads).toEqual([]);
  });

  it('finds a role by its explicit ARN', async () => {
    await seedWorkload();
    const ports = portsOn(IAM_TYPES);
    const found = await discoverAll(ports, {
      accountId: MOTO_ACCOUNT_ID,
      regions: [TEST_REGION],
      select: { arns: [ROLE] },
    });
    expect([...found.keys()]).toEqual([ROLE]);
  });

  it('detaches, then deletes: the profile lets go of the role, the role drops its inline and managed policies, the policy its versions', async () => {
    await seedWorkload();
    const ports = portsOn(IAM_TYPES);
    const [profile, role, policy] = [PROFILE, ROLE, POLICY].map((arn) => actionOn(arn, 'resource.delete'));
    if (profile === undefined || role === undefined || policy === undefined) throw new Error('actions');
    // Out of order, each refuses and sends nothing.
    expect((await run(ports.retirement, role))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining(PROFILE),
    });
    expect((await run(ports.retirement, policy))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('role payments-api'),
    });
    expect(await mutations('DeleteRolePolicy')).toBe(0);
    for (const action of [profile, role, policy]) {
      expect(await reconcile(ports.retirement, action)).toEqual({ status: 'absent' });
      expect((await run(ports.retirement, action))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { state: 'deleted' },
      });
      expect(await reconcile(ports.retirement, action)).toMatchObject({ status: 'done' });
      // Already gone: done again (at-least-once safe).
      expect((await run(ports.retirement, action))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    }
    expect(await mutations('RemoveRoleFromInstanceProfile')).toBe(1);
    expect(await mutations('DeleteRolePolicy')).toBe(1);
    expect(await mutations('DetachRolePolicy')).toBe(1);
    expect(await mutations('DeletePolicyVersion')).toBe(1);
    expect((await discoverAll(ports)).size).toBe(0);
  });

  it('never detaches what another workload uses: a profile on an out-of-scope instance, a policy on a user', async () => {
    await seedWorkload();
    const ec2 = motoClients().get('ec2', TEST_REGION);
    const launched = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    await ec2.send(
      new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Name: 'payments-api' } }),
    );
    await iam().send(new CreateUserCommand({ UserName: 'auditor' }));
    await iam().send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: POLICY }));
    const ports = portsOn(IAM_TYPES);
    const found = await discoverAll(ports);
    const instance = `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${instanceId}`;
    // The instance is not in scope: the plan's fixed point names it (held-by-unretired) and keeps the profile and role.
    expect(found.get(PROFILE)?.dependsOn).toEqual([instance]);
    expect(found.get(POLICY)?.retireBlockers).toEqual([
      { code: 'iam-policy-attached-outside', message: expect.stringContaining('user auditor') },
    ]);
    expect((await run(ports.retirement, actionOn(PROFILE, 'resource.delete')))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining(instance),
    });
    expect((await run(ports.retirement, actionOn(POLICY, 'resource.delete')))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('user auditor'),
    });
    expect(await mutations('RemoveRoleFromInstanceProfile')).toBe(0);
    expect(await mutations('DeletePolicy')).toBe(0);
    const versions = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: POLICY }));
    expect(versions.Versions).toHaveLength(2);
    expect((await iam().send(new GetPolicyCommand({ PolicyArn: POLICY }))).Policy?.AttachmentCount).toBe(2);
  });

  it('never touches a service-linked role: blocking finding, delete refused', async () => {
    await iam().send(
      new CreateRoleCommand({
        RoleName: 'AWSServiceRoleForPayments',
        Path: '/aws-service-role/payments.amazonaws.com/',
        AssumeRolePolicyDocument: TRUST,
        Tags: tagList(tags),
      }),
    );
    const arn = iamArn('role/aws-service-role/payments.amazonaws.com/AWSServiceRoleForPayments');
    const ports = portsOn(IAM_TYPES);
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.retireBlockers).toEqual([
      { code: 'iam-aws-owned-role', message: expect.stringContaining('never touched') },
    ]);
    expect((await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(await mutations('DeleteRole')).toBe(0);
  });

  it('refuses an AWS-managed policy ARN or another type (InvalidInput)', async () => {
    const ports = portsOn(IAM_TYPES);
    for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess', iamArn('user/auditor')]) {
      expect((await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr().code).toBe(
        'InvalidInput',
      );
    }
  });
});
