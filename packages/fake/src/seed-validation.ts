import { decomError, type InputIssue } from '@decomkit/core';
import { FakeInputError } from './fake-input-error.js';
import type { ResourceKind } from './providers/resource-kind.js';
import { eachTypedRecord } from './source/typed-records.js';
import type { WorldState } from './world.js';

/**
 * How strictly seeded ids are checked: `fake` (default) accepts what the
 * fake's own handlers act on (`i-pay0`), `aws` only AWS's formats
 * (`i-` and 8 or 17 hex digits, the same for `vol-`, `snap-`, `ami-`, `sg-`,
 * `eipalloc-`, `vpc-`, `subnet-`, `rtb-`, `igw-`, `nat-`, `vpce-`, `eni-`).
 */
export type SeedIdFormat = 'fake' | 'aws';

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** `arn:partition:service:region:account:resource`, region and account possibly empty. */
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso(-[a-z])?):([a-z0-9-]+):([^:]*):([^:]*):(.+)$/;
const AWS_ID = /^(i|vol|snap|ami|sg|eipalloc|vpc|subnet|rtb|igw|nat|vpce|eni)-([0-9a-f]{8}|[0-9a-f]{17})$/;
const AWS_ID_PREFIX = /^(i|vol|snap|ami|sg|eipalloc|vpc|subnet|rtb|igw|nat|vpce|eni)-/;

interface SeededRecord {
  readonly arn: string;
  readonly region: string;
  readonly accountId?: string;
  readonly id?: unknown;
  readonly allocationId?: unknown;
}

function isRecord(value: unknown): value is SeededRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { arn, region } = value as { arn?: unknown; region?: unknown };
  return typeof arn === 'string' && typeof region === 'string';
}

/** What is wrong with one ARN of record at `path`, if anything. */
function arnIssues(path: string, record: SeededRecord): InputIssue[] {
  const match = ARN.exec(record.arn);
  if (match === null) {
    return [
      { path: `${path}.arn`, message: `"${record.arn}" is not an ARN (arn:aws:service:region:account:resource)` },
    ];
  }
  const [, , , , region = '', account = ''] = match;
  const issues: InputIssue[] = [];
  if (region !== '' && !REGION.test(region)) {
    issues.push({ path: `${path}.arn`, message: `"${record.arn}" names "${region}", which is not a region` });
  }
  if (account !== '' && !ACCOUNT.test(account)) {
    issues.push({
      path: `${path}.arn`,
      message: `"${record.arn}" names "${account}", which is not a 12-digit account id`,
    });
  }
  if (region !== '' && REGION.test(region) && region !== record.region) {
    issues.push({ path: `${path}.region`, message: `"${record.region}" is not the region of its ARN "${record.arn}"` });
  }
  if (ACCOUNT.test(account) && record.accountId !== undefined && account !== record.accountId) {
    issues.push({
      path: `${path}.accountId`,
      message: `"${record.accountId}" is not the account of its ARN "${record.arn}"`,
    });
  }
  return issues;
}

/** The seeded resource records of `state` with the path of the seed field each came from. */
function* seededRecords(state: WorldState): Generator<{ path: string; record: SeededRecord }> {
  for (const [list, value] of Object.entries(state)) {
    if (!Array.isArray(value)) continue;
    for (const [index, record] of value.entries()) {
      if (isRecord(record)) yield { path: `source.${list}[${index}]`, record };
    }
  }
}

/**
 * Every problem with the resources of a freshly seeded world: an account id
 * that is not 12 digits, a region that is not one, an ARN that is not one or
 * names another place than its record, and an id or ARN the fake's handlers
 * for its type would not act on (such a resource used to be planned and then
 * skipped, or never found); with `idFormat: 'aws'`, ids not in AWS's format.
 */
export function seedIssues(state: WorldState, kinds: readonly ResourceKind[], idFormat: SeedIdFormat): InputIssue[] {
  const typeOf = new Map<unknown, string>();
  for (const { record, type } of eachTypedRecord(state, state.instances)) typeOf.set(record, type);
  const kindOf = new Map(kinds.map((kind) => [kind.type, kind]));
  const issues: InputIssue[] = [];
  if (!ACCOUNT.test(state.accountId)) {
    issues.push({ path: 'accountId', message: `"${state.accountId}" is not a 12-digit account id` });
  }
  if (!REGION.test(state.defaultRegion)) {
    issues.push({ path: 'region', message: `"${state.defaultRegion}" is not a region` });
  }
  for (const { path, record } of seededRecords(state)) {
    if (record.accountId !== undefined && record.accountId !== '' && !ACCOUNT.test(record.accountId)) {
      issues.push({ path: `${path}.accountId`, message: `"${record.accountId}" is not a 12-digit account id` });
    }
    if (record.region !== '' && !REGION.test(record.region)) {
      issues.push({ path: `${path}.region`, message: `"${record.region}" is not a region` });
    }
    const arnProblems = arnIssues(path, record);
    issues.push(...arnProblems);
    const type = typeOf.get(record);
    const kind = type === undefined ? undefined : kindOf.get(type);
    if (arnProblems.length === 0 && kind !== undefined && kind.idOf(record.arn) === null) {
      const field = typeof record.id === 'string' ? 'id' : 'arn';
      const value = field === 'id' ? record.id : record.arn;
      issues.push({
        path: `${path}.${field}`,
        message: `"${String(value)}" is not a ${type} id the fake acts on (its ARN ${record.arn} would be skipped)`,
      });
    }
    if (idFormat === 'aws') {
      for (const field of ['id', 'allocationId'] as const) {
        const id = record[field];
        if (typeof id === 'string' && AWS_ID_PREFIX.test(id) && !AWS_ID.test(id)) {
          issues.push({
            path: `${path}.${field}`,
            message: `"${id}" is not an AWS id (prefix, then 8 or 17 hex digits)`,
          });
        }
      }
    }
  }
  return issues;
}

/** Throws a {@link FakeInputError} listing `issues` when there are any. */
export function refuseSeedIssues(issues: readonly InputIssue[]): void {
  if (issues.length === 0) return;
  const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new FakeInputError(decomError.invalidInput(`invalid fake cloud seed: ${listed}`, issues));
}
