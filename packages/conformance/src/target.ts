import type { Providers } from '@decomkit/core';
import type {
  ArtifactOracle,
  AzureOracle,
  BackupsOracle,
  CmdbOracle,
  DataResourcesOracle,
  DnsOracle,
  Ec2RetirementOracle,
  MutationOracle,
  ReplicationOracle,
  ResourcesOracle,
  TimeOracle,
} from './oracles.js';
import type {
  AccountWorld,
  AdvisorWorld,
  ArtifactsWorld,
  AssessmentWorld,
  AzureWorld,
  BucketFixture,
  CmdbWorld,
  CostsWorld,
  DnsWorld,
  FunctionFixture,
  InstancesWorld,
  ReplicationWorld,
  ResourceFixture,
  SourceMetricsWorld,
  TableFixture,
} from './world-fixtures.js';

/**
 * The whole world {@link runProviderConformance} starts from: every per-port
 * world in one (the parts are optional: a target builds what its
 * capabilities need). A provider of a single port can use that port's suite
 * and world instead (`cmdbConformance` and {@link CmdbWorld}, …).
 *
 * @example
 * ```ts
 * async function create(world: WorldFixture) { for (const instance of world.instances ?? []) await seedInstance(instance); }
 * ```
 */
export interface WorldFixture
  extends AccountWorld,
    Partial<Omit<InstancesWorld, keyof AccountWorld>>,
    Partial<DnsWorld>,
    Partial<CmdbWorld>,
    Partial<Omit<ReplicationWorld, keyof AccountWorld>>,
    Partial<Pick<SourceMetricsWorld, 'metrics'>>,
    Partial<AzureWorld>,
    Partial<Omit<AdvisorWorld, 'azureSubscriptionId'>>,
    Partial<CostsWorld>,
    Partial<AssessmentWorld>,
    Partial<ArtifactsWorld> {
  /** S3 buckets (dataResources rows). */
  readonly buckets?: readonly BucketFixture[];
  /** DynamoDB tables (dataResources rows). */
  readonly tables?: readonly TableFixture[];
  /** Lambda functions (dataResources rows). */
  readonly functions?: readonly FunctionFixture[];
  /** The infrastructure rows' resources (EC2, ELBv2, Auto Scaling, RDS, SQS…), each row's world holding its own type only. */
  readonly resources?: readonly ResourceFixture[];
}

/**
 * The oracle of a whole-provider target: what every per-port oracle answers
 * in one. Only `mutatingCalls` and `advanceTime` are required; a suite that
 * needs a hook the target lacks fails saying which one.
 *
 * @example
 * ```ts
 * const oracle: Oracle = { mutatingCalls: async () => null, advanceTime: async () => {}, arnOf: (name) => seeded.get(name).arn };
 * ```
 */
export interface Oracle
  extends MutationOracle,
    TimeOracle,
    Partial<Ec2RetirementOracle>,
    Partial<Pick<BackupsOracle, 'completedBackups'>>,
    Partial<DnsOracle>,
    Partial<Omit<CmdbOracle, keyof MutationOracle>>,
    Partial<ReplicationOracle>,
    Partial<AzureOracle>,
    Partial<ArtifactOracle>,
    Partial<DataResourcesOracle>,
    Partial<ResourcesOracle> {}

/**
 * What a provider under test is, for one world.
 *
 * @example
 * ```ts
 * const built: ProviderUnderTest = { providers: awsSource(options), oracle, dispose: () => server.reset() };
 * ```
 */
export interface ProviderUnderTest {
  readonly providers: Providers;
  readonly oracle: Oracle;
  /** Called after the test. */
  dispose?(): Promise<void>;
}

/**
 * The ports a target implements; the suite runs the groups of those only.
 *
 * @example
 * ```ts
 * const capabilities: Capabilities = { identity: true, inventory: true, retirement: true };
 * ```
 */
export interface Capabilities {
  readonly identity?: boolean;
  /** The EC2 instance inventory (needs instances and the `arnOf` hook). */
  readonly inventory?: boolean;
  /** The EC2 instance retirement (needs the `instanceState` and `terminationProtection` hooks). */
  readonly retirement?: boolean;
  readonly backups?: boolean;
  readonly artifacts?: boolean;
  readonly configInventory?: boolean;
  readonly dns?: boolean;
  readonly cmdb?: boolean;
  readonly replication?: boolean;
  readonly sourceMetrics?: boolean;
  readonly targetMetrics?: boolean;
  readonly costs?: boolean;
  readonly targetResources?: boolean;
  readonly advisor?: boolean;
  readonly assessment?: boolean;
  /** S3 buckets, DynamoDB tables and Lambda functions as {@link resourceTypeConformance} rows (needs the `bucket`, `table` and `lambdaFunction` oracle hooks). */
  readonly dataResources?: boolean;
  /**
   * The types of the infrastructure rows ({@link infrastructureRows}: EC2,
   * ELBv2, Auto Scaling, RDS, SQS…) the target creates from
   * `WorldFixture.resources` (needs the `resourceArn` and `resource` oracle
   * hooks); their rows run, the others do not.
   */
  readonly resourceTypes?: readonly string[];
}

/**
 * A provider (or set of providers) to hold to the whole suite with {@link runProviderConformance}.
 *
 * @example
 * ```ts
 * const target: ConformanceTarget = { name: 'my provider', capabilities: { inventory: true }, create: async (world) => build(world) };
 * ```
 */
export interface ConformanceTarget {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Builds a fresh world and the providers over it. */
  create(world: WorldFixture): Promise<ProviderUnderTest>;
}
