import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { paged } from './ebs.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeLoadBalancer, FakeTargetGroup } from './source-types.js';

/** A target group as DescribeTargetGroups returns it: with the load balancers that route to it. */
export type DescribedTargetGroup = FakeTargetGroup & { readonly loadBalancerArns: string[] };

/**
 * The fake Elastic Load Balancing v2 API. A load balancer with
 * `deletion_protection.enabled` cannot be deleted (`OperationNotPermitted`);
 * deleting one deletes its listeners. A target group a listener forwards to
 * cannot be deleted (`ResourceInUse`).
 */
export class FakeElbv2 {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the load balancers of `region`. */
  readonly describeLoadBalancersPage = regionPages(
    () => this.world,
    { service: 'elasticloadbalancing', operation: 'DescribeLoadBalancers', pageSize: 400 },
    () => this.world.state.loadBalancers,
  );

  /** DescribeLoadBalancers by ARN: `LoadBalancerNotFound` when one does not exist. */
  describeLoadBalancers(arns: readonly string[]): ResultAsync<FakeLoadBalancer[], DecomError> {
    return this.world.call('elasticloadbalancing', 'DescribeLoadBalancers', false, arns.join(','), () =>
      byArns(this.world.state.loadBalancers, arns, 'LoadBalancerNotFound', 'load balancers', structuredClone),
    );
  }

  /** ModifyLoadBalancerAttributes `deletion_protection.enabled`. */
  setDeletionProtection(arn: string, enabled: boolean): ResultAsync<FakeLoadBalancer, DecomError> {
    return this.world.call('elasticloadbalancing', 'ModifyLoadBalancerAttributes', true, arn, () => {
      const balancer = this.world.state.loadBalancers.find((candidate) => candidate.arn === arn);
      if (balancer === undefined)
        return err(awsError.notFound('LoadBalancerNotFound', `load balancer '${arn}' not found`, arn));
      balancer.deletionProtection = enabled;
      recordConfigChange(this.world, arn, AWS_TYPES.loadBalancer, 'OK');
      return ok(structuredClone(balancer));
    });
  }

  /** DeleteLoadBalancer (and its listeners): `OperationNotPermitted` under deletion protection. */
  deleteLoadBalancer(arn: string): ResultAsync<{ loadBalancerArn: string }, DecomError> {
    return this.world.call('elasticloadbalancing', 'DeleteLoadBalancer', true, arn, () => {
      const balancer = this.world.state.loadBalancers.find((candidate) => candidate.arn === arn);
      if (balancer === undefined)
        return err(awsError.notFound('LoadBalancerNotFound', `load balancer '${arn}' not found`, arn));
      if (balancer.deletionProtection) {
        return err(
          awsError.conflict(
            'OperationNotPermitted',
            `load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
            arn,
          ),
        );
      }
      this.world.state.loadBalancers = this.world.state.loadBalancers.filter((candidate) => candidate !== balancer);
      recordConfigChange(this.world, arn, AWS_TYPES.loadBalancer, 'ResourceDeleted');
      return ok({ loadBalancerArn: arn });
    });
  }

  /** One page of the target groups of `region`. */
  describeTargetGroupsPage(
    region: string,
    token: string | null,
    pageSize = 400,
  ): ResultAsync<{ items: DescribedTargetGroup[]; next: string | null }, DecomError> {
    return this.world.call('elasticloadbalancing', 'DescribeTargetGroups', false, region, () =>
      paged(
        this.world.state.targetGroups.filter((group) => group.region === region).map((group) => this.described(group)),
        token,
        pageSize,
      ),
    );
  }

  /** DescribeTargetGroups by ARN: `TargetGroupNotFound` when one does not exist. */
  describeTargetGroups(arns: readonly string[]): ResultAsync<DescribedTargetGroup[], DecomError> {
    return this.world.call('elasticloadbalancing', 'DescribeTargetGroups', false, arns.join(','), () =>
      byArns(this.world.state.targetGroups, arns, 'TargetGroupNotFound', 'target groups', (group) =>
        this.described(group),
      ),
    );
  }

  /** DeleteTargetGroup: `ResourceInUse` while a listener forwards to it. */
  deleteTargetGroup(arn: string): ResultAsync<{ targetGroupArn: string }, DecomError> {
    return this.world.call('elasticloadbalancing', 'DeleteTargetGroup', true, arn, () => {
      const group = this.world.state.targetGroups.find((candidate) => candidate.arn === arn);
      if (group === undefined)
        return err(awsError.notFound('TargetGroupNotFound', `target group '${arn}' not found`, arn));
      const users = this.described(group).loadBalancerArns;
      if (users.length > 0) {
        return err(
          awsError.conflict(
            'ResourceInUse',
            `target group '${arn}' is currently in use by a listener or a rule (${users.join(', ')})`,
            arn,
          ),
        );
      }
      this.world.state.targetGroups = this.world.state.targetGroups.filter((candidate) => candidate !== group);
      recordConfigChange(this.world, arn, AWS_TYPES.targetGroup, 'ResourceDeleted');
      return ok({ targetGroupArn: arn });
    });
  }

  private described(group: FakeTargetGroup): DescribedTargetGroup {
    return {
      ...structuredClone(group),
      loadBalancerArns: this.world.state.loadBalancers
        .filter((balancer) => balancer.listeners.some((listener) => listener.targetGroupArn === group.arn))
        .map((balancer) => balancer.arn),
    };
  }
}

/** The records with these ARNs, in order, as `present` shows them, or `code` naming the first missing one (ELBv2's Describe* by ARN). */
function byArns<Item extends { readonly arn: string }, Shown>(
  records: readonly Item[],
  arns: readonly string[],
  code: string,
  what: string,
  present: (record: Item) => Shown,
): Result<Shown[], DecomError> {
  const found: Shown[] = [];
  for (const arn of arns) {
    const record = records.find((candidate) => candidate.arn === arn);
    if (record === undefined) return err(awsError.notFound(code, `one or more ${what} not found (${arn})`, arn));
    found.push(present(record));
  }
  return ok(found);
}
