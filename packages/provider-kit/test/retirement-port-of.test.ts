import { type ActionHandler, decomError, okAsync } from '@decomkit/core';
import { type RetirementKind, retirementPortOf } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn, contextWith, queueIdOf } from './support.js';

const answering = (name: string, maxSize?: number): ActionHandler => ({
  execute: () => okAsync({ status: 'done', result: { by: name } } as const),
  reconcile: () => okAsync({ status: 'absent' } as const),
  ...(maxSize === undefined
    ? {}
    : {
        batch: {
          maxSize,
          key: (action) => action.target.region ?? null,
          execute: (actions) =>
            okAsync(
              new Map(
                actions.map((action) => [action.key, { status: 'done', result: { by: `${name}-batch` } } as const]),
              ),
            ),
          refusedBy: (error, actions) =>
            actions.filter((action) => error.message.includes(action.target.ref)).map((action) => action.key),
        },
      }),
});

const port = retirementPortOf([
  { type: 'Test::Queue', idOf: queueIdOf, handlers: { 'resource.delete': answering('queue', 10) } },
  {
    type: 'Test::Topic',
    idOf: (arn) => (arn.startsWith('arn:test:topic/') ? arn.slice(15) : null),
    handlers: { 'resource.delete': answering('topic'), 'resource.stop': answering('topic-stop') },
  },
]);
const handler = (kind: RetirementKind) => port.handlers[kind] as ActionHandler;

describe('retirementPortOf', () => {
  it('lists every type given as supported, with a capability each', () => {
    expect(port.supportedTypes).toEqual(['Test::Queue', 'Test::Topic']);
    expect(port.capabilities).toEqual(['resource:Test::Queue', 'resource:Test::Topic']);
  });

  it('dispatches each action to the type whose idOf recognises its ARN', async () => {
    const queue = await handler('resource.delete').execute(actionOn('arn:test:queue/q1'), contextWith());
    const topic = await handler('resource.delete').execute(actionOn('arn:test:topic/t1'), contextWith());
    expect(queue._unsafeUnwrap()).toEqual({ status: 'done', result: { by: 'queue' } });
    expect(topic._unsafeUnwrap()).toEqual({ status: 'done', result: { by: 'topic' } });
  });

  it('refuses an ARN no type recognises, and a kind the type has no handler for, naming the action', async () => {
    const unknown = await handler('resource.delete').execute(actionOn('arn:test:bucket/b1'), contextWith());
    expect(unknown._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message:
        'retire-resources/resource.delete/arn:test:bucket/b1: no resource.delete handler for Test::Queue arn:test:bucket/b1',
    });
    const stop = actionOn('arn:test:queue/q1', 'resource.stop');
    const noStop = await handler('resource.stop').reconcile(stop, contextWith());
    expect(noStop._unsafeUnwrapErr().message).toBe(
      `${stop.key}: no resource.stop handler for Test::Queue arn:test:queue/q1`,
    );
    const empty = await handler('resource.delete').batch?.execute([], contextWith());
    expect(empty?._unsafeUnwrapErr().message).toBe('an empty batch: no resource.delete handler for the resource ');
  });

  it('batches by the type: the largest batch size, keys prefixed with the target type', async () => {
    const batch = handler('resource.delete').batch;
    expect(batch?.maxSize).toBe(10);
    expect(batch?.key(actionOn('arn:test:queue/q1'))).toBe('Test::Queue|eu-west-1');
    expect(batch?.key(actionOn('arn:test:topic/t1', 'resource.delete', 'Test::Topic'))).toBeNull();
    const done = await batch?.execute([actionOn('arn:test:queue/q1')], contextWith());
    expect([...(done?._unsafeUnwrap().values() ?? [])]).toEqual([{ status: 'done', result: { by: 'queue-batch' } }]);
  });

  it("names a refused batch's members by the type's own refusedBy", () => {
    const batch = handler('resource.delete').batch;
    const members = [actionOn('arn:test:queue/q1'), actionOn('arn:test:queue/q2')];
    const refusal = decomError.conflict({ message: `refused: ${members[1]?.target.ref}` });
    expect(batch?.refusedBy?.(refusal, members)).toEqual([members[1]?.key]);
    expect(batch?.refusedBy?.(refusal, [actionOn('arn:test:topic/t1', 'resource.delete', 'Test::Topic')])).toEqual([]);
  });
});
