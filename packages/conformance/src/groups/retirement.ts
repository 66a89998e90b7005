import { assert, errorOf, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, instanceAction, STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `retirement` port: stop, delete, lift protection; reconcile tells the truth after a crash. */
export function retirementGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('retirement', () => {
    runner.it('supports EC2 instances and has the three retirement handlers', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const retirement = portOf(subject, 'retirement');
        assert.ok(retirement.supportedTypes.includes('AWS::EC2::Instance'));
        for (const kind of ['resource.stop', 'resource.delete', 'protection.lift'] as const) {
          assert.ok(retirement.handlers?.[kind] !== undefined, `handler ${kind}`);
        }
      }),
    );

    runner.it('stops an instance, and reconcile then reports it done', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const handler = portOf(subject, 'retirement').handlers?.['resource.stop'];
        assert.ok(handler);
        const action = instanceAction('resource.stop', subject.oracle, 'web-1', STANDARD_WORLD);
        const context = handlerContext(subject.providers, action);
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await handler.execute(action, context), 'stop').status, 'done');
        assert.equal(await subject.oracle.instanceState('web-1'), 'stopped');
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile after').status, 'done');
        assert.equal(await subject.oracle.instanceState('web-2'), 'running', 'the other instance is untouched');
      }),
    );

    runner.it('terminates an instance; reconcile finds it done; a second call does no harm', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const handler = portOf(subject, 'retirement').handlers?.['resource.delete'];
        assert.ok(handler);
        const action = instanceAction('resource.delete', subject.oracle, 'web-2', STANDARD_WORLD);
        const context = handlerContext(subject.providers, action);
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
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const handlers = portOf(subject, 'retirement').handlers;
        const remove = handlers?.['resource.delete'];
        const lift = handlers?.['protection.lift'];
        assert.ok(remove && lift);
        const deletion = instanceAction('resource.delete', subject.oracle, 'locked', STANDARD_WORLD);
        errorOf(
          await remove.execute(deletion, handlerContext(subject.providers, deletion)),
          'Conflict',
          'terminate protected',
        );
        assert.equal(await subject.oracle.instanceState('locked'), 'running');
        assert.equal(await subject.oracle.terminationProtection('locked'), true);
        const lifting = instanceAction('protection.lift', subject.oracle, 'locked', STANDARD_WORLD);
        assert.equal(
          okValue(await lift.execute(lifting, handlerContext(subject.providers, lifting)), 'lift').status,
          'done',
        );
        assert.equal(await subject.oracle.terminationProtection('locked'), false);
        assert.equal(
          okValue(await lift.reconcile(lifting, handlerContext(subject.providers, lifting)), 'reconcile lift').status,
          'done',
        );
        assert.equal(
          okValue(await remove.execute(deletion, handlerContext(subject.providers, deletion)), 'terminate').status,
          'done',
        );
      }),
    );

    runner.it('answers NotFound for an instance that does not exist', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const handler = portOf(subject, 'retirement').handlers?.['resource.stop'];
        assert.ok(handler);
        const real = instanceAction('resource.stop', subject.oracle, 'web-1', STANDARD_WORLD);
        const arn = real.target.ref.replace(/instance\/.*/, 'instance/i-0000000000000dead');
        const ghost = { ...real, key: `conformance:resource.stop:${arn}`, target: { ...real.target, ref: arn, arn } };
        errorOf(
          await handler.execute(ghost, handlerContext(subject.providers, ghost)),
          'NotFound',
          'stop a missing instance',
        );
      }),
    );
  });
}
