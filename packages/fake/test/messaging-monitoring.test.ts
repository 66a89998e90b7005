import { createEngine, decommissionChecklist, memoryJournal, type Workload } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION } from './support.js';

const tags = { workload: 'payments' };
const topic = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const rule = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`;
const logGroup = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
const alarm = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;

/** Topics, rules, log groups, alarms and secrets of the payments workload, and of others. */
function world(options: { readonly foreignAlarm?: boolean; readonly protectedLogGroup?: boolean } = {}) {
  const base = standardSeed('2026-12-16T00:00:00Z');
  return createFakeCloud({
    ...base,
    source: {
      ...base.source,
      topics: [{ topicName: 'payments-alerts', tags, subscriptions: ['ops@example.com'] }],
      alarms: [
        { alarmName: 'payments-5xx', tags, actions: [topic('payments-alerts')] },
        { alarmName: 'payments-health', tags, rule: 'ALARM("payments-5xx") OR ALARM("payments-latency")' },
        ...(options.foreignAlarm === true
          ? [{ alarmName: 'billing-5xx', tags: { workload: 'billing' }, actions: [topic('payments-alerts')] }]
          : []),
      ],
      rules: [
        { ruleName: 'payments-nightly', tags, targets: ['lambda-1', 'queue-1'] },
        { ruleName: 'payments-managed', tags, managedBy: 'ecs.amazonaws.com' },
      ],
      logGroups: [
        { logGroupName: '/payments/api', tags, storedBytes: 2048 },
        ...(options.protectedLogGroup === true
          ? [{ logGroupName: '/payments/audit', tags, deletionProtection: true }]
          : []),
      ],
      secrets: [
        { secretName: 'payments/db', tags },
        { secretName: 'payments/rds-master', tags, owningService: 'rds' },
      ],
    },
  });
}

/** The secret `name`'s ARN in the fake (its suffix is the fake's). */
function secretArn(cloud: ReturnType<typeof world>, name: string): string {
  const found = cloud.source.secrets().find((secret) => secret.secretName === name);
  if (found === undefined) throw new Error(`no secret ${name}`);
  return found.arn;
}

/** The standard workload, waiving log group backups. */
function workload(): Workload {
  const base = standardWorkload();
  return {
    ...base,
    policies: { ...base.policies, [AWS_TYPES.logGroup]: { backup: 'none', liftProtection: false } },
  };
}

describe('SNS topics, EventBridge rules, log groups, alarms and secrets on the fake', () => {
  it('are supported with their traits: rules stoppable, log groups hold data', () => {
    const cloud = world();
    const traits = (type: string) => cloud.providers.inventory.resourceTypes.find((found) => found.type === type);
    for (const type of [AWS_TYPES.topic, AWS_TYPES.rule, AWS_TYPES.logGroup, AWS_TYPES.alarm, AWS_TYPES.secret]) {
      expect(cloud.providers.retirement.supportedTypes).toContain(type);
    }
    expect(traits(AWS_TYPES.rule)).toMatchObject({ stoppable: true, holdsData: false });
    expect(traits(AWS_TYPES.logGroup)).toMatchObject({ stoppable: false, holdsData: true });
    expect(
      traits(AWS_TYPES.topic)?.matchesArn(`${topic('payments-alerts')}:6d2b0a4c-1f3e-4a5b-9c8d-7e6f5a4b3c2d`),
    ).toBe(false);
    expect(traits(AWS_TYPES.logGroup)?.matchesArn(`${logGroup('/payments/api')}:*`)).toBe(false);
  });

  it('discovers each by tag; a topic depends on the alarms notifying it, an alarm on composites naming it; a log group has its identity', async () => {
    const found = await discoverAll(world(), { tags });
    expect(found.find((resource) => resource.arn === topic('payments-alerts'))?.dependsOn).toEqual([
      alarm('payments-5xx'),
    ]);
    // A composite alarm whose rule names an alarm goes before it.
    expect(found.find((resource) => resource.arn === alarm('payments-5xx'))?.dependsOn).toEqual([
      alarm('payments-health'),
    ]);
    expect(found.find((resource) => resource.arn === logGroup('/payments/api'))?.resourceIdentity).toBe(
      '2026-12-16T00:00:00.000Z',
    );
    expect(found.find((resource) => resource.arn === rule('payments-managed'))?.protection.deletion).toBe(true);
    expect(found.filter((resource) => resource.type === AWS_TYPES.secret).map((resource) => resource.name)).toEqual([
      'payments/db',
      'payments/rds-master',
    ]);
  });

  it('plans the alarm before its topic, a scream test for the rule, and keeps a topic an outside alarm notifies', async () => {
    const plan = async (cloud: ReturnType<typeof world>) =>
      (
        await createEngine({
          checklist: decommissionChecklist(workload()),
          providers: cloud.providers,
          journal: memoryJournal(),
        })
          ._unsafeUnwrap()
          .plan()
      )._unsafeUnwrap();
    const planned = await plan(world());
    const actions = planned.steps.flatMap((step) => step.actions);
    const deleteOf = (arn: string) =>
      actions.find((action) => action.kind === 'resource.delete' && action.target.arn === arn);
    expect(deleteOf(topic('payments-alerts'))?.dependsOn).toContain(deleteOf(alarm('payments-5xx'))?.key);
    expect(
      actions.filter((action) => action.target.arn === rule('payments-nightly')).map((action) => action.kind),
    ).toEqual(['resource.stop', 'resource.delete']);
    // Waived by the workload's policy: no backup of the log group, and its delete waits on none.
    expect(
      actions.filter((action) => action.target.arn === logGroup('/payments/api')).map((action) => action.kind),
    ).toEqual(['resource.delete']);
    // The engine plans the secret's deletion: its type name (AWS::SecretsManager::Secret) passes the engine's
    // redaction of what providers answer unchanged, and the secret RDS owns is refused, named.
    const cloud = world();
    const secretPlan = await plan(cloud);
    expect(
      secretPlan.steps
        .flatMap((step) => step.actions)
        .filter((action) => action.target.arn === secretArn(cloud, 'payments/db'))
        .map((action) => `${action.kind} ${action.target.resourceType}`),
    ).toEqual(['resource.delete AWS::SecretsManager::Secret']);
    expect(secretPlan.steps.flatMap((step) => step.findings).filter((finding) => finding.code === 'unhandled')).toEqual(
      [],
    );
    const kept = await plan(world({ foreignAlarm: true }));
    const findings = kept.steps.flatMap((step) => step.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'held-by-unretired', resource: topic('payments-alerts') }),
    );
  });

  it('deletes a rule by removing its targets first; a managed rule is refused and its protection never lifted', async () => {
    const cloud = world();
    const remove = handler(cloud, 'resource.delete');
    const nightly = actionOn('resource.delete', rule('payments-nightly'), {}, AWS_TYPES.rule);
    expect((await remove.execute(nightly, contextFor(cloud, nightly)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { ruleName: 'payments-nightly', state: 'deleted' },
    });
    expect(cloud.calls.mutating().map((call) => call.operation)).toEqual(['RemoveTargets', 'DeleteRule']);
    const managed = actionOn('resource.delete', rule('payments-managed'), {}, AWS_TYPES.rule);
    expect((await remove.execute(managed, contextFor(cloud, managed)))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('managed by ecs.amazonaws.com'),
    });
    const lift = actionOn('protection.lift', rule('payments-managed'), {}, AWS_TYPES.rule);
    const lifter = handler(cloud, 'protection.lift');
    expect((await lifter.execute(lift, contextFor(cloud, lift)))._unsafeUnwrapErr().code).toBe('Conflict');
    expect((await lifter.reconcile(lift, contextFor(cloud, lift)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect(cloud.calls.mutating()).toHaveLength(2);
  });

  it('deletes a secret with a 30-day recovery window, never forced; scheduled reads as gone; an owned one is refused', async () => {
    const cloud = world();
    const remove = handler(cloud, 'resource.delete');
    const arn = secretArn(cloud, 'payments/db');
    const action = actionOn('resource.delete', arn, {}, AWS_TYPES.secret);
    expect((await remove.reconcile(action, contextFor(cloud, action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'scheduled-for-deletion', recoveryWindowDays: 30 },
    });
    expect(cloud.source.secrets().find((secret) => secret.arn === arn)).toMatchObject({
      recoveryWindowDays: 30,
      deletedAt: '2026-12-16T00:00:00.000Z',
    });
    expect((await cloud.providers.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    expect((await remove.reconcile(action, contextFor(cloud, action)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
    });
    expect((await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrap()).toMatchObject({
      result: { alreadyGone: true },
    });
    const owned = actionOn('resource.delete', secretArn(cloud, 'payments/rds-master'), {}, AWS_TYPES.secret);
    expect((await remove.execute(owned, contextFor(cloud, owned)))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(cloud.calls.of('DeleteSecret')).toHaveLength(1);
  });

  it('deletes a topic with its subscriptions, and a log group only when asked (its backup is the gate’s affair)', async () => {
    const cloud = world();
    const remove = handler(cloud, 'resource.delete');
    for (const arn of [topic('payments-alerts'), logGroup('/payments/api'), alarm('payments-5xx')]) {
      const action = actionOn('resource.delete', arn);
      expect((await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrap().status).toBe('done');
    }
    expect(cloud.source.topics()).toEqual([]);
    expect(cloud.source.logGroups()).toEqual([]);
    expect(cloud.source.alarms().map((left) => left.alarmName)).toEqual(['payments-health']);
    expect(cloud.calls.mutating().map((call) => call.operation)).toEqual([
      'DeleteTopic',
      'DeleteLogGroup',
      'DeleteAlarms',
    ]);
  });

  it('refuses to delete a log group under deletion protection (Conflict) until protection.lift turns it off', async () => {
    const cloud = world({ protectedLogGroup: true });
    const arn = logGroup('/payments/audit');
    expect((await cloud.providers.inventory.describe(arn))._unsafeUnwrap()?.protection.deletion).toBe(true);
    const remove = actionOn('resource.delete', arn, {}, AWS_TYPES.logGroup);
    expect(
      (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrapErr().code,
    ).toBe('Conflict');
    expect(cloud.calls.mutating()).toEqual([]);
    const lift = actionOn('protection.lift', arn, {}, AWS_TYPES.logGroup);
    const lifter = handler(cloud, 'protection.lift');
    expect((await lifter.reconcile(lift, contextFor(cloud, lift)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await lifter.execute(lift, contextFor(cloud, lift)))._unsafeUnwrap().status).toBe('done');
    expect((await lifter.reconcile(lift, contextFor(cloud, lift)))._unsafeUnwrap().status).toBe('done');
    expect(
      (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap().status,
    ).toBe('done');
    expect(cloud.calls.mutating().map((call) => call.operation)).toEqual([
      'PutLogGroupDeletionProtection',
      'DeleteLogGroup',
    ]);
  });
});
