/**
 * The plain-JSON records of the fake AWS source services beyond EC2 instances
 * and AWS Backup. They live in `WorldState`, so a world saved with
 * `snapshot()` and restored with `restoreFakeCloud()` loses nothing.
 */

/** What every taggable source record carries. */
export interface FakeTaggedRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  name: string | null;
  tags: Record<string, string>;
  /** False makes the tagging API fail for this resource (tags unreadable). */
  tagsReadable: boolean;
}

/** An EBS volume. `attachment` is set while it is attached (state `in-use`). */
export interface FakeVolume extends FakeTaggedRecord {
  readonly id: string;
  state: 'available' | 'in-use';
  readonly sizeGiB: number;
  attachment: { instanceId: string; device: string; deleteOnTermination: boolean } | null;
}

/** An EBS snapshot: taken from a volume, backing an AMI, or created as a native backup. */
export interface FakeSnapshot extends FakeTaggedRecord {
  readonly id: string;
  readonly volumeId: string | null;
  /** `pending` until `completesAt`, then `completed`. */
  state: 'pending' | 'completed';
  readonly startedAt: string;
  readonly completesAt: string;
  /** AWS writes `Created by CreateImage(…) for ami-…` on the snapshots of an image. */
  readonly description: string;
}

/** An Elastic IP address (VPC). */
export interface FakeAddress extends FakeTaggedRecord {
  readonly allocationId: string;
  readonly publicIp: string;
  /** The instance it is associated with, or null. */
  instanceId: string | null;
  associationId: string | null;
}

/** A VPC security group. */
export interface FakeSecurityGroup extends FakeTaggedRecord {
  readonly id: string;
  readonly groupName: string;
  /** Ids of other security groups whose rules reference this one. */
  referencedBy: string[];
  /** The VPC it belongs to (its census counts it); absent: one the fake does not model. */
  readonly vpcId?: string;
}

/** An AMI and the snapshots of its block device mappings. */
export interface FakeImage extends FakeTaggedRecord {
  readonly id: string;
  state: 'available';
  readonly snapshotIds: string[];
}

/** An Auto Scaling group: keeps `desiredCapacity` instances running, replacing any that die. */
export interface FakeAutoScalingGroup extends FakeTaggedRecord {
  readonly groupName: string;
  desiredCapacity: number;
  instanceIds: string[];
  /** What a replacement instance gets. */
  readonly launch: { readonly securityGroupIds: string[]; readonly imageId: string | null };
  readonly targetGroupArns: string[];
}

/** An Application/Network Load Balancer (ELBv2) and its listeners. */
export interface FakeLoadBalancer extends FakeTaggedRecord {
  readonly loadBalancerName: string;
  readonly kind: 'application' | 'network';
  state: 'active';
  deletionProtection: boolean;
  readonly securityGroupIds: string[];
  listeners: { readonly arn: string; readonly port: number; readonly targetGroupArn: string }[];
}

/** An ELBv2 target group. */
export interface FakeTargetGroup extends FakeTaggedRecord {
  readonly targetGroupName: string;
  targets: string[];
}

/** What RDS DB instances and clusters share. */
export interface FakeRdsDatabase extends FakeTaggedRecord {
  readonly id: string;
  /** The DbiResourceId / DbClusterResourceId: unique to this database, never reused by one re-created under its identifier. */
  readonly resourceId: string;
  readonly engine: string;
  status: 'available' | 'stopping' | 'stopped' | 'deleting';
  deletionProtection: boolean;
  readonly backupRetentionDays: number;
  stoppedAt: string | null;
  /** When a `deleting` database disappears. */
  deletesAt: string | null;
  /** The DeleteAutomatedBackups flag of its delete call (null until deleted). */
  deleteAutomatedBackups: boolean | null;
  /** The FinalDBSnapshotIdentifier of its delete call (null: none). */
  finalSnapshotIdentifier: string | null;
}

/** An RDS DB instance (standalone, or a member of a cluster). */
export interface FakeDbInstance extends FakeRdsDatabase {
  readonly clusterId: string | null;
}

/** An RDS (Aurora) DB cluster. */
export type FakeDbCluster = FakeRdsDatabase;

/** A manual or final RDS snapshot, of an instance (`db`) or a cluster (`cluster`). */
export interface FakeDbSnapshot {
  readonly arn: string;
  readonly id: string;
  readonly kind: 'db' | 'cluster';
  /** The DB instance or cluster identifier it was taken from. */
  readonly sourceId: string;
  readonly sourceArn: string;
  /** The DbiResourceId / DbClusterResourceId of the database it was taken of. */
  readonly sourceResourceId: string;
  readonly region: string;
  status: 'creating' | 'available';
  readonly createdAt: string;
  readonly availableAt: string;
  readonly tags: Record<string, string>;
}

/** Automated backups RDS keeps after a delete with `DeleteAutomatedBackups=false`. */
export interface FakeDbAutomatedBackup {
  readonly arn: string;
  readonly sourceArn: string;
  readonly sourceId: string;
  readonly status: 'retained';
  readonly retentionDays: number;
  readonly retainedAt: string;
}

/** An SQS queue. DeleteQueue deletes it whatever messages it holds. */
export interface FakeQueue extends FakeTaggedRecord {
  readonly queueName: string;
  /** CreatedTimestamp: a queue re-created under the same name has another. */
  readonly createdAt: string;
  /** ApproximateNumberOfMessages. */
  messages: number;
}

/** A resource of a type decomkit has no handler for (an SNS topic…): discovered, never retired. */
export interface FakeOtherResource extends FakeTaggedRecord {
  readonly type: string;
}

/** One AWS Config configuration item: what Config recorded about a resource, and when. */
export interface FakeConfigItem {
  readonly arn: string;
  readonly type: string;
  readonly status: 'ResourceDiscovered' | 'OK' | 'ResourceDeleted';
  /** When the change happened; Config shows it only `configLagMinutes` later. */
  readonly changedAt: string;
}

/** An S3 bucket. Its ARN names no region nor account: `region` is where it lives, `accountId` its owner. */
export interface FakeBucket extends FakeTaggedRecord {
  readonly bucketName: string;
  /** When the bucket was created (ListBuckets CreationDate): a bucket re-created under the same name has another. */
  readonly createdAt: string;
  /** Object versions and delete markers it holds (0: empty, the only state DeleteBucket accepts). */
  objectVersions: number;
  /** How many of `objectVersions` are delete markers (they hold no bytes; listed after the versions). Absent: 0. */
  deleteMarkers?: number;
  /** The bytes of each version. Absent: 0. */
  readonly objectBytes?: number;
  /** S3 Object Lock enabled: DeleteObjects refuses every version (as under retention). */
  readonly objectLock?: boolean;
  /** When a lifecycle rule that expires everything has emptied it (PutBucketLifecycleConfiguration + a day); null or absent: none. */
  expiresAt?: string | null;
}

/** A DynamoDB table. A delete leaves it `DELETING` until `deletesAt`, then it is gone. */
export interface FakeTable extends FakeTaggedRecord {
  readonly tableName: string;
  /** The TableId: unique to this table, another for one re-created under the same name. */
  readonly tableId: string;
  status: 'ACTIVE' | 'DELETING';
  deletionProtection: boolean;
  deletesAt: string | null;
}

/** A DynamoDB on-demand backup (CreateBackup): `CREATING` until `availableAt`; it outlives its table. */
export interface FakeTableBackup {
  readonly arn: string;
  readonly backupName: string;
  readonly tableName: string;
  readonly tableArn: string;
  /** The TableId of the table it was taken of (SourceTableDetails.TableId). */
  readonly tableId: string;
  readonly accountId: string;
  readonly region: string;
  status: 'CREATING' | 'AVAILABLE';
  readonly createdAt: string;
  readonly availableAt: string;
}

/** A Lambda function. Reserved concurrency 0 throttles every invocation: decomkit's "stopped". */
export interface FakeFunction extends FakeTaggedRecord {
  readonly functionName: string;
  readonly state: 'Active';
  /** ReservedConcurrentExecutions; null when none is set. */
  reservedConcurrency: number | null;
}
