import { DATA_WORLD } from './data-resource-fixtures.js';
import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const KEY = 'AWS::KMS::Key';
const ROLE = 'AWS::IAM::Role';
const PROFILE = 'AWS::IAM::InstanceProfile';
const POLICY = 'AWS::IAM::ManagedPolicy';

/** `arn:aws:iam::<account>:<resource>` in the rows' world (IAM is global: no region). */
const iamArn = (resource: string) => `arn:aws:iam::${DATA_WORLD.accountId}:${resource}`;

/**
 * The KMS key and IAM rows. The KMS key is stoppable (DisableKey is its
 * scream test) and deleted by ScheduleKeyDeletion (pending deletion reads as
 * gone); one encrypting what must outlive it (`contents`: a bucket whose
 * default encryption is the key, where exports land) is refused. The service
 * picks a key's id, so it is named by its `Name` tag and the oracle names
 * its ARN. The IAM types are global (region `''`): a role still in an
 * instance profile (`contents`), a profile an instance is associated with,
 * and a policy attached to a user are refused. None has protection.
 */
export const KMS_IAM_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: KEY,
    fixtures: [
      resourceFixture(KEY, 'payments-key', 'payments', { nameTag: true }),
      resourceFixture(KEY, 'payments-exports-key', 'payments', { nameTag: true, contents: 1 }),
      resourceFixture(KEY, 'archive-key', 'payments-archive', { nameTag: true }),
    ],
    arnOf: (name) => worldArn('kms', `key/${name}`),
    missing: '0b3c5d7e-1f2a-4b6c-8d9e-0a1b2c3d4e5f',
    // An alias is not a key, nor is a key id of another shape.
    wrongArns: [worldArn('kms', 'alias/payments-key'), worldArn('kms', 'key/payments-key')],
    deletable: 'payments-key',
    stoppable: true,
    refusedDeletes: ['payments-exports-key'],
  },
  {
    type: ROLE,
    fixtures: [
      resourceFixture(ROLE, 'payments-api', 'payments'),
      resourceFixture(ROLE, 'payments-web', 'payments', { contents: 1 }),
      resourceFixture(ROLE, 'archive-api', 'payments-archive'),
    ],
    arnOf: (name) => iamArn(`role/${name}`),
    missing: 'payments-missing',
    // A regional ARN, and a user of the same name.
    wrongArns: [worldArn('iam', 'role/payments-api'), iamArn('user/payments-api')],
    deletable: 'payments-api',
    refusedDeletes: ['payments-web'],
    global: true,
  },
  {
    type: PROFILE,
    fixtures: [
      resourceFixture(PROFILE, 'payments-api', 'payments'),
      resourceFixture(PROFILE, 'payments-web', 'payments', { contents: 1 }),
      resourceFixture(PROFILE, 'archive-api', 'payments-archive'),
    ],
    arnOf: (name) => iamArn(`instance-profile/${name}`),
    missing: 'payments-missing',
    // A regional ARN, and one with no name.
    wrongArns: [worldArn('iam', 'instance-profile/payments-api'), iamArn('instance-profile/payments-api/')],
    deletable: 'payments-api',
    refusedDeletes: ['payments-web'],
    global: true,
  },
  {
    type: POLICY,
    fixtures: [
      resourceFixture(POLICY, 'payments-read', 'payments'),
      resourceFixture(POLICY, 'payments-audit', 'payments', { contents: 1 }),
      resourceFixture(POLICY, 'archive-read', 'payments-archive'),
    ],
    arnOf: (name) => iamArn(`policy/${name}`),
    missing: 'payments-missing',
    // An AWS-managed policy is no customer-managed policy; a regional ARN is no IAM ARN.
    wrongArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', worldArn('iam', 'policy/payments-read')],
    deletable: 'payments-read',
    refusedDeletes: ['payments-audit'],
    global: true,
  },
];
