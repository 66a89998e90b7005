import {
  createEngine,
  type DecomError,
  decomError,
  decommissionChecklist,
  defineWorkload,
  errAsync,
  type HiddenDependencyOptions,
  type HiddenDependencyScan,
  type InventoryPort,
  memoryJournal,
  okAsync,
  type ResultAsync,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';
const WEB_1 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1';
const WEB_2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';
const RECORD = 'arn:aws:route53:::hostedzone/Z1/recordset/api.example.com./A';

/** The fake's inventory, with `findDependents` answered by `scan` (or left out when `scan` is null). */
function withDependents(
  cloud: FakeCloud,
  scan: ((options: HiddenDependencyOptions) => ResultAsync<HiddenDependencyScan, DecomError>) | null,
): InventoryPort {
  const { findDependents: _own, ...inventory } = cloud.providers.inventory;
  return scan === null
    ? { ...inventory, discover: (source) => cloud.providers.inventory.discover(source) }
    : {
        ...inventory,
        discover: (source) => cloud.providers.inventory.discover(source),
        findDependents: (_resources, options) => scan(options),
      };
}

async function planWith(
  scan: ((options: HiddenDependencyOptions) => ResultAsync<HiddenDependencyScan, DecomError>) | null,
  workload: Workload = standardWorkload(),
) {
  const cloud = createFakeCloud(standardSeed(NOW));
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: { ...cloud.providers, inventory: withDependents(cloud, scan) },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = await engine.plan();
  if (plan.isErr()) return { error: plan.error, findings: [], deleted: [], cloud };
  const step = plan.value.steps.find((candidate) => candidate.id === 'retire-resources');
  const deleted = (step?.actions ?? []).filter((action) => action.kind === 'resource.delete');
  return { error: null, findings: step?.findings ?? [], deleted: deleted.map((action) => action.target.ref), cloud };
}

const recordOnWeb1: HiddenDependencyScan = {
  dependencies: [
    { resource: WEB_1, check: 'dns-record', dependent: RECORD, evidence: 'A api.example.com → 203.0.113.10' },
  ],
  unchecked: [],
};

function workloadWith(extra: Record<string, unknown>): Workload {
  const base = standardWorkload();
  return defineWorkload({ ...base, ...extra })._unsafeUnwrap();
}

describe('hidden dependencies in the retire step', () => {
  it('blocks a resource something outside depends on, naming the dependent and the evidence', async () => {
    const { findings, deleted, cloud } = await planWith(() => okAsync(recordOnWeb1));
    expect(findings).toContainEqual({
      severity: 'blocking',
      code: 'hidden-dependency',
      message: `${RECORD} depends on ${WEB_1} (dns-record: A api.example.com → 203.0.113.10); not touched`,
      resource: WEB_1,
    });
    expect(deleted).not.toContain(WEB_1);
    expect(deleted).toContain(WEB_2);
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('retires the resource when a workload exception accepts the dependent, and says so', async () => {
    const workload = workloadWith({
      exceptions: [{ dependent: RECORD, reason: 'record retired with the old zone', approvedBy: 'dns-owner' }],
    });
    const { findings, deleted } = await planWith(() => okAsync(recordOnWeb1), workload);
    expect(findings.filter((finding) => finding.code === 'hidden-dependency')).toEqual([]);
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        code: 'hidden-dependency-accepted',
        resource: WEB_1,
        message: expect.stringContaining('accepted: record retired with the old zone (approved by dns-owner)'),
      }),
    );
    expect(deleted).toContain(WEB_1);
  });

  it('blocks what a check could not cover (fail closed), but only warns when CloudTrail is unreadable', async () => {
    const { findings, deleted } = await planWith(() =>
      okAsync({
        dependencies: [],
        unchecked: [
          { check: 'security-group-rule', reason: 'ec2:DescribeSecurityGroups: AccessDenied', resources: [WEB_1] },
          { check: 'recent-caller', reason: 'cloudtrail:LookupEvents: AccessDenied', resources: [WEB_2] },
        ],
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'blocking', code: 'dependents-unchecked', resource: WEB_1 }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'dependents-unchecked', resource: WEB_2 }),
    );
    expect(deleted).not.toContain(WEB_1);
    expect(deleted).toContain(WEB_2);
  });

  it('passes the workload lookback to the provider (14 days unless told)', async () => {
    const seen: HiddenDependencyOptions[] = [];
    const scan = (options: HiddenDependencyOptions) => {
      seen.push(options);
      return okAsync({ dependencies: [], unchecked: [] });
    };
    await planWith(scan);
    await planWith(scan, workloadWith({ hiddenDependencies: { recentCallerDays: 0 } }));
    expect(seen).toEqual([{ recentCallerDays: 14 }, { recentCallerDays: 0 }]);
  });

  it('fails the plan when the scan fails, rather than plan deletions unchecked', async () => {
    const { error } = await planWith(() =>
      errAsync(decomError.providerFailure({ message: 'route53:ListHostedZones timed out', retryable: true })),
    );
    expect(error?.code).toBe('ProviderFailure');
    expect(error?.message).toBe('step "retire-resources" plan: route53:ListHostedZones timed out');
  });

  it('warns once when the inventory offers no checks', async () => {
    const { findings, deleted } = await planWith(null);
    expect(findings.filter((finding) => finding.code === 'dependents-unchecked')).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(deleted).toEqual(expect.arrayContaining([WEB_1, WEB_2]));
  });

  it('refuses malformed options and exceptions, naming the field', () => {
    const base = standardWorkload();
    const tooLong = defineWorkload({ ...base, hiddenDependencies: { recentCallerDays: 91 } });
    expect(tooLong._unsafeUnwrapErr().message).toContain('hiddenDependencies.recentCallerDays');
    const both = defineWorkload({
      ...base,
      exceptions: [{ arn: WEB_1, dependent: RECORD, reason: 'x', approvedBy: 'y' }],
    });
    expect(both._unsafeUnwrapErr().message).toContain('give exactly one of arn, type or dependent');
  });
});
