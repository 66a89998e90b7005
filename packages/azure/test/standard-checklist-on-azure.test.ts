import {
  composeProviders,
  createEngine,
  decommissionChecklist,
  defineWorkload,
  dnsByProvider,
  memoryJournal,
  type RunReport,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourly, standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { azureDns, azureTarget } from '../src/index.js';
import { type EmulatedRecordSet, emulateAzureDns } from './support/azure-world.js';
import { type Azurite, startAzurite } from './support/azurite.js';
import { FAST_RETRIES, holdsSecret, testCredential } from './support/contract.js';
import { azuriteContainer, emulateStandardAzure } from './support/standard-azure.js';

const NOW = '2026-12-16T00:00:00Z';
const CUTOVER = '2026-12-09T00:00:00Z';
const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const tags = { workload: 'payments' };

/** The value, or a failure naming the typed error. */
function value<T>(result: { isErr(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): unknown }): T {
  if (result.isErr()) throw new Error(`unexpected error: ${JSON.stringify(result._unsafeUnwrapErr())}`);
  return result._unsafeUnwrap();
}

/**
 * The AWS side: the fake cloud's standard world with an Application Load
 * Balancer whose CloudWatch figures of the week before the cutover are seeded
 * (62.5 ms, against 125 ms on Azure: a regression).
 */
function awsSeed(): FakeCloudSeed {
  const base = standardSeed(NOW);
  const withBalancer: FakeCloudSeed = {
    ...base,
    source: { ...base.source, loadBalancers: [{ loadBalancerName: 'payments-alb', tags, securityGroups: [] }] },
  };
  const albArn = createFakeCloud(withBalancer).source.loadBalancers()[0]?.arn ?? '';
  const before = (metric: string, value: number) => ({
    resource: albArn,
    namespace: 'AWS/ApplicationELB',
    metric,
    points: hourly(CUTOVER, () => value),
  });
  return {
    ...withBalancer,
    services: {
      ...withBalancer.services,
      metrics: [
        ...(withBalancer.services?.metrics ?? []),
        before('TargetResponseTime', 0.0625),
        before('RequestCount', 1000),
      ],
    },
  };
}

/**
 * The standard checklist with the real Azure target code: Resource Graph,
 * the Monitor metrics batch API, Azure DNS and Advisor over the Azure SDK
 * clients against an emulated Azure (nock, shaped by the REST API's examples),
 * and the artifact store on Azurite. The AWS source and the CMDB are the fake
 * cloud's here (the AWS source on moto_server is the aws package's own end to
 * end test).
 */
describe('the standard checklist with the Azure target on the emulated Azure and Azurite', () => {
  let azurite: Azurite;
  let report: RunReport;
  let baseline: Record<string, unknown>;
  let advisorSnapshot: { pillars: Record<string, { high: number }>; scores: { pillar: string }[] };
  let dnsRecord: EmulatedRecordSet;
  let stopEmulation: () => void = () => {};

  beforeAll(async () => {
    azurite = await startAzurite();
    const container = await azuriteContainer(azurite);
    dnsRecord = { zone: 'example.com', name: 'pay', type: 'A', ttl: 60, etag: 1, values: ['20.50.1.10'] };
    const stops = [
      emulateStandardAzure({ subscriptionId: SUBSCRIPTION, now: NOW, latencySeconds: 0.125 }),
      emulateAzureDns(SUBSCRIPTION, [dnsRecord]),
    ];
    stopEmulation = () => {
      for (const stop of stops) stop();
    };

    const fake = createFakeCloud(awsSeed());
    const {
      targetResources: _r,
      targetMetrics: _m,
      advisor: _a,
      artifacts: _s,
      dns: route53,
      ...source
    } = fake.providers;
    const credential = testCredential();
    const azure = azureTarget({
      subscriptionId: SUBSCRIPTION,
      credential,
      clients: { container },
      clientOptions: { retryOptions: FAST_RETRIES },
    });
    const providers = value(
      composeProviders(source, azure, {
        dns: dnsByProvider({
          route53,
          azure: azureDns({ subscriptionId: SUBSCRIPTION, credential, clientOptions: { retryOptions: FAST_RETRIES } }),
        }),
      }),
    );
    const base = standardWorkload();
    const workload = value(
      defineWorkload({
        ...base,
        dns: [{ zone: 'example.com', name: 'pay', type: 'A', originalTtl: 3600, provider: 'azure' }],
        cutover: { ...base.cutover, completedAt: CUTOVER },
      }),
    );
    const engine = value(
      createEngine({
        checklist: decommissionChecklist(workload),
        providers,
        journal: memoryJournal(),
      }),
    );
    const plan = value(await engine.plan());
    report = value(await engine.apply(plan, { approve: async () => true }));
    const artifacts = providers.artifacts;
    const stored = value(await artifacts.get('decomkit/payments/azure-baseline.json'));
    baseline = JSON.parse(new TextDecoder().decode(stored ?? new Uint8Array()));
    const snapshot = value(await artifacts.get('decomkit/payments/advisor-snapshot.json'));
    advisorSnapshot = JSON.parse(new TextDecoder().decode(snapshot ?? new Uint8Array()));
  });

  afterAll(async () => {
    stopEmulation();
    await azurite?.stop();
  });

  const item = (id: string) => report.items.find((candidate) => candidate.item === id);

  it('checks Reset TTL on Azure DNS, read back at the original value', () => {
    expect(item('ttl')?.checked, item('ttl')?.reasons.join('; ')).toBe(true);
    expect(dnsRecord.ttl).toBe(3600);
  });

  it('checks Establish new baseline, with the Azure figures from Monitor and the regression against CloudWatch', () => {
    expect(item('baseline')?.checked, item('baseline')?.reasons.join('; ')).toBe(true);
    const findings = report.items.flatMap((entry) => entry.steps).flatMap((step) => step.findings);
    expect(
      findings.filter((finding) => finding.code === 'baseline-regression').map((finding) => finding.message),
    ).toEqual([
      'latencyMilliseconds.average regressed after the migration: 125 ms on Azure against 62.5 ms on AWS before the cutover (+100 %, threshold 20 %)',
    ]);
    expect(baseline).toMatchObject({
      figures: { latencyMilliseconds: { average: 125, p95: null }, cpuPercent: 35, memoryPercent: 60 },
      aws: { figures: { latencyMilliseconds: { average: 62.5, p95: 62.5 } } },
    });
    // No Log Analytics workspace: Azure's percentiles are not measured, so they are compared with nothing.
    const web = (baseline.resources as { id: string; notMeasured: Record<string, string> }[]).find((resource) =>
      resource.id.endsWith('/payments-web'),
    );
    expect(web?.notMeasured['latencyMilliseconds.p95']).toMatch(/no Log Analytics workspace was given/);
  });

  it('checks Perform a WAF workload assessment, with the Advisor snapshot in Blob storage', () => {
    expect(item('waf-assessment')?.checked, item('waf-assessment')?.reasons.join('; ')).toBe(true);
    // HighAvailability is Reliability; the scores are the ListAdvisorScore example's six categories.
    expect(advisorSnapshot.pillars.Reliability?.high).toBe(1);
    expect(advisorSnapshot.scores.map((score) => score.pillar)).toEqual([
      'Cost',
      'Performance',
      'Security',
      'Reliability',
      'OperationalExcellence',
      'Advisor',
    ]);
  });

  it('keeps the bearer token out of the report', () => {
    expect(holdsSecret(report)).toBe(false);
  });
});
