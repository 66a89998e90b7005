import type { FakeRds } from '../source/rds.js';
import type { FakeRdsSnapshots } from '../source/rds-snapshots.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { databaseKind } from './rds-database-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * RDS (Aurora) clusters: depend on their member instances (a cluster is
 * deleted after them), and its backup covers them.
 */
export function dbClusterKind(rds: FakeRds, snapshots: FakeRdsSnapshots): ResourceKind {
  return databaseKind({
    type: AWS_TYPES.dbCluster,
    pattern: /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:([^:]+)$/,
    snapshots,
    dependsOn: (cluster) =>
      rds.memberIds(cluster.id).map((member) => cluster.arn.replace(/:cluster:[^:]+$/, `:db:${member}`)),
    backupCovers: [AWS_TYPES.dbInstance],
    api: {
      kind: 'cluster',
      page: (region, token) => rds.describeDbClustersPage(region, token),
      describe: (id) => rds.describeDbCluster(id),
      remove: (id, finalSnapshot) =>
        rds.deleteDbCluster(id, {
          ...(finalSnapshot === undefined ? { skipFinalSnapshot: true } : { finalSnapshotIdentifier: finalSnapshot }),
          deleteAutomatedBackups: false,
        }),
      stop: (id) => rds.stopDbCluster(id),
      unprotect: (id) => rds.modifyDbCluster(id, { deletionProtection: false }),
      takesFinalSnapshot: () => true,
    },
  });
}
