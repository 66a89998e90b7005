import type { MetricsPort } from '@decomkit/core';
import { assert, okValue } from '../assertions.js';
import type { AzureOracle, SourceMetricsOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { SOURCE_METRICS_WORLD, TARGET_METRICS_WORLD } from '../standard-world.js';
import { type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { MetricFixture, SourceMetricsWorld, TargetMetricsWorld } from '../world-fixtures.js';

const WINDOW = { start: '2026-12-14T23:30:00.000Z', end: '2026-12-15T01:30:00.000Z' };

/**
 * What {@link sourceMetricsConformance} builds: the `sourceMetrics` port and an oracle naming the instances.
 *
 * @example
 * ```ts
 * sourceMetricsConformance({ describe, it }, async (world): Promise<SourceMetricsSubject> => build(world));
 * ```
 */
export type SourceMetricsSubject = PortSubject<'sourceMetrics', SourceMetricsOracle>;

/**
 * What {@link targetMetricsConformance} builds: the `targetMetrics` port and an oracle naming the Azure resources.
 *
 * @example
 * ```ts
 * targetMetricsConformance({ describe, it }, async (world): Promise<TargetMetricsSubject> => build(world));
 * ```
 */
export type TargetMetricsSubject = PortSubject<'targetMetrics', AzureOracle>;

/** The one check of both metrics suites: the points of `fixture` inside the window, none for an unknown series. */
async function checkSeries(metrics: MetricsPort, fixture: MetricFixture, resource: string): Promise<void> {
  const [found, nothing] = okValue(
    await metrics.query(
      [
        {
          id: 'found',
          resource,
          ...(fixture.namespace === undefined ? {} : { namespace: fixture.namespace }),
          metric: fixture.metric,
          statistic: 'Sum',
        },
        { id: 'nothing', resource, metric: 'NoSuchMetric', statistic: 'Sum' },
      ],
      WINDOW,
    ),
    'query',
  );
  const expected = fixture.points
    .filter((point) => point.at >= WINDOW.start && point.at <= WINDOW.end)
    .reduce((sum, point) => sum + point.value, 0);
  assert.equal(
    found?.values.reduce((sum, value) => sum + value, 0),
    expected,
  );
  assert.equal(nothing?.values.length, 0);
}

/** The first series of `world` on `side`; fails when there is none. */
function seriesOf(metrics: readonly MetricFixture[], side: MetricFixture['side']): MetricFixture {
  const fixture = metrics.find((candidate) => candidate.side === side);
  assert.ok(fixture);
  return fixture;
}

const CHECK = 'returns the points put inside the window, and none for a series nobody put';

/**
 * The `sourceMetrics` port (CloudWatch): the datapoints in the window, nothing
 * invented. The world is the instances and one series on `web-1`.
 *
 * @example
 * ```ts
 * sourceMetricsConformance({ describe, it }, async (world) => {
 *   const cloud = await seed(world.instances, world.metrics);
 *   return { sourceMetrics: cloud.metrics, oracle: { arnOf: cloud.arnOf } };
 * });
 * ```
 */
export function sourceMetricsConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<SourceMetricsWorld, SourceMetricsSubject>,
): void {
  runner.describe('sourceMetrics', () => {
    runner.it(CHECK, () =>
      withSubject(create, SOURCE_METRICS_WORLD, async (subject) => {
        const fixture = seriesOf(SOURCE_METRICS_WORLD.metrics, 'source');
        await checkSeries(subject.sourceMetrics, fixture, subject.oracle.arnOf(fixture.resource));
      }),
    );
  });
}

/**
 * The `targetMetrics` port (Azure Monitor): the datapoints in the window,
 * nothing invented. The world is Azure resources and one series on
 * `payments-web`: an Azure provider builds no AWS resource for it.
 *
 * @example
 * ```ts
 * targetMetricsConformance({ describe, it }, async (world) => {
 *   const azure = await seedAzure(world.azureResources, world.metrics);
 *   return { targetMetrics: azureMonitor(azure), oracle: { azureIdOf: azure.idOf } };
 * });
 * ```
 */
export function targetMetricsConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<TargetMetricsWorld, TargetMetricsSubject>,
): void {
  runner.describe('targetMetrics', () => {
    runner.it(CHECK, () =>
      withSubject(create, TARGET_METRICS_WORLD, async (subject) => {
        const fixture = seriesOf(TARGET_METRICS_WORLD.metrics, 'target');
        await checkSeries(subject.targetMetrics, fixture, subject.oracle.azureIdOf(fixture.resource));
      }),
    );
  });
}
