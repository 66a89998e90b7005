/**
 * The plain-JSON records of the fake's KMS keys and IAM roles, instance
 * profiles and customer-managed policies. They live in `WorldState`, so a
 * world saved with `snapshot()` and restored with `restoreFakeCloud()` loses
 * nothing. IAM is global: its records' region is `''`.
 */
import type { FakeTaggedRecord } from './source-types.js';

/** A KMS key. `PendingDeletion` once ScheduleKeyDeletion ran: gone for the workload (CancelKeyDeletion undoes it). */
export interface FakeKmsKey extends FakeTaggedRecord {
  readonly keyId: string;
  keyState: 'Enabled' | 'Disabled' | 'PendingDeletion';
  /** `AWS`: an AWS-managed key (`aws/s3`…), never touched. */
  readonly keyManager: 'CUSTOMER' | 'AWS';
  /** Alias names (`alias/payments`). */
  readonly aliases: string[];
  /** The PendingWindowInDays of ScheduleKeyDeletion; null until scheduled. */
  pendingWindowDays: number | null;
}

/** An IAM role (`role/<path><name>`). */
export interface FakeIamRole extends FakeTaggedRecord {
  readonly roleName: string;
  /** `/`, or `/aws-service-role/…/` and `/aws-reserved/…/` for AWS's own roles. */
  readonly path: string;
  /** The ARNs of the managed policies attached to it. */
  attachedPolicies: string[];
  /** The names of its inline policies. */
  inlinePolicies: string[];
}

/** An IAM instance profile and the roles it holds; EC2 instances are associated with it. */
export interface FakeInstanceProfile extends FakeTaggedRecord {
  readonly profileName: string;
  /** Role names (AWS allows one). */
  roles: string[];
  /** The ids of the EC2 instances associated with it (a terminated one no longer is). */
  readonly instanceIds: string[];
}

/** A customer-managed IAM policy (`policy/<path><name>`); roles name it in `attachedPolicies`. */
export interface FakeManagedPolicy extends FakeTaggedRecord {
  readonly policyName: string;
  /** Its versions, the default (`v1`) included; DeletePolicy refuses one with others left. */
  versions: string[];
  /** The IAM users and groups it is attached to: decomkit never retires them. */
  readonly users: string[];
  readonly groups: string[];
}

/** The part of the world state holding these types. */
export interface KmsIamLists {
  kmsKeys: FakeKmsKey[];
  iamRoles: FakeIamRole[];
  instanceProfiles: FakeInstanceProfile[];
  managedPolicies: FakeManagedPolicy[];
  /**
   * The KMS key (ARN) each encrypted resource is encrypted with, by the
   * resource's ARN: volumes, databases, log groups, buckets (default
   * encryption), snapshots and recovery points. A snapshot or recovery point
   * taken of an encrypted resource is encrypted with its key.
   */
  encryptionKeys: Record<string, string>;
}
