import {
  type DecomError,
  type InventoryPort,
  ok,
  type Resource,
  type Result,
  STACK_NAME_TAG,
  type Workload,
} from '@decomkit/core';
import type { FakeEc2 } from '../source/ec2.js';
import type { FakeInstance } from '../world.js';
import { instanceIdOf, instanceResource } from './fake-resources.js';

const PAGE_SIZE = 500;

/**
 * The `inventory` port over the fake EC2 API: per region, pages of instances
 * matching the selector's tags, stacks or ARNs, plus those whose tags cannot
 * be read (reported with `tags: null`). Terminated instances are gone.
 */
export function fakeInventoryPort(ec2: FakeEc2): InventoryPort {
  return {
    async *discover(source: Workload['source']): AsyncIterable<Result<readonly Resource[], DecomError>> {
      const all = await ec2.describeInstances();
      if (all.isErr()) {
        yield all.map(() => []);
        return;
      }
      const matching = all.value.filter(
        (instance) =>
          source.regions.includes(instance.region) &&
          instance.state !== 'terminated' &&
          selected(instance, source.select),
      );
      for (let start = 0; start < matching.length; start += PAGE_SIZE) {
        yield ok(matching.slice(start, start + PAGE_SIZE).map(instanceResource));
      }
    },
    describe(arn: string) {
      const id = instanceIdOf(arn);
      if (id === null) return ec2.describeInstances([]).map(() => null);
      return ec2.describeInstances([id]).map((found) => {
        const instance = found[0];
        return instance === undefined || instance.state === 'terminated' ? null : instanceResource(instance);
      });
    },
  };
}

function selected(instance: FakeInstance, select: Workload['source']['select']): boolean {
  if (select.arns?.includes(instance.arn)) return true;
  if (!instance.tagsReadable) return true;
  const tags = Object.entries(select.tags ?? {});
  if (tags.length > 0 && tags.every(([key, value]) => instance.tags[key] === value)) return true;
  const stack = instance.tags[STACK_NAME_TAG];
  return stack !== undefined && (select.stacks?.includes(stack) ?? false);
}
