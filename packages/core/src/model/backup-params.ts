import type { BackupCreateParams } from '../spec/action-kinds.js';
import type { JsonObject } from '../util/json.js';
import type { Resource } from './resource.js';
import type { Workload } from './workload-schema.js';

/**
 * The recovery-point tag naming the `resourceIdentity` of the resource backed
 * up, where the backup service itself records none (AWS Backup).
 */
export const RESOURCE_IDENTITY_TAG = 'decomkit:resource-identity';

const DAY_MILLISECONDS = 86_400_000;

/**
 * Days of slack a final backup is kept beyond `deleteAt` plus `retainDays`:
 * a deletion held up by an approval or a late resume still finds its backup
 * kept `retainDays` from then. A deletion later than that waits (the backup
 * gate asks for `retainDays` from the moment of deletion): extend the
 * recovery point's retention, or take a new backup.
 */
export const BACKUP_RETENTION_SLACK_DAYS = 30;

/**
 * The params of a `backup.create` action for a workload: `vault`,
 * `retainDays`, `deleteAt` (so the provider keeps the backup `retainDays`
 * past the deletion, see {@link backupRetentionDays}), `timeoutHours` (the
 * engine fails the action when the backup is still unfinished that long after
 * its intent), `method` when the workload names one, and the
 * `resourceIdentity` of the resource as planned (a provider whose backup
 * service records no source identity tags the recovery point with it,
 * {@link RESOURCE_IDENTITY_TAG}).
 *
 * @example
 * ```ts
 * action({ kind: 'backup.create', target, params: backupParams(workload, resource) });
 * ```
 */
export function backupParams(workload: Workload, resource?: Resource): BackupCreateParams {
  const { backups, sunset } = workload;
  return {
    vault: backups.vault ?? 'Default',
    retainDays: backups.retainDays,
    deleteAt: sunset.deleteAt,
    timeoutHours: backups.timeoutHours,
    ...(backups.method === undefined ? {} : { method: backups.method }),
    ...(resource?.resourceIdentity === undefined ? {} : { resourceIdentity: resource.resourceIdentity }),
  };
}

/**
 * How many days from `now` a provider keeps the backup of a `backup.create`
 * action: `retainDays`, plus the days until `deleteAt` and
 * {@link BACKUP_RETENTION_SLACK_DAYS} when the params name a `deleteAt`, so
 * that at the deletion the backup is still kept `retainDays` (what the
 * backup gate checks).
 */
export function backupRetentionDays(params: JsonObject, now: Date): number {
  const retainDays = typeof params.retainDays === 'number' ? params.retainDays : 0;
  const deleteAt = typeof params.deleteAt === 'string' ? Date.parse(params.deleteAt) : Number.NaN;
  if (Number.isNaN(deleteAt)) return retainDays;
  const untilDeletion = Math.max(0, Math.ceil((deleteAt - now.getTime()) / DAY_MILLISECONDS));
  return retainDays + untilDeletion + BACKUP_RETENTION_SLACK_DAYS;
}
