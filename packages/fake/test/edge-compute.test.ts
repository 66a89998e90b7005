import { createEngine, decommissionChecklist, memoryJournal } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloudSeed, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const arnOf = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const REST = `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5`;
const MAPPED = `arn:aws:apigateway:${REGION}::/restapis/f6g7h8i9j0`;
const HTTP = `arn:aws:apigateway:${REGION}::/apis/k1l2m3n4o5`;
const DISTRIBUTION = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`;
const CLUSTER = arnOf('eks', 'cluster/payments');
const QUEUE = arnOf('sqs', 'payments-orders');
const FUNCTION = arnOf('lambda', 'function:payments-worker');
const MAPPING = arnOf('lambda', 'event-source-mapping:6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b');
const NEW_TYPES = [
  AWS_TYPES.restApi,
  AWS_TYPES.httpApi,
  AWS_TYPES.distribution,
  AWS_TYPES.eksNodegroup,
  AWS_TYPES.eksCluster,
  AWS_TYPES.eventSourceMapping,
] as const;

const SOURCE = {
  restApis: [
    { apiId: 'a1b2c3d4e5', tags },
    { apiId: 'f6g7h8i9j0', tags, mappedBy: ['api.example.com/v1'] },
  ],
  httpApis: [{ apiId: 'k1l2m3n4o5', tags }],
  distributions: [{ distributionId: 'E2QWRUHAPOMQZL', tags }],
  eksClusters: [{ clusterName: 'payments', tags }],
  eksNodegroups: [
    { clusterName: 'payments', nodegroupName: 'web', desiredSize: 3, tags },
    { clusterName: 'billing', nodegroupName: 'web', tags: { workload: 'billing' } },
  ],
  functions: [{ functionName: 'payments-worker', tags }],
  queues: [{ queueName: 'payments-orders', tags }],
  eventSourceMappings: [
    { uuid: '6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b', functionArn: FUNCTION, sourceArn: QUEUE, tags },
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

const nodegroupOf = (cloud: ReturnType<typeof world>, cluster: string) =>
  cloud.snapshot().eksNodegroups.find((found) => found.clusterName === cluster);

describe('API Gateway, CloudFront, EKS and event source mapping kinds of the fake', () => {
  it('are supported, with the traits the AWS provider gives them', () => {
    const cloud = world();
    for (const type of NEW_TYPES) expect(cloud.providers.retirement.supportedTypes).toContain(type);
    const traits = (type: string) => cloud.providers.inventory.resourceTypes.find((found) => found.type === type);
    for (const type of [AWS_TYPES.distribution, AWS_TYPES.eksNodegroup, AWS_TYPES.eventSourceMapping])
      expect(traits(type)).toMatchObject({ stoppable: true, holdsData: false });
    for (const type of [AWS_TYPES.restApi, AWS_TYPES.httpApi, AWS_TYPES.eksCluster])
      expect(traits(type)).toMatchObject({ stoppable: false, holdsData: false });
    expect(traits(AWS_TYPES.restApi)?.matchesArn(HTTP)).toBe(false);
    expect(traits(AWS_TYPES.eksNodegroup)?.matchesArn(CLUSTER)).toBe(false);
  });

  it('are discovered by tag (not the look-alikes); the mapping goes before its queue and function; blockers named', async () => {
    const found = await discoverAll(world(), { tags }, [REGION, 'us-east-1']);
    const byArn = new Map(found.map((resource) => [resource.arn, resource]));
    const web = found.find((resource) => resource.type === AWS_TYPES.eksNodegroup);
    expect(found.filter((resource) => (NEW_TYPES as readonly string[]).includes(resource.type)).length).toBe(7);
    expect(web?.arn).toMatch(/:nodegroup\/payments\/web\/[0-9a-f-]{36}$/);
    expect(byArn.get(CLUSTER)?.dependsOn).toEqual([web?.arn]);
    expect(byArn.get(QUEUE)?.dependsOn).toEqual([MAPPING]);
    expect(byArn.get(FUNCTION)?.dependsOn).toEqual([MAPPING]);
    expect(byArn.get(MAPPING)).toMatchObject({ state: 'Enabled', dependsOn: [] });
    expect(byArn.get(MAPPED)?.retireBlockers).toEqual([
      { code: 'api-mapped-by-custom-domain', message: expect.stringContaining('api.example.com/v1') },
    ]);
    expect(byArn.get(REST)?.retireBlockers).toBeUndefined();
    expect(byArn.get(DISTRIBUTION)).toMatchObject({ region: 'us-east-1', state: 'Deployed' });
  });

  it('disables a distribution and waits until deployed; deletes it with the current ETag, refused while enabled', async () => {
    const cloud = world();
    const refused = (await execute(cloud, 'resource.delete', DISTRIBUTION, AWS_TYPES.distribution))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(await reconciled(cloud, 'resource.stop', DISTRIBUTION, AWS_TYPES.distribution)).toEqual({
      status: 'absent',
    });
    const stop = actionOn('resource.stop', DISTRIBUTION, {}, AWS_TYPES.distribution);
    expect((await execute(cloud, 'resource.stop', DISTRIBUTION, AWS_TYPES.distribution))._unsafeUnwrap()).toMatchObject(
      {
        status: 'pending',
      },
    );
    expect(await runToEnd(cloud, stop)).toEqual({ distributionId: 'E2QWRUHAPOMQZL', enabled: false, state: 'stopped' });
    expect(cloud.calls.of('UpdateDistribution')).toHaveLength(1);
    const remove = actionOn('resource.delete', DISTRIBUTION, {}, AWS_TYPES.distribution);
    expect(await runToEnd(cloud, remove)).toEqual({ distributionId: 'E2QWRUHAPOMQZL', state: 'deleted' });
    expect(await reconciled(cloud, 'resource.delete', DISTRIBUTION, AWS_TYPES.distribution)).toMatchObject({
      status: 'done',
    });
    expect(cloud.snapshot().distributions).toEqual([]);
  });

  it('scales a node group to 0 keeping its sizes; the cluster is deleted only after it', async () => {
    const cloud = world();
    const web = nodegroupOf(cloud, 'payments')?.arn ?? '';
    expect((await execute(cloud, 'resource.delete', web, AWS_TYPES.eksNodegroup))._unsafeUnwrapErr().message).toContain(
      'desired size is 3',
    );
    expect((await execute(cloud, 'resource.stop', web, AWS_TYPES.eksNodegroup))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { desiredSize: 0, previousScaling: '1/4/3', state: 'stopped' },
    });
    expect(nodegroupOf(cloud, 'payments')).toMatchObject({ minSize: 0, desiredSize: 0, maxSize: 4 });
    const cluster = (await execute(cloud, 'resource.delete', CLUSTER, AWS_TYPES.eksCluster))._unsafeUnwrapErr();
    expect(cluster.message).toContain('1 node groups');
    expect((await execute(cloud, 'resource.delete', web, AWS_TYPES.eksNodegroup)).isOk()).toBe(true);
    expect((await execute(cloud, 'resource.delete', CLUSTER, AWS_TYPES.eksCluster))._unsafeUnwrap()).toMatchObject({
      result: { cluster: 'payments', state: 'deleted' },
    });
  });

  it('disables a mapping, refuses its delete once enabled again; refuses a mapped API; nothing sent when refused', async () => {
    const cloud = world();
    expect((await execute(cloud, 'resource.delete', MAPPED, AWS_TYPES.restApi))._unsafeUnwrapErr().code).toBe(
      'Conflict',
    );
    expect(
      (await execute(cloud, 'resource.delete', MAPPING, AWS_TYPES.eventSourceMapping))._unsafeUnwrapErr().code,
    ).toBe('Conflict');
    expect(cloud.calls.mutating()).toEqual([]);
    expect(
      (await execute(cloud, 'resource.stop', MAPPING, AWS_TYPES.eventSourceMapping))._unsafeUnwrap(),
    ).toMatchObject({
      result: { state: 'stopped' },
    });
    for (const [arn, type] of [
      [MAPPING, AWS_TYPES.eventSourceMapping],
      [REST, AWS_TYPES.restApi],
      [HTTP, AWS_TYPES.httpApi],
    ] as const) {
      expect(await reconciled(cloud, 'resource.delete', arn, type)).toEqual({ status: 'absent' });
      expect((await execute(cloud, 'resource.delete', arn, type))._unsafeUnwrap()).toMatchObject({ status: 'done' });
      expect((await execute(cloud, 'resource.delete', arn, type))._unsafeUnwrap()).toMatchObject({
        result: { alreadyGone: true },
      });
    }
  });

  it('restores a world saved before these types were modelled, with none of them', () => {
    const saved = createFakeCloud().snapshot() as unknown as Record<string, unknown>;
    for (const list of ['gatewayApis', 'distributions', 'eksClusters', 'eksNodegroups', 'eventSourceMappings'])
      delete saved[list];
    expect(restoreFakeCloud(saved as never).snapshot().eventSourceMappings).toEqual([]);
  });
});

describe('the standard checklist with the edge and EKS kinds on the fake cloud', () => {
  function seed(): FakeCloudSeed {
    const base = standardSeed('2026-12-16T00:00:00Z');
    return { ...base, source: { ...base.source, ...SOURCE } };
  }

  it('reports the mapped API as blocking, retires the rest in order: mapping before queue and function, node group before cluster', async () => {
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const findings = plan.steps.flatMap((step) => step.findings).filter((finding) => finding.severity === 'blocking');
    expect(findings.find((finding) => finding.resource === MAPPED)).toMatchObject({
      code: 'api-mapped-by-custom-domain',
    });
    const approve = () => true;
    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    for (let round = 0; round < 5; round += 1) {
      cloud.clock.advance(3_600_000);
      (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    }
    const mutations = cloud.calls.mutating().map((call) => `${call.operation} ${call.target}`);
    const at = (prefix: string) => mutations.findIndex((entry) => entry.startsWith(prefix));
    expect(at(`DeleteEventSourceMapping ${MAPPING}`)).toBeGreaterThanOrEqual(0);
    expect(at(`DeleteEventSourceMapping ${MAPPING}`)).toBeLessThan(at(`DeleteQueue`));
    expect(at(`DeleteEventSourceMapping ${MAPPING}`)).toBeLessThan(at(`DeleteFunction`));
    expect(at('DeleteNodegroup')).toBeLessThan(at('DeleteCluster'));
    expect(at('DeleteApi ')).toBeGreaterThanOrEqual(0);
    const left = cloud.snapshot();
    expect(left.gatewayApis.map((api) => api.arn)).toEqual([MAPPED]);
    // The distribution lives in us-east-1, which the workload's source does not list: never touched.
    expect(left.distributions.map((distribution) => distribution.arn)).toEqual([DISTRIBUTION]);
    expect(left.eksClusters.map((cluster) => cluster.clusterName)).toEqual(['billing']);
  });
});
