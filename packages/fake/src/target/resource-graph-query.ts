import { type DecomError, decomError, err, ok, type Result } from '@decomkit/core';
import type { FakeAzureResource } from '../services/services-state.js';

/** A filter compiled from a Resource Graph query. */
export type ResourcePredicate = (resource: FakeAzureResource) => boolean;

const FIELDS = new Set(['id', 'name', 'type', 'location', 'resourcegroup', 'subscriptionid']);
const CONDITION =
  /^\s*(tags\s*\[\s*'([^']+)'\s*\]|tags\.([A-Za-z0-9_-]+)|[A-Za-z]+)\s*(==|=~|!=|!~|contains|startswith|in~|in)\s*(\(.*\)|'[^']*'|"[^"]*")\s*$/i;

/**
 * Compiles the subset of KQL the fake Resource Graph understands:
 * `Resources | where <condition> [and <condition>…] [| where …] [| project …]`,
 * conditions on id, name, type, location, resourceGroup, subscriptionId or
 * `tags['key']` with `==`, `=~`, `!=`, `!~`, `contains`, `startswith`, `in`, `in~`.
 * Anything else is `BadRequest` (InvalidInput), never silently ignored.
 */
export function compileQuery(query: string): Result<ResourcePredicate, DecomError> {
  const stages = query.split('|').map((stage) => stage.trim());
  if ((stages[0] ?? '').toLowerCase() !== 'resources')
    return invalid(query, 'the query must start with the Resources table');
  const predicates: ResourcePredicate[] = [];
  for (const stage of stages.slice(1)) {
    const [keyword] = stage.split(/\s+/, 1);
    if (keyword?.toLowerCase() === 'project') continue;
    if (keyword?.toLowerCase() !== 'where') return invalid(query, `unsupported operator "${keyword}"`);
    for (const condition of stage.slice(5).split(/\s+and\s+/i)) {
      const predicate = compileCondition(condition);
      if (predicate === null) return invalid(query, `unsupported condition "${condition.trim()}"`);
      predicates.push(predicate);
    }
  }
  return ok((resource) => predicates.every((predicate) => predicate(resource)));
}

function compileCondition(condition: string): ResourcePredicate | null {
  const match = CONDITION.exec(condition);
  if (match === null) return null;
  const [, field = '', bracketTag, dottedTag, operator = '', literal = ''] = match;
  const tag = bracketTag ?? dottedTag;
  if (tag === undefined && !FIELDS.has(field.toLowerCase())) return null;
  const fieldValue = (resource: FakeAzureResource): string | undefined =>
    tag !== undefined ? resource.tags[tag] : (resource as unknown as Record<string, string>)[canonical(field)];
  const op = operator.toLowerCase();
  if (op === 'in' || op === 'in~') {
    if (!literal.startsWith('(')) return null;
    const values = [...literal.matchAll(/'([^']*)'|"([^"]*)"/g)].map((found) => found[1] ?? found[2] ?? '');
    const fold = op === 'in~' ? (text: string) => text.toLowerCase() : (text: string) => text;
    return (resource) => {
      const value = fieldValue(resource);
      return value !== undefined && values.map(fold).includes(fold(value));
    };
  }
  if (literal.startsWith('(')) return null;
  const expected = literal.slice(1, -1);
  const compare: Record<string, (value: string) => boolean> = {
    '==': (value) => value === expected,
    '=~': (value) => value.toLowerCase() === expected.toLowerCase(),
    '!=': (value) => value !== expected,
    '!~': (value) => value.toLowerCase() !== expected.toLowerCase(),
    contains: (value) => value.toLowerCase().includes(expected.toLowerCase()),
    startswith: (value) => value.toLowerCase().startsWith(expected.toLowerCase()),
  };
  const test = compare[op];
  if (test === undefined) return null;
  return (resource) => {
    const value = fieldValue(resource);
    return value === undefined ? op === '!=' || op === '!~' : test(value);
  };
}

function canonical(field: string): string {
  const lower = field.toLowerCase();
  return lower === 'resourcegroup' ? 'resourceGroup' : lower === 'subscriptionid' ? 'subscriptionId' : lower;
}

function invalid(query: string, reason: string): Result<never, DecomError> {
  return err(
    decomError.invalidInput(`BadRequest: InvalidQuery: ${reason} in "${query}"`, [{ path: 'query', message: reason }]),
  );
}
