import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { oracleMethod, STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

const WINDOW = { start: '2026-12-14T23:30:00.000Z', end: '2026-12-15T01:30:00.000Z' };

/** The `sourceMetrics` (CloudWatch) and `targetMetrics` (Azure Monitor) ports: the datapoints in the window, nothing invented. */
export function metricsGroup(runner: ConformanceRunner, target: ConformanceTarget, side: 'source' | 'target'): void {
  const port = side === 'source' ? 'sourceMetrics' : 'targetMetrics';
  runner.describe(port, () => {
    runner.it('returns the points put inside the window, and none for a series nobody put', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const metrics = portOf(subject, port);
        const fixture = (STANDARD_WORLD.metrics ?? []).find((candidate) => candidate.side === side);
        assert.ok(fixture);
        const resource =
          side === 'source'
            ? subject.oracle.arnOf(fixture.resource)
            : oracleMethod(subject.oracle, 'azureIdOf')(fixture.resource);
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
      }),
    );
  });
}
