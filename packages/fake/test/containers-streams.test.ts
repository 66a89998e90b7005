import { createEngine, decommissionChecklist, memoryJournal } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloudSeed, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION } from './support.js';

const tags = { workload: 'payments' };
const arnOf = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const CLUSTER = arnOf('ecs', 'cluster/payments');
const WEB = arnOf('ecs', 'service/payments/web');
const REPOSITORY = arnOf('ecr', 'repository/payments/web');
const FULL_REPOSITORY = arnOf('ecr', 'repository/payments/old');
const STREAM = arnOf('kinesis', 'stream/payments-events');
const CONSUMED = arnOf('kinesis', 'stream/payments-audit');
const MACHINE = arnOf('states', 'stateMachine:payments-flow');
const BUSY = arnOf('states', 'stateMachine:payments-busy');
const NEW_TYPES = [
  AWS_TYPES.ecsService,
  AWS_TYPES.ecsCluster,
  AWS_TYPES.repository,
  AWS_TYPES.stream,
  AWS_TYPES.stateMachine,
] as const;

const SOURCE = {
  ecsClusters: [{ clusterName: 'payments', tags }],
  ecsServices: [
    { clusterName: 'payments', serviceName: 'web', desiredCount: 3, tags },
    { clusterName: 'billing', serviceName: 'web', tags: { workload: 'billing' } },
  ],
  repositories: [
    { repositoryName: 'payments/web', tags },
    { repositoryName: 'payments/old', tags, images: 4 },
    { repositoryName: 'billing/web', tags: { workload: 'billing' } },
  ],
  streams: [
    { streamName: 'payments-events', tags },
    { streamName: 'payments-audit', tags, consumers: ['audit', 'lake'] },
  ],
  stateMachines: [
    { stateMachineName: 'payments-flow', tags },
    { stateMachineName: 'payments-busy', tags, runningExecutions: 2 },
  ],
};

const world = () => createFakeCloud({ source: SOURCE });

async function execute(cloud: ReturnType<typeof world>, kind: string, arn: string, type: string) {
  const action = actionOn(kind, arn, {}, type);
  return handler(cloud, kind).execute(action, contextFor(cloud, action));
}

async function reconciled(cloud: ReturnType<typeof world>, kind: string, arn: string, type: string) {
  const action = actionOn(kind, arn, {}, type);
  return (await handler(cloud, kind).reconcile(action, contextFor(cloud, action)))._unsafeUnwrap();
}

describe('ECS, ECR, Kinesis and Step Functions kinds of the fake', () => {
  it('are supported, with the traits the AWS provider gives them (only the ECS service stops)', () => {
    const cloud = world();
    for (const type of NEW_TYPES) expect(cloud.providers.retirement.supportedTypes).toContain(type);
    const traits = (type: string) => cloud.providers.inventory.resourceTypes.find((found) => found.type === type);
    expect(traits(AWS_TYPES.ecsService)).toMatchObject({ stoppable: true, holdsData: false });
    for (const type of NEW_TYPES.slice(1)) expect(traits(type)).toMatchObject({ stoppable: false, holdsData: false });
    expect(traits(AWS_TYPES.ecsService)?.matchesArn(arnOf('ecs', 'service/web'))).toBe(false);
    expect(traits(AWS_TYPES.stateMachine)?.matchesArn(`${MACHINE}:1`)).toBe(false);
  });

  it('are discovered by tag (not the look-alikes); a cluster depends on its services; blockers name the counts', async () => {
    const found = await discoverAll(world(), { tags });
    const ours = found.filter((resource) => (NEW_TYPES as readonly string[]).includes(resource.type));
    expect(ours.map((resource) => resource.arn).sort()).toEqual(
      [CLUSTER, WEB, REPOSITORY, FULL_REPOSITORY, STREAM, CONSUMED, MACHINE, BUSY].sort(),
    );
    const byArn = new Map(ours.map((resource) => [resource.arn, resource]));
    expect(byArn.get(CLUSTER)?.dependsOn).toEqual([WEB]);
    expect(byArn.get(WEB)).toMatchObject({ name: 'web', state: 'ACTIVE', dependsOn: [] });
    expect(byArn.get(FULL_REPOSITORY)?.retireBlockers?.[0]?.message).toContain('holds 4 images');
    expect(byArn.get(CONSUMED)?.retireBlockers?.[0]?.message).toContain('has 2 registered consumers (audit, lake)');
    expect(byArn.get(BUSY)?.retireBlockers?.[0]?.message).toContain('has 2 running executions');
    for (const arn of [WEB, CLUSTER, REPOSITORY, STREAM, MACHINE])
      expect(byArn.get(arn)?.retireBlockers).toBeUndefined();
  });

  it('stops an ECS service at desired count 0, keeping the count before; its delete is refused until then', async () => {
    const cloud = world();
    const refused = (await execute(cloud, 'resource.delete', WEB, AWS_TYPES.ecsService))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('desired count is 3');
    expect(await reconciled(cloud, 'resource.stop', WEB, AWS_TYPES.ecsService)).toEqual({ status: 'absent' });
    expect((await execute(cloud, 'resource.stop', WEB, AWS_TYPES.ecsService))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { service: 'payments/web', desiredCount: 0, previousDesiredCount: 3, state: 'stopped' },
    });
    expect(await reconciled(cloud, 'resource.stop', WEB, AWS_TYPES.ecsService)).toMatchObject({
      status: 'done',
      result: { previousDesiredCount: 3 },
    });
    expect(cloud.calls.of('DeleteService')).toEqual([]);
    const cluster = (await execute(cloud, 'resource.delete', CLUSTER, AWS_TYPES.ecsCluster))._unsafeUnwrapErr();
    expect(cluster.message).toContain('1 services');
    expect(cloud.calls.of('DeleteCluster')).toEqual([]);
    expect((await execute(cloud, 'resource.delete', WEB, AWS_TYPES.ecsService))._unsafeUnwrap()).toMatchObject({
      status: 'done',
    });
    expect((await execute(cloud, 'resource.delete', CLUSTER, AWS_TYPES.ecsCluster))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { cluster: 'payments', state: 'deleted' },
    });
    expect(await reconciled(cloud, 'resource.delete', CLUSTER, AWS_TYPES.ecsCluster)).toMatchObject({
      status: 'done',
    });
    expect(cloud.source.ecsClusters().map((found) => found.clusterName)).toEqual(['billing']);
  });

  it('refuses to delete a repository with images, a stream with consumers, a busy state machine; nothing sent', async () => {
    const cloud = world();
    for (const [arn, type] of [
      [FULL_REPOSITORY, AWS_TYPES.repository],
      [CONSUMED, AWS_TYPES.stream],
      [BUSY, AWS_TYPES.stateMachine],
    ] as const) {
      expect((await execute(cloud, 'resource.delete', arn, type))._unsafeUnwrapErr().code).toBe('Conflict');
      expect(await reconciled(cloud, 'resource.delete', arn, type)).toEqual({ status: 'absent' });
    }
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('deletes an empty repository, a stream and a state machine; reconcile absent before, done after; a repeat is done', async () => {
    const cloud = world();
    for (const [arn, type, result] of [
      [REPOSITORY, AWS_TYPES.repository, { repositoryName: 'payments/web', state: 'deleted' }],
      [STREAM, AWS_TYPES.stream, { streamName: 'payments-events', state: 'deleted' }],
      [MACHINE, AWS_TYPES.stateMachine, { stateMachine: 'payments-flow', state: 'deleted' }],
    ] as const) {
      expect(await reconciled(cloud, 'resource.delete', arn, type)).toEqual({ status: 'absent' });
      expect((await execute(cloud, 'resource.delete', arn, type))._unsafeUnwrap()).toEqual({ status: 'done', result });
      expect(await reconciled(cloud, 'resource.delete', arn, type)).toEqual({ status: 'done', result });
      expect((await execute(cloud, 'resource.delete', arn, type))._unsafeUnwrap()).toMatchObject({
        result: { alreadyGone: true },
      });
      expect((await cloud.providers.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    }
    expect(cloud.source.repositories().map((found) => found.repositoryName)).toEqual(['payments/old', 'billing/web']);
    expect(cloud.source.streams().map((found) => found.streamName)).toEqual(['payments-audit']);
    expect(cloud.source.stateMachines().map((found) => found.stateMachineName)).toEqual(['payments-busy']);
  });

  it('restores a world saved before these types were modelled, with none of them', () => {
    const saved = createFakeCloud().snapshot() as unknown as Record<string, unknown>;
    for (const list of ['ecsClusters', 'ecsServices', 'repositories', 'streams', 'stateMachines']) delete saved[list];
    const restored = restoreFakeCloud(saved as never);
    expect(restored.source.ecsServices()).toEqual([]);
    expect(restored.source.stateMachines()).toEqual([]);
  });
});

describe('the standard checklist with ECS, ECR, Kinesis and Step Functions on the fake cloud', () => {
  function seed(): FakeCloudSeed {
    const base = standardSeed('2026-12-16T00:00:00Z');
    return { ...base, source: { ...base.source, ...SOURCE } };
  }

  it('reports each blocker as a blocking finding naming the count, retires the rest: the service stopped, deleted before its cluster', async () => {
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const findings = plan.steps.flatMap((step) => step.findings).filter((finding) => finding.severity === 'blocking');
    const about = (arn: string) => findings.find((finding) => finding.resource === arn);
    expect(about(FULL_REPOSITORY)).toMatchObject({ code: 'repository-holds-images' });
    expect(about(FULL_REPOSITORY)?.message).toContain('holds 4 images');
    expect(about(CONSUMED)).toMatchObject({ code: 'stream-has-consumers' });
    expect(about(BUSY)?.message).toContain('2 running executions');
    const actions = plan.steps.flatMap((step) => step.actions);
    const kinds = (arn: string) => actions.filter((action) => action.target.arn === arn).map((action) => action.kind);
    for (const arn of [FULL_REPOSITORY, CONSUMED, BUSY]) expect(kinds(arn)).toEqual([]);
    expect(kinds(WEB)).toEqual(['resource.stop', 'resource.delete']);
    const clusterDelete = actions.find((action) => action.target.arn === CLUSTER && action.kind === 'resource.delete');
    expect(clusterDelete?.dependsOn).toContain(
      actions.find((action) => action.target.arn === WEB && action.kind === 'resource.delete')?.key,
    );
    const approve = () => true;
    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    const mutations = cloud.calls.mutating().map((call) => call.operation);
    expect(mutations.indexOf('UpdateService')).toBeLessThan(mutations.indexOf('DeleteService'));
    expect(mutations.indexOf('DeleteService')).toBeLessThan(mutations.indexOf('DeleteCluster'));
    expect(cloud.source.ecsServices().map((found) => found.arn)).toEqual([arnOf('ecs', 'service/billing/web')]);
    expect(cloud.source.repositories().map((found) => found.arn)).toEqual([
      FULL_REPOSITORY,
      arnOf('ecr', 'repository/billing/web'),
    ]);
    expect(cloud.source.streams().map((found) => found.arn)).toEqual([CONSUMED]);
    expect(cloud.source.stateMachines().map((found) => found.arn)).toEqual([BUSY]);
  });
});
