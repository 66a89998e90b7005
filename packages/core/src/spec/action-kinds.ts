import type { EmptyContentsMode } from '../model/workload-schema.js';
import type { JsonObject, JsonValue } from '../util/json.js';

/** Params of an action kind that takes none: any field is a compile-time error. */
export type NoParams = Record<string, never>;

/** The params of `backup.create`, as {@link backupParams} writes them for a workload. */
export type BackupCreateParams = {
  /** The AWS Backup vault (`Default` unless the workload names one). */
  vault: string;
  /** Days the backup is kept after the deletion (see `backupRetentionDays`). */
  retainDays: number;
  /** When the resource is to be deleted (ISO 8601). */
  deleteAt: string;
  /** Hours the backup may stay unfinished before the engine fails the action (TimedOut). */
  timeoutHours: number;
  /** AWS Backup jobs or native snapshots; the provider's default when absent. */
  method?: 'aws-backup' | 'native';
  /** The identity of the resource as planned; tagged on the recovery point where the service records none. */
  resourceIdentity?: string;
};

/** The params of `dns.setTtl`: the record set, and the TTL to set it to. */
export type DnsSetTtlParams = {
  /** Route 53 when absent. */
  provider?: 'route53' | 'azure';
  zone: string;
  name: string;
  type: string;
  /** The TTL to set (the record's original one). */
  ttl: number;
  /** The TTL read while planning, for the report. */
  fromTtl: number;
};

/** The params of `artifact.put`: the document's name and content type, and exactly one of its text or base64. */
export type ArtifactPutParams =
  | { name: string; contentType: string; body: string; bodyBase64?: never }
  | { name: string; contentType: string; body?: never; bodyBase64: string };

/**
 * Every action kind, by name, with the params its handler is given: the
 * contract between the steps that plan actions and the ports whose handlers
 * carry them out. A step's `action({ kind, params })` is checked against it,
 * and a port declares the kinds it handles (`CmdbPort.handlers`), so a wrong
 * param or a missing handler fails to compile.
 *
 * These types bind the code that writes a plan, not the plan: a plan is data
 * (saved, reviewed, applied later), so a handler still checks each param it
 * reads (it receives them as {@link UncheckedParams}).
 *
 * Add a kind of your own with declaration merging:
 * ```ts
 * declare module '@decomkit/core' {
 *   interface ActionKinds { 'cmdb.notify': { ciId: string; message: string } }
 * }
 * ```
 */
export interface ActionKinds {
  /** Port `retirement`: stops a resource for the scream test. */
  'resource.stop': NoParams;
  /**
   * Port `retirement`: deletes a resource. `dependentArns`: the planned
   * resources AWS deletes with it (an Auto Scaling group's instances, an
   * instance's DeleteOnTermination volumes); the provider refuses to take
   * anything else along. `emptyContents`: how a resource that still holds
   * data is emptied first, present only where the workload's policy for its
   * type says so (the engine refuses any other value); absent, the provider
   * refuses to delete a resource that holds data.
   */
  'resource.delete': { dependentArns?: string[]; emptyContents?: EmptyContentsMode };
  /** Port `retirement`: lifts termination or deletion protection. */
  'protection.lift': NoParams;
  /** Port `backups`: a final backup of the target resource, waited on until COMPLETED. */
  'backup.create': BackupCreateParams;
  /** Port `replication`: stops a replication task. */
  'replication.stop': NoParams;
  /** Port `assessment`: exports a Well-Architected workload (answers and lens reports) to the artifact store. */
  'assessment.export': { workloadId: string; lenses?: string[] };
  /** Port `dns`: sets a record set's TTL. */
  'dns.setTtl': DnsSetTtlParams;
  /** Port `cmdb`: sets a CI to the instance's retired status and relates it to the Azure CIs. */
  'cmdb.retire': { ciId: string; azureCiIds: string[] };
  /** Port `cmdb`: records a recurring review for a CI and/or a workload (at least one of them). */
  'review.schedule': { workloadId?: string | null; ciId?: string | null; cadenceMonths: number; firstReviewAt: string };
  /** Port `artifacts`: stores a document, given as text (`body`) or as base64 (`bodyBase64`). */
  'artifact.put': ArtifactPutParams;
}

/** The name of an action kind. */
export type ActionKind = keyof ActionKinds & string;

/**
 * The params of an action of kind `Kind`; a JSON object for a kind not known
 * at compile time (a kind read back from a plan). An indexed access, not a
 * conditional type, so that `Action<'cmdb.retire'>` is an `Action`.
 */
export type ActionParams<Kind extends string> = (ActionKinds & { readonly [kind: string]: JsonObject })[Kind];

/**
 * The params of an action of kind `Kind` as its handler receives them: read
 * back from a plan, so every declared field is a JSON value to be checked,
 * and reading an undeclared field is a compile-time error. The params of a
 * kind not known at compile time, or of one that takes none, are a JSON object.
 */
export type UncheckedParams<Kind extends string> = ({
  readonly [Known in ActionKind]: string extends keyof ActionKinds[Known]
    ? JsonObject
    : { readonly [Name in keyof ActionKinds[Known]]?: JsonValue };
} & { readonly [kind: string]: JsonObject })[Kind];
