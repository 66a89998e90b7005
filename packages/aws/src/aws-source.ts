import type {
  AssessmentPort,
  BackupsPort,
  ConfigInventoryPort,
  CostsPort,
  DnsPort,
  IdentityPort,
  InventoryPort,
  MetricsPort,
  RateLimiter,
  ReplicationPort,
  RetirementPort,
} from '@decomkit/core';
import type { BucketLimit } from '@decomkit/provider-kit';
import { type AwsClientOverrides, AwsClients, type AwsCredentials } from './clients.js';
import type { AwsEc2Options } from './ec2-options.js';
import { awsAssessmentPort } from './ports/assessment-port.js';
import { type AwsBackupOptions, awsBackupsPort } from './ports/backups-port.js';
import { type AwsConfigInventoryOptions, awsConfigInventoryPort } from './ports/config-inventory-port.js';
import { type AwsCostsOptions, awsCostsPort } from './ports/costs-port.js';
import { awsDnsPort } from './ports/dns-port.js';
import { awsIdentityPort } from './ports/identity-port.js';
import { awsInventoryPort } from './ports/inventory-port.js';
import { awsSourceMetricsPort } from './ports/metrics-port.js';
import { type AwsReplicationOptions, awsReplicationPort } from './ports/replication-port.js';
import { awsRetirementPort } from './ports/retirement-port.js';
import type { AwsResourceType } from './resources/resource-type.js';
import { AWS_RESOURCE_TYPES } from './resources/resource-types.js';

/** Options of {@link awsSource}. */
export interface AwsSourceOptions {
  /** The home region: STS and IAM calls go there. Give `region` or `regions` (the first is home). */
  readonly region?: string;
  /** Regions the provider works in; the workload's `source.regions` say which ones are read. */
  readonly regions?: readonly string[];
  /** Explicit credentials; the SDK's default provider chain (env, profiles, SSO, roles) when absent. */
  readonly credentials?: AwsCredentials;
  /** One endpoint for every service (an emulator such as moto_server). */
  readonly endpoint?: string;
  /** Pre-built SDK clients (one for all regions, or a function of the region). */
  readonly clients?: AwsClientOverrides;
  /** SDK attempts per call in standard retry mode, the first included. Default 3 (see the README). */
  readonly maxAttempts?: number;
  /** The wait between polls of long operations (backup jobs, snapshots, RDS deletes). Default 60,000 ms. */
  readonly pollMilliseconds?: number;
  /**
   * Limits on read requests by service, one bucket per (service, region): AWS's documented EC2 limit for
   * Describe* (100 at once, 20 a second) by default, merged with these; `false` lifts them (an emulator).
   */
  readonly readRateLimits?: Readonly<Record<string, BucketLimit>> | false;
  /**
   * The rate limiter the SDK clients draw on and report throttles to, one
   * bucket per (service, bucket, account, region) whichever client sends:
   * pass the engine's (`createRateLimiter`, then the same object to
   * `createEngine({ rateLimiter })`) so a throttle seen by a client slows the
   * engine's claims on that bucket too. By default one per source, with
   * adaptive pacing from AWS's documented limits (and `readRateLimits`).
   */
  readonly rateLimiter?: RateLimiter;
  /** How `backup.create` backs up (AWS Backup by default, or native snapshots). */
  readonly backups?: AwsBackupOptions;
  /** How `configInventory` reads AWS Config (an aggregator name for a multi-account view). */
  readonly config?: AwsConfigInventoryOptions;
  /** How `replication` reads DMS tasks and their lag. */
  readonly replication?: AwsReplicationOptions;
  /** How `costs` asks Cost Explorer (granularity). */
  readonly costs?: AwsCostsOptions;
  /**
   * How EC2 instances are discovered. By default discovery makes no
   * per-instance reads (one DescribeInstances per 1,000 instances): their
   * protection is `'unknown'` in the plan and checked at apply.
   * `{ readProtectionAtPlan: true }` reads it at discovery (two
   * DescribeInstanceAttribute calls per instance, paced), so a protected
   * instance the workload does not allow lifting is blocked at plan and never
   * touched. A bad value fails discovery with `InvalidInput` naming it.
   */
  readonly ec2?: AwsEc2Options;
  /**
   * The resource types the inventory describes and the retirement port retires
   * (descriptors made with `defineAwsResourceType`): {@link AWS_RESOURCE_TYPES}
   * by default. Add your own, or `SQS_QUEUE`: `[...AWS_RESOURCE_TYPES, SQS_QUEUE]`.
   */
  readonly resourceTypes?: readonly AwsResourceType[];
}

/** The ports {@link awsSource} supplies. */
export interface AwsSourcePorts {
  readonly identity: IdentityPort;
  readonly inventory: InventoryPort;
  readonly retirement: RetirementPort;
  readonly backups: BackupsPort;
  readonly sourceMetrics: MetricsPort;
  readonly replication: ReplicationPort;
  readonly assessment: AssessmentPort;
  readonly configInventory: ConfigInventoryPort;
  readonly costs: CostsPort;
  readonly dns: DnsPort;
}

/**
 * The AWS source ports over the AWS SDK for JavaScript v3: `identity` (STS,
 * IAM), `inventory` (Resource Groups Tagging API, CloudFormation, describe per
 * type), `retirement` (stop, delete, lift protection), `backups` (AWS Backup jobs or
 * native EBS / RDS / DynamoDB snapshots), `sourceMetrics` (CloudWatch),
 * `replication` (DMS), `assessment` (Well-Architected), `configInventory`
 * (AWS Config), `costs` (Cost Explorer) and `dns` (Route 53). One SDK client per
 * (service, region), built on first use, every one injectable; the clients
 * it builds pace their requests on one shared rate limiter (adaptive: see
 * `rateLimiter`).
 *
 * @example
 * ```ts
 * import { createEngine, createRateLimiter, memoryJournal } from '@decomkit/core';
 * import { awsSource } from '@decomkit/aws';
 * const rateLimiter = createRateLimiter()._unsafeUnwrap();
 * const providers = { ...awsSource({ region: 'eu-west-1', rateLimiter }) };
 * const engine = createEngine({ checklist, providers, journal: memoryJournal(), rateLimiter });
 * ```
 */
export function awsSource(options: AwsSourceOptions): AwsSourcePorts {
  const home = options.region ?? options.regions?.[0];
  if (home === undefined) throw new TypeError('awsSource needs a region (or regions)');
  const clients = new AwsClients({
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.clients === undefined ? {} : { clients: options.clients }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.pollMilliseconds === undefined ? {} : { pollMilliseconds: options.pollMilliseconds }),
    ...(options.readRateLimits === undefined ? {} : { readRateLimits: options.readRateLimits }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  const resourceTypes = options.resourceTypes ?? AWS_RESOURCE_TYPES;
  return {
    identity: awsIdentityPort(clients, home),
    inventory: awsInventoryPort(clients, resourceTypes, home, options.ec2 === undefined ? {} : { ec2: options.ec2 }),
    retirement: awsRetirementPort(clients, resourceTypes),
    backups: awsBackupsPort(clients, options.backups),
    sourceMetrics: awsSourceMetricsPort(clients, home),
    replication: awsReplicationPort(clients, home, { regions: options.regions ?? [home], ...options.replication }),
    assessment: awsAssessmentPort(clients, home),
    configInventory: awsConfigInventoryPort(clients, home, options.config),
    costs: awsCostsPort(clients, home, options.costs),
    dns: awsDnsPort(clients, home),
  };
}
