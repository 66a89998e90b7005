import { CreateRepositoryCommand, DescribeRepositoriesCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { ECR_REPOSITORY } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { repositoryNameOf } from '../src/resources/ecr-repository.js';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { manifestOf } from './support/moto-container-stream-fixtures.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  discoverAll,
  expectNoStopNorProtection,
  portsOn,
  reconcile,
  run,
  tagList,
} from './support/retirement-harness.js';

withOwnMoto();

const repositoryArn = (name: string) => `arn:aws:ecr:${TEST_REGION}:${MOTO_ACCOUNT_ID}:repository/${name}`;
const ecr = () => motoClients().get('ecr', TEST_REGION);
const ports = () => portsOn([ECR_REPOSITORY]);
const actions = async () => (await mutatingRequests()).map((request) => request.action);

async function seedRepository(name: string, tags: Record<string, string>): Promise<void> {
  await ecr().send(new CreateRepositoryCommand({ repositoryName: name, tags: tagList(tags) }));
}

async function pushImage(repository: string, tag: string): Promise<void> {
  await ecr().send(new PutImageCommand({ repositoryName: repository, imageManifest: manifestOf(tag), imageTag: tag }));
}

async function repositoryNames(): Promise<string[]> {
  const found = await ecr().send(new DescribeRepositoriesCommand({}));
  return (found.repositories ?? []).map((repository) => repository.repositoryName ?? '').sort();
}

describe('ECR repository (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the repository name (namespaced too) from a repository ARN only', () => {
    expect(repositoryNameOf(repositoryArn('payments/web'))).toBe('payments/web');
    expect(repositoryNameOf(repositoryArn('payments-web'))).toBe('payments-web');
    expect(repositoryNameOf(repositoryArn('Payments'))).toBeNull();
    expect(repositoryNameOf(`arn:aws:ecr:${TEST_REGION}:${MOTO_ACCOUNT_ID}:registry/payments`)).toBeNull();
    expect(ECR_REPOSITORY).toMatchObject({ type: 'AWS::ECR::Repository', stoppable: false, holdsData: false });
  });

  it('discovers tagged repositories (not a look-alike) changing nothing; a missing one is null', async () => {
    await seedRepository('payments/web', { workload: 'payments' });
    await seedRepository('archive/web', { workload: 'payments-archive' });
    const before = await actions();
    const found = await discoverAll(ports());
    expect([...found.keys()]).toEqual([repositoryArn('payments/web')]);
    expect(found.get(repositoryArn('payments/web'))).toMatchObject({
      type: 'AWS::ECR::Repository',
      name: 'payments/web',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.get(repositoryArn('payments/web'))?.retireBlockers).toBeUndefined();
    expect(await actions()).toEqual(before);
    expect((await ports().inventory.describe(repositoryArn('no-such-repository')))._unsafeUnwrap()).toBeNull();
  });

  it('a repository holding images carries a blocker naming the count; its delete is refused (Conflict), nothing sent', async () => {
    await seedRepository('payments/web', { workload: 'payments' });
    await pushImage('payments/web', 'v1');
    await pushImage('payments/web', 'v2');
    const described = (await ports().inventory.describe(repositoryArn('payments/web')))._unsafeUnwrap();
    expect(described?.retireBlockers).toEqual([
      { code: 'repository-holds-images', message: expect.stringContaining('holds 2 images') },
    ]);
    const { retirement } = ports();
    const remove = actionOn(repositoryArn('payments/web'), 'resource.delete');
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: repositoryArn('payments/web') });
    expect(refused.message).toContain('holds 2 images');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect(await actions()).not.toContain('DeleteRepository');
    expect(await repositoryNames()).toEqual(['payments/web']);
  });

  it('deletes an empty one with DeleteRepository without force, reconciled before and after; a repeat is done', async () => {
    await seedRepository('payments/web', { workload: 'payments' });
    await seedRepository('archive/web', { workload: 'payments-archive' });
    const { retirement } = ports();
    const remove = actionOn(repositoryArn('payments/web'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { repositoryName: 'payments/web', state: 'deleted' },
    });
    expect(await repositoryNames()).toEqual(['archive/web']);
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteRepository');
    expect(deletes).toHaveLength(1);
    expect(JSON.parse(deletes[0]?.body ?? '{}')).toMatchObject({ repositoryName: 'payments/web', force: false });
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
  });

  it('refuses a stop and a wrong ARN (InvalidInput) and lifts no protection; sends nothing', async () => {
    await seedRepository('payments/web', { workload: 'payments' });
    const before = await actions();
    await expectNoStopNorProtection(ports().retirement, repositoryArn('payments/web'), repositoryArn('Payments/Web'));
    expect(await actions()).toEqual(before);
  });
});
