import {
  type CmdbSubject,
  type CmdbWorld,
  type ConformanceRunner,
  type ConformanceTarget,
  cmdbConformance,
  dataResourceRows,
  INFRASTRUCTURE_ROW_SPECS,
  infrastructureRows,
  resourceTypeConformance,
  targetMetricsConformance,
} from '@decomkit/conformance';
import { type ActionHandler, decomError, PORT_SPECIFICATION_VERSION } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { fakeTarget } from './support/fake-target.js';

/**
 * The per-port suites called directly, as a ServiceNow or an Azure provider
 * would: each factory builds its own port's world only (no account, no EC2
 * instance, no EC2 oracle hook).
 */
describe('per-port suites on a world of their own', () => {
  cmdbConformance({ describe, it }, fakeCmdbSubject, { findByCloudIds: true });

  targetMetricsConformance({ describe, it }, (world) => {
    const idOf = (name: string) => {
      const resource = world.azureResources.find((candidate) => candidate.name === name);
      return `/subscriptions/${world.azureSubscriptionId}/resourceGroups/${resource?.resourceGroup}/providers/${resource?.type}/${name}`;
    };
    const cloud = createFakeCloud({
      services: {
        azureMetrics: world.metrics.map((series) => ({
          resource: idOf(series.resource),
          namespace: null,
          metric: series.metric,
          points: [...series.points],
        })),
      },
    });
    return { targetMetrics: cloud.providers.targetMetrics, oracle: { azureIdOf: idOf } };
  });
});

/** The fake's `cmdb` port on a world of CIs only, with the cloud ids discovery recorded on them. */
function fakeCmdbSubject(world: CmdbWorld): CmdbSubject {
  const items = world.configurationItems.map((id) => ({ id, cloudIds: world.cloudIds?.[id] ?? [] }));
  const cloud = createFakeCloud({ services: { cmdb: { items } } });
  return {
    cmdb: cloud.providers.cmdb,
    oracle: {
      mutatingCalls: async () => cloud.calls.mutating().length,
      configurationItem: async (id) => {
        const { cmdb } = cloud.snapshot().services;
        const item = cmdb.items.find((candidate) => candidate.id === id);
        const retired = cmdb.statusChoices.find((choice) => /retired/i.test(choice.label))?.value;
        return item === undefined ? null : { retired: item.status === retired, links: item.links };
      },
    },
  };
}

/** The checks a suite registers, collected instead of run, with the describe path in each name. */
function collect(register: (runner: ConformanceRunner) => void) {
  const checks: { name: string; body: () => Promise<void> }[] = [];
  const path: string[] = [];
  register({
    describe: (name, body) => {
      path.push(name);
      body();
      path.pop();
    },
    it: (name, body) => {
      checks.push({ name: [...path, name].join(' > '), body });
    },
  });
  return checks;
}

/** The names of the checks that fail. */
async function failing(checks: readonly { name: string; body: () => Promise<void> }[]): Promise<string[]> {
  const failed: string[] = [];
  for (const check of checks) await check.body().catch(() => failed.push(check.name));
  return failed;
}

/** The name of the plain delete check of a row. */
const DELETES_ONE =
  'deletes one: reconcile absent before, done after; a second delete does no harm; the others untouched';

/** The fake, except that its retirement port's delete reports done and deletes nothing. */
const lyingDeletes: ConformanceTarget = {
  ...fakeTarget,
  async create(world) {
    const built = await fakeTarget.create(world);
    const retirement = built.providers.retirement;
    const remove = retirement?.handlers?.['resource.delete'];
    if (retirement === undefined || remove === undefined) throw new Error('the fake has a retirement port');
    const lying = { ...remove, execute: () => okAsync({ status: 'done' as const, result: {} }) };
    const handlers = { ...retirement.handlers, 'resource.delete': lying };
    return { ...built, providers: { ...built.providers, retirement: { ...retirement, handlers } } };
  },
};

describe('resourceTypeConformance holds providers to its rows', () => {
  it('passes the fake on every data resource row', async () => {
    const checks = collect((runner) => resourceTypeConformance(runner, dataResourceRows(fakeTarget)));
    expect(checks.length).toBe(20);
    expect(await failing(checks)).toEqual([]);
  });

  it('fails a delete that reports done but leaves the resource, on every row that deletes', async () => {
    const checks = collect((runner) => resourceTypeConformance(runner, dataResourceRows(lyingDeletes)));
    const failed = await failing(checks);
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AWS::S3::Bucket > deletes one/),
        expect.stringMatching(/AWS::DynamoDB::Table > refuses to delete a protected one/),
        expect.stringMatching(/AWS::Lambda::Function > stops one/),
      ]),
    );
  });

  it('fails a row that states the wrong protection, so the table is load-bearing', async () => {
    const rows = dataResourceRows(fakeTarget).map((row) =>
      row.type === 'AWS::DynamoDB::Table' ? { ...row, protectedNames: [] } : row,
    );
    const failed = await failing(collect((runner) => resourceTypeConformance(runner, rows)));
    expect(failed).toEqual([expect.stringMatching(/AWS::DynamoDB::Table > discovers the tagged resources/)]);
  });
});

describe('infrastructureRows hold providers to a row for every infrastructure type', () => {
  it('runs the rows of the types a target declares, and only those', () => {
    const all = collect((runner) => resourceTypeConformance(runner, infrastructureRows(fakeTarget)));
    expect(new Set(all.map((check) => check.name.split(' > ')[0]))).toEqual(
      new Set(INFRASTRUCTURE_ROW_SPECS.map((spec) => `resource type ${spec.type}`)),
    );
    expect(all.length).toBe(293);
    const queuesOnly = { ...fakeTarget, capabilities: { resourceTypes: ['AWS::SQS::Queue'] } };
    const checks = collect((runner) => resourceTypeConformance(runner, infrastructureRows(queuesOnly)));
    expect(new Set(checks.map((check) => check.name.split(' > ')[0]))).toEqual(
      new Set(['resource type AWS::SQS::Queue']),
    );
  });

  it('fails a delete that reports done but leaves the resource, on every row', async () => {
    const checks = collect((runner) => resourceTypeConformance(runner, infrastructureRows(lyingDeletes)));
    const failed = await failing(checks);
    for (const spec of INFRASTRUCTURE_ROW_SPECS) {
      expect(failed, spec.type).toContainEqual(`resource type ${spec.type} > ${DELETES_ONE}`);
    }
  });

  /** The row of `type` on the fake, its oracle without the hook `hook`. */
  const withoutHook = (type: string, hook: 'arnOf' | 'nameOf') =>
    infrastructureRows(fakeTarget)
      .filter((row) => row.type === type)
      .map((row) => ({
        ...row,
        create: async () => {
          const subject = await row.create();
          const { [hook]: _picked, ...oracle } = subject.oracle;
          return { ...subject, oracle };
        },
      }));

  it('fails a row that names resources by its own arnOf where the service picked the ids', async () => {
    const rows = withoutHook('AWS::EC2::Volume', 'arnOf');
    const failed = await failing(collect((runner) => resourceTypeConformance(runner, rows)));
    expect(failed).toContainEqual(`resource type AWS::EC2::Volume > ${DELETES_ONE}`);
  });

  it('fails a row whose oracle does not name what the service named (a distribution by its id)', async () => {
    const rows = withoutHook('AWS::CloudFront::Distribution', 'nameOf');
    const failed = await failing(collect((runner) => resourceTypeConformance(runner, rows)));
    expect(failed).toEqual([
      'resource type AWS::CloudFront::Distribution > discovers the tagged resources by the selector, not the look-alikes, changing nothing',
    ]);
  });

  it('reconciles a stop of a missing instance done only where the row says gone counts as stopped', async () => {
    const rows = infrastructureRows(fakeTarget)
      .filter((row) => row.type === 'AWS::EC2::Instance')
      .map((row) => ({ ...row, goneCountsAsStopped: false }));
    const failed = await failing(collect((runner) => resourceTypeConformance(runner, rows)));
    expect(failed).toEqual([
      'resource type AWS::EC2::Instance > answers for a resource that does not exist: a delete as the row says, a stop or lift NotFound',
    ]);
  });

  it('counts the call EC2 refuses only where the row says the service refuses it', async () => {
    const rows = infrastructureRows(fakeTarget)
      .filter((row) => row.type === 'AWS::EC2::Instance')
      .map((row) => ({ ...row, protectionRefusedByService: false }));
    const failed = await failing(collect((runner) => resourceTypeConformance(runner, rows)));
    expect(failed).toEqual([
      'resource type AWS::EC2::Instance > refuses to delete a protected one (Conflict) until protection.lift runs, then deletes it',
    ]);
  });
});

/** A CMDB that writes on every retire and relates again each time: it never reads before it writes. */
function carelessCmdb(world: CmdbWorld): CmdbSubject {
  const items = new Map(world.configurationItems.map((id) => [id, { retired: false, links: [] as string[] }]));
  let writes = 0;
  const itemOf = (id: unknown) => items.get(String(id));
  const retire: ActionHandler<'cmdb.retire'> = {
    execute: (action) => {
      const item = itemOf(action.params.ciId);
      if (item === undefined) return errAsync(decomError.notFound({ message: 'no such CI' }));
      writes += 1;
      item.retired = true;
      const links = action.params.azureCiIds;
      item.links.push(...(Array.isArray(links) ? links.map(String) : []));
      return okAsync({ status: 'done', result: {} });
    },
    reconcile: (action) =>
      okAsync(itemOf(action.params.ciId)?.retired === true ? { status: 'done', result: {} } : { status: 'absent' }),
  };
  const schedule: ActionHandler<'review.schedule'> = {
    execute: () => okAsync({ status: 'done', result: {} }),
    reconcile: () => okAsync({ status: 'done', result: {} }),
  };
  return {
    cmdb: {
      specificationVersion: PORT_SPECIFICATION_VERSION,
      handlers: { 'cmdb.retire': retire, 'review.schedule': schedule },
      getItem: (id) => {
        const item = items.get(id);
        return okAsync(
          item === undefined ? null : { id, name: id, status: item.retired ? 'Retired' : 'Installed', ...item },
        );
      },
    },
    oracle: {
      mutatingCalls: async () => writes,
      configurationItem: async (id) => items.get(id) ?? null,
    },
  };
}

describe('cmdbConformance holds CMDB providers to one write per action', () => {
  it('fails a CMDB that writes and relates again on every retire', async () => {
    const failed = await failing(collect((runner) => cmdbConformance(runner, carelessCmdb)));
    expect(failed).toEqual([expect.stringMatching(/cmdb > retires once: a second retire writes nothing/)]);
  });
});

/** The fake's CMDB, except that `findByCloudIds` matches a CI whose cloud id starts with one asked for (a LIKE query). */
function looseFinder(world: CmdbWorld): CmdbSubject {
  const subject = fakeCmdbSubject(world);
  const findByCloudIds = (cloudIds: readonly string[]) =>
    okAsync(
      Object.entries(world.cloudIds ?? {}).flatMap(([id, carried]) => {
        const cloudId = carried.find((candidate) => cloudIds.some((asked) => candidate.startsWith(asked)));
        return cloudId === undefined ? [] : [{ cloudId, id, name: id, status: 'Installed', retired: false }];
      }),
    );
  return { ...subject, cmdb: { ...subject.cmdb, findByCloudIds } };
}

describe('cmdbConformance holds findByCloudIds to exact matches', () => {
  it('passes the fake, and fails a CMDB that matches a cloud id by its prefix', async () => {
    const exact = collect((runner) => cmdbConformance(runner, fakeCmdbSubject, { findByCloudIds: true }));
    expect(exact.map((check) => check.name)).toContain(
      'cmdb > finds CIs by the cloud ids discovery recorded on them, exactly, each once, writing nothing',
    );
    expect(await failing(exact)).toEqual([]);
    const failed = await failing(collect((runner) => cmdbConformance(runner, looseFinder, { findByCloudIds: true })));
    expect(failed).toEqual([expect.stringMatching(/cmdb > finds CIs by the cloud ids/)]);
  });

  it('registers the check only for a CMDB said to implement it', () => {
    const checks = collect((runner) => cmdbConformance(runner, fakeCmdbSubject));
    expect(checks.map((check) => check.name).filter((name) => name.includes('cloud ids'))).toEqual([]);
    expect(checks).toHaveLength(3);
  });
});
