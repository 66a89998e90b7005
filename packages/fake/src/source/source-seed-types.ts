import type { CloudFormationSeed } from './cloudformation-seed.js';
import type { EdgeComputeSeed } from './edge-compute-seed.js';
import type { KmsIamSeed } from './kms-iam-seed.js';
import type { MonitoringSeed } from './monitoring-seed.js';
import type { VpcNetworkSeed } from './vpc-network-seed.js';

/** The typed seeds of the fake source resources: every field but the id has a default. */

import type { ContainerStreamSeed } from './container-stream-seed.js';
import type { DataStoreSeed } from './data-store-seed.js';

export type {
  ContainerStreamSeed,
  EcrRepositorySeed,
  EcsClusterSeed,
  EcsServiceSeed,
  KinesisStreamSeed,
  StateMachineSeed,
} from './container-stream-seed.js';

/** What every seeded source resource may set; all optional. */
export interface CommonSeed {
  readonly tags?: Record<string, string>;
  readonly name?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** False makes the resource's tags unreadable. Default true. */
  readonly tagsReadable?: boolean;
}

/** An EBS volume; attached to `instanceId` when given. */
export interface VolumeSeed extends CommonSeed {
  readonly id: string;
  readonly instanceId?: string;
  readonly device?: string;
  /** Deleted with its instance (root volumes). Default false: it survives, detached. */
  readonly deleteOnTermination?: boolean;
  readonly sizeGiB?: number;
}

/** A standalone EBS snapshot. */
export interface SnapshotSeed extends CommonSeed {
  readonly id: string;
  readonly volumeId?: string;
  readonly description?: string;
}

/** An AMI; its snapshots are created with it (default one, `snap-<ami id>`), carrying the image's tags. */
export interface ImageSeed extends CommonSeed {
  readonly id: string;
  readonly snapshotIds?: readonly string[];
}

/** An Elastic IP; associated with `instanceId` when given. */
export interface AddressSeed extends CommonSeed {
  readonly allocationId: string;
  readonly instanceId?: string;
  readonly publicIp?: string;
}

/** A security group; instances and load balancers name it in their `securityGroups`. */
export interface SecurityGroupSeed extends CommonSeed {
  readonly id: string;
  readonly groupName?: string;
  /** Other security groups whose rules reference this one. */
  readonly referencedBy?: readonly string[];
  /** The seeded VPC it belongs to. Default: none the fake models. */
  readonly vpcId?: string;
}

/** An Auto Scaling group with `desiredCapacity` running instances (tags propagated, plus `aws:autoscaling:groupName`). */
export interface AutoScalingGroupSeed extends CommonSeed {
  readonly groupName: string;
  /** Default 2. */
  readonly desiredCapacity?: number;
  /** Ids of the initial instances; generated when omitted. */
  readonly instanceIds?: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly imageId?: string;
  /** Names of target groups the group registers its instances with. */
  readonly targetGroups?: readonly string[];
}

/** An ELBv2 load balancer; one listener per target group name in `targetGroups`. */
export interface LoadBalancerSeed extends CommonSeed {
  readonly loadBalancerName: string;
  readonly kind?: 'application' | 'network';
  /** `deletion_protection.enabled`. Default false. */
  readonly deletionProtection?: boolean;
  readonly securityGroups?: readonly string[];
  readonly targetGroups?: readonly string[];
}

/** An ELBv2 target group. */
export interface TargetGroupSeed extends CommonSeed {
  readonly targetGroupName: string;
  /** Registered instance ids. */
  readonly targets?: readonly string[];
}

/** An RDS DB instance; a member of `clusterId` when given. */
export interface DbInstanceSeed extends CommonSeed {
  readonly id: string;
  readonly engine?: string;
  readonly clusterId?: string;
  readonly deletionProtection?: boolean;
  readonly status?: 'available' | 'stopped';
  /** Automated backup retention; default 7. */
  readonly backupRetentionDays?: number;
}

/** An RDS (Aurora) cluster; `members` creates its DB instances with the cluster's tags. */
export interface DbClusterSeed extends CommonSeed {
  readonly id: string;
  readonly engine?: string;
  readonly deletionProtection?: boolean;
  readonly status?: 'available' | 'stopped';
  readonly backupRetentionDays?: number;
  readonly members?: readonly string[];
}

/** An S3 bucket, in `region` (default the world's), owned by `accountId` (default the caller's). */
export interface BucketSeed extends CommonSeed {
  readonly bucketName: string;
  /** Object versions and delete markers it holds. Default 0: empty. */
  readonly objects?: number;
  /** How many of `objects` are delete markers (no bytes). Default 0. */
  readonly deleteMarkers?: number;
  /** The bytes of each of them (delete markers hold none). Default 0. */
  readonly objectBytes?: number;
  /** S3 Object Lock enabled (versions may be under retention: never deleted). Default false. */
  readonly objectLock?: boolean;
}

/** A DynamoDB table (`ACTIVE`). */
export interface TableSeed extends CommonSeed {
  readonly tableName: string;
  /** DeletionProtectionEnabled. Default false. */
  readonly deletionProtection?: boolean;
}

/** A Lambda function. */
export interface FunctionSeed extends CommonSeed {
  readonly functionName: string;
  /** Reserved concurrency; default none. 0 is a stopped function (every invocation throttled). */
  readonly reservedConcurrency?: number;
}

/** An SQS queue. */
export interface QueueSeed extends CommonSeed {
  readonly queueName: string;
  /** ApproximateNumberOfMessages; default 0. */
  readonly messages?: number;
}

/**
 * A resource of a type decomkit does not handle (`AWS::CodeBuild::Project`…), at its `arn`.
 * Modelled types (`AWS_TYPES`: buckets, tables, functions, queues, topics…) have seeds of their own and are refused here.
 */
export interface OtherResourceSeed extends CommonSeed {
  readonly type: string;
  readonly name: string;
  readonly arn: string;
}

/** The source resources beyond instances a fake cloud can start with. */
export interface SourceResourcesSeed
  extends ContainerStreamSeed,
    MonitoringSeed,
    DataStoreSeed,
    EdgeComputeSeed,
    KmsIamSeed,
    VpcNetworkSeed,
    CloudFormationSeed {
  readonly volumes?: readonly VolumeSeed[];
  readonly snapshots?: readonly SnapshotSeed[];
  readonly images?: readonly ImageSeed[];
  readonly addresses?: readonly AddressSeed[];
  readonly securityGroups?: readonly SecurityGroupSeed[];
  readonly autoScalingGroups?: readonly AutoScalingGroupSeed[];
  readonly loadBalancers?: readonly LoadBalancerSeed[];
  readonly targetGroups?: readonly TargetGroupSeed[];
  readonly dbInstances?: readonly DbInstanceSeed[];
  readonly dbClusters?: readonly DbClusterSeed[];
  readonly buckets?: readonly BucketSeed[];
  readonly tables?: readonly TableSeed[];
  readonly functions?: readonly FunctionSeed[];
  readonly queues?: readonly QueueSeed[];
  readonly otherResources?: readonly OtherResourceSeed[];
}

/** The world-level knobs of the source services. */
export interface SourceTimingSeed {
  /** How long AWS Config lags behind changes, in fake minutes; default 15. */
  readonly configLagMinutes?: number;
  /** How long an EBS or RDS snapshot takes to complete, in fake minutes; default 5. */
  readonly snapshotMinutes?: number;
  /** How long an RDS instance or cluster stays `deleting`, in fake minutes; default 5. */
  readonly rdsDeleteMinutes?: number;
  /** How long a DynamoDB table stays `DELETING`, in fake minutes; default 1. */
  readonly tableDeleteMinutes?: number;
}
