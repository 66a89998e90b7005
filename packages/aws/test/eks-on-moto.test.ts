import {
  CreateClusterCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  UpdateClusterConfigCommand,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import { AwsClients, EKS_CLUSTER, EKS_NODEGROUP } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eksClusterNameOf } from '../src/resources/eks-cluster.js';
import { eksNodegroupIdOf } from '../src/resources/eks-nodegroup.js';
import {
  motoClients,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { answerNodegroupTagging } from './support/moto-data-edge-fixtures.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor, discoverAll, portsOn, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const ROLE = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks`;
const UUID = '6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b';
const clusterArn = (name: string) => `arn:aws:eks:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster/${name}`;
const eks = (): EKSClient => motoClients().get('eks', TEST_REGION);
const ports = () => portsOn([EKS_NODEGROUP, EKS_CLUSTER]);

async function seedCluster(name: string, tags: Record<string, string>): Promise<void> {
  await eks().send(
    new CreateClusterCommand({
      name,
      roleArn: ROLE,
      resourcesVpcConfig: { subnetIds: ['subnet-0abc'] },
      tags,
    }),
  );
}

/** A node group of `cluster` with `desired` nodes, tagged; its ARN. */
async function seedNodegroup(cluster: string, name: string, desired: number, tags: Record<string, string>) {
  const created = await eks().send(
    new CreateNodegroupCommand({
      clusterName: cluster,
      nodegroupName: name,
      nodeRole: ROLE,
      subnets: ['subnet-0abc'],
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: desired },
      tags,
    }),
  );
  return created.nodegroup?.nodegroupArn ?? '';
}

const nodegroupState = async (cluster: string, name: string) =>
  (await eks().send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name }))).nodegroup;

describe('EKS node groups and clusters (on moto)', () => {
  beforeEach(resetMoto);

  it('reads ids from their own ARNs only; bad input is refused with a typed error', async () => {
    const nodegroup = `arn:aws:eks:${TEST_REGION}:${MOTO_ACCOUNT_ID}:nodegroup/payments/web/${UUID}`;
    expect(eksNodegroupIdOf(nodegroup)).toBe(`payments/web/${UUID}`);
    expect(eksNodegroupIdOf(`arn:aws:eks:${TEST_REGION}:${MOTO_ACCOUNT_ID}:nodegroup/payments/web`)).toBe(
      'payments/web',
    );
    expect(eksNodegroupIdOf(`${nodegroup}/extra`)).toBeNull();
    expect(
      eksNodegroupIdOf(`arn:aws:eks:${TEST_REGION}:${MOTO_ACCOUNT_ID}:nodegroup/payments/web/not-a-uuid`),
    ).toBeNull();
    expect(eksNodegroupIdOf(clusterArn('payments'))).toBeNull();
    expect(eksClusterNameOf(clusterArn('payments'))).toBe('payments');
    expect(eksClusterNameOf(nodegroup)).toBeNull();
    expect(EKS_NODEGROUP).toMatchObject({ type: 'AWS::EKS::Nodegroup', stoppable: true, holdsData: false });
    expect(EKS_CLUSTER).toMatchObject({ type: 'AWS::EKS::Cluster', stoppable: false, holdsData: false });
    const { retirement } = portsOn([EKS_CLUSTER]);
    expect((await run(retirement, actionOn(nodegroup, 'resource.delete')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect((await run(retirement, actionOn(clusterArn('payments'), 'resource.stop')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
  });

  it('discovers tagged clusters and node groups (not the look-alikes); a cluster depends on every node group it has', async () => {
    await seedCluster('payments', { workload: 'payments' });
    await seedCluster('archive', { workload: 'payments-archive' });
    const web = await seedNodegroup('payments', 'web', 2, { workload: 'payments' });
    const batch = await seedNodegroup('payments', 'batch', 1, { workload: 'payments-archive' });
    const before = (await mutatingRequests()).length;
    const found = await discoverAll(ports());
    expect([...found.keys()].sort()).toEqual([clusterArn('payments'), web].sort());
    expect(found.get(web)).toMatchObject({
      type: 'AWS::EKS::Nodegroup',
      name: 'web',
      state: 'ACTIVE',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
    });
    const cluster = found.get(clusterArn('payments'));
    expect(cluster).toMatchObject({ type: 'AWS::EKS::Cluster', protection: { deletion: false, stop: false } });
    // The look-alike node group is named too: the cluster is not retired around it.
    expect([...(cluster?.dependsOn ?? [])].sort()).toEqual([batch, web].sort());
    const { inventory } = ports();
    expect((await inventory.describe(clusterArn('missing')))._unsafeUnwrap()).toBeNull();
    // A node group re-created under the same name is another one: the old ARN reads as gone.
    expect((await inventory.describe(web.replace(/[^/]+$/, UUID)))._unsafeUnwrap()).toBeNull();
    expect((await mutatingRequests()).length).toBe(before);
  });

  it('lists the region’s clusters once a discovery for both types, and again in the next discovery', async () => {
    await seedCluster('payments', { workload: 'payments' });
    const web = await seedNodegroup('payments', 'web', 1, { workload: 'payments' });
    const listings = async (discover: () => Promise<Map<string, unknown>>) => {
      const before = (await recordedRequests()).length;
      const found = await discover();
      const sent = (await recordedRequests()).slice(before);
      // ListClusters is `GET /clusters` (a REST API: moto's recorder names no action for it).
      const listed = sent.filter((request) => request.method === 'GET' && /\/clusters(\?|$)/.test(request.url));
      return { found, listed: listed.length };
    };
    const both = ports();
    const first = await listings(() => discoverAll(both));
    expect([...first.found.keys()].sort()).toEqual([clusterArn('payments'), web].sort());
    expect(first.listed).toBe(1);
    const second = await listings(() => discoverAll(both));
    expect(second.found.size).toBe(2);
    expect(second.listed).toBe(1);
  });

  it('scales a node group to 0 as the scream test (sizes kept as a tag), refuses a delete once scaled up, then deletes it', async () => {
    await seedCluster('payments', {});
    const web = await seedNodegroup('payments', 'web', 3, { workload: 'payments' });
    const { retirement, clients } = ports();
    const tagged = answerNodegroupTagging(clients);
    const stop = actionOn(web, 'resource.stop');
    expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(retirement, stop))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { desiredSize: 0, previousScaling: '1/4/3', state: 'stopped' },
    });
    // The sizes before are tagged first (a crash loses them not), then the node group is scaled to 0, max kept.
    expect(tagged).toEqual([{ 'decomkit:previous-scaling': '1/4/3' }]);
    expect((await nodegroupState('payments', 'web'))?.scalingConfig).toMatchObject({
      minSize: 0,
      desiredSize: 0,
      maxSize: 4,
    });
    expect(await reconcile(retirement, stop)).toMatchObject({
      status: 'done',
      result: { desiredSize: 0, state: 'stopped' },
    });
    expect((await run(retirement, stop)).isOk()).toBe(true);
    expect(tagged).toHaveLength(1);

    await eks().send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'payments',
        nodegroupName: 'web',
        scalingConfig: { desiredSize: 2 },
      }),
    );
    const remove = actionOn(web, 'resource.delete');
    const before = (await mutatingRequests()).length;
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: web });
    expect(refused.message).toContain('desired size is 2');
    expect((await mutatingRequests()).length).toBe(before);

    await eks().send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'payments',
        nodegroupName: 'web',
        scalingConfig: { desiredSize: 0 },
      }),
    );
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'deleted' },
    });
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
  });

  it('deletes a cluster only once its node groups are gone; Fargate profiles are a blocking finding and refuse it', async () => {
    await seedCluster('payments', { workload: 'payments' });
    const web = await seedNodegroup('payments', 'web', 0, {});
    const { retirement, inventory } = ports();
    const remove = actionOn(clusterArn('payments'), 'resource.delete');
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: clusterArn('payments') });
    expect(refused.message).toContain('1 node groups');
    expect((await run(retirement, actionOn(web, 'resource.delete'))).isOk()).toBe(true);

    await eks().send(
      new CreateFargateProfileCommand({
        clusterName: 'payments',
        fargateProfileName: 'jobs',
        podExecutionRoleArn: ROLE,
        selectors: [{ namespace: 'jobs' }],
      }),
    );
    const described = (await inventory.describe(clusterArn('payments')))._unsafeUnwrap();
    expect(described?.retireBlockers).toEqual([
      { code: 'cluster-has-fargate-profiles', message: expect.stringContaining('1 Fargate profiles (jobs)') },
    ]);
    expect((await run(retirement, remove))._unsafeUnwrapErr().message).toContain('1 Fargate profiles');
  });

  it('deletes a cluster without node groups, reconciled before and after; gone counts as deleted', async () => {
    await seedCluster('payments', { workload: 'payments' });
    const { retirement } = ports();
    const remove = actionOn(clusterArn('payments'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { cluster: 'payments', state: 'deleted' },
    });
    await expect(eks().send(new DescribeClusterCommand({ name: 'payments' }))).rejects.toThrow();
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
  });

  it('reports deletion protection, refuses the delete while it is on, and lifts it (mocked: moto has none)', async () => {
    const mock = mockClient(EKSClient);
    let protectedNow = true;
    mock.on(DescribeClusterCommand).callsFake(() => ({
      cluster: {
        name: 'payments',
        arn: clusterArn('payments'),
        status: 'ACTIVE',
        tags: { workload: 'payments' },
        deletionProtection: protectedNow,
      },
    }));
    mock.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    mock.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    mock.on(UpdateClusterConfigCommand).callsFake((input: { deletionProtection?: boolean }) => {
      protectedNow = input.deletionProtection ?? protectedNow;
      return { update: { id: 'u-1', status: 'InProgress' } };
    });
    const clients = new AwsClients({
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      pollMilliseconds: 1,
      clients: { eks: new EKSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS }) },
    });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    const [cluster] = (await EKS_CLUSTER.describeMany(clients, place, ['payments']))._unsafeUnwrap();
    expect(cluster?.protection).toEqual({ deletion: true, stop: false });
    const handlers = EKS_CLUSTER.handlers(clients);
    const remove = actionOn(clusterArn('payments'), 'resource.delete');
    const refused = (await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict' });
    expect(refused.message).toContain('deletion protection is on');
    const lift = actionOn(clusterArn('payments'), 'protection.lift');
    expect((await handlers['protection.lift'].reconcile(lift, contextFor(lift)))._unsafeUnwrap()).toEqual({
      status: 'absent',
    });
    expect((await handlers['protection.lift'].execute(lift, contextFor(lift)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { cluster: 'payments', deletionProtection: false },
    });
    expect(mock.commandCalls(UpdateClusterConfigCommand)[0]?.args[0].input).toEqual({
      name: 'payments',
      deletionProtection: false,
    });
    mock.restore();
  });
});
