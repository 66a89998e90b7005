import { defineWorkload, type WorkloadInput } from '@decomkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentsInput } from './support/workloads.js';

/** A deep copy of the valid input with `change` applied, typed loosely so malformed values fit. */
function mutated(change: (input: Record<string, unknown>) => void): unknown {
  const input = structuredClone(paymentsInput) as unknown as Record<string, unknown>;
  change(input);
  return input;
}

function field(input: Record<string, unknown>, key: string): Record<string, unknown> {
  return input[key] as Record<string, unknown>;
}

/** The valid input with its first DNS record changed by `fields`. */
function withDnsRecord(fields: Record<string, unknown>): unknown {
  return mutated((input) => {
    const records = input.dns as Record<string, unknown>[];
    records[0] = { ...records[0], ...fields };
  });
}

/** Calls `defineWorkload` the way an untyped caller (JSON from a file) would. */
function defineUntyped(input: unknown) {
  return defineWorkload(input as WorkloadInput);
}

describe('defineWorkload with a valid workload', () => {
  it('accepts the payments workload and fills in every default', () => {
    const result = defineWorkload(paymentsInput);
    expect(result.isOk()).toBe(true);
    const workload = result._unsafeUnwrap();
    expect(workload.id).toBe('payments');
    expect(workload.dns).toEqual([
      { zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600, provider: 'route53' },
    ]);
    expect(workload.policies).toEqual({});
    expect(workload.cutover).toEqual({ windowHours: 72, sourceRequestThreshold: 0 });
    expect(workload.guards).toEqual({ deniedAccounts: [] });
    expect(workload.cmdb).toBeUndefined();
  });

  it('fills in policy defaults and keeps what the user wrote', () => {
    const result = defineWorkload({
      ...paymentsInput,
      dns: [],
      policies: { 'AWS::EC2::Instance': { liftProtection: true }, 'AWS::S3::Bucket': { backup: 'none' } },
      cutover: { windowHours: 24 },
      guards: { deniedAccounts: ['999988887777'], requiredAccountAlias: 'payments-prod' },
      cmdb: { ciIds: ['CI001'] },
      sunset: { stopAt: '2026-12-01T08:00:00+01:00', deleteAt: '2026-12-01T08:00:00+01:00' },
    });
    const workload = result._unsafeUnwrap();
    expect(workload.policies).toEqual({
      'AWS::EC2::Instance': { backup: 'required', liftProtection: true },
      'AWS::S3::Bucket': { backup: 'none', liftProtection: false },
    });
    expect(workload.cutover).toEqual({ windowHours: 24, sourceRequestThreshold: 0 });
    expect(workload.guards).toEqual({ deniedAccounts: ['999988887777'], requiredAccountAlias: 'payments-prod' });
    expect(workload.cmdb).toEqual({ ciIds: ['CI001'], azureCiIds: [] });
    expect(workload.dns).toEqual([]);
  });

  it('accepts a selector of stacks or ARNs alone', () => {
    const byStack = defineUntyped(mutated((input) => (field(input, 'source').select = { stacks: ['payments-stack'] })));
    const byArn = defineUntyped(
      mutated(
        (input) => (field(input, 'source').select = { arns: ['arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc'] }),
      ),
    );
    expect(byStack.isOk()).toBe(true);
    expect(byArn.isOk()).toBe(true);
  });
});

const malformed: readonly (readonly [string, unknown, string])[] = [
  ['null as the whole input', null, '(workload)'],
  ['undefined as the whole input', undefined, '(workload)'],
  ['a number as the whole input', 42, '(workload)'],
  ['an array as the whole input', [paymentsInput], '(workload)'],
  ['a string as the whole input', 'payments', '(workload)'],
  ['an id with capitals', mutated((input) => (input.id = 'Payments')), 'id'],
  ['a missing id', mutated((input) => delete input.id), 'id'],
  [
    'an 11-digit account id',
    mutated((input) => (field(input, 'source').accountId = '11112222333')),
    'source.accountId',
  ],
  ['a numeric account id', mutated((input) => (field(input, 'source').accountId = 111122223333)), 'source.accountId'],
  ['no regions', mutated((input) => (field(input, 'source').regions = [])), 'source.regions'],
  ['a malformed region', mutated((input) => (field(input, 'source').regions = ['Europe'])), 'source.regions.0'],
  ['a region given as a string', mutated((input) => (field(input, 'source').regions = 'eu-west-1')), 'source.regions'],
  ['an empty selector', mutated((input) => (field(input, 'source').select = {})), 'source.select'],
  [
    'a selector of empty lists',
    mutated((input) => (field(input, 'source').select = { tags: {}, stacks: [], arns: [] })),
    'source.select',
  ],
  [
    'a selector ARN that is not an ARN',
    mutated((input) => (field(input, 'source').select = { arns: ['i-0abc'] })),
    'source.select.arns.0',
  ],
  [
    'a selector given as an array',
    mutated((input) => (field(input, 'source').select = [{ tags: {} }])),
    'source.select',
  ],
  [
    'an unknown selector key',
    mutated((input) => (field(input, 'source').select = { labels: { a: 'b' } })),
    'source.select.labels',
  ],
  ['a missing target', mutated((input) => delete input.target), 'target'],
  ['a target given as an array', mutated((input) => (input.target = [])), 'target'],
  [
    'a non-UUID subscription',
    mutated((input) => (field(input, 'target').subscriptionId = 'payments-subscription')),
    'target.subscriptionId',
  ],
  [
    'a target with neither resource groups nor query',
    mutated((input) => (field(input, 'target').resourceGroups = [])),
    'target',
  ],
  ['a DNS TTL that is negative', withDnsRecord({ originalTtl: -1 }), 'dns.0.originalTtl'],
  ['a DNS TTL that is fractional', withDnsRecord({ originalTtl: 1.5 }), 'dns.0.originalTtl'],
  ['a DNS TTL given as a string', withDnsRecord({ originalTtl: '3600' }), 'dns.0.originalTtl'],
  ['an unknown DNS record type', withDnsRecord({ type: 'ALIAS' }), 'dns.0.type'],
  ['an unknown DNS provider', withDnsRecord({ provider: 'cloudflare' }), 'dns.0.provider'],
  ['a DNS zone with spaces', withDnsRecord({ zone: 'example com' }), 'dns.0.zone'],
  [
    'a duplicate DNS record',
    mutated(
      (input) =>
        (input.dns = [
          ...(input.dns as unknown[]),
          { zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 60 },
        ]),
    ),
    'dns.1',
  ],
  [
    'a duplicate DNS record differing in case and trailing dot',
    mutated(
      (input) =>
        (input.dns = [
          ...(input.dns as unknown[]),
          { zone: 'Example.COM.', name: 'PAY', type: 'CNAME', originalTtl: 60 },
        ]),
    ),
    'dns.1',
  ],
  ['DNS records given as an object', mutated((input) => (input.dns = { zone: 'example.com' })), 'dns'],
  ['an empty CMDB CI list', mutated((input) => (input.cmdb = { ciIds: [] })), 'cmdb.ciIds'],
  ['a malformed stop date', mutated((input) => (field(input, 'sunset').stopAt = '01/12/2026')), 'sunset.stopAt'],
  [
    'an impossible delete date',
    mutated((input) => (field(input, 'sunset').deleteAt = '2026-02-30')),
    'sunset.deleteAt',
  ],
  [
    'a date-time without offset',
    mutated((input) => (field(input, 'sunset').deleteAt = '2026-12-15T10:00:00')),
    'sunset.deleteAt',
  ],
  [
    'deleteAt before stopAt',
    mutated((input) => (input.sunset = { stopAt: '2026-12-15', deleteAt: '2026-12-01' })),
    'sunset.deleteAt',
  ],
  ['zero retention days', mutated((input) => (field(input, 'backups').retainDays = 0)), 'backups.retainDays'],
  ['fractional retention days', mutated((input) => (field(input, 'backups').retainDays = 30.5)), 'backups.retainDays'],
  ['missing retention days', mutated((input) => (input.backups = { vault: 'decom-archive' })), 'backups.retainDays'],
  ['an empty vault name', mutated((input) => (field(input, 'backups').vault = '  ')), 'backups.vault'],
  ['an unknown backup method', mutated((input) => (field(input, 'backups').method = 'tape')), 'backups.method'],
  [
    'a bad policy type key',
    mutated((input) => (input.policies = { EC2Instance: { backup: 'none' } })),
    'policies.EC2Instance',
  ],
  [
    'a bad policy value',
    mutated((input) => (input.policies = { 'AWS::EC2::Instance': { backup: 'sometimes' } })),
    'policies.AWS::EC2::Instance.backup',
  ],
  ['a zero cutover window', mutated((input) => (input.cutover = { windowHours: 0 })), 'cutover.windowHours'],
  [
    'a negative traffic threshold',
    mutated((input) => (input.cutover = { sourceRequestThreshold: -1 })),
    'cutover.sourceRequestThreshold',
  ],
  [
    'the own account on the deny list',
    mutated((input) => (input.guards = { deniedAccounts: ['111122223333'] })),
    'guards.deniedAccounts',
  ],
  [
    'a malformed denied account',
    mutated((input) => (input.guards = { deniedAccounts: ['not-an-account'] })),
    'guards.deniedAccounts.0',
  ],
  ['an unknown top-level key', mutated((input) => (input.owner = 'team-payments')), 'owner'],
  ['an empty-string key', mutated((input) => (input[''] = 1)), '""'],
  ['an unknown nested key', mutated((input) => (field(input, 'source').account = '111122223333')), 'source.account'],
  ['an unknown key in a DNS record', withDnsRecord({ ttl: 60 }), 'dns.0.ttl'],
];

describe('defineWorkload with malformed input', () => {
  it('has at least 25 distinct malformed cases', () => {
    expect(new Set(malformed.map(([name]) => name)).size).toBe(malformed.length);
    expect(malformed.length).toBeGreaterThanOrEqual(25);
  });

  it.each(malformed)('rejects %s, naming the field', (_name, input, path) => {
    let result: ReturnType<typeof defineWorkload> | undefined;
    expect(() => {
      result = defineUntyped(input);
    }).not.toThrow();
    expect(result?.isErr()).toBe(true);
    const error = result?._unsafeUnwrapErr();
    expect(error?.code).toBe('InvalidInput');
    expect(error?.issues.map((issue) => issue.path)).toContain(path);
    expect(error?.message).toContain(path);
  });

  it('reports every bad field at once', () => {
    const input = mutated((input) => {
      field(input, 'source').accountId = 'x';
      field(input, 'backups').retainDays = -5;
      input.extra = true;
    });
    const paths = defineUntyped(input)
      ._unsafeUnwrapErr()
      .issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['source.accountId', 'backups.retainDays', 'extra']));
  });
});

/** Every path (as keys) to a value inside `value`, the root excluded. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function withChange(path: readonly (string | number)[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(paymentsInput) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

function isWellFormedOutcome(result: ReturnType<typeof defineWorkload>): boolean {
  if (result.isOk()) return true;
  return (
    result.error.code === 'InvalidInput' &&
    result.error.issues.length > 0 &&
    result.error.issues.every((issue) => typeof issue.path === 'string' && issue.path.length > 0)
  );
}

describe('defineWorkload properties', () => {
  const inputPaths = pathsOf(paymentsInput);

  it('never throws on arbitrary values and always reports issues with paths', () => {
    const property = fc.property(
      fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withDate: true, withBigInt: true }),
      (value) => {
        const result = defineUntyped(value);
        expect(isWellFormedOutcome(result)).toBe(true);
        // Nothing arbitrary has the required shape.
        expect(result.isErr()).toBe(true);
      },
    );
    fc.assert(property, { seed: 42, numRuns: 300 });
  });

  it('never throws on random mutations of the valid input', () => {
    let rejected = 0;
    const property = fc.property(
      fc.nat({ max: inputPaths.length - 1 }),
      fc.anything({ withNullPrototype: true, withDate: true }),
      fc.boolean(),
      (index, replacement, remove) => {
        const path = inputPaths[index] as (string | number)[];
        const result = defineUntyped(withChange(path, replacement, remove));
        expect(isWellFormedOutcome(result)).toBe(true);
        if (result.isErr()) rejected += 1;
      },
    );
    fc.assert(property, { seed: 42, numRuns: 300 });
    expect(rejected).toBeGreaterThan(0);
  });

  it('names a field under the mutated path when a required leaf is removed', () => {
    const required = [
      'id',
      'source.accountId',
      'source.regions',
      'target.subscriptionId',
      'sunset.stopAt',
      'backups.retainDays',
    ];
    for (const dotted of required) {
      const result = defineUntyped(withChange(dotted.split('.'), undefined, true));
      expect(result._unsafeUnwrapErr().issues.map((issue) => issue.path)).toContain(dotted);
    }
  });
});
