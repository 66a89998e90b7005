import { assert, errorOf, okValue, protectionFlagIs } from './assertions.js';
import { arnAction, resourceAction, runToCompletion } from './fixtures.js';
import {
  deleteChecked,
  described,
  discoverType,
  handlerOf,
  homeRegion,
  hookOf,
  inRegions,
  nothingChangedSince,
  othersOf,
  RETIREMENT_KINDS,
  rowIn,
  untouched,
} from './resource-type-helpers.js';
import type { ResourceTypeRow, ResourceTypeSubject } from './resource-type-row.js';
import type { ConformanceRunner } from './runner.js';
import { contextOf, withSubject } from './subject.js';

/** Builds the row's world and runs `body` on it, with the row naming the resources as that world does ({@link rowIn}). */
function withRow(
  row: ResourceTypeRow,
  body: (subject: ResourceTypeSubject, row: ResourceTypeRow) => Promise<void>,
): Promise<void> {
  return withSubject(
    () => row.create(),
    undefined,
    (subject) => body(subject, rowIn(row, subject)),
  );
}

/**
 * Holds each resource type to the same checks through the `inventory` and
 * `retirement` ports: supported with its handlers, discovered by tag (the
 * look-alikes not), described (null when missing; `describeScopes` agreeing
 * where offered), stopped, protection lifted, deleted, reconcile truthful
 * before and after, NotFound for a missing resource, a repeated call
 * harmless, wrong ARNs refused. A row's flags turn off what does not apply:
 * a type that cannot be stopped has its stop refused instead.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { resourceTypeConformance } from '@decomkit/conformance';
 * resourceTypeConformance({ describe, it }, [queueRow, logGroupRow]);
 * ```
 */
export function resourceTypeConformance(runner: ConformanceRunner, rows: readonly ResourceTypeRow[]): void {
  for (const row of rows) runner.describe(`resource type ${row.type}`, () => resourceTypeChecks(runner, row));
}

/** The checks of one row. */
function resourceTypeChecks(runner: ConformanceRunner, row: ResourceTypeRow): void {
  const region = homeRegion(row);
  const protectedNames = row.protectedNames ?? [];

  runner.it('is a supported type, and the retirement port has the three retirement handlers', () =>
    withRow(row, async (subject, row) => {
      assert.ok(subject.retirement.supportedTypes.includes(row.type), row.type);
      for (const kind of RETIREMENT_KINDS) handlerOf(subject, kind);
    }),
  );

  runner.it('discovers the tagged resources by the selector, not the look-alikes, changing nothing', () =>
    withRow(row, async (subject, row) => {
      const before = await subject.oracle.mutatingCalls();
      const found = await discoverType(subject.inventory, row.source, row.type);
      assert.deepEqual(found.map((resource) => resource.arn).sort(), row.inScope.map(row.arnOf).sort());
      for (const name of row.inScope) {
        const arn = row.arnOf(name);
        const resource = found.find((candidate) => candidate.arn === arn);
        assert.ok(resource !== undefined, arn);
        assert.equal(resource.type, row.type, `${arn}: type`);
        assert.equal(resource.name, subject.oracle.nameOf?.(name) ?? name, `${arn}: name`);
        assert.equal(resource.accountId, row.source.accountId, `${arn}: account`);
        assert.equal(resource.region, row.global === true ? '' : region, `${arn}: region`);
        for (const [key, value] of Object.entries(row.source.select.tags ?? {}))
          assert.equal(resource.tags?.[key], value, `${arn}: tag ${key}`);
        protectionFlagIs(resource.protection.deletion, protectedNames.includes(name), `${arn}: deletion protection`);
        protectionFlagIs(resource.protection.stop, false, `${arn}: stop protection`);
      }
      await nothingChangedSince(subject.oracle, before, 'discovery');
    }),
  );

  const { elsewhere } = row;
  if (elsewhere !== undefined)
    runner.it('finds a resource in the selected region it lives in, not in the others', () =>
      withRow(row, async (subject, row) => {
        const far = row.arnOf(elsewhere.name);
        const there = await discoverType(subject.inventory, inRegions(row, [elsewhere.region]), row.type);
        assert.deepEqual(
          there.map((resource) => resource.arn),
          [far],
          `only ${elsewhere.name} is in scope in ${elsewhere.region}`,
        );
        assert.equal(there[0]?.region, elsewhere.region);
        const both = await discoverType(subject.inventory, inRegions(row, [region, elsewhere.region]), row.type);
        assert.equal(both.length, row.inScope.length + 1, `the ${row.type} resources of ${region}, and ${far}`);
        assert.equal(both.find((resource) => resource.arn === far)?.region, elsewhere.region);
        assert.equal((await described(subject.inventory, far)).region, elsewhere.region, 'described where it lives');
      }),
    );

  runner.it(
    'describes each (look-alikes with their tags; null when missing), and describeScopes where offered agrees',
    () =>
      withRow(row, async ({ inventory }, row) => {
        for (const lookAlike of row.lookAlikes) {
          const resource = await described(inventory, row.arnOf(lookAlike.name));
          // Spread: a provider may keep tags on a null-prototype record (so that a `__proto__` key is kept).
          assert.deepEqual({ ...resource.tags }, { ...lookAlike.tags }, `${lookAlike.name}: tags`);
        }
        const present = [...row.inScope, ...row.lookAlikes.map((lookAlike) => lookAlike.name)].map(row.arnOf);
        const missing = row.arnOf(row.missing);
        assert.equal(okValue(await inventory.describe(missing), `describe ${missing}`), null, missing);
        if (inventory.describeScopes === undefined) return; // optional: the engine falls back to describe
        const scopes = okValue(await inventory.describeScopes([...present, missing]), 'describeScopes');
        assert.equal(scopes.get(missing), null, `${missing} is null`);
        for (const arn of present) {
          const one = await described(inventory, arn);
          const scope = scopes.get(arn);
          assert.ok(scope !== null && scope !== undefined, `${arn} is found both ways`);
          for (const field of ['arn', 'type', 'accountId', 'region', 'state'] as const) {
            assert.equal(scope[field], one[field], `${arn}: ${field}`);
          }
          assert.deepEqual(scope.tags, one.tags, `${arn}: tags`);
        }
      }),
  );

  const { deletable } = row;
  if (deletable !== undefined)
    runner.it(
      'deletes one: reconcile absent before, done after; a second delete does no harm; the others untouched',
      () => withRow(row, (subject, row) => deleteChecked(row, subject, deletable)),
    );

  if ((row.refusedDeletes ?? []).length > 0)
    runner.it('refuses to delete one the service keeps for what it holds (Conflict), changing nothing', () =>
      withRow(row, async (subject, row) => {
        const remove = handlerOf(subject, 'resource.delete');
        for (const name of row.refusedDeletes ?? []) {
          const state = await subject.oracle.state(name);
          assert.notEqual(state, null, `the oracle reads ${name}`);
          const action = resourceAction('resource.delete', await described(subject.inventory, row.arnOf(name)));
          const context = contextOf(subject, action);
          const before = await subject.oracle.mutatingCalls();
          errorOf(await remove.execute(action, context), 'Conflict', `delete ${name}`);
          await nothingChangedSince(subject.oracle, before, 'a refused delete');
          assert.deepEqual(await subject.oracle.state(name), state, `${name} still exists with what it holds`);
          assert.equal(okValue(await remove.reconcile(action, context), 'reconcile refused').status, 'absent');
        }
      }),
    );

  const [guarded] = protectedNames;
  if (guarded !== undefined)
    runner.it('refuses to delete a protected one (Conflict) until protection.lift runs, then deletes it', () =>
      withRow(row, async (subject, row) => {
        const { inventory, oracle } = subject;
        const protection = hookOf(oracle, 'deletionProtection');
        const others = await othersOf(row, oracle, guarded);
        const arn = row.arnOf(guarded);
        const remove = handlerOf(subject, 'resource.delete');
        const deletion = resourceAction('resource.delete', await described(inventory, arn));
        const deletionContext = contextOf(subject, deletion);
        const state = await oracle.state(guarded);
        assert.equal(await protection(guarded), true, `${guarded} is protected`);
        const before = await oracle.mutatingCalls();
        errorOf(await remove.execute(deletion, deletionContext), 'Conflict', `delete protected ${guarded}`);
        if (row.protectionRefusedByService !== true) await nothingChangedSince(oracle, before, 'a refused delete');
        assert.deepEqual(await oracle.state(guarded), state, `${guarded} is as it was`);
        assert.equal(okValue(await remove.reconcile(deletion, deletionContext), 'reconcile refused').status, 'absent');

        const lift = handlerOf(subject, 'protection.lift');
        const lifting = resourceAction('protection.lift', await described(inventory, arn));
        const liftingContext = contextOf(subject, lifting);
        assert.equal(okValue(await lift.reconcile(lifting, liftingContext), 'reconcile lift before').status, 'absent');
        assert.equal(okValue(await runToCompletion(lift, lifting, liftingContext, oracle), 'lift').status, 'done');
        assert.equal(await protection(guarded), false, 'protection is off');
        assert.equal(okValue(await lift.reconcile(lifting, liftingContext), 'reconcile lift after').status, 'done');
        protectionFlagIs((await described(inventory, arn)).protection.deletion, false, 'described unprotected');
        await untouched(oracle, others);
        await deleteChecked(row, subject, guarded);
      }),
    );

  const [stoppable] = row.stoppable === true ? row.inScope : [];
  if (stoppable !== undefined)
    runner.it('stops one and reconcile tells it apart, then deletes it; the others untouched', () =>
      withRow(row, async (subject, row) => {
        const { oracle } = subject;
        const stopped = hookOf(oracle, 'stopped');
        const others = await othersOf(row, oracle, stoppable);
        const stop = handlerOf(subject, 'resource.stop');
        const stopping = resourceAction('resource.stop', await described(subject.inventory, row.arnOf(stoppable)));
        const context = contextOf(subject, stopping);
        assert.equal(okValue(await stop.reconcile(stopping, context), 'reconcile stop before').status, 'absent');
        assert.equal(okValue(await runToCompletion(stop, stopping, context, oracle), 'stop').status, 'done');
        assert.equal(await stopped(stoppable), true, `${stoppable} is stopped`);
        assert.equal(okValue(await stop.reconcile(stopping, context), 'reconcile stop after').status, 'done');
        await untouched(oracle, others);
        await deleteChecked(row, subject, stoppable);
      }),
    );

  runner.it('answers for a resource that does not exist: a delete as the row says, a stop or lift NotFound', () =>
    withRow(row, async (subject, row) => {
      const arn = row.arnOf(row.missing);
      const kinds = [
        ['resource.delete', row.deleteOfMissing ?? 'done'],
        ...(guarded === undefined ? [] : [['protection.lift', 'NotFound'] as const]),
        ...(stoppable === undefined ? [] : [['resource.stop', 'NotFound'] as const]),
      ] as const;
      for (const [kind, expected] of kinds) {
        const action = arnAction(kind, arn, row.type, { accountId: row.source.accountId, region });
        const outcome = await handlerOf(subject, kind).execute(action, contextOf(subject, action));
        if (expected === 'done') assert.equal(okValue(outcome, `${kind} ${arn}`).status, 'done', `${kind} ${arn}`);
        else errorOf(outcome, expected, `${kind} ${arn}`);
        const reconciling = await handlerOf(subject, kind).reconcile(action, contextOf(subject, action));
        if (kind === 'resource.delete' && row.keepsFinalSnapshot === true) {
          // Gone without the final snapshot its delete keeps: not confirmed (see the row's flag).
          const error = errorOf(reconciling, 'ProviderFailure', `reconcile ${kind} ${arn}`);
          assert.ok(error.code === 'ProviderFailure' && !error.retryable, `reconcile ${kind} ${arn}: not retryable`);
          continue;
        }
        const reconciled = okValue(reconciling, `reconcile ${kind} ${arn}`);
        const gone = kind === 'resource.delete' || (kind === 'resource.stop' && row.goneCountsAsStopped === true);
        assert.equal(reconciled.status, gone ? 'done' : 'absent', `reconcile ${kind} ${arn}`);
      }
    }),
  );

  runner.it('refuses wrong ARNs (InvalidInput), and a stop where the type cannot stop, changing nothing', () =>
    withRow(row, async (subject, row) => {
      const before = await subject.oracle.mutatingCalls();
      for (const arn of row.wrongArns) {
        for (const kind of RETIREMENT_KINDS) {
          const action = arnAction(kind, arn, row.type, { accountId: row.source.accountId, region });
          errorOf(
            await handlerOf(subject, kind).execute(action, contextOf(subject, action)),
            'InvalidInput',
            `${kind} on ${arn}`,
          );
        }
      }
      const [first] = row.inScope;
      if (row.stoppable !== true && first !== undefined) {
        const arn = row.arnOf(first);
        const action = resourceAction('resource.stop', await described(subject.inventory, arn));
        errorOf(
          await handlerOf(subject, 'resource.stop').execute(action, contextOf(subject, action)),
          'InvalidInput',
          `stop ${arn}`,
        );
      }
      await nothingChangedSince(subject.oracle, before, 'a refused action');
    }),
  );
}
