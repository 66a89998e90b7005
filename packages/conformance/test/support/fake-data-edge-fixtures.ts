import { type ResourceFixture, ROW_CACHE_GROUP, ROW_EKS_CLUSTER } from '@decomkit/conformance';
import type { EdgeComputeSeed, FakeCloudSeed } from '@decomkit/fake';
import { type FakeTypeReader, reader } from './fake-type-reader.js';

type SourceSeed = NonNullable<FakeCloudSeed['source']>;

/** A fake hex id of `width` digits for the `index`-th fixture: the service picks these ids, so the target does. */
const hexOf = (index: number, width: number) => `0d0e${index.toString(16).padStart(width - 4, '0')}`;

/** The UUID the fake gives the `index`-th fixture's event source mapping. */
const uuidOf = (index: number) => `0d0e0000-0000-4000-8000-${String(index).padStart(12, '0')}`;

/** The fixtures of `type` seeded with `seed`, each with its index in the world's list (its id). */
function seedsOf<Seed>(
  fixtures: readonly ResourceFixture[],
  type: string,
  seed: (fixture: ResourceFixture, index: number) => Seed,
): Seed[] {
  return fixtures.flatMap((fixture, index) => (fixture.type === type ? [seed(fixture, index)] : []));
}

/**
 * The fake's seed of the data store and edge and compute rows' resources:
 * a cache cluster with `contents` is a member of {@link ROW_CACHE_GROUP};
 * a distribution or mapping with `contents` is enabled (default disabled);
 * a node group's `contents` is its desired size; an EKS cluster's is its
 * count of (untagged) node groups.
 */
export function fakeDataEdgeSeeds(fixtures: readonly ResourceFixture[]): SourceSeed {
  const tags = (fixture: ResourceFixture) => ({ ...fixture.tags });
  const held = (fixture: ResourceFixture) => fixture.contents ?? 0;
  const clusters = seedsOf(fixtures, 'AWS::EKS::Cluster', (fixture) => fixture);
  const nodegroups: NonNullable<EdgeComputeSeed['eksNodegroups']> = [
    ...seedsOf(fixtures, 'AWS::EKS::Nodegroup', (fixture) => ({
      clusterName: ROW_EKS_CLUSTER,
      nodegroupName: fixture.name,
      minSize: Math.min(1, held(fixture)),
      desiredSize: held(fixture),
      tags: tags(fixture),
    })),
    ...clusters.flatMap((cluster) =>
      Array.from({ length: held(cluster) }, (_, index) => ({
        clusterName: cluster.name,
        nodegroupName: `nodes-${index + 1}`,
      })),
    ),
  ];
  return {
    cacheGroups: seedsOf(fixtures, 'AWS::ElastiCache::ReplicationGroup', (fixture) => ({
      groupId: fixture.name,
      tags: tags(fixture),
    })),
    cacheClusters: seedsOf(fixtures, 'AWS::ElastiCache::CacheCluster', (fixture) => ({
      clusterId: fixture.name,
      ...(held(fixture) > 0 ? { groupId: ROW_CACHE_GROUP } : {}),
      tags: tags(fixture),
    })),
    fileSystems: seedsOf(fixtures, 'AWS::EFS::FileSystem', (fixture, index) => ({
      fileSystemId: `fs-${hexOf(index, 17)}`,
      tags: tags(fixture),
    })),
    warehouses: seedsOf(fixtures, 'AWS::Redshift::Cluster', (fixture) => ({
      clusterIdentifier: fixture.name,
      tags: tags(fixture),
    })),
    searchDomains: seedsOf(fixtures, 'AWS::OpenSearch::Domain', (fixture) => ({
      domainName: fixture.name,
      tags: tags(fixture),
    })),
    restApis: seedsOf(fixtures, 'AWS::ApiGateway::RestApi', (fixture, index) => ({
      apiId: hexOf(index, 10),
      name: fixture.name,
      tags: tags(fixture),
    })),
    httpApis: seedsOf(fixtures, 'AWS::ApiGatewayV2::Api', (fixture, index) => ({
      apiId: hexOf(index, 10),
      name: fixture.name,
      tags: tags(fixture),
    })),
    distributions: seedsOf(fixtures, 'AWS::CloudFront::Distribution', (fixture, index) => ({
      distributionId: `E0D0E${String(index).padStart(9, '0')}`,
      name: fixture.name,
      enabled: held(fixture) > 0,
      tags: tags(fixture),
    })),
    eksClusters: clusters.map((fixture) => ({ clusterName: fixture.name, tags: tags(fixture) })),
    eksNodegroups: nodegroups,
    eventSourceMappings: seedsOf(fixtures, 'AWS::Lambda::EventSourceMapping', (fixture, index) => ({
      uuid: uuidOf(index),
      name: fixture.name,
      functionArn: `arn:aws:lambda:eu-west-1:111122223333:function:${fixture.name}`,
      sourceArn: `arn:aws:sqs:eu-west-1:111122223333:${fixture.name}`,
      enabled: held(fixture) > 0,
      tags: tags(fixture),
    })),
  };
}

/** The fake's data store, edge and compute state read by type, from its snapshot (never through its ports). */
export const DATA_EDGE_READERS: Readonly<Record<string, FakeTypeReader>> = {
  'AWS::ElastiCache::ReplicationGroup': reader(
    (cloud) => cloud.snapshot().cacheGroups,
    () => 'available',
  ),
  'AWS::ElastiCache::CacheCluster': reader(
    (cloud) => cloud.snapshot().cacheClusters,
    (cluster) => (cluster.groupId === null ? 'available' : `member of ${cluster.groupId}`),
  ),
  'AWS::EFS::FileSystem': reader(
    (cloud) => cloud.snapshot().fileSystems,
    (system) => `${system.mountTargets} mount targets`,
  ),
  'AWS::Redshift::Cluster': reader(
    (cloud) => cloud.snapshot().warehouses,
    (cluster) => (cluster.status === 'paused' ? 'stopped' : cluster.status),
  ),
  'AWS::OpenSearch::Domain': reader(
    (cloud) => cloud.snapshot().searchDomains,
    () => 'active',
  ),
  'AWS::ApiGateway::RestApi': reader(
    (cloud) => cloud.snapshot().gatewayApis.filter((api) => api.protocol === 'REST'),
    () => 'available',
  ),
  'AWS::ApiGatewayV2::Api': reader(
    (cloud) => cloud.snapshot().gatewayApis.filter((api) => api.protocol === 'HTTP'),
    () => 'available',
  ),
  'AWS::CloudFront::Distribution': reader(
    (cloud) => cloud.snapshot().distributions,
    (distribution) =>
      distribution.enabled ? 'enabled' : distribution.readsUntilDeployed === 0 ? 'stopped' : 'stopping',
    { serviceName: (distribution) => distribution.distributionId },
  ),
  'AWS::EKS::Nodegroup': reader(
    (cloud) => cloud.snapshot().eksNodegroups,
    (nodegroup) => (nodegroup.desiredSize === 0 ? 'stopped' : `desired ${nodegroup.desiredSize}`),
  ),
  'AWS::EKS::Cluster': reader(
    (cloud) => cloud.snapshot().eksClusters,
    () => 'ACTIVE',
  ),
  'AWS::Lambda::EventSourceMapping': reader(
    (cloud) => cloud.snapshot().eventSourceMappings,
    (mapping) => (mapping.enabled ? 'Enabled' : 'stopped'),
    { serviceName: (mapping) => mapping.uuid },
  ),
};
