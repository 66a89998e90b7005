import type { RetirementPort } from '@decomkit/core';
import { retirementPortOf } from '@decomkit/provider-kit';
import type { ResourceKind } from './resource-kind.js';

/**
 * The `retirement` port over the fake source services: `resource.stop`,
 * `resource.delete` and `protection.lift` for every supported type (EC2
 * instances, volumes, snapshots, AMIs, Elastic IPs, security groups, Auto
 * Scaling groups, load balancers, target groups, RDS instances and clusters,
 * S3 buckets, DynamoDB tables, Lambda functions), dispatched by the target's
 * ARN (the provider kit's `retirementPortOf`, as the AWS provider's), each
 * reconcilable after a crash by reading the state back, each declaring its
 * rate-limit claims. Types without handlers (SQS, SNS, …) are not in
 * `supportedTypes`, and an action on one is refused.
 */
export function fakeRetirementPort(kinds: readonly ResourceKind[]): RetirementPort {
  return retirementPortOf(
    kinds.flatMap((kind) =>
      kind.handlers === undefined
        ? []
        : [{ type: kind.type, idOf: (arn: string) => kind.idOf(arn), handlers: kind.handlers }],
    ),
  );
}
