import type { JsonObject } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { assessmentArtifactNames, exportMilestoneName, sha256 } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { handlerOf, serviceAction } from './service-support.js';

const TASK = 'arn:aws:dms:eu-west-1:111122223333:task:payments-cdc';

function cloud() {
  return createFakeCloud({
    now: '2026-12-16T00:00:00Z',
    services: {
      replicationTasks: [
        { id: 'payments-cdc', tags: { workload: 'payments' }, lagSeconds: 4 },
        { arn: 'arn:aws:dms:eu-west-1:111122223333:task:old', status: 'stopped' },
      ],
      wellArchitected: [
        {
          id: 'wa-1',
          name: 'payments',
          lenses: ['wellarchitected', 'serverless'],
          answers: [
            ...Array.from({ length: 23 }, (_, index) => ({
              questionId: `q${index}`,
              risk: index % 5 === 0 ? 'HIGH' : 'NONE',
            })),
            { questionId: 's1', lens: 'serverless', pillar: 'performance' },
          ],
        },
        { name: 'billing', answers: 3 },
      ],
      costs: [
        { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 10.5 },
        { tagKey: 'workload', tagValue: 'payments', from: '2026-12-12', to: '2026-12-15', dailyAmount: 0.75 },
        { tagKey: 'workload', tagValue: 'billing', day: '2026-12-12', amount: 99 },
      ],
    },
  });
}

describe('fake DMS (replication)', () => {
  it('lists tasks; stops a running task once; stopping it again is a Conflict; reconcile reads the status back', async () => {
    const fake = cloud();
    expect((await fake.providers.replication.listTasks())._unsafeUnwrap()).toEqual([
      { arn: TASK, status: 'running', lagSeconds: 4, tags: { workload: 'payments' } },
      { arn: 'arn:aws:dms:eu-west-1:111122223333:task:old', status: 'stopped', lagSeconds: 0, tags: {} },
    ]);
    const stop = handlerOf(fake, 'replication', serviceAction('replication.stop', TASK));
    expect((await stop.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await stop.execute())._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { taskArn: TASK, status: 'stopped' },
    });
    expect((await stop.reconcile())._unsafeUnwrap().status).toBe('done');
    const again = (await stop.execute())._unsafeUnwrapErr();
    expect(again.code).toBe('Conflict');
    expect(again.message).toContain('InvalidResourceStateFault');
    expect(fake.source.replicationTask(TASK)?.stoppedAt).toBe('2026-12-16T00:00:00.000Z');
    expect(fake.calls.mutating().map((call) => call.operation)).toEqual(['StopReplicationTask', 'StopReplicationTask']);
  });

  it('answers NotFound for an unknown task and InvalidInput for something that is not an ARN', async () => {
    const fake = cloud();
    const missing = handlerOf(fake, 'replication', serviceAction('replication.stop', `${TASK}-nope`));
    expect((await missing.execute())._unsafeUnwrapErr().message).toContain('ResourceNotFoundFault');
    expect((await missing.reconcile())._unsafeUnwrapErr().code).toBe('NotFound');
    const bad = handlerOf(fake, 'replication', serviceAction('replication.stop', 'payments-cdc'));
    expect((await bad.execute())._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
  it('with a seeded stop time, a task is stopping first: the handler waits through a checkpoint until it is stopped', async () => {
    const fake = createFakeCloud({
      now: '2026-12-16T00:00:00Z',
      services: { replicationTasks: [{ id: 'payments-cdc' }], replicationStopSeconds: 40 },
    });
    const subject = serviceAction('replication.stop', TASK);
    const stop = handlerOf(fake, 'replication', subject);
    const started = (await stop.execute())._unsafeUnwrap();
    expect(started).toEqual({ status: 'pending', checkpoint: { taskArn: TASK }, pollAfterMilliseconds: 15_000 });
    expect(fake.source.replicationTask(TASK)?.status).toBe('stopping');
    expect((await stop.reconcile())._unsafeUnwrap().status).toBe('pending');
    expect((await stop.execute())._unsafeUnwrapErr().message).toContain('is stopping');
    const handler = fake.providers.replication.handlers?.['replication.stop'];
    const context = { signal: new AbortController().signal, clock: fake.clock, idempotencyToken: 't', ports: {} };
    fake.clock.advance(15_000);
    expect((await handler?.poll?.(subject, { taskArn: TASK }, context))?._unsafeUnwrap().status).toBe('pending');
    fake.clock.advance(30_000);
    expect((await handler?.poll?.(subject, { taskArn: TASK }, context))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { taskArn: TASK, status: 'stopped', stoppedAt: '2026-12-16T00:00:40.000Z' },
    });
    expect((await fake.providers.replication.listTasks())._unsafeUnwrap()[0]?.status).toBe('stopped');
  });
});

describe('fake Well-Architected (assessment)', () => {
  it('finds workloads by name, with seeded defaults', async () => {
    const fake = cloud();
    expect((await fake.providers.assessment.findWorkload('nobody'))._unsafeUnwrap()).toBeNull();
    expect((await fake.providers.assessment.findWorkload('payments'))._unsafeUnwrap()).toEqual({
      id: 'wa-1',
      name: 'payments',
      lenses: ['wellarchitected', 'serverless'],
    });
    const billing = (await fake.providers.assessment.findWorkload('billing'))._unsafeUnwrap();
    expect(billing?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(billing?.lenses).toEqual(['wellarchitected']);
    expect(fake.source.wellArchitectedWorkload('billing')?.answers.map((answer) => answer.questionId)).toEqual([
      'q1',
      'q2',
      'q3',
    ]);
  });

  it('exports every lens review: all answer pages as JSON, the report PDF, one milestone even when run twice', async () => {
    const fake = cloud();
    const subject = serviceAction('assessment.export', 'wa-1', { workloadId: 'wa-1' });
    const exporter = handlerOf(fake, 'assessment', subject);
    expect((await exporter.reconcile())._unsafeUnwrap().status).toBe('absent');
    const first = (await exporter.execute())._unsafeUnwrap();
    if (first.status !== 'done') throw new Error('expected done');
    expect(first.result).toMatchObject({
      workloadId: 'wa-1',
      milestone: 1,
      milestoneName: exportMilestoneName(subject.key),
    });
    const names = assessmentArtifactNames('wa-1', 'wellarchitected');
    const answers = fake.artifacts.get(names.answers);
    expect(JSON.parse(answers?.text ?? '{}').answers).toHaveLength(23);
    expect(fake.calls.of('ListAnswers').filter((call) => call.target === 'wa-1')).toHaveLength(3 + 1);
    const pdf = fake.artifacts.get(names.report);
    expect(pdf?.contentType).toBe('application/pdf');
    const text = Buffer.from(pdf?.bytes ?? []).toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const lenses = first.result.lenses as {
      lens: string;
      answersSha256: string;
      reportSha256: string;
      answers: number;
    }[];
    expect(lenses.map((lens) => [lens.lens, lens.answers])).toEqual([
      ['wellarchitected', 23],
      ['serverless', 1],
    ]);
    expect(lenses[0]?.answersSha256).toBe(sha256(answers?.bytes ?? new Uint8Array()));
    expect((await exporter.reconcile())._unsafeUnwrap()).toEqual(first);
    expect((await exporter.execute())._unsafeUnwrap()).toEqual(first);
    expect(fake.calls.of('CreateMilestone')).toHaveLength(1);
    expect(fake.source.wellArchitectedWorkload('wa-1')?.milestones).toHaveLength(1);
  });

  it('narrows to the lenses asked; refuses missing params, unknown workloads and lenses', async () => {
    const fake = cloud();
    const one = handlerOf(
      fake,
      'assessment',
      serviceAction('assessment.export', 'wa-1', { workloadId: 'wa-1', lenses: ['serverless'] }),
    );
    const done = (await one.execute())._unsafeUnwrap();
    expect(done.status === 'done' && (done.result.lenses as unknown[]).length).toBe(1);
    const cases: [JsonObject, string][] = [
      [{}, 'InvalidInput'],
      [{ workloadId: 'wa-1', lenses: 'serverless' }, 'InvalidInput'],
      [{ workloadId: 'wa-404' }, 'NotFound'],
      [{ workloadId: 'wa-1', lenses: ['nope'] }, 'NotFound'],
    ];
    for (const [params, code] of cases) {
      const bad = handlerOf(fake, 'assessment', serviceAction('assessment.export', 'x', params));
      expect((await bad.execute())._unsafeUnwrapErr().code).toBe(code);
    }
    const context = { signal: new AbortController().signal, clock: fake.clock, idempotencyToken: 't', ports: {} };
    const handler = fake.providers.assessment.handlers?.['assessment.export'];
    const withoutStore = await handler?.execute(
      serviceAction('assessment.export', 'wa-1', { workloadId: 'wa-1' }),
      context,
    );
    expect(withoutStore?._unsafeUnwrapErr().message).toContain('artifacts port');
  });

  it('CreateMilestone is idempotent by ClientRequestToken, a name taken by another request is a Conflict', async () => {
    const fake = cloud();
    const tool = fake.services.wellArchitected;
    expect((await tool.createMilestone('wa-1', 'before decom', 'token-1'))._unsafeUnwrap()).toEqual({ number: 1 });
    expect((await tool.createMilestone('wa-1', 'before decom', 'token-1'))._unsafeUnwrap()).toEqual({ number: 1 });
    expect((await tool.createMilestone('wa-1', 'before decom', 'token-2'))._unsafeUnwrapErr().message).toContain(
      'ConflictException',
    );
    expect((await tool.createMilestone('wa-1', 'x', 'token-3'))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await tool.listAnswers('wa-1', 'wellarchitected', 'garbage'))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await tool.getLensReviewReport('wa-1', 'wellarchitected', 7))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await tool.listLensReviews('wa-1'))._unsafeUnwrap()[0]?.riskCounts).toMatchObject({ HIGH: 5, NONE: 18 });
  });
});

describe('fake Cost Explorer (costs)', () => {
  const tag = { key: 'workload', value: 'payments' };
  it('sums the tag value’s daily costs over whole days, end exclusive', async () => {
    const fake = cloud();
    const cost = async (start: string, end: string) =>
      (await fake.providers.costs.costByTag(tag, { start, end }))._unsafeUnwrap();
    expect(await cost('2026-12-01T00:00:00Z', '2026-12-16T00:00:00Z')).toEqual({
      amount: 12.75,
      currency: 'USD',
      window: { start: '2026-12-01T00:00:00Z', end: '2026-12-16T00:00:00Z' },
    });
    expect((await cost('2026-12-11', '2026-12-14')).amount).toBe(1.5);
    expect((await cost('2026-12-15', '2026-12-16')).amount).toBe(0);
    expect((await fake.services.costExplorer.getCostAndUsage(tag, '2026-12-12', '2026-12-14'))._unsafeUnwrap()).toEqual(
      [
        { start: '2026-12-12', end: '2026-12-13', amount: 0.75 },
        { start: '2026-12-13', end: '2026-12-14', amount: 0.75 },
      ],
    );
  });

  it('refuses reversed or empty periods, dates that are not dates and an empty tag key', async () => {
    const fake = cloud();
    for (const [key, start, end] of [
      ['workload', '2026-12-16', '2026-12-01'],
      ['workload', '2026-12-16T00:00:00Z', '2026-12-16T12:00:00Z'],
      ['workload', 'yesterday', '2026-12-16'],
      ['', '2026-12-01', '2026-12-16'],
    ] as const) {
      const result = await fake.providers.costs.costByTag({ key, value: 'payments' }, { start, end });
      expect(result._unsafeUnwrapErr().code).toBe('InvalidInput');
    }
  });
});
