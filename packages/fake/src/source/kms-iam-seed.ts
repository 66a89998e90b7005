import type { WorldState } from '../world.js';
import type { Place } from './arns.js';
import type { KmsIamLists } from './kms-iam-types.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** A KMS key (`keyId`: a UUID). */
export interface KmsKeySeed extends CommonSeed {
  readonly keyId: string;
  /** Default `Enabled`. */
  readonly state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  /** Default `CUSTOMER`; `AWS` for an AWS-managed key. */
  readonly keyManager?: 'CUSTOMER' | 'AWS';
  /** Alias names (`alias/payments`). Default none. */
  readonly aliases?: readonly string[];
  /**
   * The ARNs of the seeded resources encrypted with the key (volumes,
   * databases, log groups, buckets' default encryption, snapshots). Default none.
   */
  readonly encrypts?: readonly string[];
}

/** An IAM role (global: no region). */
export interface IamRoleSeed extends Omit<CommonSeed, 'region'> {
  readonly roleName: string;
  /** Default `/`; `/aws-service-role/<service>/` for a service-linked role. */
  readonly path?: string;
  /** Names of the seeded customer-managed policies attached to it. Default none. */
  readonly policies?: readonly string[];
  /** Names of its inline policies. Default none. */
  readonly inlinePolicies?: readonly string[];
}

/** An IAM instance profile (global), holding `roles` and associated with the EC2 instances `instanceIds`. */
export interface InstanceProfileSeed extends Omit<CommonSeed, 'region'> {
  readonly profileName: string;
  readonly roles?: readonly string[];
  readonly instanceIds?: readonly string[];
}

/** A customer-managed IAM policy (global). */
export interface ManagedPolicySeed extends Omit<CommonSeed, 'region'> {
  readonly policyName: string;
  /** Default `/`. */
  readonly path?: string;
  /** Versions beyond the default `v1`. Default none. */
  readonly extraVersions?: number;
  /** IAM users and groups it is attached to. Default none. */
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
}

/** The KMS keys and IAM entities a fake cloud can start with. */
export interface KmsIamSeed {
  readonly kmsKeys?: readonly KmsKeySeed[];
  readonly iamRoles?: readonly IamRoleSeed[];
  readonly instanceProfiles?: readonly InstanceProfileSeed[];
  readonly managedPolicies?: readonly ManagedPolicySeed[];
}

type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

const iamArn = (kind: string, pathAndName: string) => (place: Place) =>
  `arn:aws:iam::${place.accountId}:${kind}${pathAndName}`;

/** Builds the KMS keys and IAM entities of a seed (IAM's region is `''`). */
export function kmsIamStateFromSeed(seed: KmsIamSeed, recordOf: RecordOf): KmsIamLists {
  const global = (common: Omit<CommonSeed, 'region'>): CommonSeed => ({ ...common, region: '' });
  const policies = (seed.managedPolicies ?? []).map((policy) => ({
    ...recordOf(global(policy), iamArn('policy', `${policy.path ?? '/'}${policy.policyName}`), policy.policyName),
    policyName: policy.policyName,
    versions: ['v1', ...Array.from({ length: policy.extraVersions ?? 0 }, (_, index) => `v${index + 2}`)],
    users: [...(policy.users ?? [])],
    groups: [...(policy.groups ?? [])],
  }));
  const policyArn = (name: string) => policies.find((policy) => policy.policyName === name)?.arn ?? name;
  const keys = (seed.kmsKeys ?? []).map((key) => ({
    ...recordOf(key, (place) => `arn:aws:kms:${place.region}:${place.accountId}:key/${key.keyId}`),
    keyId: key.keyId,
    keyState: key.state ?? ('Enabled' as const),
    keyManager: key.keyManager ?? ('CUSTOMER' as const),
    aliases: [...(key.aliases ?? [])],
    pendingWindowDays: key.state === 'PendingDeletion' ? 30 : null,
  }));
  const encryptionKeys: Record<string, string> = {};
  (seed.kmsKeys ?? []).forEach((key, index) => {
    for (const arn of key.encrypts ?? []) encryptionKeys[arn] = keys[index]?.arn ?? '';
  });
  return {
    kmsKeys: keys,
    iamRoles: (seed.iamRoles ?? []).map((role) => ({
      ...recordOf(global(role), iamArn('role', `${role.path ?? '/'}${role.roleName}`), role.roleName),
      roleName: role.roleName,
      path: role.path ?? '/',
      attachedPolicies: (role.policies ?? []).map(policyArn),
      inlinePolicies: [...(role.inlinePolicies ?? [])],
    })),
    instanceProfiles: (seed.instanceProfiles ?? []).map((profile) => ({
      ...recordOf(global(profile), iamArn('instance-profile', `/${profile.profileName}`), profile.profileName),
      profileName: profile.profileName,
      roles: [...(profile.roles ?? [])],
      instanceIds: [...(profile.instanceIds ?? [])],
    })),
    managedPolicies: policies,
    encryptionKeys,
  };
}

/** Fills in what a world saved before these types were modelled lacks (none of them), for `restoreFakeCloud`. */
export function withKmsIamDefaults(state: WorldState): WorldState {
  const saved: Partial<KmsIamLists> = state;
  return {
    ...state,
    kmsKeys: saved.kmsKeys ?? [],
    iamRoles: saved.iamRoles ?? [],
    instanceProfiles: saved.instanceProfiles ?? [],
    managedPolicies: saved.managedPolicies ?? [],
    encryptionKeys: saved.encryptionKeys ?? {},
  };
}
