import { actionMarker } from '@decomkit/cmdb';
import { describe, expect, it } from 'vitest';
import { execute, reconcile, reviewAction } from './support/actions.js';
import { cmdbOn, instancesClosedAfterEach, LEGACY_CHOICES } from './support/instances.js';

const start = instancesClosedAfterEach();

describe('serviceNowCmdb: review.schedule', () => {
  it('records the recurring review once in task, with due date, period, CI and the action marker in correlation_id', async () => {
    const server = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(server);
    const action = reviewAction();
    expect((await reconcile(cmdb, action))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const first = (await execute(cmdb, action))._unsafeUnwrap();
    const second = (await execute(cmdbOn(server), action))._unsafeUnwrap();
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      status: 'done',
      result: { table: 'task', number: 'TASK0000001', cadenceMonths: 6, firstReviewAt: '2027-06-01T00:00:00.000Z' },
    });
    expect(server.tables.task).toEqual([
      expect.objectContaining({
        due_date: '2027-06-01 00:00:00',
        correlation_id: actionMarker(action),
        cmdb_ci: 'CI-AZURE',
        short_description: 'Well-Architected review of payments (every 6 months)',
      }),
    ]);
    expect(server.tables.task?.[0]?.description).toContain('every 6 months, first due 2027-06-01T00:00:00.000Z');
    expect((await reconcile(cmdb, action))._unsafeUnwrap()).toEqual(first);
  });

  it('writes to a configured table, and a create whose answer was lost is found, not repeated', async () => {
    const server = await start(LEGACY_CHOICES, { tables: { x_acme_review: [] } });
    server.crashAfterWrite('POST', 'x_acme_review');
    const cmdb = cmdbOn(server, { tables: { review: 'x_acme_review' } });
    expect((await execute(cmdb, reviewAction(null)))._unsafeUnwrap().status).toBe('done');
    expect(server.tables.x_acme_review).toHaveLength(1);
    expect(server.tables.x_acme_review?.[0]).not.toHaveProperty('cmdb_ci');
    expect(server.tables.task).toEqual([]);
  });

  it('refuses bad params before any call', async () => {
    const server = await start(LEGACY_CHOICES);
    const action = { ...reviewAction(), params: { cadenceMonths: 0, firstReviewAt: 'soon' } };
    const error = (await execute(cmdbOn(server), action as never))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'InvalidInput' });
    expect(error.code === 'InvalidInput' && error.issues.map((issue) => issue.path)).toEqual([
      'params.ciId',
      'params.cadenceMonths',
      'params.firstReviewAt',
    ]);
    expect(server.requests).toEqual([]);
  });
});
