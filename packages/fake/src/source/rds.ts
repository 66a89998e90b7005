import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { createRdsSnapshot, settleRds } from './rds-lifecycle.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeDbCluster, FakeDbInstance, FakeRdsDatabase } from './source-types.js';

/** What DeleteDBInstance and DeleteDBCluster take. */
export interface RdsDeleteInput {
  readonly skipFinalSnapshot?: boolean;
  readonly finalSnapshotIdentifier?: string;
  /** AWS's default is true; decomkit always passes false (safety rule 5). */
  readonly deleteAutomatedBackups?: boolean;
}

type Database = FakeDbInstance | FakeDbCluster;

/**
 * The fake RDS API for DB instances and clusters, with AWS's rules (stricter
 * than moto): `DeletionProtection` refuses a delete; a standalone instance or
 * a cluster is deleted only with `SkipFinalSnapshot=true` or a
 * `FinalDBSnapshotIdentifier` (never both, never neither); Aurora member
 * instances take no final snapshot (their cluster does); a cluster is deleted
 * only once no member is left in a non-deleting state; a delete takes
 * `rdsDeleteMinutes` (`deleting`), its final snapshot becomes `available`
 * when it ends, and automated backups are retained unless
 * `DeleteAutomatedBackups` is true. A stopped database starts again by itself
 * after seven days, as in AWS.
 */
export class FakeRds {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the DB instances of `region` (settling what is due). */
  readonly describeDbInstancesPage = regionPages(
    () => this.world,
    { service: 'rds', operation: 'DescribeDBInstances', pageSize: 100 },
    () => {
      settleRds(this.world);
      return this.world.state.dbInstances;
    },
  );

  /** DescribeDBInstances by identifier: `DBInstanceNotFound` when it does not exist (any more). */
  describeDbInstance(id: string): ResultAsync<FakeDbInstance, DecomError> {
    return this.world.call('rds', 'DescribeDBInstances', false, id, () => {
      settleRds(this.world);
      return this.instance(id).map((instance) => structuredClone(instance));
    });
  }

  /** One page of the DB clusters of `region` (settling what is due). */
  readonly describeDbClustersPage = regionPages(
    () => this.world,
    { service: 'rds', operation: 'DescribeDBClusters', pageSize: 100 },
    () => {
      settleRds(this.world);
      return this.world.state.dbClusters;
    },
  );

  /** DescribeDBClusters by identifier: `DBClusterNotFoundFault` when it does not exist (any more). */
  describeDbCluster(id: string): ResultAsync<FakeDbCluster & { readonly memberIds: string[] }, DecomError> {
    return this.world.call('rds', 'DescribeDBClusters', false, id, () => {
      settleRds(this.world);
      return this.cluster(id).map((cluster) => ({ ...structuredClone(cluster), memberIds: this.memberIds(id) }));
    });
  }

  /** The identifiers of a cluster's member instances (DBClusterMembers). */
  memberIds(clusterId: string): string[] {
    return this.world.state.dbInstances
      .filter((instance) => instance.clusterId === clusterId)
      .map((instance) => instance.id);
  }

  deleteDbInstance(id: string, input: RdsDeleteInput): ResultAsync<FakeDbInstance, DecomError> {
    return this.world.call('rds', 'DeleteDBInstance', true, id, () => {
      settleRds(this.world);
      return this.instance(id).andThen((instance) => {
        const refused = refusedDelete(instance, { stateCode: 'InvalidDBInstanceState', noun: 'DB instance' });
        if (refused !== null) return err(refused);
        if (instance.clusterId !== null && input.finalSnapshotIdentifier !== undefined) {
          return err(
            awsError.invalid(
              'InvalidParameterCombination',
              `FinalDBSnapshotIdentifier can not be specified when deleting a cluster instance (${id} is in ${instance.clusterId}); snapshot the cluster`,
              'FinalDBSnapshotIdentifier',
            ),
          );
        }
        const checked = instance.clusterId === null ? this.checkFinalSnapshot(input, 'db') : ok(undefined);
        if (checked.isErr()) return err(checked.error);
        this.startDelete(instance, AWS_TYPES.dbInstance, input, 'db');
        return ok(structuredClone(instance));
      });
    });
  }

  deleteDbCluster(id: string, input: RdsDeleteInput): ResultAsync<FakeDbCluster, DecomError> {
    return this.world.call('rds', 'DeleteDBCluster', true, id, () => {
      settleRds(this.world);
      return this.cluster(id).andThen((cluster) => {
        const refused = refusedDelete(cluster, { stateCode: 'InvalidDBClusterStateFault', noun: 'DB cluster' });
        if (refused !== null) return err(refused);
        const live = this.world.state.dbInstances.filter(
          (instance) => instance.clusterId === id && instance.status !== 'deleting',
        );
        if (live.length > 0) {
          return err(
            awsError.conflict(
              'InvalidDBClusterStateFault',
              `Cluster cannot be deleted, it still contains DB instances in non-deleting state (${live.map((instance) => instance.id).join(', ')})`,
              cluster.arn,
            ),
          );
        }
        const checked = this.checkFinalSnapshot(input, 'cluster');
        if (checked.isErr()) return err(checked.error);
        this.startDelete(cluster, AWS_TYPES.dbCluster, input, 'cluster');
        return ok(structuredClone(cluster));
      });
    });
  }

  /** StopDBInstance: only `available` standalone instances (an Aurora member is stopped with its cluster). */
  stopDbInstance(id: string): ResultAsync<FakeDbInstance, DecomError> {
    return this.world.call('rds', 'StopDBInstance', true, id, () => {
      settleRds(this.world);
      return this.instance(id).andThen((instance) => {
        if (instance.clusterId !== null) {
          return err(
            awsError.conflict(
              'InvalidDBInstanceState',
              `DB instance ${id} is in cluster ${instance.clusterId}: stop the cluster (StopDBCluster) instead`,
              instance.arn,
            ),
          );
        }
        if (instance.status !== 'available')
          return err(
            awsError.conflict(
              'InvalidDBInstanceState',
              `DB instance ${id} is not in available state (${instance.status})`,
              instance.arn,
            ),
          );
        this.stop(instance, AWS_TYPES.dbInstance);
        return ok(structuredClone(instance));
      });
    });
  }

  /** StopDBCluster: stops the cluster and its members. */
  stopDbCluster(id: string): ResultAsync<FakeDbCluster, DecomError> {
    return this.world.call('rds', 'StopDBCluster', true, id, () => {
      settleRds(this.world);
      return this.cluster(id).andThen((cluster) => {
        if (cluster.status !== 'available')
          return err(
            awsError.conflict(
              'InvalidDBClusterStateFault',
              `DbCluster ${id} is in ${cluster.status} state but expected it to be available`,
              cluster.arn,
            ),
          );
        this.stop(cluster, AWS_TYPES.dbCluster);
        for (const member of this.world.state.dbInstances.filter((instance) => instance.clusterId === id))
          this.stop(member, AWS_TYPES.dbInstance);
        return ok(structuredClone(cluster));
      });
    });
  }

  /** ModifyDBInstance DeletionProtection. */
  modifyDbInstance(
    id: string,
    changes: { readonly deletionProtection: boolean },
  ): ResultAsync<FakeDbInstance, DecomError> {
    return this.world.call('rds', 'ModifyDBInstance', true, id, () =>
      this.instance(id).map((instance) => {
        instance.deletionProtection = changes.deletionProtection;
        recordConfigChange(this.world, instance.arn, AWS_TYPES.dbInstance, 'OK');
        return structuredClone(instance);
      }),
    );
  }

  /** ModifyDBCluster DeletionProtection. */
  modifyDbCluster(
    id: string,
    changes: { readonly deletionProtection: boolean },
  ): ResultAsync<FakeDbCluster, DecomError> {
    return this.world.call('rds', 'ModifyDBCluster', true, id, () =>
      this.cluster(id).map((cluster) => {
        cluster.deletionProtection = changes.deletionProtection;
        recordConfigChange(this.world, cluster.arn, AWS_TYPES.dbCluster, 'OK');
        return structuredClone(cluster);
      }),
    );
  }

  private checkFinalSnapshot(input: RdsDeleteInput, kind: 'db' | 'cluster'): Result<void, DecomError> {
    const identifier = input.finalSnapshotIdentifier;
    if (input.skipFinalSnapshot === true && identifier !== undefined)
      return err(
        awsError.invalid(
          'InvalidParameterCombination',
          'FinalDBSnapshotIdentifier cannot be specified when SkipFinalSnapshot is true',
          'FinalDBSnapshotIdentifier',
        ),
      );
    if (input.skipFinalSnapshot !== true && identifier === undefined)
      return err(
        awsError.invalid(
          'InvalidParameterCombination',
          'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified',
          'FinalDBSnapshotIdentifier',
        ),
      );
    if (identifier === undefined) return ok(undefined);
    if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}$/.test(identifier) || identifier.endsWith('-'))
      return err(
        awsError.invalid(
          'InvalidParameterValue',
          `the snapshot identifier ${identifier} is not valid`,
          'FinalDBSnapshotIdentifier',
        ),
      );
    const taken = this.world.state.dbSnapshots.some((snapshot) => snapshot.kind === kind && snapshot.id === identifier);
    if (taken)
      return err(
        awsError.conflict(
          kind === 'db' ? 'DBSnapshotAlreadyExists' : 'DBClusterSnapshotAlreadyExistsFault',
          `snapshot ${identifier} already exists`,
          identifier,
        ),
      );
    return ok(undefined);
  }

  private startDelete(database: Database, type: string, input: RdsDeleteInput, kind: 'db' | 'cluster'): void {
    const now = this.world.clock.now().getTime();
    const deletesAt = new Date(now + this.world.state.rdsDeleteMinutes * 60_000).toISOString();
    database.status = 'deleting';
    database.deletesAt = deletesAt;
    database.stoppedAt = null;
    recordConfigChange(this.world, database.arn, type, 'OK');
    if (input.finalSnapshotIdentifier !== undefined)
      createRdsSnapshot(this.world, kind, database, input.finalSnapshotIdentifier, {}, deletesAt);
    // AWS's default for DeleteAutomatedBackups is true: only an explicit false keeps them.
    database.deleteAutomatedBackups = input.deleteAutomatedBackups !== false;
    database.finalSnapshotIdentifier = input.finalSnapshotIdentifier ?? null;
    settleRds(this.world);
  }

  private stop(database: Database, type: string): void {
    database.status = 'stopped';
    database.stoppedAt = this.world.nowIso();
    recordConfigChange(this.world, database.arn, type, 'OK');
  }

  private instance(id: string): Result<FakeDbInstance, DecomError> {
    const instance = this.world.state.dbInstances.find((candidate) => candidate.id === id);
    return instance === undefined
      ? err(awsError.notFound('DBInstanceNotFound', `DBInstance ${id} not found`, id))
      : ok(instance);
  }

  private cluster(id: string): Result<FakeDbCluster, DecomError> {
    const cluster = this.world.state.dbClusters.find((candidate) => candidate.id === id);
    return cluster === undefined
      ? err(awsError.notFound('DBClusterNotFoundFault', `DBCluster ${id} not found`, id))
      : ok(cluster);
  }
}

/** Why RDS refuses to delete a database: already being deleted, or deletion protection on (null: it does not). */
function refusedDelete(
  database: FakeRdsDatabase,
  what: { readonly stateCode: string; readonly noun: 'DB instance' | 'DB cluster' },
): DecomError | null {
  const { id, arn } = database;
  if (database.status === 'deleting')
    return awsError.conflict(what.stateCode, `${what.noun} ${id} is already being deleted`, arn);
  if (!database.deletionProtection) return null;
  const protectedNoun = what.noun === 'DB instance' ? 'DB Instance' : 'Cluster';
  return awsError.conflict(
    'InvalidParameterCombination',
    `Cannot delete protected ${protectedNoun}, please disable deletion protection and try again (${id})`,
    arn,
  );
}
