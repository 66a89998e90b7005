import {
  createEngine,
  decommissionChecklist,
  defineWorkload,
  type MetricQuery,
  type MetricsPort,
  memoryJournal,
  type Plan,
  type Workload,
  type WorkloadInput,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { AZURE_SQL, AZURE_WEB, hourly, standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';
/** The traffic moved to Azure a week before NOW. */
const CUTOVER = '2026-12-09T00:00:00Z';
const tags = { workload: 'payments' };

/** The standard world with an Application Load Balancer whose CloudWatch figures before the cutover are seeded. */
function seedWithAws(awsLatencySeconds: number): FakeCloudSeed {
  const base = standardSeed(NOW);
  const withBalancer: FakeCloudSeed = {
    ...base,
    source: { ...base.source, loadBalancers: [{ loadBalancerName: 'payments-alb', tags, securityGroups: [] }] },
  };
  const albArn = createFakeCloud(withBalancer).source.loadBalancers()[0]?.arn ?? '';
  const before = (metric: string, namespace: string, resource: string, value: (hour: number) => number) => ({
    resource,
    namespace,
    metric,
    points: hourly(CUTOVER, value),
  });
  return {
    ...withBalancer,
    services: {
      ...withBalancer.services,
      metrics: [
        ...(withBalancer.services?.metrics ?? []),
        before('TargetResponseTime', 'AWS/ApplicationELB', albArn, () => awsLatencySeconds),
        before('RequestCount', 'AWS/ApplicationELB', albArn, () => 1100),
        before('CPUUtilization', 'AWS/EC2', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1', () => 30),
      ],
    },
  };
}

function workloadWith(extra: Partial<WorkloadInput>): Workload {
  const base = standardWorkload();
  return defineWorkload({ ...base, ...extra } as WorkloadInput)._unsafeUnwrap();
}

async function planBaseline(seed: FakeCloudSeed, workload: Workload) {
  const cloud = createFakeCloud(seed);
  const asked: MetricQuery[] = [];
  const targetMetrics: MetricsPort = {
    ...cloud.providers.targetMetrics,
    query: (queries, window) => {
      asked.push(...queries);
      return cloud.providers.targetMetrics.query(queries, window);
    },
  };
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: { ...cloud.providers, targetMetrics },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan: Plan = (await engine.plan())._unsafeUnwrap();
  const step = plan.steps.find((candidate) => candidate.id === 'establish-baseline');
  const body = step?.actions[0]?.params.body;
  return { asked, findings: step?.findings ?? [], document: JSON.parse(typeof body === 'string' ? body : '{}') };
}

describe('establish-baseline', () => {
  it('measures each Azure resource with its type’s metrics and says why a figure was not measured', async () => {
    const { document, findings, asked } = await planBaseline(standardSeed(NOW), standardWorkload());
    const web = document.resources.find((resource: { id: string }) => resource.id === AZURE_WEB);
    // The seed: ResponseTime 80..99 ms, 1000+hour requests an hour over 72 h, CPU 35 %, memory 60 %.
    expect(web.latencyMilliseconds.average).toBeCloseTo(88.83, 2);
    expect(web.latencyMilliseconds.p95).toBeGreaterThanOrEqual(97);
    expect(web.requestsPerSecond).toBeCloseTo((72 * 1000 + (71 * 72) / 2) / (7 * 24 * 3600), 6);
    expect([web.cpuPercent, web.memoryPercent]).toEqual([35, 60]);
    expect(web.notMeasured).toEqual({});
    const sql = document.resources.find((resource: { id: string }) => resource.id === AZURE_SQL);
    expect(sql.cpuPercent).toBeNull();
    expect(sql.notMeasured.cpuPercent).toBe(
      'not measured: no baseline metrics are known for type microsoft.sql/servers',
    );
    // Only the catalogue's metrics were asked, and nothing for the unknown type.
    const baselineQueries = asked.filter((query) => query.id.startsWith('r'));
    expect(baselineQueries.map((query) => `${query.metric}:${query.statistic}`).sort()).toEqual(
      ['CpuPercentage:Average', 'MemoryPercentage:Average', 'Requests:Sum', 'ResponseTime:Average']
        .concat(['ResponseTime:p50', 'ResponseTime:p95', 'ResponseTime:p99'])
        .sort(),
    );
    expect(baselineQueries.every((query) => query.resource === AZURE_WEB)).toBe(true);
    // No cutover date: no AWS window to compare with, and the findings say so.
    expect(document.aws.notMeasured).toMatch(/cutover\.completedAt/);
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'info', code: 'regression-not-measured' }));
  });

  it('reports a latency regression against the AWS figures of the week before the cutover, naming both figures', async () => {
    const workload = workloadWith({ cutover: { completedAt: CUTOVER } });
    const { document, findings } = await planBaseline(seedWithAws(0.05), workload);
    expect(document.aws.window).toEqual({ start: '2026-12-02T00:00:00.000Z', end: '2026-12-09T00:00:00.000Z' });
    expect(document.aws.figures.latencyMilliseconds.average).toBeCloseTo(50, 6);
    expect(document.aws.figures.cpuPercent).toBe(30);
    const regressions = findings.filter((finding) => finding.code === 'baseline-regression');
    // Latency 88.83 ms (p50 88, p95 98, p99 99) against a steady 50 ms; CPU 35 % against 30 % (+16.7 %) is within
    // 20 %; requests fell 5.9 %, within 20 % too.
    expect(regressions.map((finding) => finding.message)).toEqual([
      'latencyMilliseconds.average regressed after the migration: 88.83 ms on Azure against 50 ms on AWS before the cutover (+77.67 %, threshold 20 %)',
      'latencyMilliseconds.p50 regressed after the migration: 88 ms on Azure against 50 ms on AWS before the cutover (+76 %, threshold 20 %)',
      'latencyMilliseconds.p95 regressed after the migration: 98 ms on Azure against 50 ms on AWS before the cutover (+96 %, threshold 20 %)',
      'latencyMilliseconds.p99 regressed after the migration: 99 ms on Azure against 50 ms on AWS before the cutover (+98 %, threshold 20 %)',
    ]);
    expect(regressions.every((finding) => finding.severity === 'warning')).toBe(true);
    const cpu = document.comparison.find((row: { figure: string }) => row.figure === 'cpuPercent');
    expect(cpu).toMatchObject({ aws: 30, azure: 35, regressed: false, thresholdPercent: 20 });
  });

  it('holds each figure to its own threshold, and finds nothing when Azure is as fast', async () => {
    const strict = workloadWith({ cutover: { completedAt: CUTOVER }, baseline: { regressionPercent: { cpu: 10 } } });
    const cpuOnly = await planBaseline(seedWithAws(0.09), strict);
    expect(
      cpuOnly.findings.filter((finding) => finding.code === 'baseline-regression').map((finding) => finding.message),
    ).toEqual([
      expect.stringMatching(
        /^cpuPercent regressed .*: 35 % on Azure against 30 % on AWS before the cutover \(\+16\.67 %, threshold 10 %\)$/,
      ),
    ]);
    const relaxed = workloadWith({ cutover: { completedAt: CUTOVER } });
    const none = await planBaseline(seedWithAws(0.09), relaxed);
    expect(none.findings.filter((finding) => finding.code === 'baseline-regression')).toEqual([]);
    expect(none.document.comparison.length).toBe(7);
  });

  it('measures nothing and says so when the metrics provider gives no catalogue', async () => {
    const cloud = createFakeCloud(standardSeed(NOW));
    const { baselineMetrics: _dropped, ...bare } = cloud.providers.targetMetrics;
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: { ...cloud.providers, targetMetrics: bare },
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const body = plan.steps.find((candidate) => candidate.id === 'establish-baseline')?.actions[0]?.params.body;
    const document = JSON.parse(typeof body === 'string' ? body : '{}');
    expect(document.resources[0].latencyMilliseconds.average).toBeNull();
    expect(document.resources[0].notMeasured.requestsPerSecond).toBe(
      'not measured: the metrics provider gives no baseline catalogue',
    );
    expect(cloud.calls.of('QueryResources')).toEqual([]);
  });

  it('refuses a negative regression threshold and a cutover date that is not a date, naming the field', () => {
    const base = standardWorkload();
    const negative = defineWorkload({ ...base, baseline: { regressionPercent: { latency: -5 } } } as WorkloadInput);
    expect(negative._unsafeUnwrapErr().message).toMatch(/baseline\.regressionPercent\.latency/);
    const notADate = defineWorkload({ ...base, cutover: { completedAt: 'last tuesday' } } as WorkloadInput);
    expect(notADate._unsafeUnwrapErr().message).toMatch(/cutover\.completedAt/);
  });
});
