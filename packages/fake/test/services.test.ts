import { type Action, type ActionHandler, idempotencyToken, type JsonObject, sha256 } from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';

const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const NOW = '2026-12-16T00:00:00Z';

function world(): FakeCloud {
  return createFakeCloud({
    now: NOW,
    services: {
      metrics: [
        {
          resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1',
          namespace: 'AWS/EC2',
          metric: 'NetworkIn',
          points: [1, 2, 3, 4].map((value, hour) => ({ at: `2026-12-15T0${hour}:00:00.000Z`, value })),
        },
      ],
      azureMetrics: [
        {
          resource: '/subscriptions/s/web',
          namespace: null,
          metric: 'ResponseTime',
          points: Array.from({ length: 100 }, (_, index) => ({
            at: `2026-12-15T10:${String(index % 60).padStart(2, '0')}:00.000Z`,
            value: index + 1,
          })),
        },
      ],
      replicationTasks: [
        { arn: 'arn:aws:dms:eu-west-1:111122223333:task:cdc', tags: { workload: 'payments' }, lagSeconds: 4 },
      ],
      wellArchitected: [
        {
          id: 'wa-1',
          name: 'payments',
          lenses: ['wellarchitected'],
          answers: Array.from({ length: 23 }, (_, index) => ({
            lens: 'wellarchitected',
            questionId: `q${index}`,
            pillar: 'security',
            risk: 'NONE',
            choices: [],
          })),
        },
      ],
      costs: [
        { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 10.5 },
        { tagKey: 'workload', tagValue: 'payments', day: '2026-12-12', amount: 2.25 },
      ],
      dnsRecords: [
        { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['x'] },
        { provider: 'azure', zone: 'example.net', name: 'pay', type: 'A', ttl: 30, values: ['10.0.0.1'] },
      ],
      azureResources: Array.from({ length: 150 }, (_, index) => ({
        id: `/subscriptions/${SUBSCRIPTION}/r${index}`,
        name: `r${index}`,
        type: 't',
        location: 'westeurope',
        subscriptionId: SUBSCRIPTION,
        resourceGroup: index % 2 === 0 ? 'rg-a' : 'RG-B',
        tags: {},
      })),
      advisor: [
        {
          id: 'a1',
          subscriptionId: SUBSCRIPTION,
          category: 'HighAvailability',
          impact: 'High',
          resourceId: 'r',
          problem: 'zones',
        },
      ],
      cmdb: {
        statusChoices: [
          { value: 'in_use', label: 'In use' },
          { value: 'gone', label: 'Retired (decommissioned)' },
        ],
        items: [{ id: 'CI1' }],
      },
    },
  });
}

function action(kind: string, ref: string, params: JsonObject = {}): Action {
  return {
    key: `test:${kind}:${ref}`,
    step: 'test',
    item: 'retire',
    kind,
    target: { ref },
    params,
    gates: [],
    dependsOn: [],
  };
}

function run(cloud: FakeCloud, port: keyof FakeCloud['providers'], subject: Action) {
  const handler = (cloud.providers[port] as { handlers?: Record<string, ActionHandler> }).handlers?.[subject.kind];
  if (handler === undefined) throw new Error(`no handler ${subject.kind}`);
  const context = {
    signal: new AbortController().signal,
    clock: cloud.clock,
    idempotencyToken: idempotencyToken(subject.key),
    ports: cloud.providers,
  };
  return { execute: () => handler.execute(subject, context), reconcile: () => handler.reconcile(subject, context) };
}

describe('fake metrics', () => {
  it('return only the points put, inside the window; statistics over them; an empty window is refused', async () => {
    const cloud = world();
    const window = { start: '2026-12-15T01:00:00.000Z', end: '2026-12-15T02:30:00.000Z' };
    const series = (
      await cloud.providers.sourceMetrics.query(
        [
          {
            id: 'a',
            resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1',
            namespace: 'AWS/EC2',
            metric: 'NetworkIn',
            statistic: 'Sum',
          },
          {
            id: 'b',
            resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-2',
            metric: 'NetworkIn',
            statistic: 'Sum',
          },
        ],
        window,
      )
    )._unsafeUnwrap();
    expect(series).toEqual([
      { id: 'a', timestamps: ['2026-12-15T01:00:00.000Z', '2026-12-15T02:00:00.000Z'], values: [2, 3] },
      { id: 'b', timestamps: [], values: [] },
    ]);
    const latency = (
      await cloud.providers.targetMetrics.query(
        ['p50', 'p95', 'p99', 'Maximum'].map((statistic) => ({
          id: statistic,
          resource: '/subscriptions/s/web',
          metric: 'ResponseTime',
          statistic: statistic as 'p50',
        })),
        { start: '2026-12-15T00:00:00Z', end: '2026-12-16T00:00:00Z' },
      )
    )._unsafeUnwrap();
    expect(latency.map((entry) => entry.values[0])).toEqual([50, 95, 99, 100]);
    const reversed = await cloud.providers.sourceMetrics.query([], { start: window.end, end: window.start });
    expect(reversed._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});

describe('fake DMS', () => {
  it('stops a running task once; a second stop is a Conflict; reconcile reads the status', async () => {
    const cloud = world();
    const stop = run(cloud, 'replication', action('replication.stop', 'arn:aws:dms:eu-west-1:111122223333:task:cdc'));
    expect((await stop.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await stop.execute())._unsafeUnwrap().status).toBe('done');
    expect((await stop.reconcile())._unsafeUnwrap().status).toBe('done');
    expect((await stop.execute())._unsafeUnwrapErr().code).toBe('Conflict');
    const missing = run(
      cloud,
      'replication',
      action('replication.stop', 'arn:aws:dms:eu-west-1:111122223333:task:nope'),
    );
    expect((await missing.execute())._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await cloud.providers.replication.listTasks())._unsafeUnwrap()[0]).toMatchObject({
      status: 'stopped',
      lagSeconds: 4,
    });
  });
});

describe('fake Well-Architected', () => {
  it('exports every answer (all pages) and the lens report PDF to the artifact store, with one milestone even when run twice', async () => {
    const cloud = world();
    expect((await cloud.providers.assessment.findWorkload('nobody'))._unsafeUnwrap()).toBeNull();
    const found = (await cloud.providers.assessment.findWorkload('payments'))._unsafeUnwrap();
    expect(found).toEqual({ id: 'wa-1', name: 'payments', lenses: ['wellarchitected'] });
    const exporter = run(
      cloud,
      'assessment',
      action('assessment.export', 'wa-1', { workloadId: 'wa-1', lenses: ['wellarchitected'] }),
    );
    const first = (await exporter.execute())._unsafeUnwrap();
    const again = (await exporter.execute())._unsafeUnwrap();
    expect(first).toEqual(again);
    const answers = JSON.parse(
      Buffer.from(
        (
          await cloud.providers.artifacts.get('decomkit/wa-1/well-architected/wellarchitected-answers.json')
        )._unsafeUnwrap() ?? [],
      ).toString(),
    );
    expect(answers.answers).toHaveLength(23);
    const pdf = Buffer.from(
      (
        await cloud.providers.artifacts.get('decomkit/wa-1/well-architected/wellarchitected-report.pdf')
      )._unsafeUnwrap() ?? [],
    ).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(cloud.calls.of('CreateMilestone')).toHaveLength(1);
    const bad = run(cloud, 'assessment', action('assessment.export', 'wa-1', {}));
    expect((await bad.execute())._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});

describe('fake Cost Explorer', () => {
  it('sums the tag cost of the days in the window', async () => {
    const cloud = world();
    const tag = { key: 'workload', value: 'payments' };
    expect(
      (
        await cloud.providers.costs.costByTag(tag, { start: '2026-12-01T00:00:00Z', end: '2026-12-16T00:00:00Z' })
      )._unsafeUnwrap().amount,
    ).toBe(12.75);
    expect(
      (
        await cloud.providers.costs.costByTag(tag, { start: '2026-12-11T00:00:00Z', end: '2026-12-16T00:00:00Z' })
      )._unsafeUnwrap().amount,
    ).toBe(2.25);
    expect(
      (
        await cloud.providers.costs.costByTag(tag, { start: '2026-12-16T00:00:00Z', end: '2026-12-01T00:00:00Z' })
      )._unsafeUnwrapErr().code,
    ).toBe('InvalidInput');
  });
});

describe('fake DNS', () => {
  it('reads and sets TTLs in Route 53 and Azure DNS; reconcile reads them back; bad input is refused', async () => {
    const cloud = world();
    expect(
      (await cloud.providers.dns.getRecord({ zone: 'example.com.', name: 'PAY', type: 'CNAME' }))._unsafeUnwrap()?.ttl,
    ).toBe(60);
    expect(
      (
        await cloud.providers.dns.getRecord({ provider: 'azure', zone: 'example.net', name: 'pay', type: 'A' })
      )._unsafeUnwrap()?.ttl,
    ).toBe(30);
    expect(
      (
        await cloud.providers.dns.getRecord({ provider: 'azure', zone: 'example.com', name: 'pay', type: 'CNAME' })
      )._unsafeUnwrap(),
    ).toBeNull();
    const reset = run(
      cloud,
      'dns',
      action('dns.setTtl', 'pay', { provider: 'azure', zone: 'example.net', name: 'pay', type: 'A', ttl: 3600 }),
    );
    expect((await reset.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await reset.execute())._unsafeUnwrap().status).toBe('done');
    expect((await reset.reconcile())._unsafeUnwrap().status).toBe('done');
    expect(
      (
        await cloud.providers.dns.getRecord({ provider: 'azure', zone: 'example.net', name: 'pay', type: 'A' })
      )._unsafeUnwrap()?.ttl,
    ).toBe(3600);
    const negative = run(
      cloud,
      'dns',
      action('dns.setTtl', 'pay', { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: -1 }),
    );
    expect((await negative.execute())._unsafeUnwrapErr().code).toBe('InvalidInput');
    const missing = run(
      cloud,
      'dns',
      action('dns.setTtl', 'nope', { zone: 'example.com', name: 'nope', type: 'CNAME', ttl: 300 }),
    );
    expect((await missing.execute())._unsafeUnwrapErr().code).toBe('NotFound');
  });
});

describe('fake Azure directory', () => {
  it('pages Resource Graph by resource group (case-insensitive) and maps Advisor categories to pillars', async () => {
    const cloud = world();
    expect((await cloud.providers.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrap()).toHaveLength(
      150,
    );
    expect(
      (
        await cloud.providers.targetResources.list({ subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-b'] })
      )._unsafeUnwrap(),
    ).toHaveLength(75);
    expect(cloud.calls.of('Resources').length).toBeGreaterThanOrEqual(3);
    expect((await cloud.providers.advisor.recommendations(SUBSCRIPTION))._unsafeUnwrap()).toEqual([
      { id: 'a1', pillar: 'Reliability', impact: 'High', resourceId: 'r', summary: 'zones' },
    ]);
  });
});

describe('fake CMDB', () => {
  it("retires a CI with the instance's own retired choice, links it, and schedules a review once", async () => {
    const cloud = world();
    const retire = run(cloud, 'cmdb', action('cmdb.retire', 'CI1', { ciId: 'CI1', azureCiIds: ['CI9'] }));
    expect((await retire.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await retire.execute())._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { ciId: 'CI1', status: 'Retired (decommissioned)', links: ['CI9'] },
    });
    expect((await cloud.providers.cmdb.getItem('CI1'))._unsafeUnwrap()).toMatchObject({
      status: 'gone',
      retired: true,
      links: ['CI9'],
    });
    expect((await cloud.providers.cmdb.getItem('CI404'))._unsafeUnwrap()).toBeNull();
    const ghost = run(cloud, 'cmdb', action('cmdb.retire', 'CI404', { ciId: 'CI404' }));
    expect((await ghost.execute())._unsafeUnwrapErr().code).toBe('NotFound');
    const review = run(
      cloud,
      'cmdb',
      action('review.schedule', 'waf', {
        workloadId: 'payments',
        cadenceMonths: 6,
        firstReviewAt: '2027-06-16T00:00:00Z',
      }),
    );
    await review.execute();
    await review.execute();
    expect(cloud.snapshot().services.cmdb.reviews).toHaveLength(1);
    const incomplete = run(cloud, 'cmdb', action('review.schedule', 'waf2', { workloadId: 'payments' }));
    expect((await incomplete.execute())._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});

describe('fake artifact.put', () => {
  it('stores a document idempotently and reconciles by hash', async () => {
    const cloud = world();
    const put = run(
      cloud,
      'artifacts',
      action('artifact.put', 'doc', { name: 'doc.json', contentType: 'application/json', body: '{"a":1}' }),
    );
    expect((await put.reconcile())._unsafeUnwrap().status).toBe('absent');
    const stored = (await put.execute())._unsafeUnwrap();
    if (stored.status !== 'done') throw new Error('expected done');
    expect(stored.result.sha256).toBe(sha256('{"a":1}'));
    expect((await put.reconcile())._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { name: 'doc.json', sha256: sha256('{"a":1}'), size: 7 },
    });
    const nameless = run(cloud, 'artifacts', action('artifact.put', 'x', { body: 'y' }));
    expect((await nameless.execute())._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});
