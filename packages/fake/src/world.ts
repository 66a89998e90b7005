import { type DecomError, err, type Result, ResultAsync } from '@decomkit/core';
import type { CallLog } from './call-log.js';
import type { FakeClock } from './fake-clock.js';
import type { Faults } from './faults.js';
import type { ServicesState } from './services/services-state.js';
import type { FakeStack } from './source/cloudformation-seed.js';
import type {
  FakeEcrRepository,
  FakeEcsCluster,
  FakeEcsService,
  FakeKinesisStream,
  FakeStateMachine,
} from './source/container-stream-types.js';
import type {
  FakeCacheCluster,
  FakeCacheGroup,
  FakeDataSnapshot,
  FakeFileSystem,
  FakeSearchDomain,
  FakeWarehouse,
} from './source/data-store-types.js';
import type { EdgeComputeLists } from './source/edge-compute-types.js';
import type { KmsIamLists } from './source/kms-iam-types.js';
import type { MonitoringState } from './source/monitoring-types.js';
import type {
  FakeAddress,
  FakeAutoScalingGroup,
  FakeBucket,
  FakeConfigItem,
  FakeDbAutomatedBackup,
  FakeDbCluster,
  FakeDbInstance,
  FakeDbSnapshot,
  FakeFunction,
  FakeImage,
  FakeLoadBalancer,
  FakeOtherResource,
  FakeQueue,
  FakeSecurityGroup,
  FakeSnapshot,
  FakeTable,
  FakeTableBackup,
  FakeTaggedRecord,
  FakeTargetGroup,
  FakeVolume,
} from './source/source-types.js';
import type { VpcNetworkLists } from './source/vpc-network-types.js';

/** An EC2 instance in the fake cloud. */
export interface FakeInstance extends FakeTaggedRecord {
  readonly id: string;
  state: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  terminationProtection: boolean;
  stopProtection: boolean;
  /**
   * `unknown`: discovery reports this instance's protection as `'unknown'`
   * (not read at plan, as the AWS provider does by default), so it is checked
   * at apply. Absent: discovery reports its flags.
   */
  readonly protectionAtPlan?: 'unknown';
  /** Security groups of the instance's network interfaces. */
  securityGroupIds: string[];
  /** The subnet it lives in (its VPC's census counts it); absent: in none the fake models. */
  readonly subnetId?: string;
}

/** An AWS Backup job in the fake cloud. */
export interface FakeBackupJob {
  readonly id: string;
  readonly resourceArn: string;
  readonly vault: string;
  readonly idempotencyToken: string | null;
  state: 'RUNNING' | 'COMPLETED' | 'FAILED';
  readonly startedAt: string;
  readonly completesAt: string;
  readonly retainDays: number;
  readonly tags: Record<string, string>;
  recoveryPointArn: string | null;
  /** The resource type AWS Backup recorded (`EC2`, `EBS`, `RDS`, `Aurora`, …). */
  readonly resourceType?: string;
  /** The identity of the resource backed up, as it was when the job started (see `resourceIdentityOf`). */
  readonly resourceIdentity: string | null;
}

/** A recovery point in the fake cloud's backup vaults. */
export interface FakeRecoveryPoint {
  readonly arn: string;
  readonly resourceArn: string;
  readonly vault: string;
  readonly status: 'COMPLETED';
  readonly createdAt: string;
  readonly retainUntil: string;
  readonly tags: Record<string, string>;
  /** The identity of the resource it was taken of. */
  readonly resourceIdentity: string | null;
}

/** A stored artifact. */
export interface FakeArtifact {
  readonly name: string;
  readonly base64: string;
  readonly contentType: string;
  readonly sha256: string;
}

/** Everything in the fake cloud, as plain JSON (so a world can be saved and restored). */
export interface WorldState extends MonitoringState, EdgeComputeLists, KmsIamLists, VpcNetworkLists {
  now: string;
  readonly accountId: string;
  accountAlias: string | null;
  readonly callerArn: string;
  readonly defaultRegion: string;
  readonly backupMinutes: number;
  instances: FakeInstance[];
  /** Source services beyond instances (see `source/source-types.ts`). */
  volumes: FakeVolume[];
  snapshots: FakeSnapshot[];
  addresses: FakeAddress[];
  securityGroups: FakeSecurityGroup[];
  images: FakeImage[];
  autoScalingGroups: FakeAutoScalingGroup[];
  loadBalancers: FakeLoadBalancer[];
  targetGroups: FakeTargetGroup[];
  dbInstances: FakeDbInstance[];
  dbClusters: FakeDbCluster[];
  dbSnapshots: FakeDbSnapshot[];
  dbAutomatedBackups: FakeDbAutomatedBackup[];
  /** S3 buckets, DynamoDB tables and their on-demand backups, Lambda functions. */
  buckets: FakeBucket[];
  /** DynamoDB tables, `DELETING` ones until their delete finishes. */
  tables: FakeTable[];
  /** DynamoDB on-demand backups, of live and deleted tables. */
  tableBackups: FakeTableBackup[];
  functions: FakeFunction[];
  /** SQS queues. */
  queues: FakeQueue[];
  /** ECS clusters and services, ECR repositories, Kinesis streams, Step Functions state machines. */
  ecsClusters: FakeEcsCluster[];
  ecsServices: FakeEcsService[];
  repositories: FakeEcrRepository[];
  streams: FakeKinesisStream[];
  stateMachines: FakeStateMachine[];
  /** ElastiCache groups and clusters, EFS file systems, Redshift clusters, OpenSearch domains; final snapshots kept. */
  cacheGroups: FakeCacheGroup[];
  cacheClusters: FakeCacheCluster[];
  fileSystems: FakeFileSystem[];
  warehouses: FakeWarehouse[];
  searchDomains: FakeSearchDomain[];
  dataSnapshots: FakeDataSnapshot[];
  otherResources: FakeOtherResource[];
  /** CloudFormation stacks, deleted ones (`DELETE_COMPLETE`) kept with their events. */
  stacks: FakeStack[];
  /** AWS Config's history, and how long it lags behind the world (fake minutes). */
  configItems: FakeConfigItem[];
  readonly configLagMinutes: number;
  /** How long an EBS/RDS snapshot takes, and an RDS delete, in fake minutes. */
  readonly snapshotMinutes: number;
  readonly rdsDeleteMinutes: number;
  /** How long a DynamoDB table stays `DELETING`, in fake minutes. */
  readonly tableDeleteMinutes: number;
  backupJobs: FakeBackupJob[];
  recoveryPoints: FakeRecoveryPoint[];
  artifacts: FakeArtifact[];
  /** Metrics, DMS, Well-Architected, costs, DNS, the Azure side and the CMDB (see `services/`). */
  services: ServicesState;
  nextId: number;
}

/** The shared core of the fake services: state, clock, call log and faults. */
export class FakeWorld {
  constructor(
    public state: WorldState,
    readonly clock: FakeClock,
    readonly calls: CallLog,
    readonly faults: Faults,
  ) {}

  /** A new id with `prefix`, deterministic for a given world. */
  newId(prefix: string): string {
    this.state.nextId += 1;
    return `${prefix}${this.state.nextId.toString(16).padStart(8, '0')}`;
  }

  /** ISO time now. */
  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Runs one API call: injected latency and faults first, then the effect,
   * then the call log entry (listeners see the world after the effect). A
   * stub's `lag` leaves reads on the world as it was before the lagged call
   * until the lag has passed.
   */
  call<T>(
    service: string,
    operation: string,
    mutating: boolean,
    target: string | null,
    effect: () => Result<T, DecomError>,
  ): ResultAsync<T, DecomError> {
    const run = async (): Promise<Result<T, DecomError>> => {
      const decision = this.faults.decide(service, operation, target);
      if (decision.latency > 0) await this.clock.sleep(decision.latency);
      if (decision.error !== null && !decision.errorAfterEffect) {
        this.record(service, operation, mutating, target);
        return err(decision.error);
      }
      this.state.now = this.nowIso();
      const result = this.effectWithLag(mutating, decision.lagMilliseconds, effect);
      this.record(service, operation, mutating, target);
      return decision.error === null ? result : err(decision.error);
    };
    return new ResultAsync(run());
  }

  /** Forgets any lagged view: reads see the world as it is. */
  forgetLag(): void {
    this.staleView = null;
  }

  private staleView: { state: WorldState; until: number } | null = null;

  /**
   * Runs `effect` on the world, or, for a read while a lagged change is not
   * yet visible, on the world as it was before that change. A change that is
   * not lagged is made on both, so the stale view misses only the lagged ones.
   */
  private effectWithLag<T>(mutating: boolean, lag: number, effect: () => Result<T, DecomError>): Result<T, DecomError> {
    const now = this.clock.now().getTime();
    if (this.staleView !== null && now >= this.staleView.until) this.staleView = null;
    const stale = this.staleView;
    if (!mutating) return stale === null ? effect() : this.on(stale.state, effect);
    if (lag <= 0) {
      if (stale !== null) this.on(stale.state, effect);
      return effect();
    }
    const before = stale?.state ?? structuredClone(this.state);
    const result = effect();
    if (result.isOk()) this.staleView = { state: before, until: Math.max(stale?.until ?? 0, now + lag) };
    return result;
  }

  /** Runs `effect` with `state` standing in for the world's (effects are synchronous). */
  private on<T>(state: WorldState, effect: () => Result<T, DecomError>): Result<T, DecomError> {
    const actual = this.state;
    this.state = state;
    try {
      state.now = actual.now;
      return effect();
    } finally {
      this.state = actual;
    }
  }

  private record(service: string, operation: string, mutating: boolean, target: string | null): void {
    this.calls.record({ service, operation, mutating, target, at: this.nowIso() });
  }
}
