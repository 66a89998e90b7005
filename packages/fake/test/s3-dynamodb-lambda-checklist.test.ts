import { createEngine, decommissionChecklist, memoryJournal, type Workload } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, REGION } from './support.js';

const tags = { workload: 'payments' };
const BUCKET = 'arn:aws:s3:::payments-reports';
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/payments-ledger`;
const FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-webhook`;
const KEY = `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/payments-events`;

/** The standard payments world plus a tagged empty bucket, a protected table, a function and (optionally) a CodeBuild project, a type no handler supports. */
function seed(withKey = true): FakeCloudSeed {
  const base = standardSeed('2026-12-16T00:00:00Z');
  return {
    ...base,
    source: {
      ...base.source,
      buckets: [
        { bucketName: 'payments-reports', tags },
        { bucketName: 'billing-reports', tags: { workload: 'billing' }, objects: 2 },
      ],
      tables: [{ tableName: 'payments-ledger', tags, deletionProtection: true }],
      functions: [{ functionName: 'payments-webhook', tags, reservedConcurrency: 10 }],
      otherResources: withKey ? [{ type: 'AWS::CodeBuild::Project', name: 'payments-events', arn: KEY, tags }] : [],
    },
  };
}

/** The standard workload, lifting the table's protection and waiving bucket backups. */
function workload(): Workload {
  const base = standardWorkload();
  return {
    ...base,
    policies: {
      ...base.policies,
      [AWS_TYPES.table]: { backup: 'required', liftProtection: true },
      [AWS_TYPES.bucket]: { backup: 'none', liftProtection: false },
    },
  };
}

describe('the standard checklist with S3, DynamoDB and Lambda on the fake cloud', () => {
  it('retires the bucket, the protected table (backed up, lifted) and the function; the CodeBuild project stays unhandled', async () => {
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(workload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.mutating()).toEqual([]);
    expect(plan.inventory.map((resource) => resource.arn)).toEqual(
      expect.arrayContaining([BUCKET, TABLE, FUNCTION, KEY]),
    );
    const findings = plan.steps.flatMap((step) => step.findings);
    expect(findings.filter((finding) => finding.code === 'unhandled').map((finding) => finding.resource)).toEqual([
      KEY,
    ]);
    const kinds = (arn: string) =>
      plan.steps.flatMap((step) =>
        step.actions.filter((action) => action.target.arn === arn).map((action) => action.kind),
      );
    expect(kinds(TABLE).sort()).toEqual(['backup.create', 'protection.lift', 'resource.delete']);
    expect(kinds(BUCKET)).toEqual(['resource.delete']);
    // The function gets a scream test first: reserved concurrency 0 at the stop date, deleted at the delete date.
    expect(kinds(FUNCTION)).toEqual(['resource.stop', 'resource.delete']);
    const approve = () => true;
    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    const run = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(cloud.source.buckets().map((bucket) => bucket.bucketName)).toEqual(['billing-reports']);
    expect(cloud.source.tables()).toEqual([]);
    expect(cloud.source.functions()).toEqual([]);
    expect(cloud.source.otherResources().map((other) => other.arn)).toEqual([KEY]);
    expect(cloud.source.backupJobs()).toEqual(
      expect.arrayContaining([expect.objectContaining({ resourceArn: TABLE, state: 'COMPLETED' })]),
    );
    expect(cloud.calls.of('UpdateTable')).toHaveLength(1);
    const lambdaCalls = cloud.calls
      .mutating()
      .filter((call) => call.service === 'lambda')
      .map((call) => call.operation);
    expect(lambdaCalls).toEqual(['PutFunctionConcurrency', 'DeleteFunction']);
    expect(cloud.calls.of('DeleteBucket').map((call) => call.target)).toEqual([BUCKET]);
    const retire = run.items.find((item) => item.item === 'retire');
    expect(retire?.checked).toBe(false);
    expect(retire?.reasons.join(' ')).toContain(KEY);
    const backups = run.items.find((item) => item.item === 'backups');
    expect(backups?.checked).toBe(true);
  });

  it('without the project, completes every item: Config records the three deletions, so the deletion check passes', async () => {
    const cloud = createFakeCloud(seed(false));
    const engine = createEngine({
      checklist: decommissionChecklist(workload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const approve = () => true;
    const first = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    // AWS Config lags behind the deletions: the deletion check waits for a resume.
    expect(first.items.find((item) => item.item === 'deletion-check')?.checked).toBe(false);
    cloud.clock.advance(3_600_000);
    const run = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(run.items.filter((item) => !item.checked).map((item) => [item.item, item.reasons])).toEqual([]);
    expect(run.status).toBe('completed');
    const records = (await cloud.providers.configInventory.records([BUCKET, TABLE, FUNCTION]))._unsafeUnwrap();
    expect(records.map((record) => [record.arn, record.status])).toEqual([
      [BUCKET, 'ResourceDeleted'],
      [TABLE, 'ResourceDeleted'],
      [FUNCTION, 'ResourceDeleted'],
    ]);
  });
});
