/**
 * Every public entry point answers any input, however hostile, with a typed
 * error (`InvalidInput`) or a success: never a throw, never a rejection.
 * Hostile means non-JSON values (BigInt, functions, symbols), Proxies that
 * throw on every trap, getters that throw, and circular objects, alone or
 * planted anywhere inside an otherwise valid input.
 */
import {
  createChecklist,
  createEngine,
  type DecomError,
  defineStep,
  defineWorkload,
  type Engine,
  fileJournal,
  memoryJournal,
  type Plan,
  type Result,
  stillOpen,
  verifyJournal,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { paymentsInput, paymentsWorkload } from './support/workloads.js';

const SEED = Number(process.env.DECOMKIT_PROPERTY_SEED ?? 20261205);
const RUNS = { seed: SEED, numRuns: 200 };

function throwingProxy(): object {
  const refuse = () => {
    throw new Error('hostile proxy');
  };
  return new Proxy(
    {},
    {
      get: refuse,
      has: refuse,
      ownKeys: refuse,
      getOwnPropertyDescriptor: refuse,
      getPrototypeOf: refuse,
      set: refuse,
      defineProperty: refuse,
    },
  );
}

function throwingGetters(): object {
  const value = {};
  for (const key of ['id', 'source', 'steps', 'hash', 'maxAttempts', 'limits', 'capacity', 'then', 'toJSON']) {
    Object.defineProperty(value, key, {
      enumerable: true,
      get() {
        throw new Error(`hostile getter ${key}`);
      },
    });
  }
  return value;
}

function circular(): object {
  const value: Record<string, unknown> = { id: 'payments', steps: [] };
  value.self = value;
  (value.steps as unknown[]).push(value);
  return value;
}

/**
 * A hostile value made fresh inside the property: fast-check itself inspects
 * the values it generates, and a throwing Proxy would throw in fast-check.
 */
class Recipe {
  constructor(
    readonly make: () => unknown,
    private readonly label: string,
  ) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
}

const made = (value: unknown) => new Recipe(() => value, fc.stringify(value));

/** Any value, JSON or not, including the hostile kinds. */
const hostile: fc.Arbitrary<Recipe> = fc.oneof(
  fc
    .anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    })
    .map(made),
  fc.func(fc.anything()).map(made),
  fc.string().map((description) => new Recipe(() => Symbol(description), `Symbol(${description})`)),
  fc.constant(new Recipe(throwingProxy, 'a Proxy that throws on every trap')),
  fc.constant(new Recipe(throwingGetters, 'an object whose getters throw')),
  fc.constant(new Recipe(circular, 'a circular object')),
  fc.bigInt().map(made),
);

/** A copy of `base` with the value at a path chosen by `choices` replaced by `replacement`. */
function plant(base: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || base === null || typeof base !== 'object') return replacement;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[(choices[0] ?? 0) % keys.length] as string;
  copy[key] = plant(copy[key], choices.slice(1), replacement);
  return copy;
}

/** `base` (made when the property runs) with a hostile value planted somewhere inside. */
const planted = (base: () => unknown) =>
  fc
    .tuple(fc.array(fc.nat(), { maxLength: 6 }), hostile)
    .map(
      ([choices, value]) =>
        new Recipe(() => plant(base(), choices, value.make()), `${fc.stringify(value)} at ${choices.join('.')}`),
    );

/** Calls an entry point; a throw or a rejection is the failure this test looks for. */
async function answer(call: () => unknown): Promise<Result<unknown, DecomError>> {
  let returned: unknown;
  try {
    returned = await call();
  } catch (cause) {
    throw new Error(`threw instead of returning a typed error: ${String(cause)}`);
  }
  expect(returned, 'a Result').toHaveProperty('isErr');
  return returned as Result<unknown, DecomError>;
}

function expectTyped(result: Result<unknown, DecomError>, allowed: readonly string[] = ['InvalidInput']): void {
  if (result.isErr()) expect(allowed, result.error.message).toContain(result.error.code);
}

const lookStep = defineStep({
  id: 'look',
  item: 'retire',
  title: 'Look only',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => stillOpen('looking'),
});

describe(`hostile input at every entry point (seed ${SEED})`, () => {
  const cloud = createFakeCloud({ accountId: '111122223333', now: '2026-11-20T00:00:00Z' });
  const checklist = createChecklist(paymentsWorkload(), [lookStep]);
  const validOptions = () => ({ checklist, providers: cloud.providers, journal: memoryJournal() });
  const engine = (): Engine => createEngine(validOptions())._unsafeUnwrap();
  let plan: Plan;
  beforeAll(async () => {
    plan = (await engine().plan())._unsafeUnwrap();
  });

  it('defineWorkload', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostile,
          planted(() => paymentsInput),
        ),
        async (input) => {
          expectTyped(await answer(() => defineWorkload(input.make() as never)));
        },
      ),
      RUNS,
    );
  });

  it('createEngine, including retry and rate-limit options', async () => {
    const field = fc.constantFrom(
      'checklist',
      'providers',
      'journal',
      'concurrency',
      'rateLimits',
      'retry',
      'random',
      'onEvent',
    );
    const rateLimits = planted(() => ({
      limits: { 'ec2:mutating': { capacity: 5, refillPerSecond: 1 } },
      fallback: { capacity: 1, refillPerSecond: 1 },
    }));
    const retry = planted(() => ({ maxAttempts: 3, baseDelayMilliseconds: 10, maxDelayMilliseconds: 100 }));
    const options = fc.oneof(
      hostile,
      fc
        .tuple(field, hostile)
        .map(
          ([name, value]) =>
            new Recipe(() => ({ ...validOptions(), [name]: value.make() }), `${name}: ${fc.stringify(value)}`),
        ),
      rateLimits.map(
        (value) =>
          new Recipe(() => ({ ...validOptions(), rateLimits: value.make() }), `rateLimits ${fc.stringify(value)}`),
      ),
      retry.map(
        (value) => new Recipe(() => ({ ...validOptions(), retry: value.make() }), `retry ${fc.stringify(value)}`),
      ),
      hostile.map(
        (port) =>
          new Recipe(
            () => ({ ...validOptions(), providers: { ...cloud.providers, inventory: port.make() } }),
            `inventory port ${fc.stringify(port)}`,
          ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(options, async (input) => {
        expectTyped(await answer(() => createEngine(input.make() as never)));
      }),
      RUNS,
    );
  });

  it('engine.apply with a hostile plan (circular, BigInt, Proxy, anything planted anywhere) or hostile options', async () => {
    const withBigInt = () => ({ ...plan, createdAt: 10n });
    const selfReferring = () => {
      const copy: Record<string, unknown> = { ...plan };
      copy.steps = [copy];
      return copy;
    };
    const plans = fc.oneof(
      hostile,
      planted(() => plan),
      fc.constant(new Recipe(withBigInt, 'a plan holding a BigInt')),
      fc.constant(new Recipe(selfReferring, 'a plan holding itself')),
    );
    const options = fc.oneof(
      fc.constant(new Recipe(() => undefined, 'no options')),
      hostile,
      ...(['approve', 'signal', 'runId'] as const).map((name) =>
        hostile.map((value) => new Recipe(() => ({ [name]: value.make() }), `${name}: ${fc.stringify(value)}`)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(plans, options, async (input, runOptions) => {
        expectTyped(await answer(() => engine().apply(input.make() as never, runOptions.make() as never)));
      }),
      { ...RUNS, numRuns: 150 },
    );
    const bigint = await answer(() => engine().apply(withBigInt() as never));
    expect(bigint._unsafeUnwrapErr().code).toBe('InvalidInput');
    const circularPlan = await answer(() => engine().apply(selfReferring() as never));
    expect(circularPlan._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('engine.resume and engine.status with any run id and options; journals with any run id', async () => {
    const notFoundIfString = (value: unknown) =>
      typeof value === 'string' ? ['InvalidInput', 'NotFound'] : ['InvalidInput'];
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (runIdRecipe, optionsRecipe) => {
        const runId = runIdRecipe.make();
        const allowed = notFoundIfString(runId);
        expectTyped(await answer(() => engine().resume(runId as never, optionsRecipe.make() as never)), allowed);
        expectTyped(await answer(() => engine().status(runId as never)), allowed);
        expectTyped(await answer(() => memoryJournal().read(runId as never)), allowed);
        expectTyped(await answer(() => memoryJournal().open(runId as never)));
      }),
      RUNS,
    );
  });

  it('fileJournal with a hostile directory: every method answers InvalidInput', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (recipe) => {
        const directory = recipe.make();
        if (typeof directory === 'string') return;
        let journal: ReturnType<typeof fileJournal> | undefined;
        expect(() => {
          journal = fileJournal(directory as never);
        }).not.toThrow();
        if (journal === undefined) return;
        const opened = journal;
        expect((await answer(() => opened.list()))._unsafeUnwrapErr().code).toBe('InvalidInput');
        expect((await answer(() => opened.read('run-1')))._unsafeUnwrapErr().code).toBe('InvalidInput');
        expect((await answer(() => opened.open('run-1')))._unsafeUnwrapErr().code).toBe('InvalidInput');
      }),
      { ...RUNS, numRuns: 60 },
    );
  });

  it('verifyJournal with anything', async () => {
    const records = fc.oneof(
      hostile,
      fc.array(hostile, { maxLength: 3 }).map((items) => new Recipe(() => items.map((item) => item.make()), 'a list')),
    );
    await fc.assert(
      fc.asyncProperty(records, async (input) => {
        expectTyped(await answer(() => verifyJournal(input.make() as never)), ['InvalidInput', 'JournalCorrupt']);
      }),
      RUNS,
    );
  });

  it('defineStep and the checklist edits (insertAfter, insertBefore, replace, without, append) with bad values', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (stepRecipe, anchorRecipe, workloadRecipe) => {
        const step = stepRecipe.make();
        const anchor = anchorRecipe.make();
        let defined: unknown;
        expect(() => {
          defined = defineStep(step as never);
        }).not.toThrow();
        const edited = () =>
          createChecklist(paymentsWorkload(), [lookStep])
            .insertAfter(anchor as never, defined as never)
            .insertBefore('look', step as never)
            .replace(anchor as never, step as never)
            .without(anchor as never)
            .append(defined as never)
            .validate();
        expect((await answer(edited))._unsafeUnwrapErr().code).toBe('InvalidInput');
        const ofBadWorkload = () => createChecklist(workloadRecipe.make() as never, [step as never]).validate();
        expectTyped(await answer(ofBadWorkload));
      }),
      RUNS,
    );
  });
});

describe('retry and rate-limit options are bounded', () => {
  const cloud = createFakeCloud({ accountId: '111122223333', now: '2026-11-20T00:00:00Z' });
  const base = () => ({
    checklist: createChecklist(paymentsWorkload(), [lookStep]),
    providers: cloud.providers,
    journal: memoryJournal(),
  });
  const refused: [string, Record<string, unknown>, string][] = [
    ['a billion attempts', { retry: { maxAttempts: 1e9 } }, 'retry.maxAttempts'],
    ['a fractional attempt count', { retry: { maxAttempts: 2.5 } }, 'retry.maxAttempts'],
    ['a negative base delay', { retry: { baseDelayMilliseconds: -1 } }, 'retry.baseDelayMilliseconds'],
    [
      'an infinite max delay',
      { retry: { maxDelayMilliseconds: Number.POSITIVE_INFINITY } },
      'retry.maxDelayMilliseconds',
    ],
    ['a day-long delay', { retry: { maxDelayMilliseconds: 86_400_000 } }, 'retry.maxDelayMilliseconds'],
    [
      'a base above the max',
      { retry: { baseDelayMilliseconds: 5_000, maxDelayMilliseconds: 1_000 } },
      'retry.baseDelayMilliseconds',
    ],
    ['an unknown retry field', { retry: { attempts: 3 } }, 'retry.attempts'],
    ['retry that is not an object', { retry: 5 }, 'retry'],
    ['a null limit', { rateLimits: { limits: { x: null } } }, 'rateLimits.limits.x'],
    [
      'a fractional capacity',
      { rateLimits: { limits: { x: { capacity: 1.5, refillPerSecond: 1 } } } },
      'rateLimits.limits.x.capacity',
    ],
    [
      'an infinite capacity',
      { rateLimits: { limits: { x: { capacity: Number.POSITIVE_INFINITY, refillPerSecond: 1 } } } },
      'rateLimits.limits.x.capacity',
    ],
    [
      'a NaN refill',
      { rateLimits: { limits: { x: { capacity: 1, refillPerSecond: Number.NaN } } } },
      'rateLimits.limits.x.refillPerSecond',
    ],
    [
      'an unknown limit field',
      { rateLimits: { limits: { x: { capacity: 1, refillPerSecond: 1, burst: 2 } } } },
      'rateLimits.limits.x.burst',
    ],
    [
      'a bad fallback',
      { rateLimits: { fallback: { capacity: 0, refillPerSecond: 1 } } },
      'rateLimits.fallback.capacity',
    ],
    ['an unknown rate-limit field', { rateLimits: { limit: {} } }, 'rateLimits.limit'],
    ['limits that are a list', { rateLimits: { limits: [] } }, 'rateLimits.limits'],
  ];
  it.each(refused)('refuses %s with InvalidInput naming the field', (_name, override, path) => {
    const engine = createEngine({ ...base(), ...override } as never);
    expect(engine.isErr()).toBe(true);
    expect(engine._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(engine._unsafeUnwrapErr().issues.map((issue) => issue.path)).toContain(path);
  });

  it('accepts the bounds themselves', () => {
    const engine = createEngine({
      ...base(),
      retry: { maxAttempts: 20, baseDelayMilliseconds: 0, maxDelayMilliseconds: 600_000 },
      rateLimits: {
        limits: { x: { capacity: 1e9, refillPerSecond: 1e9 } },
        fallback: { capacity: 1, refillPerSecond: 0.001 },
      },
    });
    expect(engine.isOk()).toBe(true);
  });
});
