import { assert, errorOf, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, oracleMethod, STANDARD_WORLD, serviceAction } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `cmdb` port: a CI is retired and linked to its Azure CI; a review is scheduled once. */
export function cmdbGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('cmdb', () => {
    runner.it('retires a CI with a link to its Azure CI, reconciles it, and refuses an unknown CI', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const cmdb = portOf(subject, 'cmdb');
        const retire = cmdb.handlers?.['cmdb.retire'];
        assert.ok(retire, 'handler cmdb.retire');
        assert.equal(okValue(await cmdb.getItem('CI-AWS'), 'getItem')?.retired, false);
        const action = serviceAction('cmdb.retire', 'CI-AWS', { ciId: 'CI-AWS', azureCiIds: ['CI-AZURE'] });
        const context = handlerContext(subject.providers, action);
        assert.equal(okValue(await retire.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await retire.execute(action, context), 'retire').status, 'done');
        assert.deepEqual(await oracleMethod(subject.oracle, 'configurationItem')('CI-AWS'), {
          retired: true,
          links: ['CI-AZURE'],
        });
        assert.equal(okValue(await retire.reconcile(action, context), 'reconcile after').status, 'done');
        assert.equal(okValue(await cmdb.getItem('CI-AZURE'), 'getItem other')?.retired, false, 'the Azure CI stays');
        const ghost = serviceAction('cmdb.retire', 'CI-NOPE', { ciId: 'CI-NOPE' });
        errorOf(await retire.execute(ghost, handlerContext(subject.providers, ghost)), 'NotFound', 'retire unknown CI');
      }),
    );

    runner.it('schedules a review idempotently', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const schedule = portOf(subject, 'cmdb').handlers?.['review.schedule'];
        assert.ok(schedule, 'handler review.schedule');
        const action = serviceAction('review.schedule', 'waf-review:payments', {
          workloadId: 'payments',
          ciId: 'CI-AZURE',
          cadenceMonths: 6,
          firstReviewAt: '2027-06-01T00:00:00Z',
        });
        const context = handlerContext(subject.providers, action);
        const first = okValue(await schedule.execute(action, context), 'schedule');
        const second = okValue(await schedule.execute(action, context), 'schedule again');
        assert.deepEqual(second, first);
        assert.equal(okValue(await schedule.reconcile(action, context), 'reconcile').status, 'done');
      }),
    );
  });
}
