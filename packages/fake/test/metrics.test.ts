import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION } from './service-support.js';

const INSTANCE = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1';
const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/payments/50dc6c495c0c9188';
const WEB = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-payments/providers/Microsoft.Web/sites/payments-web`;

function cloud() {
  return createFakeCloud({
    now: '2026-12-16T00:00:00Z',
    services: {
      metrics: [
        {
          resource: INSTANCE,
          namespace: 'AWS/EC2',
          metric: 'NetworkIn',
          points: [1, 2, 3, 4].map((value, hour) => ({ at: `2026-12-15T0${hour}:00:00.000Z`, value })),
        },
        // generated: one point an hour over the 72 hours before the start, value = index
        { resource: ALB, namespace: 'AWS/ApplicationELB', metric: 'RequestCount', value: (index) => index },
      ],
      azureMetrics: [
        {
          resource: WEB,
          metric: 'ResponseTime',
          from: '2026-12-15T10:00:00Z',
          everyMinutes: 1,
          hours: 0,
          to: '2026-12-15T11:40:00Z',
          value: (index) => index + 1,
        },
        { resource: WEB, metric: 'Requests', value: 10, hours: 24 },
      ],
    },
  });
}

describe('fake CloudWatch (sourceMetrics)', () => {
  it('applies the statistic over the whole window by default, per period when asked, and returns only data put', async () => {
    const fake = cloud();
    const window = { start: '2026-12-15T01:00:00.000Z', end: '2026-12-15T02:30:00.000Z' };
    const whole = (
      await fake.providers.sourceMetrics.query(
        [
          { id: 'a', resource: INSTANCE, namespace: 'AWS/EC2', metric: 'NetworkIn', statistic: 'Sum' },
          { id: 'b', resource: INSTANCE.replace('i-1', 'i-2'), metric: 'NetworkIn', statistic: 'Sum' },
          { id: 'c', resource: INSTANCE, namespace: 'AWS/RDS', metric: 'NetworkIn', statistic: 'Sum' },
        ],
        window,
      )
    )._unsafeUnwrap();
    expect(whole).toEqual([
      { id: 'a', timestamps: [window.start], values: [5] },
      { id: 'b', timestamps: [], values: [] },
      { id: 'c', timestamps: [], values: [] },
    ]);
    const hourly = (
      await fake.providers.sourceMetrics.query(
        [
          { id: 'sum', resource: INSTANCE, metric: 'NetworkIn', statistic: 'Sum', period: 3600 },
          { id: 'max', resource: INSTANCE, metric: 'NetworkIn', statistic: 'Maximum', period: 7200 },
        ],
        { start: '2026-12-15T00:00:00Z', end: '2026-12-15T06:00:00Z' },
      )
    )._unsafeUnwrap();
    expect(hourly[0]).toEqual({
      id: 'sum',
      timestamps: [
        '2026-12-15T00:00:00.000Z',
        '2026-12-15T01:00:00.000Z',
        '2026-12-15T02:00:00.000Z',
        '2026-12-15T03:00:00.000Z',
      ],
      values: [1, 2, 3, 4],
    });
    expect(hourly[1]?.values).toEqual([2, 4]);
    const generated = (
      await fake.providers.sourceMetrics.query(
        [{ id: 'requests', resource: ALB, metric: 'RequestCount', statistic: 'Sum' }],
        { start: '2026-12-13T00:00:00Z', end: '2026-12-16T00:00:00Z' },
      )
    )._unsafeUnwrap();
    expect(generated[0]?.values).toEqual([(71 * 72) / 2]);
    expect(fake.calls.of('GetMetricData')).toHaveLength(3);
    expect(fake.calls.mutating()).toHaveLength(0);
  });

  it('refuses reversed windows, bad periods and bad or repeated query ids; PutMetricData adds points', async () => {
    const fake = cloud();
    const query = { id: 'a', resource: INSTANCE, metric: 'NetworkIn', statistic: 'Sum' as const };
    const window = { start: '2026-12-15T00:00:00Z', end: '2026-12-15T06:00:00Z' };
    expect(
      (await fake.providers.sourceMetrics.query([query], { start: window.end, end: window.start }))._unsafeUnwrapErr()
        .code,
    ).toBe('InvalidInput');
    expect(
      (await fake.providers.sourceMetrics.query([{ ...query, period: 90 }], window))._unsafeUnwrapErr().message,
    ).toContain('ValidationError');
    expect((await fake.providers.sourceMetrics.query([query, query], window))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(
      (await fake.providers.sourceMetrics.query([{ ...query, id: 'Bad-id' }], window))._unsafeUnwrapErr().code,
    ).toBe('InvalidInput');
    (
      await fake.services.cloudWatch.putMetricData(INSTANCE, 'AWS/EC2', 'NetworkIn', [
        { at: '2026-12-15T05:00:00Z', value: 10 },
      ])
    )._unsafeUnwrap();
    expect(fake.calls.mutating().map((call) => call.operation)).toEqual(['PutMetricData']);
    expect((await fake.providers.sourceMetrics.query([query], window))._unsafeUnwrap()[0]?.values).toEqual([20]);
    expect(fake.source.metricSeries(INSTANCE, 'NetworkIn')?.points).toHaveLength(5);
  });
});

describe('fake Azure Monitor (targetMetrics)', () => {
  it('computes p50/p95/p99 over the raw samples, totals per interval, and refuses non-Azure ids and odd intervals', async () => {
    const fake = cloud();
    const day = { start: '2026-12-15T00:00:00Z', end: '2026-12-16T00:00:00Z' };
    const latency = (
      await fake.providers.targetMetrics.query(
        (['p50', 'p95', 'p99', 'Maximum', 'Average'] as const).map((statistic) => ({
          id: statistic,
          resource: WEB,
          metric: 'ResponseTime',
          statistic,
        })),
        day,
      )
    )._unsafeUnwrap();
    expect(latency.map((entry) => entry.values[0])).toEqual([50, 95, 99, 100, 50.5]);
    const requests = (
      await fake.providers.targetMetrics.query(
        [{ id: 'r', resource: WEB.toUpperCase(), metric: 'requests', statistic: 'Sum', period: 21_600 }],
        day,
      )
    )._unsafeUnwrap();
    expect(requests[0]?.values).toEqual([60, 60, 60, 60]);
    expect(
      (
        await fake.providers.targetMetrics.query(
          [{ id: 'x', resource: 'payments-web', metric: 'Requests', statistic: 'Sum' }],
          day,
        )
      )._unsafeUnwrapErr().code,
    ).toBe('InvalidInput');
    expect(
      (
        await fake.providers.targetMetrics.query(
          [{ id: 'x', resource: WEB, metric: 'Requests', statistic: 'Sum', period: 120 }],
          day,
        )
      )._unsafeUnwrapErr().message,
    ).toContain('interval');
    expect(fake.target.metricSeries(WEB, 'Requests')?.points).toHaveLength(24);
  });

  it('round-trips its series through snapshot and restore, and fails with injected faults', async () => {
    const { restoreFakeCloud } = await import('@decomkit/fake');
    const fake = cloud();
    const again = restoreFakeCloud(fake.snapshot());
    const query = [{ id: 'p', resource: WEB, metric: 'ResponseTime', statistic: 'p95' as const }];
    const day = { start: '2026-12-15T00:00:00Z', end: '2026-12-16T00:00:00Z' };
    expect((await again.providers.targetMetrics.query(query, day))._unsafeUnwrap()).toEqual(
      (await fake.providers.targetMetrics.query(query, day))._unsafeUnwrap(),
    );
    fake.faults.inject({ operation: 'QueryResources', error: 'throttled' });
    expect((await fake.providers.targetMetrics.query(query, day))._unsafeUnwrapErr().code).toBe('Throttled');
  });
});
