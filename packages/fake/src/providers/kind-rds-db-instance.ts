import type { FakeRds } from '../source/rds.js';
import type { FakeRdsSnapshots } from '../source/rds-snapshots.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { databaseKind } from './rds-database-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * RDS DB instances (standalone, or Aurora members: a member takes no final
 * snapshot of its own, its cluster does). Their traffic is
 * DatabaseConnections, reported without pause while `available`.
 */
export function dbInstanceKind(rds: FakeRds, snapshots: FakeRdsSnapshots): ResourceKind {
  return databaseKind({
    type: AWS_TYPES.dbInstance,
    pattern: /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:([^:]+)$/,
    snapshots,
    dependsOn: () => [],
    traffic: { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
    api: {
      kind: 'db',
      page: (region, token) => rds.describeDbInstancesPage(region, token),
      describe: (id) => rds.describeDbInstance(id),
      remove: (id, finalSnapshot) =>
        rds.deleteDbInstance(id, {
          ...(finalSnapshot === undefined ? {} : { finalSnapshotIdentifier: finalSnapshot }),
          deleteAutomatedBackups: false,
        }),
      stop: (id) => rds.stopDbInstance(id),
      unprotect: (id) => rds.modifyDbInstance(id, { deletionProtection: false }),
      takesFinalSnapshot: (database) => !('clusterId' in database) || database.clusterId === null,
    },
  });
}
