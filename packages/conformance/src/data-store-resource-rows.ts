import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const CACHE_GROUP = 'AWS::ElastiCache::ReplicationGroup';
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
const FILE_SYSTEM = 'AWS::EFS::FileSystem';
const WAREHOUSE = 'AWS::Redshift::Cluster';
const SEARCH_DOMAIN = 'AWS::OpenSearch::Domain';

/** The replication group the cache cluster row's members belong to (the target creates it, untagged). */
export const ROW_CACHE_GROUP = 'payments-members';

/**
 * The data store rows: the ElastiCache replication group and cache cluster
 * (a member of a group, `contents: 1`, is never deleted alone: refused), the
 * EFS file system (named by its `Name` tag: EFS picks the `fs-` id; its
 * mount targets go first), the Redshift cluster (stoppable: PauseCluster is
 * its scream test) and the OpenSearch domain. None has deletion protection
 * a lift could turn off. Their backups are the engine's (the backup gate),
 * not these rows'; the ElastiCache and Redshift deletes keep a final
 * snapshot, by which a delete of a gone one is reconciled (`keepsFinalSnapshot`).
 */
export const DATA_STORE_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: CACHE_GROUP,
    fixtures: [
      resourceFixture(CACHE_GROUP, 'payments-cache', 'payments'),
      resourceFixture(CACHE_GROUP, 'archive-cache', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('elasticache', `replicationgroup:${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('elasticache', 'snapshot:payments-cache'),
      worldArn('elasticache', 'replicationgroup:payments-cache/extra'),
    ],
    deletable: 'payments-cache',
    keepsFinalSnapshot: true,
  },
  {
    type: CACHE_CLUSTER,
    fixtures: [
      resourceFixture(CACHE_CLUSTER, 'payments-sessions', 'payments'),
      resourceFixture(CACHE_CLUSTER, 'payments-member', 'payments', { contents: 1 }),
      resourceFixture(CACHE_CLUSTER, 'archive-sessions', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('elasticache', `cluster:${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('elasticache', 'snapshot:payments-sessions'),
      worldArn('elasticache', 'cluster:payments-sessions/0001'),
    ],
    deletable: 'payments-sessions',
    // A member of a replication group is retired with its group, never alone.
    refusedDeletes: ['payments-member'],
    keepsFinalSnapshot: true,
  },
  {
    type: FILE_SYSTEM,
    fixtures: [
      resourceFixture(FILE_SYSTEM, 'payments-files', 'payments', { nameTag: true }),
      resourceFixture(FILE_SYSTEM, 'archive-files', 'payments-archive', { nameTag: true }),
    ],
    arnOf: (name) => worldArn('elasticfilesystem', `file-system/${name}`),
    missing: 'fs-0123456789abcdef0',
    wrongArns: [
      worldArn('elasticfilesystem', 'access-point/fsap-0123456789abcdef0'),
      worldArn('elasticfilesystem', 'file-system/fs-0123456789abcdef0/extra'),
    ],
    deletable: 'payments-files',
  },
  {
    type: WAREHOUSE,
    fixtures: [
      resourceFixture(WAREHOUSE, 'payments-dw', 'payments'),
      resourceFixture(WAREHOUSE, 'archive-dw', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('redshift', `cluster:${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('redshift', 'snapshot:payments-dw/final'), worldArn('redshift', 'cluster:payments-dw/extra')],
    deletable: 'payments-dw',
    stoppable: true,
    keepsFinalSnapshot: true,
  },
  {
    type: SEARCH_DOMAIN,
    fixtures: [
      resourceFixture(SEARCH_DOMAIN, 'payments-search', 'payments'),
      resourceFixture(SEARCH_DOMAIN, 'archive-search', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('es', `domain/${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('es', 'domain/payments-search/index'), worldArn('es', 'application/payments-search')],
    deletable: 'payments-search',
  },
];
