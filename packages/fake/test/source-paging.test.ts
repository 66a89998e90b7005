import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { plainCopy } from '../src/source/plain-copy.js';
import { eachTypedRecord, typedRecords } from '../src/source/typed-records.js';
import { REGION } from './support.js';

const OTHER_REGION = 'us-east-1';

/** Seven instances in REGION interleaved with five in OTHER_REGION, and a volume. */
function interleaved() {
  return createFakeCloud({
    source: {
      instances: Array.from({ length: 12 }, (_, index) => ({
        id: `i-${index.toString().padStart(2, '0')}`,
        tags: { workload: 'payments' },
        region: index % 2 === 1 && index < 10 ? OTHER_REGION : REGION,
        securityGroups: ['sg-1'],
      })),
      volumes: [{ id: 'vol-1', tags: { workload: 'payments' } }],
    },
  });
}

describe('DescribeInstances pages of one region', () => {
  it('pages the region’s instances in order, the last page with no next token', async () => {
    const cloud = interleaved();
    const ids: string[][] = [];
    let token: string | null = null;
    do {
      const page: { instances: { id: string }[]; next: string | null } = (
        await cloud.aws.ec2.describeInstancesPage(REGION, token, 3)
      )._unsafeUnwrap();
      ids.push(page.instances.map((instance) => instance.id));
      token = page.next;
    } while (token !== null);
    // The region's last instance (i-11) ends the third page: no empty fourth page follows.
    expect(ids).toEqual([['i-00', 'i-02', 'i-04'], ['i-06', 'i-08', 'i-10'], ['i-11']]);
  });

  it('gives no next token when the other region’s instances alone follow a full page', async () => {
    const cloud = interleaved();
    const page = (await cloud.aws.ec2.describeInstancesPage(OTHER_REGION, null, 5))._unsafeUnwrap();
    expect(page.instances.map((instance) => instance.id)).toEqual(['i-01', 'i-03', 'i-05', 'i-07', 'i-09']);
    expect(page.next).toBeNull();
  });

  it('refuses a token that is not an offset', async () => {
    const refused = await interleaved().aws.ec2.describeInstancesPage(REGION, 'next-please', 3);
    expect(refused._unsafeUnwrapErr().message).toContain('InvalidParameterValue');
  });

  it('answers copies: changing one leaves the world as it was', async () => {
    const cloud = interleaved();
    const [instance] = (await cloud.aws.ec2.describeInstancesPage(REGION, null, 1))._unsafeUnwrap().instances;
    if (instance === undefined) throw new Error('no instance');
    instance.tags.workload = 'changed';
    instance.securityGroupIds.push('sg-2');
    instance.state = 'stopped';
    const stored = cloud.source.instance('i-00');
    expect(stored.tags.workload).toBe('payments');
    expect(stored.securityGroupIds).toEqual(['sg-1']);
    expect(stored.state).toBe('running');
  });
});

describe('paginated describe calls of one region (regionPages)', () => {
  it('page the region’s volumes in order, as copies, with no empty last page', async () => {
    const cloud = createFakeCloud({
      source: {
        volumes: Array.from({ length: 7 }, (_, index) => ({
          id: `vol-${index}`,
          tags: { workload: 'payments' },
          region: index % 2 === 1 ? OTHER_REGION : REGION,
        })),
      },
    });
    const first = (await cloud.aws.ebs.describeVolumesPage(REGION, null, 2))._unsafeUnwrap();
    expect(first.items.map((volume) => volume.id)).toEqual(['vol-0', 'vol-2']);
    const second = (await cloud.aws.ebs.describeVolumesPage(REGION, first.next, 2))._unsafeUnwrap();
    expect(second.items.map((volume) => volume.id)).toEqual(['vol-4', 'vol-6']);
    expect(second.next).toBeNull();
    const [volume] = first.items;
    if (volume === undefined) throw new Error('no volume');
    volume.tags.workload = 'changed';
    const again = (await cloud.aws.ebs.describeVolumesPage(REGION, null, 1))._unsafeUnwrap();
    expect(again.items[0]?.tags.workload).toBe('payments');
  });
});

describe('plainCopy', () => {
  it('copies every object and array, keeps values and a `__proto__` field', () => {
    const original = JSON.parse('{"a":{"b":[1,"two",{"c":null}]},"__proto__":{"x":1},"flag":true}');
    const copy = plainCopy(original);
    expect(copy).toEqual(original);
    expect(copy.a).not.toBe(original.a);
    expect(copy.a.b).not.toBe(original.a.b);
    expect(copy.a.b[2]).not.toBe(original.a.b[2]);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('copies a Date as structuredClone does', () => {
    const date = new Date('2026-12-06T00:00:00Z');
    const copy = plainCopy({ at: date });
    expect(copy.at).not.toBe(date);
    expect(copy.at.getTime()).toBe(date.getTime());
  });
});

describe('eachTypedRecord', () => {
  it('yields what typedRecords lists, in its order, only of the wanted types', () => {
    const state = interleaved().snapshot();
    const all = typedRecords(state, state.instances);
    const volumes = [...eachTypedRecord(state, state.instances, (type) => type === AWS_TYPES.volume)];
    expect(volumes.map(({ record }) => record.arn)).toEqual(
      all.filter(({ type }) => type === AWS_TYPES.volume).map(({ record }) => record.arn),
    );
    expect([...eachTypedRecord(state, state.instances)]).toEqual(all);
  });

  it('never reads the records of a type not wanted', () => {
    const state = interleaved().snapshot();
    const untouchable = new Proxy(state.instances, {
      get(target, property) {
        if (property === 'length' || property === Symbol.iterator || /^\d+$/.test(String(property)))
          throw new Error('read the instances');
        return Reflect.get(target, property);
      },
    });
    const volumes = [...eachTypedRecord(state, untouchable, (type) => type === AWS_TYPES.volume)];
    expect(volumes).toHaveLength(1);
    expect(() => [...eachTypedRecord(state, untouchable)]).toThrow('read the instances');
  });

  it('leaves out terminated instances', () => {
    const cloud = createFakeCloud({
      source: { instances: [{ id: 'i-live' }, { id: 'i-gone', state: 'terminated' }] },
    });
    const state = cloud.snapshot();
    const found = [...eachTypedRecord(state, state.instances, (type) => type === AWS_TYPES.instance)];
    expect(found.map(({ record }) => record.arn)).toEqual([expect.stringContaining('i-live')]);
  });
});
