import {
  type Action,
  type ActionHandler,
  type ActionParams,
  type CmdbPort,
  createEngine,
  defineStep,
  type EmptyContentsMode,
  memoryJournal,
  okAsync,
  type RetirementPort,
  verified,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION, portHandler } from '@decomkit/core/provider-kit';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { paymentsWorkload } from './support/workloads.js';

const done = () => okAsync({ status: 'done', result: {} } as const);
const noop: ActionHandler = { execute: done, reconcile: done };

describe('typed action contracts', () => {
  it('gives each built-in kind its params, and an action of a kind known only at run time JSON params', () => {
    expectTypeOf<ActionParams<'cmdb.retire'>>().toEqualTypeOf<{ ciId: string; azureCiIds: string[] }>();
    expectTypeOf<ActionParams<'resource.delete'>>().toEqualTypeOf<{
      dependentArns?: string[];
      emptyContents?: EmptyContentsMode;
    }>();
    expectTypeOf<Action<'cmdb.retire'>['params']['azureCiIds']>().toEqualTypeOf<string[]>();
    // An action of any kind (what a plan file holds) is still an `Action`, and a typed one is one too.
    expectTypeOf<Action<'cmdb.retire'>>().toExtend<Action>();
    expectTypeOf<Action['kind']>().toEqualTypeOf<string>();
  });

  it('does not compile a port that lacks a handler its interface declares, or one of an unknown kind', () => {
    const cmdb: CmdbPort = {
      specificationVersion: PORT_SPECIFICATION_VERSION,
      getItem: () => okAsync(null),
      handlers: { 'cmdb.retire': noop, 'review.schedule': noop },
    };
    // @ts-expect-error -- a CMDB port must handle `review.schedule`
    const withoutReview: CmdbPort = { ...cmdb, handlers: { 'cmdb.retire': noop } };
    // @ts-expect-error -- a retirement port must handle `protection.lift`
    const retirement: RetirementPort['handlers'] = {
      'resource.stop': noop,
      'resource.delete': noop,
    };
    const unknownKind: CmdbPort = {
      ...cmdb,
      // @ts-expect-error -- `cmdb.retyre` is no action kind
      handlers: { 'cmdb.retire': noop, 'review.schedule': noop, 'cmdb.retyre': noop },
    };
    expect([withoutReview, retirement, unknownKind]).toHaveLength(3);
  });

  it('does not compile a step action with a wrong, missing or extra param, or an unknown kind', () => {
    const step = defineStep({
      id: 'typed-params',
      item: 'artifacts',
      title: 'Typed params',
      needs: [],
      plan: ({ action }) => ({
        actions: [
          action({ kind: 'cmdb.retire', target: { ref: 'ci-1' }, params: { ciId: 'ci-1', azureCiIds: [] } }),
          // @ts-expect-error -- `azureCiIds` is a list of CI ids
          action({ kind: 'cmdb.retire', target: { ref: 'ci-2' }, params: { ciId: 'ci-2', azureCiIds: 'ci-9' } }),
          // @ts-expect-error -- `cmdb.retire` needs params
          action({ kind: 'cmdb.retire', target: { ref: 'ci-3' } }),
          action({
            kind: 'resource.stop',
            target: { ref: 'i-1' },
            // @ts-expect-error -- `resource.stop` takes no params
            params: { force: true },
          }),
          // @ts-expect-error -- `resource.remove` is no action kind
          action({ kind: 'resource.remove', target: { ref: 'i-2' } }),
          // No params needed where every param is optional.
          action({ kind: 'resource.delete', target: { ref: 'i-3' } }),
        ],
      }),
      verify: () => verified('typed'),
    });
    expect(step.id).toBe('typed-params');
  });

  it('gives a handler its params unchecked: each a JSON value to check, an undeclared one a compile error', () => {
    const retire: ActionHandler<'cmdb.retire'> = {
      execute: (action) => {
        expectTypeOf(action.params.ciId).toEqualTypeOf<import('@decomkit/core').JsonValue | undefined>();
        // @ts-expect-error -- `cmdb.retire` declares no `ciID`
        const misspelt = action.params.ciID;
        return okAsync({ status: 'done', result: { misspelt: misspelt ?? null } });
      },
      reconcile: done,
    };
    expect(typeof retire.execute).toBe('function');
  });

  it('finds a handler for a kind read at run time among the port’s own handlers only', () => {
    const cloud = createFakeCloud();
    expect(portHandler(cloud.providers.cmdb, 'cmdb.retire')).toBeDefined();
    expect(portHandler(cloud.providers.cmdb, 'toString')).toBeUndefined();
    expect(portHandler(cloud.providers.cmdb, '__proto__')).toBeUndefined();
    expect(portHandler(undefined, 'cmdb.retire')).toBeUndefined();
  });
});

describe('port specification version', () => {
  const cloud = createFakeCloud();
  const journal = memoryJournal();
  const checklist = retireInstancesChecklist(paymentsWorkload());
  type Options = Parameters<typeof createEngine>[0];

  it('is set on every port of the fake, and accepted by createEngine', () => {
    const { clock: _clock, ...ports } = cloud.providers;
    for (const [name, port] of Object.entries(ports)) {
      expect((port as { specificationVersion?: unknown }).specificationVersion, name).toBe('decomkit-port-v1');
    }
    expect(createEngine({ checklist, providers: cloud.providers, journal }).isOk()).toBe(true);
  });

  it('refuses a port built for another version with InvalidInput naming the port and both versions', () => {
    const retirement = { ...cloud.providers.retirement, specificationVersion: 'decomkit-port-v0' };
    // @ts-expect-error -- a port of another version does not compile
    const engine = createEngine({ checklist, providers: { ...cloud.providers, retirement }, journal });
    const error = engine._unsafeUnwrapErr();
    expect(error.code).toBe('InvalidInput');
    expect(error.issues).toEqual([
      {
        path: 'providers.retirement.specificationVersion',
        message:
          'the "retirement" port has specificationVersion "decomkit-port-v0"; this engine implements "decomkit-port-v1"',
      },
    ]);
    expect(error.message).toContain('"decomkit-port-v0"');
    expect(error.message).toContain('"decomkit-port-v1"');
  });

  it('refuses a port without a version, from typed and untyped callers alike', () => {
    const { specificationVersion: _version, ...cmdb } = cloud.providers.cmdb;
    // @ts-expect-error -- a port without a version does not compile
    const typed = createEngine({ checklist, providers: { ...cloud.providers, cmdb }, journal });
    // An untyped (JavaScript) caller: a version of the wrong type, and none at all on a port it wrote itself.
    const untyped = createEngine({
      checklist,
      providers: {
        ...cloud.providers,
        dns: { ...cloud.providers.dns, specificationVersion: 1 },
        costs: { costByTag: () => okAsync(null) },
      },
      journal,
    } as unknown as Options);
    expect(typed._unsafeUnwrapErr().issues).toEqual([
      {
        path: 'providers.cmdb.specificationVersion',
        message: 'the "cmdb" port has no specificationVersion; this engine implements "decomkit-port-v1"',
      },
    ]);
    expect(untyped._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(untyped._unsafeUnwrapErr().issues).toEqual([
      {
        path: 'providers.costs.specificationVersion',
        message: 'the "costs" port has no specificationVersion; this engine implements "decomkit-port-v1"',
      },
      {
        path: 'providers.dns.specificationVersion',
        message: 'the "dns" port has specificationVersion of type number; this engine implements "decomkit-port-v1"',
      },
    ]);
  });

  it('asks no version of the clock or of a port of the caller’s own without handlers', () => {
    const chat = { post: () => undefined };
    const engine = createEngine({
      checklist,
      providers: { ...cloud.providers, chat },
      journal,
    } as unknown as Options);
    expect(engine.isOk()).toBe(true);
  });
});
