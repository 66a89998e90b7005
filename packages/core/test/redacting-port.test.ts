import { decomError, err, errAsync, ok, okAsync, type Providers } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { redactingHandler, redactingProviders } from '../src/engine/redacting-port.js';

const URL = 'postgres://app:s3cret@db:5432/x';
const CLEAN = 'postgres://app:[redacted]@db:5432/x';

/** A port of the shapes a provider may answer in; `#prefix` checks methods run with the port as `this`. */
class LeakyPort {
  readonly #prefix = 'at ';
  readonly capabilities = ['x'];
  value() {
    return { tags: { url: URL } };
  }
  promise() {
    return Promise.resolve(`${this.#prefix}${URL}`);
  }
  rejecting() {
    return Promise.reject(new Error(`lost ${URL}`));
  }
  throwing(): never {
    throw new Error(`lost ${URL}`);
  }
  okResult() {
    return ok({ password: 'hunter2', url: URL });
  }
  errResult() {
    return err(decomError.providerFailure({ message: `denied ${URL}`, retryable: false }));
  }
  okResultAsync() {
    return okAsync(new Map([['arn:aws:s3:::bucket', { tags: { note: 'AKIAIOSFODNN7EXAMPLE' } }]]));
  }
  errResultAsync() {
    return errAsync(decomError.accessDenied({ message: `denied ${URL}`, cause: new Error(URL) }));
  }
  bytes() {
    return new Uint8Array([1, 2, 3]);
  }
  async *pages() {
    yield ok([{ name: URL }]);
    throw new Error(`page lost ${URL}`);
  }
}

describe('redactingProviders', () => {
  const port = redactingProviders({ cmdb: new LeakyPort() } as unknown as Providers).cmdb as unknown as LeakyPort;

  it("redacts every answer a port method gives, whatever its shape, and keeps the port's data", async () => {
    expect(port.value()).toEqual({ tags: { url: CLEAN } });
    expect(await port.promise()).toBe(`at ${CLEAN}`);
    await expect(port.rejecting()).rejects.toThrow(`lost ${CLEAN}`);
    expect(() => port.throwing()).toThrow(`lost ${CLEAN}`);
    expect(port.okResult()._unsafeUnwrap()).toEqual({ password: '[redacted]', url: CLEAN });
    expect(port.errResult()._unsafeUnwrapErr().message).toBe(`denied ${CLEAN}`);
    const map = (await port.okResultAsync())._unsafeUnwrap();
    expect(map.get('arn:aws:s3:::bucket')).toEqual({ tags: { note: '[redacted]' } });
    const denied = (await port.errResultAsync())._unsafeUnwrapErr();
    expect(denied.message).toBe(`denied ${CLEAN}`);
    expect((denied.cause as Error).message).toBe(CLEAN);
    const bytes = port.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(port.capabilities).toEqual(['x']);
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of port.pages()) seen.push(page._unsafeUnwrap());
      })(),
    ).rejects.toThrow(`page lost ${CLEAN}`);
    expect(seen).toEqual([[{ name: CLEAN }]]);
  });

  it('passes the clock through untouched', () => {
    const clock = { now: () => new Date(0), sleep: async () => undefined };
    expect(redactingProviders({ clock }).clock).toBe(clock);
  });
});

describe('redactingHandler', () => {
  it('redacts outcomes, checkpoints and errors, and leaves rate-limit claims and batch keys alone', async () => {
    const handler = redactingHandler({
      rateLimits: () => [{ service: 'ec2', bucket: 'mutating', accountId: '1', region: 'r', tokens: 2 }],
      execute: () => okAsync({ status: 'pending' as const, checkpoint: { jobUrl: URL } }),
      poll: () => errAsync(decomError.providerFailure({ message: `poll ${URL}`, retryable: true })),
      reconcile: () =>
        okAsync({ status: 'done' as const, result: { token: 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5' } }),
      batch: {
        maxSize: 10,
        key: () => 'k',
        execute: () => okAsync(new Map([['a', { status: 'done' as const, result: { url: URL } }]])),
        refusedBy: (error, actions) => (error.message.includes("'i-1'") ? actions.map((each) => each.key) : []),
      },
    });
    const action = {} as never;
    const context = {} as never;
    expect(handler.rateLimits?.(action)).toEqual([
      { service: 'ec2', bucket: 'mutating', accountId: '1', region: 'r', tokens: 2 },
    ]);
    expect((await handler.execute(action, context))._unsafeUnwrap()).toEqual({
      status: 'pending',
      checkpoint: { jobUrl: CLEAN },
    });
    expect((await handler.poll?.(action, {}, context))?._unsafeUnwrapErr().message).toBe(`poll ${CLEAN}`);
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { token: '[redacted]' },
    });
    expect(handler.batch?.key(action)).toBe('k');
    expect(handler.batch?.maxSize).toBe(10);
    const outcomes = (await handler.batch?.execute([], context))?._unsafeUnwrap();
    expect(outcomes?.get('a')).toEqual({ status: 'done', result: { url: CLEAN } });
    // The members a refused batch names still reach the engine through the wrapper.
    const refusal = decomError.conflict({ message: "OperationNotPermitted: The instance 'i-1' may not be terminated" });
    expect(handler.batch?.refusedBy?.(refusal, [{ key: 'a' } as never])).toEqual(['a']);
  });
});
