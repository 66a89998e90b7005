import { assert, okValue } from '../assertions.js';
import type { AzureOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { ADVISOR_WORLD, AZURE_WORLD, COSTS_WORLD } from '../standard-world.js';
import { type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { AdvisorWorld, AzureWorld, CostsWorld } from '../world-fixtures.js';

/**
 * What {@link costsConformance} builds: the `costs` port (no oracle needed).
 *
 * @example
 * ```ts
 * costsConformance({ describe, it }, async (world): Promise<CostsSubject> => build(world));
 * ```
 */
export type CostsSubject = PortSubject<'costs', unknown>;

/**
 * The `costs` port (Cost Explorer): the cost of a tag over a window.
 *
 * @example
 * ```ts
 * costsConformance({ describe, it }, (world) => ({ costs: myCosts(world.costs), oracle: {} }));
 * ```
 */
export function costsConformance(runner: ConformanceRunner, create: SubjectFactory<CostsWorld, CostsSubject>): void {
  runner.describe('costs', () => {
    runner.it('sums the cost of the tag over the window, and nothing outside it', () =>
      withSubject(create, COSTS_WORLD, async ({ costs }) => {
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

/**
 * What {@link targetResourcesConformance} builds: the `targetResources` port and an oracle naming the Azure ids.
 *
 * @example
 * ```ts
 * targetResourcesConformance({ describe, it }, async (world): Promise<TargetResourcesSubject> => build(world));
 * ```
 */
export type TargetResourcesSubject = PortSubject<'targetResources', AzureOracle>;

/**
 * The `targetResources` port (Resource Graph): every resource of the resource groups, across pages.
 *
 * @example
 * ```ts
 * targetResourcesConformance({ describe, it }, (world) => ({ targetResources: myGraph(world), oracle: { azureIdOf } }));
 * ```
 */
export function targetResourcesConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<AzureWorld, TargetResourcesSubject>,
): void {
  runner.describe('targetResources', () => {
    runner.it('lists the resources of the chosen resource groups only', () =>
      withSubject(create, AZURE_WORLD, async (subject) => {
        const listed = okValue(
          await subject.targetResources.list({
            subscriptionId: AZURE_WORLD.azureSubscriptionId,
            resourceGroups: ['rg-payments'],
          }),
          'list',
        );
        assert.deepEqual(
          listed.map((resource) => resource.id).sort(),
          ['payments-sql', 'payments-web'].map((name) => subject.oracle.azureIdOf(name)).sort(),
        );
      }),
    );
  });
}

/**
 * What {@link advisorConformance} builds: the `advisor` port (no oracle needed).
 *
 * @example
 * ```ts
 * advisorConformance({ describe, it }, async (world): Promise<AdvisorSubject> => build(world));
 * ```
 */
export type AdvisorSubject = PortSubject<'advisor', unknown>;

/**
 * The `advisor` port: recommendations with Advisor categories mapped to Well-Architected pillars.
 *
 * @example
 * ```ts
 * advisorConformance({ describe, it }, (world) => ({ advisor: myAdvisor(world.advisor), oracle: {} }));
 * ```
 */
export function advisorConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<AdvisorWorld, AdvisorSubject>,
): void {
  runner.describe('advisor', () => {
    runner.it('maps HighAvailability to Reliability and keeps impact and summary', () =>
      withSubject(create, ADVISOR_WORLD, async ({ advisor }) => {
        const found = okValue(await advisor.recommendations(ADVISOR_WORLD.azureSubscriptionId), 'recommendations');
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
