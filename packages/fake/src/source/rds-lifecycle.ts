import type { FakeWorld } from '../world.js';
import { rdsArn } from './arns.js';
import { recordConfigChange } from './config.js';
import { inheritEncryption } from './kms.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeDbCluster, FakeDbInstance, FakeDbSnapshot } from './source-types.js';

/** AWS starts a stopped DB instance or cluster again after seven days. */
export const RDS_AUTO_START_MILLISECONDS = 7 * 86_400_000;

/** Creates a DB or cluster snapshot of `source`, `creating` until `availableAt`. */
export function createRdsSnapshot(
  world: FakeWorld,
  kind: 'db' | 'cluster',
  source: FakeDbInstance | FakeDbCluster,
  id: string,
  tags: Record<string, string>,
  availableAt: string,
): FakeDbSnapshot {
  const snapshot: FakeDbSnapshot = {
    arn: rdsArn(source, kind === 'db' ? 'snapshot' : 'cluster-snapshot', id),
    id,
    kind,
    sourceId: source.id,
    sourceArn: source.arn,
    sourceResourceId: source.resourceId,
    region: source.region,
    status: 'creating',
    createdAt: world.nowIso(),
    availableAt,
    tags: { ...tags },
  };
  world.state.dbSnapshots.push(snapshot);
  inheritEncryption(world.state, source.arn, snapshot.arn);
  settleRds(world);
  return snapshot;
}

/**
 * Applies what time has made due: deletes that finished (the database is
 * gone, automated backups retained when asked, Config told at the time it
 * happened), snapshots that became available, stopped databases that AWS
 * started again after seven days.
 */
export function settleRds(world: FakeWorld): void {
  const state = world.state;
  const now = world.clock.now().getTime();
  for (const snapshot of state.dbSnapshots) {
    if (snapshot.status === 'creating' && Date.parse(snapshot.availableAt) <= now) snapshot.status = 'available';
  }
  const finished = <T extends FakeDbInstance | FakeDbCluster>(database: T) =>
    database.status === 'deleting' && database.deletesAt !== null && Date.parse(database.deletesAt) <= now;
  const retire = (database: FakeDbInstance | FakeDbCluster, type: string) => {
    const at = database.deletesAt ?? world.nowIso();
    recordConfigChange(world, database.arn, type, 'ResourceDeleted', at);
    if (database.deleteAutomatedBackups === false && database.backupRetentionDays > 0) {
      state.dbAutomatedBackups.push({
        arn: rdsArn(database, 'auto-backup', `ab-${world.newId('').padStart(26, '0')}`),
        sourceArn: database.arn,
        sourceId: database.id,
        status: 'retained',
        retentionDays: database.backupRetentionDays,
        retainedAt: at,
      });
    }
  };
  for (const instance of state.dbInstances.filter(finished)) retire(instance, AWS_TYPES.dbInstance);
  state.dbInstances = state.dbInstances.filter((instance) => !finished(instance));
  for (const cluster of state.dbClusters.filter(finished)) retire(cluster, AWS_TYPES.dbCluster);
  state.dbClusters = state.dbClusters.filter((cluster) => !finished(cluster));
  const restart = (database: FakeDbInstance | FakeDbCluster, type: string) => {
    if (database.status !== 'stopped' || database.stoppedAt === null) return;
    const due = Date.parse(database.stoppedAt) + RDS_AUTO_START_MILLISECONDS;
    if (due > now) return;
    database.status = 'available';
    database.stoppedAt = null;
    recordConfigChange(world, database.arn, type, 'OK', new Date(due).toISOString());
  };
  for (const instance of state.dbInstances) restart(instance, AWS_TYPES.dbInstance);
  for (const cluster of state.dbClusters) restart(cluster, AWS_TYPES.dbCluster);
}
