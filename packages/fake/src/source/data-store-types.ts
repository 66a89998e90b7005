/**
 * The plain-JSON records of the fake's ElastiCache, EFS, Redshift and
 * OpenSearch resources, and the final snapshots their deletes keep. They
 * live in `WorldState`, so a world saved with `snapshot()` and restored with
 * `restoreFakeCloud()` loses nothing.
 */
import type { FakeTaggedRecord } from './source-types.js';

/** An ElastiCache replication group; its member clusters go with it. */
export interface FakeCacheGroup extends FakeTaggedRecord {
  readonly groupId: string;
  /** When it was created: its `resourceIdentity`. */
  readonly createdAt: string;
}

/** An ElastiCache cache cluster: standalone, or a member of `groupId`. Memcached keeps no snapshot. */
export interface FakeCacheCluster extends FakeTaggedRecord {
  readonly clusterId: string;
  readonly engine: 'redis' | 'memcached';
  readonly groupId: string | null;
  readonly createdAt: string;
}

/** An EFS file system and how many mount targets it has (DeleteFileSystem refuses one that has any). */
export interface FakeFileSystem extends FakeTaggedRecord {
  readonly fileSystemId: string;
  readonly createdAt: string;
  mountTargets: number;
}

/** A Redshift provisioned cluster; PauseCluster makes it `paused`. */
export interface FakeWarehouse extends FakeTaggedRecord {
  readonly clusterIdentifier: string;
  readonly createdAt: string;
  status: 'available' | 'paused';
}

/** An OpenSearch Service domain. */
export interface FakeSearchDomain extends FakeTaggedRecord {
  readonly domainName: string;
  readonly domainId: string;
}

/** A final snapshot an ElastiCache or Redshift delete kept, by the name the delete gave it. */
export interface FakeDataSnapshot {
  readonly name: string;
  readonly arn: string;
  /** The ARN of the resource it is of. */
  readonly source: string;
  readonly status: 'available';
}
