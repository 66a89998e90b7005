import type { ActionHandler } from './action-handler.js';
import type { AdvisorPort } from './advisor.js';
import type { ArtifactsPort } from './artifacts.js';
import type { AssessmentPort } from './assessment.js';
import type { BackupsPort } from './backups.js';
import type { ClockPort } from './clock.js';
import type { CmdbPort } from './cmdb.js';
import type { ConfigInventoryPort } from './config-inventory.js';
import type { CostsPort } from './costs.js';
import type { DnsPort } from './dns.js';
import type { IdentityPort } from './identity.js';
import type { InventoryPort } from './inventory.js';
import type { MetricsPort } from './metrics.js';
import type { ReplicationPort } from './replication.js';
import type { RetirementPort } from './retirement.js';
import type { TargetResourcesPort } from './target-resources.js';

/**
 * Every port a step can need, by name. Provider factories return a partial
 * record of these, and callers spread them together:
 * `{ ...awsSource(options), ...azureTarget(options), cmdb: serviceNowCmdb(options) }`.
 *
 * Add a port of your own with declaration merging:
 * ```ts
 * declare module '@decomkit/core' {
 *   interface PortMap { chat: { post(text: string): Promise<void> } }
 * }
 * ```
 */
export interface PortMap {
  /** Source: caller identity for the account guard (STS). */
  identity: IdentityPort;
  /** Source: resources in scope (tagging API, CloudFormation, describe). */
  inventory: InventoryPort;
  /** Source: stop / delete / lift protection handlers. */
  retirement: RetirementPort;
  /** Source: AWS Backup and native snapshots. */
  backups: BackupsPort;
  /** Source: CloudWatch metrics. */
  sourceMetrics: MetricsPort;
  /** Source: DMS replication tasks. */
  replication: ReplicationPort;
  /** Source: AWS Well-Architected. */
  assessment: AssessmentPort;
  /** Source: AWS Config. */
  configInventory: ConfigInventoryPort;
  /** Source: Cost Explorer. */
  costs: CostsPort;
  /** Target: Azure Resource Graph. */
  targetResources: TargetResourcesPort;
  /** Target: Azure Monitor metrics. */
  targetMetrics: MetricsPort;
  /** Target: Azure Advisor. */
  advisor: AdvisorPort;
  /** The configuration management database. */
  cmdb: CmdbPort;
  /** DNS: Route 53 or Azure DNS. */
  dns: DnsPort;
  /** The artifact store. */
  artifacts: ArtifactsPort;
  /** Time. Defaults to the system clock when not supplied. */
  clock: ClockPort;
}

/** The name of a port. */
export type PortName = keyof PortMap & string;

/** A set of providers: any subset of the ports. */
export type Providers = { readonly [Name in PortName]?: PortMap[Name] };

/** The ports a providers record certainly supplies (non-optional keys). */
export type SuppliedPorts<P> = {
  [Name in keyof P]-?: undefined extends P[Name] ? never : Name;
}[keyof P] &
  PortName;

/** Methods each built-in port must have; used to reject malformed providers from untyped callers. */
export const REQUIRED_PORT_METHODS: Readonly<Record<string, readonly string[]>> = {
  identity: ['callerIdentity'],
  inventory: ['discover', 'describe'],
  retirement: [],
  backups: ['listRecoveryPoints'],
  sourceMetrics: ['query'],
  replication: ['listTasks'],
  assessment: ['findWorkload'],
  configInventory: ['records'],
  costs: ['costByTag'],
  targetResources: ['list'],
  targetMetrics: ['query'],
  advisor: ['recommendations'],
  cmdb: ['getItem'],
  dns: ['getRecord'],
  artifacts: ['put', 'get'],
  clock: ['now', 'sleep'],
};

/** Handlers collected from every port, by action kind. */
export type HandlerRegistry = ReadonlyMap<string, { readonly port: string; readonly handler: ActionHandler }>;
