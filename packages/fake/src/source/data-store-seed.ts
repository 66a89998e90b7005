import type { WorldState } from '../world.js';
import type { Place } from './arns.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** When a seeded data store was created, unless its seed says: its `resourceIdentity`. */
const SEEDED_AT = '2026-01-01T00:00:00.000Z';

/** An ElastiCache replication group. */
export interface CacheGroupSeed extends CommonSeed {
  readonly groupId: string;
  readonly createdAt?: string;
}

/** An ElastiCache cache cluster: a member of `groupId`, or standalone. */
export interface CacheClusterSeed extends CommonSeed {
  readonly clusterId: string;
  /** Default `redis`. */
  readonly engine?: 'redis' | 'memcached';
  readonly groupId?: string;
  readonly createdAt?: string;
}

/** An EFS file system (`fs-` and hex). */
export interface FileSystemSeed extends CommonSeed {
  readonly fileSystemId: string;
  /** Default 1. */
  readonly mountTargets?: number;
  readonly createdAt?: string;
}

/** A Redshift provisioned cluster. */
export interface WarehouseSeed extends CommonSeed {
  readonly clusterIdentifier: string;
  readonly createdAt?: string;
}

/** An OpenSearch Service domain. */
export interface SearchDomainSeed extends CommonSeed {
  readonly domainName: string;
}

/** The ElastiCache, EFS, Redshift and OpenSearch resources a fake cloud can start with. */
export interface DataStoreSeed {
  readonly cacheGroups?: readonly CacheGroupSeed[];
  readonly cacheClusters?: readonly CacheClusterSeed[];
  readonly fileSystems?: readonly FileSystemSeed[];
  readonly warehouses?: readonly WarehouseSeed[];
  readonly searchDomains?: readonly SearchDomainSeed[];
}

/** The part of the world state this file builds. */
export type DataStoreState = Pick<
  WorldState,
  'cacheGroups' | 'cacheClusters' | 'fileSystems' | 'warehouses' | 'searchDomains' | 'dataSnapshots'
>;

type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

const arnIn = (service: string, resource: string) => (place: Place) =>
  `arn:aws:${service}:${place.region}:${place.accountId}:${resource}`;

/** Builds the ElastiCache, EFS, Redshift and OpenSearch resources of a seed. */
export function dataStoreStateFromSeed(seed: DataStoreSeed, recordOf: RecordOf): DataStoreState {
  return {
    cacheGroups: (seed.cacheGroups ?? []).map((group) => ({
      ...recordOf(group, arnIn('elasticache', `replicationgroup:${group.groupId}`), group.groupId),
      groupId: group.groupId,
      createdAt: group.createdAt ?? SEEDED_AT,
    })),
    cacheClusters: (seed.cacheClusters ?? []).map((cluster) => ({
      ...recordOf(cluster, arnIn('elasticache', `cluster:${cluster.clusterId}`), cluster.clusterId),
      clusterId: cluster.clusterId,
      engine: cluster.engine ?? 'redis',
      groupId: cluster.groupId ?? null,
      createdAt: cluster.createdAt ?? SEEDED_AT,
    })),
    fileSystems: (seed.fileSystems ?? []).map((system) => ({
      ...recordOf(system, arnIn('elasticfilesystem', `file-system/${system.fileSystemId}`), system.fileSystemId),
      fileSystemId: system.fileSystemId,
      createdAt: system.createdAt ?? SEEDED_AT,
      mountTargets: system.mountTargets ?? 1,
    })),
    warehouses: (seed.warehouses ?? []).map((cluster) => ({
      ...recordOf(cluster, arnIn('redshift', `cluster:${cluster.clusterIdentifier}`), cluster.clusterIdentifier),
      clusterIdentifier: cluster.clusterIdentifier,
      createdAt: cluster.createdAt ?? SEEDED_AT,
      status: 'available' as const,
    })),
    searchDomains: (seed.searchDomains ?? []).map((domain) => ({
      ...recordOf(domain, arnIn('es', `domain/${domain.domainName}`), domain.domainName),
      domainName: domain.domainName,
      domainId: `${domain.accountId ?? 'seeded'}/${domain.domainName}`,
    })),
    dataSnapshots: [],
  };
}

/** Fills in what a world saved before these types were modelled lacks (none of them), for `restoreFakeCloud`. */
export function withDataStoreDefaults(state: WorldState): WorldState {
  const saved: Partial<DataStoreState> = state;
  return {
    ...state,
    cacheGroups: saved.cacheGroups ?? [],
    cacheClusters: saved.cacheClusters ?? [],
    fileSystems: saved.fileSystems ?? [],
    warehouses: saved.warehouses ?? [],
    searchDomains: saved.searchDomains ?? [],
    dataSnapshots: saved.dataSnapshots ?? [],
  };
}
