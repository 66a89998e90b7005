/**
 * Tag keys that are also names on `Object.prototype` (`__proto__`,
 * `constructor`, `toString`…) are legal AWS tag keys. A selector key must be
 * kept exactly, never dropped: a dropped key widens the selector. The
 * reference predicate here is written plainly with Maps, independent of the
 * engine's records.
 */
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  memoryJournal,
  type Resource,
  stillOpen,
  type Workload,
} from '@decomkit/core';
import { sha256 } from '@decomkit/core/provider-kit';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideScope } from '../src/model/scope.js';
import { canonicalJson } from '../src/util/json.js';
import { paymentsInput } from './support/workloads.js';

const ACCOUNT = '111122223333';
const SEED = Number(process.env.DECOMKIT_PROPERTY_SEED ?? 20261205);
const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'ünïcødé-键',
  '',
];

/** A workload selecting `tags`, given as JSON so `__proto__` arrives as an own key (as it would from a config file). */
function workloadSelecting(tags: readonly (readonly [string, string])[]) {
  const select = `{"tags":{${tags.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}}`;
  return defineWorkload({ ...paymentsInput, source: { ...paymentsInput.source, select: JSON.parse(select) } });
}

/** A record with exactly these own keys (computed keys define own properties, `__proto__` included). */
function recordOf(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries(entries);
}

function resourceWith(tags: Record<string, string> | null): Resource {
  return {
    arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-1`,
    type: 'AWS::EC2::Instance',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    tags,
    state: 'running',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

describe('tag keys named like Object.prototype members', () => {
  it('defineWorkload keeps a "__proto__" selector key as an own key, and the workload hash covers it', () => {
    const workload = workloadSelecting([
      ['__proto__', 'payments'],
      ['env', 'prod'],
    ])._unsafeUnwrap();
    const tags = workload.source.select.tags ?? {};
    expect(Object.keys(tags).sort()).toEqual(['__proto__', 'env']);
    expect(Object.hasOwn(tags, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toBe('payments');
    expect(canonicalJson(tags)).toBe('{"__proto__":"payments","env":"prod"}');
    const withoutIt = workloadSelecting([['env', 'prod']])._unsafeUnwrap();
    expect(sha256(canonicalJson(workload))).not.toBe(sha256(canonicalJson(withoutIt)));
  });

  it('defineWorkload still refuses an empty tag key and a value that is not a string, naming the key', () => {
    const empty = workloadSelecting([['', 'x']]);
    expect(empty._unsafeUnwrapErr().code).toBe('InvalidInput');
    const notString = defineWorkload({
      ...paymentsInput,
      source: { ...paymentsInput.source, select: JSON.parse('{"tags":{"__proto__":{"x":1}}}') },
    });
    expect(notString._unsafeUnwrapErr().issues.map((issue) => issue.path)).toContain('source.select.tags.__proto__');
  });

  it('decideScope needs the "__proto__" tag itself: a resource with only env=prod is out of scope', () => {
    const workload = workloadSelecting([
      ['__proto__', 'payments'],
      ['env', 'prod'],
    ])._unsafeUnwrap();
    expect(decideScope(resourceWith(recordOf([['env', 'prod']])), workload.source).inScope).toBe(false);
    expect(
      decideScope(
        resourceWith(
          recordOf([
            ['__proto__', 'payments'],
            ['env', 'prod'],
          ]),
        ),
        workload.source,
      ).inScope,
    ).toBe(true);
  });

  it('a plan on the fake selects only resources carrying the "__proto__" tag (the widening the review found)', async () => {
    const cloud = createFakeCloud({
      accountId: ACCOUNT,
      now: '2026-11-20T00:00:00Z',
      source: {
        instances: [
          {
            id: 'i-both',
            tags: recordOf([
              ['__proto__', 'payments'],
              ['env', 'prod'],
            ]),
          },
          { id: 'i-envonly', tags: { env: 'prod' } },
        ],
      },
    });
    const workload = workloadSelecting([
      ['__proto__', 'payments'],
      ['env', 'prod'],
    ])._unsafeUnwrap();
    const plan = (await planOf(cloud, workload))._unsafeUnwrap();
    expect(plan.inventory.map((resource) => resource.arn)).toEqual([expect.stringContaining('i-both')]);
    expect(Object.hasOwn(plan.inventory[0]?.tags ?? {}, '__proto__')).toBe(true);
    // The fake's own inventory port must not widen either (a provider is checked by the engine, but is a reference).
    const discovered: string[] = [];
    for await (const page of cloud.providers.inventory.discover(workload.source)) {
      discovered.push(...page._unsafeUnwrap().map((resource) => resource.arn));
    }
    expect(discovered).toEqual([expect.stringContaining('i-both')]);
  });

  it(`the selected set never grows beyond a plain Map-based reference predicate (seed ${SEED})`, async () => {
    const key = fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.constantFrom('env', 'team'), fc.string({ maxLength: 4 }));
    const value = fc.constantFrom('prod', 'payments', '');
    const tagList = fc.uniqueArray(fc.tuple(key, value), { maxLength: 4, selector: ([name]) => name });
    const world = fc.record({
      instances: fc.array(fc.record({ tags: tagList, region: fc.constantFrom('eu-west-1', 'us-east-1') }), {
        maxLength: 6,
      }),
      selector: tagList.filter((tags) => tags.length > 0),
    });
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(world, async ({ instances, selector }) => {
        const workload = workloadSelecting(selector);
        if (selector.some(([name]) => name === '' || name.length > 128)) {
          expect(workload.isErr()).toBe(true); // refused, never dropped
          return;
        }
        const seed: FakeCloudSeed = {
          accountId: ACCOUNT,
          now: '2026-11-20T00:00:00Z',
          source: {
            instances: instances.map((instance, index) => ({
              id: `i-${index}`,
              region: instance.region,
              tags: recordOf(instance.tags),
            })),
          },
        };
        const cloud = createFakeCloud(seed);
        const plan = (await planOf(cloud, workload._unsafeUnwrap()))._unsafeUnwrap();
        const wanted = new Map(selector);
        const expected = new Set(
          instances.flatMap((instance, index) => {
            const tags = new Map(instance.tags);
            const matches = [...wanted].every(([name, wantedValue]) => tags.get(name) === wantedValue);
            return instance.region === 'eu-west-1' && matches ? [`i-${index}`] : [];
          }),
        );
        const selected = plan.inventory.map((resource) => resource.arn.split('/').pop() ?? '');
        for (const id of selected) expect(expected.has(id), `${id} selected by ${JSON.stringify(selector)}`).toBe(true);
        expect(new Set(selected)).toEqual(expected);
        checked += 1;
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});

function planOf(cloud: ReturnType<typeof createFakeCloud>, workload: Workload) {
  const step = defineStep({
    id: 'look',
    item: 'retire',
    title: 'Look only',
    needs: [],
    plan: () => ({ actions: [] }),
    verify: () => stillOpen('looking'),
  });
  const engine = createEngine({
    checklist: createChecklist(workload, [step]),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  return engine.plan();
}
