import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { FakeElbv2 } from '../source/elbv2.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeLoadBalancer } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { firstOrGone, pagedList, recordResource } from './resource-kind-parts.js';

const LOAD_BALANCER_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/[^/]+\/[0-9a-f]+$/;

/**
 * ELBv2 load balancers: `deletion_protection.enabled` is their deletion
 * protection; lift sets it false; delete is DeleteLoadBalancer. Their
 * traffic is RequestCount, reported only while requests arrive.
 */
export function loadBalancerKind(elb: FakeElbv2): ResourceKind {
  const toResource = (balancer: FakeLoadBalancer) =>
    recordResource(AWS_TYPES.loadBalancer, balancer, {
      name: balancer.loadBalancerName,
      state: balancer.state,
      protection: { deletion: balancer.deletionProtection, stop: false },
    });
  const lifted = (arn: string) => ({ loadBalancerArn: arn, deletionProtection: false });
  return defineFakeResourceKind({
    type: AWS_TYPES.loadBalancer,
    idOf: (arn) => (LOAD_BALANCER_ARN.test(arn) ? arn : null),
    traffic: { namespace: 'AWS/ApplicationELB', metric: 'RequestCount', reportsWhile: [] },
    list: pagedList((region, token) => elb.describeLoadBalancersPage(region, token), toResource),
    describe: (arn) => firstOrGone(elb.describeLoadBalancers([arn]), toResource),
    retire: {
      claims: claimsOn('elasticloadbalancing', 'default'),
      lift: {
        run: (arn) => elb.setDeletionProtection(arn, false).map(() => lifted(arn)),
        readBack: (arn) =>
          elb
            .describeLoadBalancers([arn])
            .map((found) => (found[0]?.deletionProtection === false ? lifted(arn) : null))
            // A balancer that is gone had nothing lifted: the lift is absent, not an error (as the AWS provider).
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        // Refused before the call while protected, as the AWS provider does (ELBv2 would answer OperationNotPermitted).
        run: (arn) =>
          elb.describeLoadBalancers([arn]).andThen((found) =>
            found[0]?.deletionProtection === true
              ? errAsync(
                  decomError.conflict({
                    message: `elasticloadbalancing:DeleteLoadBalancer on ${arn}: deletion protection is on (lift it first)`,
                    resource: arn,
                  }),
                )
              : elb.deleteLoadBalancer(arn),
          ),
        readBack: (arn) => goneRead(elb.describeLoadBalancers([arn]), { loadBalancerArn: arn, state: 'deleted' }),
      },
    },
  });
}
