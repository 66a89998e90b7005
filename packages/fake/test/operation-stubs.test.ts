import { decomError } from '@decomkit/core';
import { createFakeCloud, FakeInputError } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireEngine } from './retire-run.js';

const A = 'i-0a1b2c3d4e5f60001';
const B = 'i-0a1b2c3d4e5f60002';
const C = 'i-0a1b2c3d4e5f60003';

function cloudOf(...ids: string[]) {
  return createFakeCloud({ source: { instances: ids.map((id) => ({ id, tags: { workload: 'payments' } })) } });
}

function thrown(run: () => unknown): FakeInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof FakeInputError) return error;
    throw error;
  }
  throw new Error('expected a FakeInputError');
}

describe('cloud.faults.on(operation)', () => {
  it('failOnce fails the next call only, with the AWS code mapped as the SDK would retry it', async () => {
    const cloud = cloudOf(A);
    cloud.faults.on('ec2:TerminateInstances').failOnce({ code: 'RequestLimitExceeded' });
    const first = await cloud.aws.ec2.terminateInstances([A]);
    expect(first._unsafeUnwrapErr()).toMatchObject({ code: 'Throttled', resource: A });
    expect(first._unsafeUnwrapErr().message).toMatch(/^RequestLimitExceeded: /);
    expect(cloud.source.instance(A).state).toBe('running');
    expect((await cloud.aws.ec2.terminateInstances([A])).isOk()).toBe(true);
    expect(cloud.source.instance(A).state).toBe('terminated');
    expect(cloud.faults.on('ec2:TerminateInstances').calls).toBe(2);
  });

  it('classifies AWS codes: SDK throttling codes, 5xx, access, conflict, and an unknown 400 that is not retried', async () => {
    const cloud = cloudOf(A);
    const stub = cloud.faults.on('ec2:DescribeInstances');
    const errorOf = async (error: Parameters<typeof stub.failOnce>[0]) => {
      stub.reset().failOnce(error);
      return (await cloud.aws.ec2.describeInstances([A]))._unsafeUnwrapErr();
    };
    expect(await errorOf({ code: 'LimitExceededException' })).toMatchObject({ code: 'Throttled' });
    expect(await errorOf({ code: 'InternalError' })).toMatchObject({ code: 'ProviderFailure', retryable: true });
    expect(await errorOf({ code: 'Custom', status: 501 })).toMatchObject({ code: 'ProviderFailure', retryable: false });
    expect(await errorOf({ code: 'Custom', status: 429 })).toMatchObject({ code: 'Throttled' });
    expect(await errorOf({ code: 'UnauthorizedOperation' })).toMatchObject({ code: 'AccessDenied' });
    expect(await errorOf({ code: 'IncorrectInstanceState' })).toMatchObject({ code: 'Conflict' });
    expect(await errorOf({ code: 'InvalidParameterValue' })).toMatchObject({ code: 'InvalidInput' });
    expect(await errorOf({ code: 'SomethingNew' })).toMatchObject({ code: 'ProviderFailure', retryable: false });
    const typed = decomError.conflict({ message: 'typed conflict', resource: A });
    expect(await errorOf(typed)).toBe(typed);
  });

  it('failTimes and fail: n failures, then every call until reset', async () => {
    const cloud = cloudOf(A);
    const stub = cloud.faults.on('ec2:DescribeInstances').failTimes(2, { code: 'ServiceUnavailable' });
    const results = [];
    for (let call = 0; call < 3; call += 1) results.push((await cloud.aws.ec2.describeInstances([A])).isErr());
    expect(results).toEqual([true, true, false]);
    stub.fail({ code: 'AccessDenied' });
    expect((await cloud.aws.ec2.describeInstances([A]))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect((await cloud.aws.ec2.describeInstances([A]))._unsafeUnwrapErr().code).toBe('AccessDenied');
    stub.reset();
    expect((await cloud.aws.ec2.describeInstances([A])).isOk()).toBe(true);
  });

  it('delay and timeoutOnce run on the fake clock; a timeout may have been carried out', async () => {
    const cloud = cloudOf(A, B);
    const start = cloud.clock.now().getTime();
    cloud.faults.on('ec2:DescribeInstances').delay(1_500);
    await cloud.aws.ec2.describeInstances([A]);
    expect(cloud.clock.now().getTime() - start).toBe(1_500);
    cloud.faults.on('ec2:StopInstances').timeoutOnce({ milliseconds: 30_000 }).timeoutOnce({ applied: true });
    const lost = (await cloud.aws.ec2.stopInstances([A]))._unsafeUnwrapErr();
    expect(lost).toMatchObject({ code: 'ProviderFailure', retryable: true });
    expect(lost.message).toMatch(/^TimeoutError: ec2:StopInstances on i-\w+ got no answer within 30000 ms/);
    expect(cloud.source.instance(A).state).toBe('running');
    const appliedButLost = await cloud.aws.ec2.stopInstances([B]);
    expect(appliedButLost.isErr()).toBe(true);
    expect(cloud.source.instance(B).state).toBe('stopped');
    expect((await cloud.aws.ec2.stopInstances([A])).isOk()).toBe(true);
  });

  it('partial refuses the whole batch, naming the refused members; the others go through on their own', async () => {
    const cloud = cloudOf(A, B, C);
    cloud.faults.on('ec2:TerminateInstances').partial({ fail: [B], error: { code: 'UnauthorizedOperation' } });
    const refused = (await cloud.aws.ec2.terminateInstances([A, B, C]))._unsafeUnwrapErr();
    expect(refused.code).toBe('AccessDenied');
    expect(refused.message).toContain(`'${B}'`);
    expect(refused.message).not.toContain(A);
    expect(cloud.source.instances().map((instance) => instance.state)).toEqual(['running', 'running', 'running']);
    expect((await cloud.aws.ec2.terminateInstances([A, C])).isOk()).toBe(true);
    cloud.faults
      .on('ec2:TerminateInstances')
      .reset()
      .partial({ fail: (id) => id === C });
    expect((await cloud.aws.ec2.terminateInstances([C]))._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
  });

  it("partial in a run: the engine retries the batch's other members and fails only the named one", async () => {
    const cloud = cloudOf(A, B, C);
    const engine = retireEngine(cloud);
    cloud.clock.set('2026-12-16T00:00:00Z');
    cloud.faults.on('ec2:TerminateInstances').partial({ fail: [B] });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true })))._unsafeUnwrap();
    expect(cloud.source.instance(A).state).toBe('terminated');
    expect(cloud.source.instance(C).state).toBe('terminated');
    expect(cloud.source.instance(B).state).toBe('stopped');
    const failed = run.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .filter((record) => record.status === 'failed');
    expect(failed.map((record) => record.action.target.ref)).toEqual([
      `arn:aws:ec2:eu-west-1:111122223333:instance/${B}`,
    ]);
  });

  it('lag: reads see the world before the change until the lag has passed on the fake clock', async () => {
    const cloud = cloudOf(A, B);
    cloud.faults.on('ec2:TerminateInstances').lag(10_000);
    await cloud.aws.ec2.terminateInstances([A]);
    await cloud.aws.ec2.stopInstances([B]);
    const stateOf = async (id: string) => (await cloud.aws.ec2.describeInstances([id]))._unsafeUnwrap()[0]?.state;
    expect(await stateOf(A)).toBe('running');
    expect(await stateOf(B)).toBe('stopped');
    expect(cloud.source.instance(A).state).toBe('terminated');
    cloud.clock.advance(10_000);
    expect(await stateOf(A)).toBe('terminated');
  });

  it('keeps the old inject API, and cloud.reset() clears stubs', async () => {
    const cloud = cloudOf(A);
    cloud.faults.inject({ operation: 'DescribeInstances', error: 'throttled', times: 1 });
    expect((await cloud.aws.ec2.describeInstances([A]))._unsafeUnwrapErr().code).toBe('Throttled');
    cloud.faults.on('ec2:DescribeInstances').fail({ code: 'InternalError' });
    cloud.reset();
    expect((await cloud.aws.ec2.describeInstances([A])).isOk()).toBe(true);
  });

  it('refuses bad input with a typed error naming the field and the value', () => {
    const cloud = cloudOf(A);
    const named = thrown(() => cloud.faults.on('TerminateInstances'));
    expect(named.error).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'operation' }] });
    expect(named.message).toContain('"TerminateInstances"');
    const stub = cloud.faults.on('ec2:TerminateInstances');
    expect(thrown(() => stub.failTimes(0, { code: 'Throttling' })).message).toMatch(/^failTimes\.times: 0 /);
    expect(thrown(() => stub.failOnce({ code: 'not a code!' })).message).toContain('"not a code!"');
    expect(thrown(() => stub.failOnce({ code: 'Throttling', status: 200 })).message).toContain('status 200');
    expect(thrown(() => stub.delay(-1)).message).toMatch(/^delay\.milliseconds: -1 /);
    expect(thrown(() => stub.lag(Number.NaN)).error.code).toBe('InvalidInput');
    expect(thrown(() => stub.partial({ fail: [] })).message).toMatch(/^partial\.fail: /);
    expect(stub.calls).toBe(0);
  });
});
