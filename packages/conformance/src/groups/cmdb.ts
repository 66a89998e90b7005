import { assert, errorOf, okValue } from '../assertions.js';
import { serviceAction } from '../fixtures.js';
import type { CmdbOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { CMDB_INSTANCE_CLOUD_IDS, CMDB_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { CmdbWorld } from '../world-fixtures.js';

/**
 * What {@link cmdbConformance} builds: the `cmdb` port and an oracle reading CIs outside it.
 *
 * @example
 * ```ts
 * cmdbConformance({ describe, it }, async (world): Promise<CmdbSubject> => build(world));
 * ```
 */
export type CmdbSubject = PortSubject<'cmdb', CmdbOracle>;

/**
 * What the CMDB under test offers beyond the required port.
 *
 * @example
 * ```ts
 * cmdbConformance({ describe, it }, create, { findByCloudIds: true });
 * ```
 */
export interface CmdbConformanceOptions {
  /**
   * The port implements the optional `findByCloudIds`: check it (exact
   * matches only, each CI once, a read that writes nothing). The factory then
   * seeds the cloud ids of `world.cloudIds` on the CIs.
   */
  readonly findByCloudIds?: boolean;
}

/**
 * The `cmdb` port: a CI is retired and linked to its Azure CI; retiring it
 * again writes nothing (the oracle counts writes) and its relation exists
 * once; a review is scheduled once; with `options.findByCloudIds`, CIs are
 * found by the cloud ids discovery recorded on them, exactly. The factory
 * seeds the CIs of the world (`CI-AWS`, `CI-AZURE`, with their cloud ids) and
 * nothing else: no cloud, no instances.
 *
 * @example
 * ```ts
 * cmdbConformance({ describe, it }, async (world) => {
 *   const instance = await seedServiceNow(world.configurationItems);
 *   const oracle = { configurationItem: (id) => instance.read(id), mutatingCalls: async () => instance.writes() };
 *   return { cmdb: serviceNowCmdb(instance), oracle };
 * });
 * ```
 */
export function cmdbConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<CmdbWorld, CmdbSubject>,
  options: CmdbConformanceOptions = {},
): void {
  runner.describe('cmdb', () => {
    runner.it('retires a CI with a link to its Azure CI, reconciles it, and refuses an unknown CI', () =>
      withSubject(create, CMDB_WORLD, async (subject) => {
        const { cmdb } = subject;
        const retire = cmdb.handlers?.['cmdb.retire'];
        assert.ok(retire, 'handler cmdb.retire');
        assert.equal(okValue(await cmdb.getItem('CI-AWS'), 'getItem')?.retired, false);
        const action = serviceAction('cmdb.retire', 'CI-AWS', { ciId: 'CI-AWS', azureCiIds: ['CI-AZURE'] });
        const context = contextOf(subject, action);
        assert.equal(okValue(await retire.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await retire.execute(action, context), 'retire').status, 'done');
        assert.deepEqual(await subject.oracle.configurationItem('CI-AWS'), {
          retired: true,
          links: ['CI-AZURE'],
        });
        assert.equal(okValue(await retire.reconcile(action, context), 'reconcile after').status, 'done');
        assert.equal(okValue(await cmdb.getItem('CI-AZURE'), 'getItem other')?.retired, false, 'the Azure CI stays');
        const ghost = serviceAction('cmdb.retire', 'CI-NOPE', { ciId: 'CI-NOPE' });
        errorOf(await retire.execute(ghost, contextOf(subject, ghost)), 'NotFound', 'retire unknown CI');
      }),
    );

    runner.it('retires once: a second retire writes nothing, the CI reads back retired, its relation exists once', () =>
      withSubject(create, CMDB_WORLD, async (subject) => {
        const { cmdb, oracle } = subject;
        const retire = cmdb.handlers?.['cmdb.retire'];
        assert.ok(retire, 'handler cmdb.retire');
        const action = serviceAction('cmdb.retire', 'CI-AWS', { ciId: 'CI-AWS', azureCiIds: ['CI-AZURE'] });
        assert.equal(okValue(await retire.execute(action, contextOf(subject, action)), 'retire').status, 'done');
        const writes = await oracle.mutatingCalls();
        assert.equal(okValue(await retire.execute(action, contextOf(subject, action)), 'retire again').status, 'done');
        if (writes !== null) assert.equal(await oracle.mutatingCalls(), writes, 'retiring twice is one write');
        const item = okValue(await cmdb.getItem('CI-AWS'), 'getItem after retire');
        assert.equal(item?.retired, true, 'the retired CI reads back retired');
        assert.deepEqual(item?.links, ['CI-AZURE'], 'getItem: the relation exists once');
        assert.deepEqual((await oracle.configurationItem('CI-AWS'))?.links, ['CI-AZURE'], 'the relation exists once');
      }),
    );

    runner.it('schedules a review idempotently', () =>
      withSubject(create, CMDB_WORLD, async (subject) => {
        const schedule = subject.cmdb.handlers?.['review.schedule'];
        assert.ok(schedule, 'handler review.schedule');
        const action = serviceAction('review.schedule', 'waf-review:payments', {
          workloadId: 'payments',
          ciId: 'CI-AZURE',
          cadenceMonths: 6,
          firstReviewAt: '2027-06-01T00:00:00Z',
        });
        const context = contextOf(subject, action);
        const first = okValue(await schedule.execute(action, context), 'schedule');
        const second = okValue(await schedule.execute(action, context), 'schedule again');
        assert.deepEqual(second, first);
        assert.equal(okValue(await schedule.reconcile(action, context), 'reconcile').status, 'done');
      }),
    );

    if (options.findByCloudIds === true) findsByCloudIds(runner, create);
  });
}

/** The check of `findByCloudIds`. */
function findsByCloudIds(runner: ConformanceRunner, create: SubjectFactory<CmdbWorld, CmdbSubject>): void {
  runner.it('finds CIs by the cloud ids discovery recorded on them, exactly, each once, writing nothing', () =>
    withSubject(create, CMDB_WORLD, async (subject) => {
      const { cmdb, oracle } = subject;
      const find = cmdb.findByCloudIds?.bind(cmdb);
      assert.ok(find, 'findByCloudIds');
      const [instanceId, arn] = CMDB_INSTANCE_CLOUD_IDS;
      const found = async (cloudIds: readonly string[], what: string) =>
        okValue(await find(cloudIds), what).map(({ cloudId, id, retired }) => ({ cloudId, id, retired }));
      const writes = await oracle.mutatingCalls();
      assert.deepEqual(
        await found([instanceId, instanceId.slice(0, -1), instanceId.toUpperCase(), `${arn}0`], 'by instance id'),
        [{ cloudId: instanceId, id: 'CI-AWS', retired: false }],
        'only the exact instance id matches (no prefix, no other case)',
      );
      assert.deepEqual(await found([arn], 'by ARN'), [{ cloudId: arn, id: 'CI-AWS', retired: false }]);
      assert.deepEqual(
        (await found([instanceId, arn], 'by both')).map(({ id }) => id),
        ['CI-AWS'],
        'a CI carrying two of the ids is found once',
      );
      assert.deepEqual(await found([], 'no ids'), []);
      assert.deepEqual(await found(['i-0123456789abcdef0'], 'unknown id'), [], 'no CI carries it');
      if (writes !== null) assert.equal(await oracle.mutatingCalls(), writes, 'finding writes nothing');
      const retire = cmdb.handlers?.['cmdb.retire'];
      assert.ok(retire, 'handler cmdb.retire');
      const action = serviceAction('cmdb.retire', 'CI-AWS', { ciId: 'CI-AWS', azureCiIds: [] });
      assert.equal(okValue(await retire.execute(action, contextOf(subject, action)), 'retire').status, 'done');
      assert.deepEqual(
        await found([instanceId], 'after retire'),
        [{ cloudId: instanceId, id: 'CI-AWS', retired: true }],
        'a retired CI is found retired',
      );
    }),
  );
}
