import { decomError, errAsync, okAsync } from '@decomkit/core';
import { simpleHandler } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn, contextWith, queueIdOf } from './support.js';

const QUEUE = { type: 'Test::Queue', idOf: queueIdOf };

describe('simpleHandler', () => {
  it('runs the call on the id of the target, with the run signal, and reports it done', async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const handler = simpleHandler({
      type: QUEUE,
      claims: () => [],
      run: (id, _action, signal) => {
        seen.push(id, signal);
        return okAsync({ queue: id });
      },
      readBack: () => okAsync(null),
    });
    const outcome = await handler.execute(actionOn('arn:test:queue/q1'), contextWith(controller.signal));
    expect(outcome._unsafeUnwrap()).toEqual({ status: 'done', result: { queue: 'q1' } });
    expect(seen).toEqual(['q1', controller.signal]);
  });

  it('refuses a target of another type, by type name or as unknown to an idOf of the action', async () => {
    const options = { claims: () => [], run: () => okAsync({}), readBack: () => okAsync({}) };
    const byType = await simpleHandler({ ...options, type: QUEUE }).execute(
      actionOn('arn:test:topic/t1'),
      contextWith(),
    );
    expect(byType._unsafeUnwrapErr().message).toBe(
      'retire-resources/resource.delete/arn:test:topic/t1: arn:test:topic/t1 is not a Test::Queue',
    );
    const byAction = simpleHandler({ ...options, idOf: (action) => queueIdOf(action.target.ref) });
    const refused = await byAction.reconcile(actionOn('arn:test:topic/t1'), contextWith());
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message:
        'retire-resources/resource.delete/arn:test:topic/t1: arn:test:topic/t1 is not a resource this handler knows',
    });
  });

  it('counts a target already gone as done only with goneIsDone', async () => {
    const options = {
      type: QUEUE,
      claims: () => [],
      run: () => errAsync(decomError.notFound({ message: 'queue q1 does not exist', resource: 'q1' })),
      readBack: () => okAsync(null),
    };
    const gone = await simpleHandler({ ...options, goneIsDone: true }).execute(
      actionOn('arn:test:queue/q1'),
      contextWith(),
    );
    expect(gone._unsafeUnwrap()).toEqual({ status: 'done', result: { id: 'q1', alreadyGone: true } });
    const failed = await simpleHandler(options).execute(actionOn('arn:test:queue/q1'), contextWith());
    expect(failed._unsafeUnwrapErr().code).toBe('NotFound');
  });

  it('reconciles by reading back: absent while the effect is not visible, done with its result once it is', async () => {
    let visible = false;
    const handler = simpleHandler({
      type: QUEUE,
      claims: () => [],
      run: () => okAsync({}),
      readBack: (id) => okAsync(visible ? { queue: id, deleted: true } : null),
    });
    expect((await handler.reconcile(actionOn('arn:test:queue/q1'), contextWith()))._unsafeUnwrap()).toEqual({
      status: 'absent',
    });
    visible = true;
    expect((await handler.reconcile(actionOn('arn:test:queue/q1'), contextWith()))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { queue: 'q1', deleted: true },
    });
  });
});
