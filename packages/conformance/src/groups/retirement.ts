import { assert, errorOf, okValue } from '../assertions.js';
import { instanceAction } from '../fixtures.js';
import type { Ec2RetirementOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { INSTANCES_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { InstancesWorld } from '../world-fixtures.js';

/**
 * What {@link ec2RetirementConformance} builds: the `retirement` port and an oracle reading EC2 outside it.
 *
 * @example
 * ```ts
 * ec2RetirementConformance({ describe, it }, async (world): Promise<Ec2RetirementSubject> => build(world));
 * ```
 */
export type Ec2RetirementSubject = PortSubject<'retirement', Ec2RetirementOracle>;

/**
 * The `retirement` port on EC2 instances: stop, delete, lift protection;
 * reconcile tells the truth after a crash. Other resource types are held to
 * {@link resourceTypeConformance} rows.
 *
 * @example
 * ```ts
 * ec2RetirementConformance({ describe, it }, async (world) => {
 *   const cloud = await seed(world.instances);
 *   return { retirement: cloud.retirement, oracle: cloud.ec2Oracle };
 * });
 * ```
 */
export function ec2RetirementConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<InstancesWorld, Ec2RetirementSubject>,
): void {
  runner.describe('retirement', () => {
    runner.it('supports EC2 instances and has the three retirement handlers', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const retirement = subject.retirement;
        assert.ok(retirement.supportedTypes.includes('AWS::EC2::Instance'));
        for (const kind of ['resource.stop', 'resource.delete', 'protection.lift'] as const) {
          assert.ok(retirement.handlers?.[kind] !== undefined, `handler ${kind}`);
        }
      }),
    );

    runner.it('stops an instance, and reconcile then reports it done', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const handler = subject.retirement.handlers?.['resource.stop'];
        assert.ok(handler);
        const action = instanceAction('resource.stop', subject.oracle, 'web-1', INSTANCES_WORLD);
        const context = contextOf(subject, action);
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await handler.execute(action, context), 'stop').status, 'done');
        assert.equal(await subject.oracle.instanceState('web-1'), 'stopped');
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile after').status, 'done');
        assert.equal(await subject.oracle.instanceState('web-2'), 'running', 'the other instance is untouched');
      }),
    );

    runner.it('terminates an instance; reconcile finds it done; a second call does no harm', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const handler = subject.retirement.handlers?.['resource.delete'];
        assert.ok(handler);
        const action = instanceAction('resource.delete', subject.oracle, 'web-2', INSTANCES_WORLD);
        const context = contextOf(subject, action);
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await handler.execute(action, context), 'terminate').status, 'done');
        assert.ok(['terminated', 'shutting-down', null].includes(await subject.oracle.instanceState('web-2')));
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile after').status, 'done');
        const again = await handler.execute(action, context);
        assert.ok(again.isOk() || again.error.code === 'NotFound', 'terminating twice is harmless');
        assert.equal(await subject.oracle.instanceState('web-1'), 'running', 'the other instance is untouched');
      }),
    );

    runner.it('refuses to terminate a protected instance (Conflict) until protection is lifted', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const handlers = subject.retirement.handlers;
        const remove = handlers?.['resource.delete'];
        const lift = handlers?.['protection.lift'];
        assert.ok(remove && lift);
        const deletion = instanceAction('resource.delete', subject.oracle, 'locked', INSTANCES_WORLD);
        const refused = errorOf(
          await remove.execute(deletion, contextOf(subject, deletion)),
          'Conflict',
          'terminate protected',
        );
        // Typed: which protection refused it, so a run can report it and leave the instance as it is.
        assert.deepEqual(
          refused.code === 'Conflict' ? refused.protection : undefined,
          { flag: 'deletion', attribute: 'DisableApiTermination' },
          `the refusal names the protection: ${refused.message}`,
        );
        assert.equal(await subject.oracle.instanceState('locked'), 'running');
        assert.equal(await subject.oracle.terminationProtection('locked'), true);
        const lifting = instanceAction('protection.lift', subject.oracle, 'locked', INSTANCES_WORLD);
        assert.equal(okValue(await lift.execute(lifting, contextOf(subject, lifting)), 'lift').status, 'done');
        assert.equal(await subject.oracle.terminationProtection('locked'), false);
        assert.equal(
          okValue(await lift.reconcile(lifting, contextOf(subject, lifting)), 'reconcile lift').status,
          'done',
        );
        assert.equal(okValue(await remove.execute(deletion, contextOf(subject, deletion)), 'terminate').status, 'done');
      }),
    );

    runner.it('lifts nothing from an instance without protection: done, nothing to lift, the instance as it was', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const lift = subject.retirement.handlers?.['protection.lift'];
        assert.ok(lift);
        const lifting = instanceAction('protection.lift', subject.oracle, 'web-1', INSTANCES_WORLD);
        const outcome = okValue(await lift.execute(lifting, contextOf(subject, lifting)), 'lift unprotected');
        assert.equal(outcome.status, 'done');
        assert.equal(
          outcome.status === 'done' ? outcome.result.protection : undefined,
          'nothing to lift',
          'the lift reads the flags first and lifts only what is set',
        );
        assert.equal(await subject.oracle.terminationProtection('web-1'), false);
        assert.equal(await subject.oracle.instanceState('web-1'), 'running');
      }),
    );

    runner.it('answers NotFound for an instance that does not exist', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const handler = subject.retirement.handlers?.['resource.stop'];
        assert.ok(handler);
        const real = instanceAction('resource.stop', subject.oracle, 'web-1', INSTANCES_WORLD);
        const arn = real.target.ref.replace(/instance\/.*/, 'instance/i-0000000000000dead');
        const ghost = { ...real, key: `conformance:resource.stop:${arn}`, target: { ...real.target, ref: arn, arn } };
        errorOf(await handler.execute(ghost, contextOf(subject, ghost)), 'NotFound', 'stop a missing instance');
      }),
    );
  });
}
