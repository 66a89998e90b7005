import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { oracleMethod, STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

const SUBSCRIPTION = STANDARD_WORLD.azureSubscriptionId ?? '';

/** The `costs` port (Cost Explorer): the cost of a tag over a window. */
export function costsGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('costs', () => {
    runner.it('sums the cost of the tag over the window, and nothing outside it', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const costs = portOf(subject, 'costs');
        const tag = { key: 'workload', value: 'payments' };
        assert.equal(
          okValue(
            await costs.costByTag(tag, { start: '2026-12-01T00:00:00Z', end: '2026-12-15T00:00:00Z' }),
            'costByTag',
          ).amount,
          20,
        );
        assert.equal(
          okValue(
            await costs.costByTag(tag, { start: '2026-12-11T00:00:00Z', end: '2026-12-15T00:00:00Z' }),
            'costByTag later',
          ).amount,
          7.5,
        );
      }),
    );
  });
}

/** The `targetResources` port (Resource Graph): every resource of the resource groups, across pages. */
export function targetResourcesGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('targetResources', () => {
    runner.it('lists the resources of the chosen resource groups only', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const listed = okValue(
          await portOf(subject, 'targetResources').list({
            subscriptionId: SUBSCRIPTION,
            resourceGroups: ['rg-payments'],
          }),
          'list',
        );
        const idOf = oracleMethod(subject.oracle, 'azureIdOf');
        assert.deepEqual(
          listed.map((resource) => resource.id).sort(),
          ['payments-sql', 'payments-web'].map(idOf).sort(),
        );
      }),
    );
  });
}

/** The `advisor` port: recommendations with Advisor categories mapped to Well-Architected pillars. */
export function advisorGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('advisor', () => {
    runner.it('maps HighAvailability to Reliability and keeps impact and summary', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const found = okValue(await portOf(subject, 'advisor').recommendations(SUBSCRIPTION), 'recommendations');
        assert.deepEqual(
          found.map((recommendation) => [recommendation.pillar, recommendation.impact, recommendation.summary]).sort(),
          [
            ['Cost', 'Low', 'Right-size the database'],
            ['Reliability', 'High', 'Use availability zones'],
          ],
        );
      }),
    );
  });
}
