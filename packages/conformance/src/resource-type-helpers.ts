import type { ActionHandler, InventoryPort, Resource, Workload } from '@decomkit/core';
import { portHandler } from '@decomkit/provider-kit';
import { assert, okValue } from './assertions.js';
import { resourceAction, runToCompletion } from './fixtures.js';
import type { MutationOracle } from './oracles.js';
import type { ResourceTypeOracle, ResourceTypeRow, ResourceTypeSubject } from './resource-type-row.js';
import { contextOf } from './subject.js';

/** The three retirement handlers every retirement port has (it dispatches them by ARN). */
export const RETIREMENT_KINDS = ['resource.stop', 'resource.delete', 'protection.lift'] as const;

/** The row as this world names its resources: the oracle's `arnOf` where it knows the name, else the row's. */
export function rowIn(row: ResourceTypeRow, subject: ResourceTypeSubject): ResourceTypeRow {
  const { oracle } = subject;
  if (oracle.arnOf === undefined) return row;
  return { ...row, arnOf: (name) => oracle.arnOf?.(name) ?? row.arnOf(name) };
}

/** The resource at `arn` as the inventory describes it; fails when it does not exist. */
export async function described(inventory: InventoryPort, arn: string): Promise<Resource> {
  const resource = okValue(await inventory.describe(arn), `describe ${arn}`);
  assert.ok(resource !== null, `${arn} is described`);
  return resource;
}

/** The retirement port's handler of `kind`; fails when there is none. */
export function handlerOf(subject: Pick<ResourceTypeSubject, 'retirement'>, kind: string): ActionHandler {
  const handler = portHandler(subject.retirement, kind);
  assert.ok(handler !== undefined, `handler ${kind}`);
  return handler;
}

/** Every resource of `type` the inventory discovers for `source`. */
export async function discoverType(
  inventory: InventoryPort,
  source: Workload['source'],
  type: string,
): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of inventory.discover(source)) found.push(...okValue(page, 'discover'));
  return found.filter((resource) => resource.type === type);
}

/** The row's selector in `regions` instead. */
export function inRegions(row: ResourceTypeRow, regions: readonly string[]): Workload['source'] {
  return { ...row.source, regions: [...regions] };
}

/** The region the row's resources live in. */
export function homeRegion(row: ResourceTypeRow): string {
  const region = row.source.regions[0];
  assert.ok(region !== undefined, `the ${row.type} row's source names a region`);
  return region;
}

/** Asserts the target made no mutating call since `before` (when it can count them). */
export async function nothingChangedSince(oracle: MutationOracle, before: number | null, what: string) {
  assert.equal(await oracle.mutatingCalls(), before, `${what} must not change anything`);
}

/** The oracle hook `name` of a row subject; fails saying the row's flag needs it. */
export function hookOf<Name extends 'stopped' | 'deletionProtection'>(
  oracle: ResourceTypeOracle,
  name: Name,
): NonNullable<ResourceTypeOracle[Name]> {
  const hook = oracle[name];
  assert.ok(hook !== undefined, `the row's flags need oracle.${name}()`);
  return hook.bind(oracle) as NonNullable<ResourceTypeOracle[Name]>;
}

/** Every fixture of the row but `except`, with the state the oracle reads for it (each must exist). */
export async function othersOf(
  row: ResourceTypeRow,
  oracle: ResourceTypeOracle,
  except: string,
): Promise<Map<string, unknown>> {
  const names = [...row.inScope, ...row.lookAlikes.map((lookAlike) => lookAlike.name)];
  if (row.elsewhere !== undefined) names.push(row.elsewhere.name);
  const states = new Map<string, unknown>();
  for (const name of names.filter((candidate) => candidate !== except)) {
    const state = await oracle.state(name);
    assert.notEqual(state, null, `the oracle reads ${name}`);
    states.set(name, state);
  }
  return states;
}

/** Asserts every resource in `before` reads as it did. */
export async function untouched(oracle: ResourceTypeOracle, before: Map<string, unknown>): Promise<void> {
  for (const [name, state] of before) assert.deepEqual(await oracle.state(name), state, `${name} is untouched`);
}

/**
 * Deletes `name` (in scope, nothing refusing it) as the engine does and
 * checks the truth each way: reconcile absent before and done after, gone
 * from the service and the inventory, a repeated delete harmless, every
 * other fixture untouched.
 */
export async function deleteChecked(row: ResourceTypeRow, subject: ResourceTypeSubject, name: string): Promise<void> {
  const { inventory, oracle } = subject;
  const others = await othersOf(row, oracle, name);
  const remove = handlerOf(subject, 'resource.delete');
  const action = resourceAction('resource.delete', await described(inventory, row.arnOf(name)));
  const context = contextOf(subject, action);
  assert.equal(okValue(await remove.reconcile(action, context), 'reconcile before').status, 'absent');
  assert.equal(okValue(await runToCompletion(remove, action, context, oracle), 'delete').status, 'done');
  assert.equal(await oracle.state(name), null, `${name} is gone`);
  assert.equal(okValue(await remove.reconcile(action, context), 'reconcile after').status, 'done');
  assert.equal(okValue(await inventory.describe(action.target.ref), 'describe deleted'), null);
  const again = await remove.execute(action, context);
  assert.ok(again.isOk() || again.error.code === 'NotFound', 'deleting twice is harmless');
  await untouched(oracle, others);
}
