import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { arn, discoverAll } from './support.js';

const tags = { workload: 'payments' };

describe('instance protection at plan', () => {
  it("reports every instance's protection 'unknown' with instanceProtectionAtPlan, unless the instance says known", async () => {
    const cloud = createFakeCloud({
      source: {
        instanceProtectionAtPlan: 'unknown',
        instances: [
          { id: 'i-locked', tags, terminationProtection: true },
          { id: 'i-plain', tags },
          { id: 'i-known', tags, terminationProtection: true, protectionAtPlan: 'known' },
        ],
      },
    });
    const found = new Map((await discoverAll(cloud, { tags })).map((resource) => [resource.arn, resource] as const));
    expect(found.get(arn.instance('i-locked'))?.protection).toEqual({ deletion: 'unknown', stop: 'unknown' });
    expect(found.get(arn.instance('i-plain'))?.protection).toEqual({ deletion: 'unknown', stop: 'unknown' });
    expect(found.get(arn.instance('i-known'))?.protection).toEqual({ deletion: true, stop: false });
    expect((await cloud.providers.inventory.describe(arn.instance('i-locked')))._unsafeUnwrap()?.protection).toEqual({
      deletion: 'unknown',
      stop: 'unknown',
    });
    // Only what discovery reports changes: the instance is as protected as it was.
    expect(cloud.source.instance('i-locked').terminationProtection).toBe(true);
  });

  it('reports protection as it is by default, and for an instance that says unknown only that one', async () => {
    const cloud = createFakeCloud({
      source: {
        instances: [
          { id: 'i-locked', tags, terminationProtection: true },
          { id: 'i-unread', tags, stopProtection: true, protectionAtPlan: 'unknown' },
        ],
      },
    });
    const found = new Map((await discoverAll(cloud, { tags })).map((resource) => [resource.arn, resource] as const));
    expect(found.get(arn.instance('i-locked'))?.protection).toEqual({ deletion: true, stop: false });
    expect(found.get(arn.instance('i-unread'))?.protection).toEqual({ deletion: 'unknown', stop: 'unknown' });
  });
});
