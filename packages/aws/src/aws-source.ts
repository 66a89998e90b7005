import type { BackupsPort, IdentityPort, InventoryPort, RetirementPort } from '@decomkit/core';
import { type AwsClientOverrides, AwsClients, type AwsCredentials } from './clients.js';
import { type AwsBackupOptions, awsBackupsPort } from './ports/backups-port.js';
import { awsIdentityPort } from './ports/identity-port.js';
import { awsInventoryPort } from './ports/inventory-port.js';
import { awsRetirementPort } from './ports/retirement-port.js';
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
  /** How `backup.create` backs up (AWS Backup by default, or native snapshots). */
  readonly backups?: AwsBackupOptions;
}

/** The ports {@link awsSource} supplies. */
export interface AwsSourcePorts {
  readonly identity: IdentityPort;
  readonly inventory: InventoryPort;
  readonly retirement: RetirementPort;
  readonly backups: BackupsPort;
}

/**
 * The AWS source ports over the AWS SDK for JavaScript v3: `identity` (STS,
 * IAM), `inventory` (Resource Groups Tagging API, CloudFormation, describe per
 * type), `retirement` (stop, delete, lift protection), `backups` (AWS Backup jobs or
 * native EBS / RDS snapshots). One SDK client per
 * (service, region), built on first use, every one injectable.
 *
 * @example
 * ```ts
 * import { createEngine, memoryJournal } from '@decomkit/core';
 * import { awsSource } from '@decomkit/aws';
 * const engine = createEngine({ checklist, providers: { ...awsSource({ region: 'eu-west-1' }) }, journal: memoryJournal() });
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
  });
  return {
    identity: awsIdentityPort(clients, home),
    inventory: awsInventoryPort(clients, AWS_RESOURCE_TYPES, home),
    retirement: awsRetirementPort(clients, AWS_RESOURCE_TYPES),
    backups: awsBackupsPort(clients, options.backups),
  };
}
