import type { PortName } from '@decomkit/core';
import { assert } from './assertions.js';
import { oracleMethod } from './fixtures.js';
import type { PortSubject, SubjectFactory } from './subject.js';
import type { ConformanceTarget, Oracle, WorldFixture } from './target.js';

/**
 * A whole-provider oracle with every hook present: one the target lacks fails the test that calls it, naming it.
 *
 * @example
 * ```ts
 * const strict: StrictOracle = { ...oracle, arnOf: (name) => oracle.arnOf?.(name) ?? fail(name) } as StrictOracle;
 * ```
 */
export type StrictOracle = Required<Oracle>;

/** `oracle` with each optional hook looked up when called (a missing one fails that call, naming the hook). */
function strictOracle(oracle: Oracle): StrictOracle {
  return {
    mutatingCalls: () => oracle.mutatingCalls(),
    advanceTime: (milliseconds) => oracle.advanceTime(milliseconds),
    arnOf: (name) => oracleMethod(oracle, 'arnOf')(name),
    instanceState: (name) => oracleMethod(oracle, 'instanceState')(name),
    terminationProtection: (name) => oracleMethod(oracle, 'terminationProtection')(name),
    completedBackups: (name) => oracleMethod(oracle, 'completedBackups')(name),
    dnsTtl: (record) => oracleMethod(oracle, 'dnsTtl')(record),
    configurationItem: (id) => oracleMethod(oracle, 'configurationItem')(id),
    replicationStatus: (name) => oracleMethod(oracle, 'replicationStatus')(name),
    replicationArnOf: (name) => oracleMethod(oracle, 'replicationArnOf')(name),
    azureIdOf: (name) => oracleMethod(oracle, 'azureIdOf')(name),
    artifact: (name) => oracleMethod(oracle, 'artifact')(name),
    bucket: (name) => oracleMethod(oracle, 'bucket')(name),
    table: (name) => oracleMethod(oracle, 'table')(name),
    lambdaFunction: (name) => oracleMethod(oracle, 'lambdaFunction')(name),
    resourceArn: (type, name) => oracleMethod(oracle, 'resourceArn')(type, name),
    resource: (type, name) => oracleMethod(oracle, 'resource')(type, name),
    // Optional by meaning: without it, every resource is named as its fixture.
    resourceName: (type, name) => oracle.resourceName?.(type, name) ?? null,
  };
}

/**
 * A per-port suite's factory over a whole-provider target: it builds
 * `world` with `target.create` (whatever the suite's own world, which is a
 * part of it), checks the target supplies `ports`, and leaves out
 * `withoutPorts` (a port whose capability the target does not declare).
 */
export function subjectsOf<Ports extends PortName>(
  target: ConformanceTarget,
  world: WorldFixture,
  ports: readonly Ports[],
  withoutPorts: readonly PortName[] = [],
): SubjectFactory<unknown, PortSubject<Ports, StrictOracle>> {
  return async () => {
    const built = await target.create(world);
    const missing = ports.find((name) => built.providers[name] === undefined);
    if (missing !== undefined) {
      await built.dispose?.();
      assert.fail(`the target declares the ${missing} capability but supplies no "${missing}" port`);
    }
    const providers: Record<string, unknown> = { ...built.providers };
    for (const name of withoutPorts) delete providers[name];
    const dispose = built.dispose === undefined ? {} : { dispose: () => built.dispose?.() ?? Promise.resolve() };
    return { ...providers, oracle: strictOracle(built.oracle), ...dispose } as PortSubject<Ports, StrictOracle>;
  };
}
