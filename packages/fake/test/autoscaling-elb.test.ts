import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { actionOn, arn, contextFor, discoverAll, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };

function world() {
  return createFakeCloud({
    source: {
      autoScalingGroups: [
        {
          groupName: 'web-asg',
          desiredCapacity: 3,
          tags,
          instanceIds: ['i-a1', 'i-a2', 'i-a3'],
          targetGroups: ['web-tg'],
        },
      ],
      loadBalancers: [
        {
          loadBalancerName: 'web-lb',
          deletionProtection: true,
          targetGroups: ['web-tg'],
          securityGroups: ['sg-lb'],
          tags,
        },
      ],
      targetGroups: [{ targetGroupName: 'web-tg', targets: ['i-a1', 'i-a2', 'i-a3'], tags }],
      securityGroups: [{ id: 'sg-lb', tags }],
    },
  });
}

const groupArn = (cloud: ReturnType<typeof world>) => cloud.source.autoScalingGroup('web-asg').arn;
const running = (cloud: ReturnType<typeof world>) =>
  cloud.source.instances().filter((instance) => instance.state === 'running');

describe('Auto Scaling groups', () => {
  it('replace an instance terminated under them: same tags, new id', async () => {
    const cloud = world();
    await runToEnd(cloud, actionOn('resource.delete', arn.instance('i-a1')));
    expect(cloud.source.instance('i-a1').state).toBe('terminated');
    const alive = running(cloud);
    expect(alive).toHaveLength(3);
    const replacement = alive.find((instance) => !['i-a2', 'i-a3'].includes(instance.id));
    expect(replacement?.id).not.toBe('i-a1');
    expect(replacement?.tags).toEqual({ ...tags, 'aws:autoscaling:groupName': 'web-asg' });
    expect(cloud.source.autoScalingGroup('web-asg').instanceIds).toContain(replacement?.id);
    expect(cloud.source.targetGroups()[0]?.targets).toContain(replacement?.id);
  });

  it('replace a stopped instance too (its health check fails)', async () => {
    const cloud = world();
    const result = await runToEnd(cloud, actionOn('resource.stop', arn.instance('i-a2')));
    expect(result).toEqual({ instanceId: 'i-a2', state: 'terminated' });
    expect(running(cloud)).toHaveLength(3);
  });

  it('refuse ForceDelete while the group holds an instance not planned for retirement with it', async () => {
    const cloud = world();
    const members = [arn.instance('i-a1'), arn.instance('i-a2')];
    const action = actionOn('resource.delete', groupArn(cloud), { dependentArns: members });
    const refused = await handler(cloud, 'resource.delete').execute(action, contextFor(cloud, action));
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    expect(refused._unsafeUnwrapErr().message).toContain('i-a3');
    expect(running(cloud)).toHaveLength(3);
    expect(cloud.calls.of('DeleteAutoScalingGroup')).toEqual([]);
  });

  it('are deleted with ForceDelete, which terminates their instances without replacement', async () => {
    const cloud = world();
    const members = ['i-a1', 'i-a2', 'i-a3'].map((id) => arn.instance(id));
    const result = await runToEnd(cloud, actionOn('resource.delete', groupArn(cloud), { dependentArns: members }));
    expect(result).toEqual({
      groupName: 'web-asg',
      forceDelete: true,
      terminatedInstanceIds: ['i-a1', 'i-a2', 'i-a3'],
    });
    expect(running(cloud)).toEqual([]);
    expect(cloud.source.autoScalingGroups()).toEqual([]);
    expect(cloud.calls.of('DeleteAutoScalingGroup')).toHaveLength(1);
  });

  it('are what their instances depend on, in the inventory', async () => {
    const cloud = world();
    const found = await discoverAll(cloud, { tags });
    const instance = found.find((resource) => resource.arn === arn.instance('i-a1'));
    expect(instance?.tags?.['aws:autoscaling:groupName']).toBe('web-asg');
    expect(instance?.dependsOn).toEqual([groupArn(cloud)]);
    expect(found.find((resource) => resource.arn === groupArn(cloud))?.type).toBe('AWS::AutoScaling::AutoScalingGroup');
    expect(handler(cloud, 'resource.delete').rateLimits?.(actionOn('resource.delete', groupArn(cloud)))).toEqual([
      { service: 'autoscaling', bucket: 'default', accountId: '111122223333', region: 'eu-west-1' },
    ]);
  });
});

describe('ELBv2', () => {
  it('enforces deletion protection, lifted by protection.lift', async () => {
    const cloud = world();
    const balancer = cloud.source.loadBalancers()[0];
    if (balancer === undefined) throw new Error('no load balancer');
    const described = (await cloud.providers.inventory.describe(balancer.arn))._unsafeUnwrap();
    expect(described?.protection).toEqual({ deletion: true, stop: false });
    const remove = actionOn('resource.delete', balancer.arn);
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    // Refused before the call, as the AWS provider does: ELBv2 never sees the delete.
    expect(refused._unsafeUnwrapErr().message).toMatch(
      /^elasticloadbalancing:DeleteLoadBalancer on .*deletion protection is on/,
    );
    expect(cloud.calls.of('DeleteLoadBalancer')).toEqual([]);
    const lift = actionOn('protection.lift', balancer.arn);
    expect((await handler(cloud, 'protection.lift').reconcile(lift, contextFor(cloud, lift)))._unsafeUnwrap()).toEqual({
      status: 'absent',
    });
    await runToEnd(cloud, lift);
    await runToEnd(cloud, remove);
    expect(cloud.source.loadBalancers()).toEqual([]);
  });

  it('keeps a target group a listener uses (ResourceInUse); it depends on its load balancer', async () => {
    const cloud = world();
    const group = cloud.source.targetGroups()[0];
    const balancer = cloud.source.loadBalancers()[0];
    if (group === undefined || balancer === undefined) throw new Error('seed');
    const described = (await cloud.providers.inventory.describe(group.arn))._unsafeUnwrap();
    expect(described?.dependsOn).toEqual([balancer.arn]);
    const remove = actionOn('resource.delete', group.arn);
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr().message).toMatch(/^ResourceInUse: /);
    // the security group of the load balancer depends on it too
    const securityGroup = (await cloud.providers.inventory.describe(arn.securityGroup('sg-lb')))._unsafeUnwrap();
    expect(securityGroup?.dependsOn).toEqual([balancer.arn]);
    await runToEnd(cloud, actionOn('protection.lift', balancer.arn));
    await runToEnd(cloud, actionOn('resource.delete', balancer.arn));
    await runToEnd(cloud, remove);
    expect(cloud.source.targetGroups()).toEqual([]);
    expect((await cloud.providers.inventory.describe(group.arn))._unsafeUnwrap()).toBeNull();
  });
});
