import { AssociateIamInstanceProfileCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { seedBucket } from './moto-data-resources.js';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';

/** A trust policy letting EC2 assume a role. */
export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
/** A policy document reading one bucket's objects. */
export const POLICY_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ledger/*' }],
});
const NO_SUCH_ENTITY = ['NoSuchEntityException', 'NoSuchEntity'];
const held = (contents: number | undefined) => (contents ?? 0) > 0;

/**
 * The KMS key and IAM types of the infrastructure rows in moto: a key (a
 * fixture with `contents` is the default encryption of a bucket of exports),
 * a role (with `contents`, in an untagged instance profile), an instance
 * profile (with `contents`, associated with a running instance) and a
 * customer-managed policy (with `contents`, attached to a user). A key
 * pending deletion reads as gone.
 */
export const MOTO_KMS_IAM_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::KMS::Key': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('kms', region).send(
        new CreateKeyCommand({
          Tags: Object.entries(fixture.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
        }),
      );
      const arn = created.KeyMetadata?.Arn ?? '';
      if (held(fixture.contents)) {
        const bucket = `${fixture.name}-exports`;
        await seedBucket(clients, region, { name: bucket, tags: {} });
        await clients.get('s3', region).send(
          new PutBucketEncryptionCommand({
            Bucket: bucket,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn } }],
            },
          }),
        );
      }
      return { id: arn, arn };
    },
    read: (clients, region, arn) =>
      orGone(['NotFoundException'], async () => {
        const key = await clients.get('kms', region).send(new DescribeKeyCommand({ KeyId: arn }));
        const state = key.KeyMetadata?.KeyState ?? 'unknown';
        if (state === 'PendingDeletion') return null;
        return unprotected(state === 'Disabled' ? 'stopped' : state.toLowerCase());
      }),
  },
  'AWS::IAM::Role': {
    seed: async (clients, region, fixture) => {
      const iam = clients.get('iam', region);
      const created = await iam.send(
        new CreateRoleCommand({ RoleName: fixture.name, AssumeRolePolicyDocument: TRUST, Tags: tagList(fixture.tags) }),
      );
      if (held(fixture.contents)) {
        const profile = `${fixture.name}-profile`;
        await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: profile }));
        await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: profile, RoleName: fixture.name }));
      }
      return { id: fixture.name, arn: created.Role?.Arn ?? '' };
    },
    read: (clients, region, name) =>
      orGone(NO_SUCH_ENTITY, async () => {
        const iam = clients.get('iam', region);
        await iam.send(new GetRoleCommand({ RoleName: name }));
        const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
        return unprotected(`${attached.AttachedPolicies?.length ?? 0} policies`);
      }),
  },
  'AWS::IAM::InstanceProfile': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('iam', region)
        .send(new CreateInstanceProfileCommand({ InstanceProfileName: fixture.name, Tags: tagList(fixture.tags) }));
      if (held(fixture.contents)) {
        const ec2 = clients.get('ec2', region);
        const launched = await ec2.send(
          new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
        );
        await ec2.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: launched.Instances?.[0]?.InstanceId,
            IamInstanceProfile: { Name: fixture.name },
          }),
        );
      }
      return { id: fixture.name, arn: created.InstanceProfile?.Arn ?? '' };
    },
    read: (clients, region, name) =>
      orGone(NO_SUCH_ENTITY, async () => {
        const found = await clients
          .get('iam', region)
          .send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
        const roles = (found.InstanceProfile?.Roles ?? []).map((role) => role.RoleName ?? '');
        return unprotected(`roles ${roles.join(',')}`);
      }),
  },
  'AWS::IAM::ManagedPolicy': {
    seed: async (clients, region, fixture) => {
      const iam = clients.get('iam', region);
      const created = await iam.send(
        new CreatePolicyCommand({
          PolicyName: fixture.name,
          PolicyDocument: POLICY_DOCUMENT,
          Tags: tagList(fixture.tags),
        }),
      );
      const arn = created.Policy?.Arn ?? '';
      if (held(fixture.contents)) {
        await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
        await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: arn }));
      }
      return { id: arn, arn };
    },
    read: (clients, region, arn) =>
      orGone(NO_SUCH_ENTITY, async () => {
        const iam = clients.get('iam', region);
        await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
        return unprotected(`${versions.Versions?.length ?? 0} versions`);
      }),
  },
};
