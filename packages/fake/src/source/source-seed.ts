import type { FakeInstance, WorldState } from '../world.js';
import {
  autoScalingGroupArn,
  ec2Arn,
  ec2OwnerlessArn,
  hexOf,
  loadBalancerArn,
  type Place,
  queueArn,
  rdsArn,
  targetGroupArn,
} from './arns.js';
import { bucketTableFunctionStateFromSeed } from './bucket-table-function-seed.js';
import { stacksFromSeed } from './cloudformation-seed.js';
import { containerStreamStateFromSeed } from './container-stream-seed.js';
import { dataStoreStateFromSeed } from './data-store-seed.js';
import { edgeComputeStateFromSeed } from './edge-compute-seed.js';
import type { EdgeComputeLists } from './edge-compute-types.js';
import { kmsIamStateFromSeed } from './kms-iam-seed.js';
import type { KmsIamLists } from './kms-iam-types.js';
import { monitoringStateFromSeed } from './monitoring-seed.js';
import { AUTO_SCALING_GROUP_TAG, AWS_TYPES } from './resource-types.js';
import type { CommonSeed, OtherResourceSeed, SourceResourcesSeed, SourceTimingSeed } from './source-seed-types.js';
import type { FakeConfigItem, FakeTaggedRecord } from './source-types.js';
import { typedRecords } from './typed-records.js';
import { vpcNetworkStateFromSeed } from './vpc-network-seed.js';
import type { VpcNetworkLists } from './vpc-network-types.js';

export type * from './cloudformation-seed.js';
export type * from './edge-compute-seed.js';
export type * from './kms-iam-seed.js';
export type * from './monitoring-seed.js';
export type * from './source-seed-types.js';
export type * from './vpc-network-seed.js';

type SourceState = Pick<
  WorldState,
  | 'volumes'
  | 'snapshots'
  | 'addresses'
  | 'securityGroups'
  | 'images'
  | 'autoScalingGroups'
  | 'loadBalancers'
  | 'targetGroups'
  | 'dbInstances'
  | 'dbClusters'
  | 'dbSnapshots'
  | 'dbAutomatedBackups'
  | 'otherResources'
  | 'stacks'
  | 'buckets'
  | 'tables'
  | 'tableBackups'
  | 'functions'
  | 'queues'
  | 'ecsClusters'
  | 'ecsServices'
  | 'repositories'
  | 'streams'
  | 'stateMachines'
  | 'cacheGroups'
  | 'cacheClusters'
  | 'fileSystems'
  | 'warehouses'
  | 'searchDomains'
  | 'dataSnapshots'
  | 'topics'
  | 'rules'
  | 'logGroups'
  | 'alarms'
  | 'secrets'
  | keyof EdgeComputeLists
  | keyof KmsIamLists
  | keyof VpcNetworkLists
  | 'tableDeleteMinutes'
  | 'configItems'
  | 'configLagMinutes'
  | 'snapshotMinutes'
  | 'rdsDeleteMinutes'
>;

/**
 * Builds the source services' state from a seed. Instances launched by seeded
 * Auto Scaling groups are appended to `instances`; AWS Config starts having
 * recorded every seeded resource a day before `now`.
 */
export function sourceStateFromSeed(
  seed: SourceResourcesSeed & SourceTimingSeed,
  defaults: Place,
  now: string,
  instances: FakeInstance[],
): SourceState {
  const base = (common: CommonSeed, arn: (place: Place) => string, name?: string): FakeTaggedRecord => {
    const place = { region: common.region ?? defaults.region, accountId: common.accountId ?? defaults.accountId };
    return {
      arn: arn(place),
      ...place,
      name: common.name ?? name ?? null,
      tags: { ...common.tags },
      tagsReadable: common.tagsReadable ?? true,
    };
  };
  const snapshots = (seed.snapshots ?? []).map((snapshot) => ({
    ...base(snapshot, (place) => ec2OwnerlessArn(place.region, 'snapshot', snapshot.id)),
    id: snapshot.id,
    volumeId: snapshot.volumeId ?? null,
    state: 'completed' as const,
    startedAt: now,
    completesAt: now,
    description: snapshot.description ?? '',
  }));
  const images = (seed.images ?? []).map((image) => {
    const snapshotIds = [...(image.snapshotIds ?? [`snap-${image.id.replace(/^ami-/, '')}`])];
    for (const id of snapshotIds) {
      snapshots.push({
        ...base(image, (place) => ec2OwnerlessArn(place.region, 'snapshot', id)),
        name: null,
        id,
        volumeId: null,
        state: 'completed',
        startedAt: now,
        completesAt: now,
        description: `Created by CreateImage(i-00000000) for ${image.id}`,
      });
    }
    return {
      ...base(image, (place) => ec2OwnerlessArn(place.region, 'image', image.id)),
      id: image.id,
      state: 'available' as const,
      snapshotIds,
    };
  });
  const autoScalingGroups = (seed.autoScalingGroups ?? []).map((group) => {
    const record = base(group, (place) => autoScalingGroupArn(place, group.groupName), group.groupName);
    const capacity = group.desiredCapacity ?? 2;
    const instanceIds = Array.from(
      { length: capacity },
      (_, index) => group.instanceIds?.[index] ?? `i-${hexOf(`${record.arn}#${index}`, 17)}`,
    );
    for (const id of instanceIds) {
      instances.push({
        id,
        arn: ec2Arn(record, 'instance', id),
        accountId: record.accountId,
        region: record.region,
        name: null,
        tags: { ...record.tags, [AUTO_SCALING_GROUP_TAG]: group.groupName },
        tagsReadable: record.tagsReadable,
        state: 'running',
        terminationProtection: false,
        stopProtection: false,
        securityGroupIds: [...(group.securityGroups ?? [])],
      });
    }
    return {
      ...record,
      groupName: group.groupName,
      desiredCapacity: capacity,
      instanceIds,
      launch: { securityGroupIds: [...(group.securityGroups ?? [])], imageId: group.imageId ?? null },
      targetGroupArns: (group.targetGroups ?? []).map((name) => targetGroupArn(record, name)),
    };
  });
  const dbInstances = (seed.dbInstances ?? []).map((instance) => ({
    ...base(instance, (place) => rdsArn(place, 'db', instance.id), instance.id),
    id: instance.id,
    resourceId: rdsResourceId('db', base(instance, (place) => rdsArn(place, 'db', instance.id)).arn),
    engine: instance.engine ?? (instance.clusterId === undefined ? 'postgres' : 'aurora-postgresql'),
    clusterId: instance.clusterId ?? null,
    ...databaseLifecycle(instance, now),
  }));
  const dbClusters = (seed.dbClusters ?? []).map((cluster) => {
    const record = base(cluster, (place) => rdsArn(place, 'cluster', cluster.id), cluster.id);
    for (const member of cluster.members ?? []) {
      dbInstances.push({
        ...record,
        arn: rdsArn(record, 'db', member),
        name: member,
        tags: { ...record.tags },
        id: member,
        resourceId: rdsResourceId('db', rdsArn(record, 'db', member)),
        engine: cluster.engine ?? 'aurora-postgresql',
        clusterId: cluster.id,
        ...databaseLifecycle({ ...cluster, deletionProtection: false }, now),
      });
    }
    return {
      ...record,
      id: cluster.id,
      resourceId: rdsResourceId('cluster', record.arn),
      engine: cluster.engine ?? 'aurora-postgresql',
      ...databaseLifecycle(cluster, now),
    };
  });
  const state: SourceState = {
    volumes: (seed.volumes ?? []).map((volume) => ({
      ...base(volume, (place) => ec2Arn(place, 'volume', volume.id)),
      id: volume.id,
      state: volume.instanceId === undefined ? ('available' as const) : ('in-use' as const),
      sizeGiB: volume.sizeGiB ?? 8,
      attachment:
        volume.instanceId === undefined
          ? null
          : {
              instanceId: volume.instanceId,
              device: volume.device ?? '/dev/sdf',
              deleteOnTermination: volume.deleteOnTermination ?? false,
            },
    })),
    snapshots,
    addresses: (seed.addresses ?? []).map((address, index) => ({
      ...base(address, (place) => ec2Arn(place, 'elastic-ip', address.allocationId)),
      allocationId: address.allocationId,
      publicIp: address.publicIp ?? `203.0.113.${(index % 250) + 1}`,
      instanceId: address.instanceId ?? null,
      associationId: address.instanceId === undefined ? null : `eipassoc-${hexOf(address.allocationId, 17)}`,
    })),
    securityGroups: (seed.securityGroups ?? []).map((group) => ({
      ...base(group, (place) => ec2Arn(place, 'security-group', group.id)),
      id: group.id,
      groupName: group.groupName ?? group.id,
      referencedBy: [...(group.referencedBy ?? [])],
      ...(group.vpcId === undefined ? {} : { vpcId: group.vpcId }),
    })),
    images,
    autoScalingGroups,
    loadBalancers: (seed.loadBalancers ?? []).map((balancer) => {
      const kind = balancer.kind ?? 'application';
      const record = base(
        balancer,
        (place) => loadBalancerArn(place, kind, balancer.loadBalancerName),
        balancer.loadBalancerName,
      );
      return {
        ...record,
        loadBalancerName: balancer.loadBalancerName,
        kind,
        state: 'active' as const,
        deletionProtection: balancer.deletionProtection ?? false,
        securityGroupIds: [...(balancer.securityGroups ?? [])],
        listeners: (balancer.targetGroups ?? []).map((name, index) => ({
          arn: `${record.arn.replace(':loadbalancer/', ':listener/')}/${hexOf(`${record.arn}#${index}`, 16)}`,
          port: index === 0 ? 443 : 8443 + index,
          targetGroupArn: targetGroupArn(record, name),
        })),
      };
    }),
    targetGroups: (seed.targetGroups ?? []).map((group) => ({
      ...base(group, (place) => targetGroupArn(place, group.targetGroupName), group.targetGroupName),
      targetGroupName: group.targetGroupName,
      targets: [...(group.targets ?? [])],
    })),
    dbInstances,
    dbClusters,
    dbSnapshots: [],
    dbAutomatedBackups: [],
    ...bucketTableFunctionStateFromSeed(seed, base, now),
    queues: (seed.queues ?? []).map((queue) => ({
      ...base(queue, (place) => queueArn(place, queue.queueName), queue.queueName),
      queueName: queue.queueName,
      createdAt: now,
      messages: queue.messages ?? 0,
    })),
    ...containerStreamStateFromSeed(seed, base),
    ...dataStoreStateFromSeed(seed, base),
    ...monitoringStateFromSeed(seed, base, now),
    ...edgeComputeStateFromSeed(seed, base),
    ...kmsIamStateFromSeed(seed, base),
    ...vpcNetworkStateFromSeed(seed, base),
    otherResources: (seed.otherResources ?? []).map((other) => ({
      ...base(other, () => otherArn(other), other.name),
      type: other.type,
    })),
    stacks: [],
    configItems: [],
    configLagMinutes: seed.configLagMinutes ?? 15,
    snapshotMinutes: seed.snapshotMinutes ?? 5,
    rdsDeleteMinutes: seed.rdsDeleteMinutes ?? 5,
  };
  // A stack's resources are the seeded ones carrying its name: read once every other list is built.
  state.stacks = stacksFromSeed(seed, base, typedRecords(state, instances), now);
  state.configItems = initialConfigItems(state, instances, now);
  return state;
}

function otherArn(other: OtherResourceSeed): string {
  const modelled: readonly string[] = Object.values(AWS_TYPES);
  if (modelled.includes(other.type))
    throw new Error(`the fake cloud models ${other.type}: seed ${other.name} with its own seed, not otherResources`);
  return other.arn;
}

/** Config has recorded every live seeded resource a day before the fake clock starts. */
function initialConfigItems(state: SourceState, instances: readonly FakeInstance[], now: string): FakeConfigItem[] {
  const changedAt = new Date(Date.parse(now) - 86_400_000).toISOString();
  return typedRecords(state, instances).map(({ record, type }) => ({
    arn: record.arn,
    type,
    status: 'ResourceDiscovered',
    changedAt,
  }));
}

/** The lifecycle fields of a seeded RDS instance or cluster: available (or stopped `now`), never deleted. */
function databaseLifecycle(
  seed: {
    readonly status?: 'available' | 'stopped';
    readonly deletionProtection?: boolean;
    readonly backupRetentionDays?: number;
  },
  now: string,
) {
  return {
    status: seed.status ?? ('available' as const),
    deletionProtection: seed.deletionProtection ?? false,
    backupRetentionDays: seed.backupRetentionDays ?? 7,
    stoppedAt: seed.status === 'stopped' ? now : null,
    deletesAt: null,
    deleteAutomatedBackups: null,
    finalSnapshotIdentifier: null,
  };
}

/** A deterministic DbiResourceId (`db-…`) or DbClusterResourceId (`cluster-…`) for the database `arn`. */
export function rdsResourceId(kind: 'db' | 'cluster', arn: string): string {
  return `${kind}-${hexOf(`resource-id/${arn}`, 26).toUpperCase()}`;
}
