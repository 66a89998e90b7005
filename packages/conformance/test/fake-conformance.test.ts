import { type ConformanceTarget, runConformance } from '@decomkit/conformance';
import { createFakeCloud } from '@decomkit/fake';
import { describe, it } from 'vitest';

/** The fake cloud held to the same suite as the real providers; its oracle reads the fake's own state. */
const fakeTarget: ConformanceTarget = {
  name: '@decomkit/fake',
  capabilities: { identity: true, inventory: true, retirement: true, backups: true, artifacts: true },
  async create(world) {
    const ids = new Map(
      world.instances.map((instance, index) => [instance.name, `i-0c0f${String(index).padStart(12, '0')}`] as const),
    );
    const cloud = createFakeCloud({
      accountId: world.accountId,
      region: world.region,
      source: {
        instances: world.instances.map((instance) => ({
          id: ids.get(instance.name) ?? '',
          tags: { ...instance.tags },
          region: instance.region ?? world.region,
          terminationProtection: instance.terminationProtection ?? false,
        })),
      },
    });
    const instance = (name: string) => cloud.source.instances().find((candidate) => candidate.id === ids.get(name));
    return {
      providers: cloud.providers,
      oracle: {
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
      },
    };
  },
};

runConformance({ describe, it }, fakeTarget);
