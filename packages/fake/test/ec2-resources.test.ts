import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { actionOn, arn, contextFor, discoverAll, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };

function world() {
  return createFakeCloud({
    source: {
      instances: [
        { id: 'i-web', tags, securityGroups: ['sg-web'] },
        { id: 'i-other', tags: { workload: 'billing' }, securityGroups: ['sg-shared'] },
      ],
      volumes: [
        { id: 'vol-data', instanceId: 'i-web', tags },
        { id: 'vol-root', instanceId: 'i-web', deleteOnTermination: true, tags },
        { id: 'vol-loose', tags },
      ],
      addresses: [{ allocationId: 'eipalloc-web', instanceId: 'i-web', tags }],
      securityGroups: [
        { id: 'sg-web', tags },
        { id: 'sg-shared', tags },
        { id: 'sg-db', tags, referencedBy: ['sg-web'] },
        { id: 'sg-default', groupName: 'default', tags },
      ],
      images: [{ id: 'ami-web', tags, snapshotIds: ['snap-ami-1', 'snap-ami-2'] }],
      snapshots: [{ id: 'snap-loose', volumeId: 'vol-data', tags }],
    },
  });
}

// Terminating i-web deletes its DeleteOnTermination root volume and detaches its data volume: the action names both as planned.
const terminateWeb = actionOn('resource.delete', arn.instance('i-web'), {
  dependentArns: [arn.volume('vol-root'), arn.volume('vol-data')],
});

describe('EBS volumes', () => {
  it('refuses to terminate an instance whose DeleteOnTermination volume is not planned with it', async () => {
    const cloud = world();
    const alone = actionOn('resource.delete', arn.instance('i-web'));
    const refused = await handler(cloud, 'resource.delete').execute(alone, contextFor(cloud, alone));
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    expect(refused._unsafeUnwrapErr().message).toContain('vol-root');
    expect(cloud.source.instance('i-web').state).toBe('running');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });

  it('takes an untagged DeleteOnTermination root volume along as part of its instance, and refuses a detachable one', async () => {
    const cloud = createFakeCloud({
      source: {
        instances: [
          { id: 'i-plain', tags },
          { id: 'i-extra', tags },
        ],
        volumes: [
          { id: 'vol-plain-root', instanceId: 'i-plain', deleteOnTermination: true, tags: {} },
          { id: 'vol-extra-root', instanceId: 'i-extra', deleteOnTermination: true, tags: {} },
          { id: 'vol-extra-data', instanceId: 'i-extra', deleteOnTermination: false, tags: {} },
        ],
      },
    });
    await runToEnd(cloud, actionOn('resource.delete', arn.instance('i-plain')));
    expect(cloud.source.instance('i-plain').state).toBe('terminated');
    expect(cloud.source.volumes().map((volume) => volume.id)).not.toContain('vol-plain-root');
    const extra = actionOn('resource.delete', arn.instance('i-extra'));
    const refused = await handler(cloud, 'resource.delete').execute(extra, contextFor(cloud, extra));
    expect(refused._unsafeUnwrapErr().message).toContain('vol-extra-data (on i-extra, detached with it)');
    expect(refused._unsafeUnwrapErr().message).not.toContain('vol-extra-root');
    expect(cloud.source.instance('i-extra').state).toBe('running');
  });

  it('refuses to delete an attached volume (VolumeInUse) and deletes it once its instance is gone', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.volume('vol-data'));
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    expect(refused._unsafeUnwrapErr().message).toMatch(/^VolumeInUse: .*i-web/);
    await runToEnd(cloud, terminateWeb);
    const ids = cloud.source.volumes().map((volume) => volume.id);
    expect(ids).not.toContain('vol-root'); // DeleteOnTermination went with the instance
    expect(cloud.source.volumes().find((volume) => volume.id === 'vol-data')).toMatchObject({
      state: 'available',
      attachment: null,
    });
    expect(await runToEnd(cloud, remove)).toEqual({ volumeId: 'vol-data' });
    expect((await cloud.providers.inventory.describe(arn.volume('vol-data')))._unsafeUnwrap()).toBeNull();
  });

  it('describes an attached volume as depending on its instance, and an unknown volume as gone', async () => {
    const cloud = world();
    const volume = (await cloud.providers.inventory.describe(arn.volume('vol-data')))._unsafeUnwrap();
    expect(volume).toMatchObject({ type: 'AWS::EC2::Volume', state: 'in-use', dependsOn: [arn.instance('i-web')] });
    expect((await cloud.providers.inventory.describe(arn.volume('vol-nope')))._unsafeUnwrap()).toBeNull();
  });

  it('reconciles a delete that happened before a crash as done, and one that did not as absent', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.volume('vol-loose'));
    const before = await handler(cloud, 'resource.delete').reconcile(remove, contextFor(cloud, remove));
    expect(before._unsafeUnwrap()).toEqual({ status: 'absent' });
    await runToEnd(cloud, remove);
    const after = await handler(cloud, 'resource.delete').reconcile(remove, contextFor(cloud, remove));
    expect(after._unsafeUnwrap().status).toBe('done');
  });
});

describe('Elastic IPs', () => {
  it('fails closed while associated (InvalidIPAddress.InUse) and releases once the instance is terminated', async () => {
    const cloud = world();
    const release = actionOn('resource.delete', arn.address('eipalloc-web'));
    const refused = await handler(cloud, 'resource.delete').execute(release, contextFor(cloud, release));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(refused._unsafeUnwrapErr().message).toContain('InvalidIPAddress.InUse');
    expect(cloud.source.addresses()[0]?.instanceId).toBe('i-web'); // never disassociated behind the user's back
    await runToEnd(cloud, terminateWeb);
    expect(cloud.source.addresses()[0]).toMatchObject({ instanceId: null, associationId: null });
    await runToEnd(cloud, release);
    expect(cloud.source.addresses()).toEqual([]);
  });
});

describe('security groups', () => {
  it('refuses DependencyViolation while an instance or another group uses it; CannotDelete for default', async () => {
    const cloud = world();
    const context = (action: ReturnType<typeof actionOn>) => contextFor(cloud, action);
    const remove = handler(cloud, 'resource.delete');
    const web = actionOn('resource.delete', arn.securityGroup('sg-web'));
    expect((await remove.execute(web, context(web)))._unsafeUnwrapErr().message).toMatch(
      /^DependencyViolation: .*i-web/,
    );
    const database = actionOn('resource.delete', arn.securityGroup('sg-db'));
    expect((await remove.execute(database, context(database)))._unsafeUnwrapErr().message).toContain('sg-web');
    const fallback = actionOn('resource.delete', arn.securityGroup('sg-default'));
    expect((await remove.execute(fallback, context(fallback)))._unsafeUnwrapErr().message).toMatch(/^CannotDelete/);
    await runToEnd(cloud, terminateWeb);
    await runToEnd(cloud, web);
    await runToEnd(cloud, database);
    expect(
      cloud.source
        .securityGroups()
        .map((group) => group.id)
        .sort(),
    ).toEqual(['sg-default', 'sg-shared']);
  });

  it('depends on the instances and groups that use it', async () => {
    const cloud = world();
    const found = await discoverAll(cloud, { tags });
    const byId = (id: string) => found.find((resource) => resource.arn === arn.securityGroup(id));
    expect(byId('sg-web')?.dependsOn).toEqual([arn.instance('i-web')]);
    expect(byId('sg-shared')?.dependsOn).toEqual([arn.instance('i-other')]);
    expect(byId('sg-db')?.dependsOn).toEqual([arn.securityGroup('sg-web')]);
  });
});

describe('AMIs and snapshots', () => {
  it('keeps an AMI snapshot (InvalidSnapshot.InUse) until the image is deregistered', async () => {
    const cloud = world();
    const snapshot = actionOn('resource.delete', arn.snapshot('snap-ami-1'));
    const refused = await handler(cloud, 'resource.delete').execute(snapshot, contextFor(cloud, snapshot));
    expect(refused._unsafeUnwrapErr().message).toMatch(/^InvalidSnapshot.InUse: .*ami-web/);
    const inventory = await discoverAll(cloud, { tags });
    expect(inventory.find((resource) => resource.arn === arn.snapshot('snap-ami-1'))?.dependsOn).toEqual([
      arn.image('ami-web'),
    ]);
    const result = await runToEnd(cloud, actionOn('resource.delete', arn.image('ami-web')));
    expect(result).toMatchObject({
      imageId: 'ami-web',
      snapshotIdsLeftForTheirOwnActions: ['snap-ami-1', 'snap-ami-2'],
    });
    expect(cloud.source.images()).toEqual([]);
    await runToEnd(cloud, snapshot);
    expect(
      cloud.source
        .snapshots()
        .map((found) => found.id)
        .sort(),
    ).toEqual(['snap-ami-2', 'snap-loose']);
  });

  it('answers NotFound-as-done for a snapshot already deleted and refuses stop on a snapshot', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.snapshot('snap-missing'));
    expect(await runToEnd(cloud, remove)).toEqual({ id: 'snap-missing', alreadyGone: true });
    const stop = actionOn('resource.stop', arn.snapshot('snap-loose'));
    expect((await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop)))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
  });
});
