import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { createRdsSnapshot, settleRds } from './rds-lifecycle.js';
import type { FakeDbAutomatedBackup, FakeDbSnapshot } from './source-types.js';

/**
 * The fake RDS snapshot API: manual DB and cluster snapshots (the native
 * backup of decomkit), final snapshots taken by deletes, and retained
 * automated backups. Snapshots are `creating` for `snapshotMinutes`.
 */
export class FakeRdsSnapshots {
  constructor(private readonly world: FakeWorld) {}

  /** CreateDBSnapshot of a standalone instance (Aurora members: snapshot the cluster). */
  createDbSnapshot(
    instanceId: string,
    snapshotId: string,
    tags: Record<string, string>,
  ): ResultAsync<FakeDbSnapshot, DecomError> {
    return this.world.call('rds', 'CreateDBSnapshot', true, instanceId, () => {
      settleRds(this.world);
      const instance = this.world.state.dbInstances.find((candidate) => candidate.id === instanceId);
      if (instance === undefined)
        return err(awsError.notFound('DBInstanceNotFound', `DBInstance ${instanceId} not found`, instanceId));
      if (instance.clusterId !== null)
        return err(
          awsError.invalid(
            'InvalidParameterValue',
            `DB instance ${instanceId} is in cluster ${instance.clusterId}: use CreateDBClusterSnapshot`,
            'DBInstanceIdentifier',
          ),
        );
      if (instance.status === 'deleting')
        return err(
          awsError.conflict('InvalidDBInstanceState', `DB instance ${instanceId} is being deleted`, instance.arn),
        );
      if (this.exists('db', snapshotId))
        return err(awsError.conflict('DBSnapshotAlreadyExists', `snapshot ${snapshotId} already exists`, snapshotId));
      return ok(structuredClone(createRdsSnapshot(this.world, 'db', instance, snapshotId, tags, this.availableAt())));
    });
  }

  /** CreateDBClusterSnapshot. */
  createDbClusterSnapshot(
    clusterId: string,
    snapshotId: string,
    tags: Record<string, string>,
  ): ResultAsync<FakeDbSnapshot, DecomError> {
    return this.world.call('rds', 'CreateDBClusterSnapshot', true, clusterId, () => {
      settleRds(this.world);
      const cluster = this.world.state.dbClusters.find((candidate) => candidate.id === clusterId);
      if (cluster === undefined)
        return err(awsError.notFound('DBClusterNotFoundFault', `DBCluster ${clusterId} not found`, clusterId));
      if (cluster.status === 'deleting')
        return err(
          awsError.conflict('InvalidDBClusterStateFault', `DB cluster ${clusterId} is being deleted`, cluster.arn),
        );
      if (this.exists('cluster', snapshotId))
        return err(
          awsError.conflict('DBClusterSnapshotAlreadyExistsFault', `snapshot ${snapshotId} already exists`, snapshotId),
        );
      return ok(
        structuredClone(createRdsSnapshot(this.world, 'cluster', cluster, snapshotId, tags, this.availableAt())),
      );
    });
  }

  /** DescribeDBSnapshots / DescribeDBClusterSnapshots: by snapshot id (`DBSnapshotNotFound`), by source, or all. */
  describeSnapshots(
    kind: 'db' | 'cluster',
    filter: { readonly snapshotId?: string; readonly sourceArn?: string } = {},
  ): ResultAsync<FakeDbSnapshot[], DecomError> {
    const operation = kind === 'db' ? 'DescribeDBSnapshots' : 'DescribeDBClusterSnapshots';
    return this.world.call('rds', operation, false, filter.snapshotId ?? filter.sourceArn ?? null, () => {
      settleRds(this.world);
      const found = this.world.state.dbSnapshots.filter(
        (snapshot) =>
          snapshot.kind === kind &&
          (filter.snapshotId === undefined || snapshot.id === filter.snapshotId) &&
          (filter.sourceArn === undefined || snapshot.sourceArn === filter.sourceArn),
      );
      if (filter.snapshotId !== undefined && found.length === 0) {
        const code = kind === 'db' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFoundFault';
        return err(awsError.notFound(code, `snapshot ${filter.snapshotId} not found`, filter.snapshotId));
      }
      return ok(found.map((snapshot) => structuredClone(snapshot)));
    });
  }

  /** DescribeDBInstanceAutomatedBackups (retained ones, after deletes). */
  describeAutomatedBackups(sourceArn?: string): ResultAsync<FakeDbAutomatedBackup[], DecomError> {
    return this.world.call('rds', 'DescribeDBInstanceAutomatedBackups', false, sourceArn ?? null, () => {
      settleRds(this.world);
      return ok(
        this.world.state.dbAutomatedBackups
          .filter((backup) => sourceArn === undefined || backup.sourceArn === sourceArn)
          .map((backup) => structuredClone(backup)),
      );
    });
  }

  private exists(kind: 'db' | 'cluster', id: string): boolean {
    return this.world.state.dbSnapshots.some((snapshot) => snapshot.kind === kind && snapshot.id === id);
  }

  private availableAt(): string {
    return new Date(this.world.clock.now().getTime() + this.world.state.snapshotMinutes * 60_000).toISOString();
  }
}
