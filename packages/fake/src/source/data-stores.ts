import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type {
  FakeCacheCluster,
  FakeCacheGroup,
  FakeDataSnapshot,
  FakeFileSystem,
  FakeSearchDomain,
  FakeWarehouse,
} from './data-store-types.js';
import { AWS_TYPES } from './resource-types.js';

/** The lists {@link FakeDataStores} serves. */
export type DataStoreList = 'cacheGroups' | 'cacheClusters' | 'fileSystems' | 'warehouses' | 'searchDomains';

/** What each list's service calls itself, its describe and its not-found code. */
const SERVICES: Readonly<Record<DataStoreList, { service: string; type: string; describe: string; missing: string }>> =
  {
    cacheGroups: {
      service: 'elasticache',
      type: AWS_TYPES.cacheGroup,
      describe: 'DescribeReplicationGroups',
      missing: 'ReplicationGroupNotFoundFault',
    },
    cacheClusters: {
      service: 'elasticache',
      type: AWS_TYPES.cacheCluster,
      describe: 'DescribeCacheClusters',
      missing: 'CacheClusterNotFound',
    },
    fileSystems: {
      service: 'elasticfilesystem',
      type: AWS_TYPES.fileSystem,
      describe: 'DescribeFileSystems',
      missing: 'FileSystemNotFound',
    },
    warehouses: {
      service: 'redshift',
      type: AWS_TYPES.warehouse,
      describe: 'DescribeClusters',
      missing: 'ClusterNotFound',
    },
    searchDomains: {
      service: 'es',
      type: AWS_TYPES.searchDomain,
      describe: 'DescribeDomain',
      missing: 'ResourceNotFoundException',
    },
  };
/** The record of one of those lists. */
export type DataStoreRecord<List extends DataStoreList> = {
  cacheGroups: FakeCacheGroup;
  cacheClusters: FakeCacheCluster;
  fileSystems: FakeFileSystem;
  warehouses: FakeWarehouse;
  searchDomains: FakeSearchDomain;
}[List];

/**
 * The fake ElastiCache, EFS, Redshift and OpenSearch control planes, addressed
 * by ARN, with AWS's rules: a replication group's delete takes its member
 * clusters along, and a member cluster's own delete is refused
 * (`InvalidCacheClusterState`); a delete with a final snapshot name keeps
 * that snapshot (`available` at once); DeleteFileSystem refuses a file system
 * with mount targets (`FileSystemInUse`); PauseCluster pauses. Deletes finish
 * at once; a missing resource answers the service's not-found code.
 */
export class FakeDataStores {
  constructor(private readonly world: FakeWorld) {}

  /** The service's describe of one resource of `list`. */
  describe<List extends DataStoreList>(list: List, arn: string): ResultAsync<DataStoreRecord<List>, DecomError> {
    const { service, describe } = SERVICES[list];
    return this.world.call(service, describe, false, arn, () =>
      this.find(list, arn).map((found) => structuredClone(found)),
    );
  }

  /** DescribeSnapshots (ElastiCache) / DescribeClusterSnapshots (Redshift) of one final snapshot. */
  describeSnapshot(service: 'elasticache' | 'redshift', name: string): ResultAsync<FakeDataSnapshot, DecomError> {
    const operation = service === 'redshift' ? 'DescribeClusterSnapshots' : 'DescribeSnapshots';
    return this.world.call(service, operation, false, name, () => {
      const found = this.world.state.dataSnapshots.find((snapshot) => snapshot.name === name);
      return found === undefined
        ? err(awsError.notFound('SnapshotNotFoundFault', `${name} does not exist`, name))
        : ok({ ...found });
    });
  }

  /** DeleteReplicationGroup: the group and its member clusters, keeping `finalSnapshot`. */
  deleteCacheGroup(arn: string, finalSnapshot: string | null): ResultAsync<{ arn: string }, DecomError> {
    return this.remove('cacheGroups', 'DeleteReplicationGroup', arn, finalSnapshot, (group) => {
      this.world.state.cacheClusters = this.world.state.cacheClusters.filter(
        (cluster) => cluster.groupId !== group.groupId || cluster.region !== group.region,
      );
      return null;
    });
  }

  /** DeleteCacheCluster, refused for a member of a replication group. */
  deleteCacheCluster(arn: string, finalSnapshot: string | null): ResultAsync<{ arn: string }, DecomError> {
    return this.remove('cacheClusters', 'DeleteCacheCluster', arn, finalSnapshot, (cluster) =>
      cluster.groupId === null
        ? null
        : awsError.conflict(
            'InvalidCacheClusterState',
            `${arn} is a member of replication group ${cluster.groupId}`,
            arn,
          ),
    );
  }

  /** DeleteMountTarget of every mount target of a file system. */
  deleteMountTargets(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('elasticfilesystem', 'DeleteMountTarget', true, arn, () =>
      this.find('fileSystems', arn).map((system) => {
        system.mountTargets = 0;
        return { arn };
      }),
    );
  }

  /** DeleteFileSystem, refused while it has mount targets. */
  deleteFileSystem(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.remove('fileSystems', 'DeleteFileSystem', arn, null, (system) =>
      system.mountTargets === 0
        ? null
        : awsError.conflict('FileSystemInUse', `${arn} has ${system.mountTargets} mount targets`, arn),
    );
  }

  /** PauseCluster. */
  pauseWarehouse(arn: string): ResultAsync<FakeWarehouse, DecomError> {
    return this.world.call('redshift', 'PauseCluster', true, arn, () =>
      this.find('warehouses', arn).map((cluster) => {
        cluster.status = 'paused';
        return { ...cluster };
      }),
    );
  }

  /** DeleteCluster keeping `finalSnapshot`. */
  deleteWarehouse(arn: string, finalSnapshot: string): ResultAsync<{ arn: string }, DecomError> {
    return this.remove('warehouses', 'DeleteCluster', arn, finalSnapshot, () => null);
  }

  /** DeleteDomain. */
  deleteSearchDomain(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.remove('searchDomains', 'DeleteDomain', arn, null, () => null);
  }

  private remove<List extends DataStoreList>(
    list: List,
    operation: string,
    arn: string,
    finalSnapshot: string | null,
    check: (found: DataStoreRecord<List>) => DecomError | null,
  ): ResultAsync<{ arn: string }, DecomError> {
    const { service, type } = SERVICES[list];
    return this.world.call(service, operation, true, arn, () =>
      this.find(list, arn).andThen((found): Result<{ arn: string }, DecomError> => {
        const refused = check(found);
        if (refused !== null) return err(refused);
        const state = this.world.state as unknown as Record<DataStoreList, { arn: string }[]>;
        state[list] = state[list].filter((candidate) => candidate.arn !== arn);
        if (finalSnapshot !== null) {
          const prefix = arn.split(':').slice(0, 5).join(':');
          this.world.state.dataSnapshots.push({
            name: finalSnapshot,
            arn: `${prefix}:snapshot:${finalSnapshot}`,
            source: arn,
            status: 'available',
          });
        }
        recordConfigChange(this.world, arn, type, 'ResourceDeleted');
        return ok({ arn });
      }),
    );
  }

  private find<List extends DataStoreList>(list: List, arn: string): Result<DataStoreRecord<List>, DecomError> {
    const records = this.world.state[list] as unknown as readonly DataStoreRecord<List>[];
    const found = records.find((candidate) => candidate.arn === arn);
    return found === undefined
      ? err(awsError.notFound(SERVICES[list].missing, `${arn} does not exist`, arn))
      : ok(found);
  }
}
