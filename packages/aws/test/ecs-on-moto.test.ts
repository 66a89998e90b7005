import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { AwsClients, ECS_CLUSTER, ECS_SERVICE } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ecsClusterNameOf } from '../src/resources/ecs-cluster.js';
import { ecsServiceIdOf } from '../src/resources/ecs-service.js';
import {
  motoClients,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor, discoverAll, portsOn, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const clusterArn = (name: string) => `arn:aws:ecs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster/${name}`;
const serviceArn = (cluster: string, name: string) =>
  `arn:aws:ecs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:service/${cluster}/${name}`;
const ecs = () => motoClients().get('ecs', TEST_REGION);
const ecsTagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));
const ports = () => portsOn([ECS_SERVICE, ECS_CLUSTER]);

async function seedCluster(name: string, tags: Record<string, string>): Promise<void> {
  await ecs().send(new CreateClusterCommand({ clusterName: name, tags: ecsTagList(tags) }));
}

async function seedService(cluster: string, name: string, desiredCount: number, tags: Record<string, string>) {
  await ecs().send(
    new RegisterTaskDefinitionCommand({
      family: 'payments-web',
      containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
    }),
  );
  await ecs().send(
    new CreateServiceCommand({
      cluster,
      serviceName: name,
      taskDefinition: 'payments-web',
      desiredCount,
      tags: ecsTagList(tags),
    }),
  );
}

async function serviceState(cluster: string, name: string) {
  const found = await ecs().send(new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }));
  const service = found.services?.[0];
  return { status: service?.status, desiredCount: service?.desiredCount, tags: service?.tags ?? [] };
}

const actions = async () => (await mutatingRequests()).map((request) => request.action);

describe('ECS services and clusters (on moto)', () => {
  beforeEach(resetMoto);

  it('reads a service id from a long-format service ARN only, and a cluster name from a cluster ARN', () => {
    expect(ecsServiceIdOf(serviceArn('payments', 'web'))).toBe('payments/web');
    expect(ecsServiceIdOf(`arn:aws:ecs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:service/web`)).toBeNull();
    expect(ecsServiceIdOf(`${serviceArn('payments', 'web')}/extra`)).toBeNull();
    expect(ecsServiceIdOf(clusterArn('payments'))).toBeNull();
    expect(ecsClusterNameOf(clusterArn('payments'))).toBe('payments');
    expect(ecsClusterNameOf(serviceArn('payments', 'web'))).toBeNull();
    expect(ECS_SERVICE).toMatchObject({ type: 'AWS::ECS::Service', stoppable: true, holdsData: false });
    expect(ECS_CLUSTER).toMatchObject({ type: 'AWS::ECS::Cluster', stoppable: false, holdsData: false });
  });

  it('discovers tagged services and clusters (not the look-alikes); a cluster depends on its live services', async () => {
    await seedCluster('payments', { workload: 'payments' });
    await seedCluster('archive', { workload: 'payments-archive' });
    await seedService('payments', 'web', 2, { workload: 'payments' });
    await seedService('payments', 'batch', 0, { workload: 'payments-archive' });
    const before = await actions();
    const found = await discoverAll(ports());
    expect([...found.keys()].sort()).toEqual([clusterArn('payments'), serviceArn('payments', 'web')]);
    expect(found.get(serviceArn('payments', 'web'))).toMatchObject({
      type: 'AWS::ECS::Service',
      name: 'web',
      state: 'ACTIVE',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
    });
    expect(found.get(clusterArn('payments'))).toMatchObject({
      type: 'AWS::ECS::Cluster',
      name: 'payments',
      dependsOn: [serviceArn('payments', 'batch'), serviceArn('payments', 'web')],
    });
    const { inventory } = ports();
    expect((await inventory.describe(serviceArn('payments', 'missing')))._unsafeUnwrap()).toBeNull();
    expect((await inventory.describe(serviceArn('missing', 'web')))._unsafeUnwrap()).toBeNull();
    expect((await inventory.describe(clusterArn('missing')))._unsafeUnwrap()).toBeNull();
    expect(await actions()).toEqual(before);
  });

  it('stops a service (desired count 0) keeping the count before as a tag, reconciled before and after', async () => {
    await seedCluster('payments', { workload: 'payments' });
    await seedService('payments', 'web', 3, { workload: 'payments' });
    const { retirement } = ports();
    const stop = actionOn(serviceArn('payments', 'web'), 'resource.stop');
    expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(retirement, stop))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { service: 'payments/web', desiredCount: 0, previousDesiredCount: 3, state: 'stopped' },
    });
    const state = await serviceState('payments', 'web');
    expect(state.desiredCount).toBe(0);
    expect(state.tags).toContainEqual({ key: 'decomkit:previous-desired-count', value: '3' });
    // After a crash the count before is read back from the tag.
    expect(await reconcile(retirement, stop)).toMatchObject({ status: 'done', result: { previousDesiredCount: 3 } });
    expect((await run(retirement, stop))._unsafeUnwrap()).toMatchObject({ result: { previousDesiredCount: 3 } });
    expect((await actions()).filter((action) => action === 'UpdateService')).toHaveLength(1);
  });

  it('refuses to delete a service still scaled above 0 (Conflict, nothing sent); deletes a stopped one; INACTIVE is gone', async () => {
    await seedCluster('payments', { workload: 'payments' });
    await seedService('payments', 'web', 2, { workload: 'payments' });
    const { retirement } = ports();
    const remove = actionOn(serviceArn('payments', 'web'), 'resource.delete');
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: serviceArn('payments', 'web') });
    expect(refused.message).toContain('desired count is 2');
    expect(await actions()).not.toContain('DeleteService');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });

    (await run(retirement, actionOn(serviceArn('payments', 'web'), 'resource.stop')))._unsafeUnwrap();
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { service: 'payments/web', state: 'deleted' },
    });
    expect((await serviceState('payments', 'web')).status).toBe('INACTIVE');
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteService');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.body).not.toContain('force');
  });

  it('refuses to delete a cluster while it has a live service (Conflict, nothing sent), deletes it once they are gone', async () => {
    await seedCluster('payments', { workload: 'payments' });
    await seedService('payments', 'web', 0, { workload: 'payments' });
    const { retirement } = ports();
    const remove = actionOn(clusterArn('payments'), 'resource.delete');
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('1 services');
    expect(await actions()).not.toContain('DeleteCluster');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });

    (await run(retirement, actionOn(serviceArn('payments', 'web'), 'resource.delete')))._unsafeUnwrap();
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { cluster: 'payments', state: 'deleted' },
    });
    const cluster = await ecs().send(new DescribeClustersCommand({ clusters: ['payments'] }));
    expect(cluster.clusters?.[0]?.status).toBe('INACTIVE');
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await actions()).filter((action) => action === 'DeleteCluster')).toHaveLength(1);
  });

  it('refuses a cluster stop, wrong ARNs (InvalidInput), and lifts no protection; sends nothing', async () => {
    await seedCluster('payments', { workload: 'payments' });
    const { retirement } = ports();
    const stop = actionOn(clusterArn('payments'), 'resource.stop');
    expect((await run(retirement, stop))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const lift = actionOn(clusterArn('payments'), 'protection.lift');
    expect((await run(retirement, lift))._unsafeUnwrap()).toMatchObject({ result: { protection: 'none' } });
    const short = actionOn(`arn:aws:ecs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:service/web`, 'resource.delete');
    expect((await run(retirement, short))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const consumer = actionOn(`${clusterArn('payments')}/extra`, 'resource.delete');
    expect((await run(retirement, consumer))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(await actions()).toEqual(['CreateCluster']);
  });

  it('waits while a deleted service is DRAINING until INACTIVE; reconciles DRAINING as pending (mocked: moto is INACTIVE at once)', async () => {
    const ecsClient = new ECSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(ecsClient);
    mock.onAnyCommand().resolves({});
    const service = (status: string) => ({
      services: [{ serviceArn: serviceArn('payments', 'web'), serviceName: 'web', status, desiredCount: 0 }],
    });
    mock
      .on(DescribeServicesCommand)
      .resolvesOnce(service('ACTIVE'))
      .resolvesOnce(service('DRAINING'))
      .resolvesOnce(service('DRAINING'))
      .resolves(service('INACTIVE'));
    const clients = new AwsClients({ clients: { ecs: ecsClient }, credentials: TEST_CREDENTIALS, pollMilliseconds: 7 });
    const remove = actionOn(serviceArn('payments', 'web'), 'resource.delete');
    const handlers = ECS_SERVICE.handlers(clients)['resource.delete'];
    expect((await handlers.execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'pending',
      checkpoint: { service: 'payments/web' },
      pollAfterMilliseconds: 7,
    });
    expect((await handlers.reconcile(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({ status: 'pending' });
    const polled = await handlers.poll?.(remove, { service: 'payments/web' }, contextFor(remove));
    expect(polled?._unsafeUnwrap()).toEqual({ status: 'done', result: { service: 'payments/web', state: 'deleted' } });
    expect(mock.commandCalls(DeleteServiceCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: 'payments', service: 'web' },
    ]);
  });
});
