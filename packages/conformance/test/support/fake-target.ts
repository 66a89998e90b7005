import type { ConformanceTarget } from '@decomkit/conformance';
import { INFRASTRUCTURE_ROW_SPECS } from '@decomkit/conformance';
import { createFakeCloud } from '@decomkit/fake';
import { fakeResourceSeeds, fakeResourcesOracle } from './fake-resource-fixtures.js';

/** The fake cloud held to the same suite as the real providers; its oracle reads the fake's own state. */
export const fakeTarget: ConformanceTarget = {
  name: '@decomkit/fake',
  capabilities: {
    identity: true,
    inventory: true,
    retirement: true,
    backups: true,
    artifacts: true,
    configInventory: true,
    dns: true,
    cmdb: true,
    replication: true,
    sourceMetrics: true,
    targetMetrics: true,
    costs: true,
    targetResources: true,
    advisor: true,
    assessment: true,
    dataResources: true,
    resourceTypes: INFRASTRUCTURE_ROW_SPECS.map((spec) => spec.type),
  },
  async create(world) {
    const instances = world.instances ?? [];
    const ids = new Map(
      instances.map((instance, index) => [instance.name, `i-0c0f${String(index).padStart(12, '0')}`] as const),
    );
    const subscriptionId = world.azureSubscriptionId ?? '00000000-0000-0000-0000-000000000000';
    const azureIdOf = (name: string) => {
      const resource = world.azureResources?.find((candidate) => candidate.name === name);
      return `/subscriptions/${subscriptionId}/resourceGroups/${resource?.resourceGroup ?? 'rg'}/providers/${resource?.type ?? 'unknown'}/${name}`;
    };
    const replicationArnOf = (name: string) => `arn:aws:dms:${world.region}:${world.accountId}:task:${name}`;
    const arnOfInstance = (name: string) =>
      `arn:aws:ec2:${instances.find((instance) => instance.name === name)?.region ?? world.region}:${world.accountId}:instance/${ids.get(name)}`;
    const resources = fakeResourceSeeds(world.resources);
    const cloud = createFakeCloud({
      accountId: world.accountId,
      region: world.region,
      now: '2026-12-15T12:00:00Z',
      source: {
        ...resources,
        instances: [
          ...instances.map((instance) => ({
            id: ids.get(instance.name) ?? '',
            tags: { ...instance.tags },
            region: instance.region ?? world.region,
            terminationProtection: instance.terminationProtection ?? false,
          })),
          ...(resources.instances ?? []),
        ],
        buckets: [
          ...(resources.buckets ?? []),
          ...(world.buckets ?? []).map((bucket) => ({
            bucketName: bucket.name,
            tags: { ...bucket.tags },
            objects: (bucket.objects ?? 0) + (bucket.deleteMarkers ?? 0),
            deleteMarkers: bucket.deleteMarkers ?? 0,
            objectBytes: 4,
            objectLock: bucket.objectLock ?? false,
            region: bucket.region ?? world.region,
          })),
        ],
        tables: world.tables?.map((table) => ({
          tableName: table.name,
          tags: { ...table.tags },
          deletionProtection: table.deletionProtection ?? false,
        })),
        functions: world.functions?.map((lambda) => ({ functionName: lambda.name, tags: { ...lambda.tags } })),
      },
      services: {
        dnsRecords: world.dnsRecords?.map((record) => ({ ...record, values: [...record.values] })),
        cmdb: { items: world.configurationItems?.map((id) => ({ id })) },
        replicationTasks: world.replicationTasks?.map((task) => ({
          arn: replicationArnOf(task.name),
          lagSeconds: task.lagSeconds,
          tags: { ...task.tags },
        })),
        metrics: world.metrics
          ?.filter((series) => series.side === 'source')
          .map((series) => ({
            resource: arnOfInstance(series.resource),
            namespace: series.namespace ?? null,
            metric: series.metric,
            points: [...series.points],
          })),
        azureMetrics: world.metrics
          ?.filter((series) => series.side === 'target')
          .map((series) => ({
            resource: azureIdOf(series.resource),
            namespace: null,
            metric: series.metric,
            points: [...series.points],
          })),
        costs: world.costs?.map((cost) => ({ ...cost })),
        azureResources: world.azureResources?.map((resource) => ({
          id: azureIdOf(resource.name),
          name: resource.name,
          type: resource.type,
          location: 'westeurope',
          subscriptionId,
          resourceGroup: resource.resourceGroup,
          tags: {},
        })),
        advisor: world.advisor?.map((recommendation, index) => ({
          id: `adv-${index}`,
          subscriptionId,
          resourceId: azureIdOf('payments-web'),
          ...recommendation,
        })),
        wellArchitected:
          world.wellArchitected === undefined
            ? []
            : [
                {
                  id: 'wa-conformance',
                  name: world.wellArchitected.name,
                  lenses: [world.wellArchitected.lens],
                  answers: Array.from({ length: world.wellArchitected.answers }, (_, index) => ({
                    lens: world.wellArchitected?.lens ?? '',
                    questionId: `q${index}`,
                    pillar: 'security',
                    risk: 'NONE',
                    choices: [],
                  })),
                },
              ],
      },
    });
    const instance = (name: string) => cloud.source.instances().find((candidate) => candidate.id === ids.get(name));
    return {
      providers: cloud.providers,
      oracle: {
        ...fakeResourcesOracle(cloud),
        arnOf: (name) => {
          const found = instance(name);
          if (found === undefined) throw new Error(`no fixture instance ${name}`);
          return found.arn;
        },
        instanceState: async (name) => instance(name)?.state ?? null,
        terminationProtection: async (name) => instance(name)?.terminationProtection ?? false,
        completedBackups: async (name) =>
          cloud.source
            .recoveryPoints()
            .filter((point) => point.resourceArn === instance(name)?.arn && point.status === 'COMPLETED').length,
        mutatingCalls: async () => cloud.calls.mutating().length,
        advanceTime: async (milliseconds) => cloud.clock.advance(milliseconds),
        dnsTtl: async (record) =>
          cloud
            .snapshot()
            .services.dnsRecords.find(
              (candidate) =>
                candidate.provider === (record.provider ?? 'route53') &&
                candidate.zone === record.zone &&
                candidate.name === record.name &&
                candidate.type === record.type,
            )?.ttl ?? null,
        configurationItem: async (id) => {
          const { cmdb } = cloud.snapshot().services;
          const item = cmdb.items.find((candidate) => candidate.id === id);
          const retired = cmdb.statusChoices.find((choice) => /retired/i.test(choice.label))?.value;
          return item === undefined ? null : { retired: item.status === retired, links: item.links };
        },
        replicationStatus: async (name) =>
          cloud.snapshot().services.replicationTasks.find((task) => task.arn === replicationArnOf(name))?.status ??
          null,
        replicationArnOf,
        azureIdOf,
        artifact: async (name) => {
          const stored = cloud.snapshot().artifacts.find((candidate) => candidate.name === name);
          return stored === undefined ? null : new Uint8Array(Buffer.from(stored.base64, 'base64'));
        },
        bucket: async (name) => {
          const found = cloud.source.buckets().find((candidate) => candidate.bucketName === name);
          return found === undefined ? null : { objects: found.objectVersions };
        },
        table: async (name) => {
          const found = cloud.source.tables().find((candidate) => candidate.tableName === name);
          return found === undefined ? null : { status: found.status, deletionProtection: found.deletionProtection };
        },
        lambdaFunction: async (name) => {
          const found = cloud.source.functions().find((candidate) => candidate.functionName === name);
          return found === undefined ? null : { reservedConcurrency: found.reservedConcurrency };
        },
      },
    };
  },
};
