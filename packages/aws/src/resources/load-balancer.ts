import {
  DeleteLoadBalancerCommand,
  DescribeLoadBalancerAttributesCommand,
  ModifyLoadBalancerAttributesCommand,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type DecomError, decomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ELBV2_READS, elbv2ArnOf, elbv2Describe, elbv2Tags } from './elbv2-describe.js';
import { claimsOn, goneRead, limited, nameFrom, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** The load balancer attribute that is its deletion protection. */
export const DELETION_PROTECTION_ATTRIBUTE = 'deletion_protection.enabled';
/** Concurrent DescribeLoadBalancerAttributes calls while describing a page. */
const ATTRIBUTE_CONCURRENCY = 8;
const claims = claimsOn('elasticloadbalancing', 'default');

/** The ARN of an ELBv2 load balancer ARN (`loadbalancer/app|net|gwy/<name>/<id>`), its own id; null for others. */
export function loadBalancerArnOf(arn: string): string | null {
  return elbv2ArnOf(arn, 'loadbalancer');
}

/** The load balancers among `arns` (DescribeLoadBalancers, 20 ARNs a call): gone ones are left out. */
const describeBalancers = elbv2Describe(
  'elasticloadbalancing:DescribeLoadBalancers',
  paginateDescribeLoadBalancers,
  (arns) => ({ LoadBalancerArns: arns }),
  (page) => page.LoadBalancers,
);

/** Whether `deletion_protection.enabled` is on (DescribeLoadBalancerAttributes). */
function deletionProtected(clients: AwsClients, region: string, arn: string): ResultAsync<boolean, DecomError> {
  return awsCall({ operation: 'elasticloadbalancing:DescribeLoadBalancerAttributes', resource: arn }, () =>
    clients.get('elbv2', region).send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })),
  ).map(
    (output) =>
      output.Attributes?.find((attribute) => attribute.Key === DELETION_PROTECTION_ATTRIBUTE)?.Value === 'true',
  );
}

function describeMany(clients: AwsClients, place: Place, arns: readonly string[]): ResultAsync<Resource[], DecomError> {
  return describeBalancers(clients, place.region, arns).andThen((balancers) => {
    const found = balancers.flatMap((balancer) => (balancer.LoadBalancerArn === undefined ? [] : [balancer]));
    return elbv2Tags(
      clients,
      place.region,
      found.map((balancer) => balancer.LoadBalancerArn ?? ''),
    ).andThen((tags) =>
      limited(found, ATTRIBUTE_CONCURRENCY, (balancer) => {
        const arn = balancer.LoadBalancerArn ?? '';
        return deletionProtected(clients, place.region, arn).map(
          (deletion): Resource => ({
            arn,
            type: TYPE,
            accountId: place.accountId,
            region: place.region,
            ...nameFrom(tags.get(arn) ?? {}, balancer.LoadBalancerName ?? arn),
            tags: tags.get(arn) ?? {},
            state: balancer.State?.Code ?? 'unknown',
            protection: { deletion, stop: false },
            dependsOn: [],
          }),
        );
      }),
    );
  });
}

/**
 * ELBv2 load balancers (application, network, gateway): `deletion_protection.enabled`
 * (DescribeLoadBalancerAttributes) is their deletion protection, lifted with
 * ModifyLoadBalancerAttributes; delete is DeleteLoadBalancer (which also deletes its
 * listeners), refused (Conflict, nothing sent) while protection is on; a load
 * balancer already gone counts as deleted. Not stoppable. Depends on nothing; the
 * target groups its listeners forward to depend on it.
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [LOAD_BALANCER, TARGET_GROUP]);
 * ```
 */
export const LOAD_BALANCER = defineAwsResourceType({
  iam: {
    read: ELBV2_READS,
    lift: [onTarget('elasticloadbalancing:ModifyLoadBalancerAttributes')],
    delete: [onTarget('elasticloadbalancing:DeleteLoadBalancer')],
  },
  type: TYPE,
  arnShape: { service: 'elasticloadbalancing', prefix: 'loadbalancer/' },
  config: { pattern: /^loadbalancer\/(?:app|net|gwy)\/([A-Za-z0-9-]+)\/[0-9a-f]+$/, lookup: 'name' },
  traffic: { namespace: 'AWS/ApplicationELB', metric: 'RequestCount', reportsWhile: [] },
  idOf: loadBalancerArnOf,
  arnOf: (_place, arn) => arn,
  describeMany,
  handlers: (clients) => {
    const type = { type: TYPE, idOf: loadBalancerArnOf };
    const regionOf = (action: Parameters<typeof placeOf>[0]) => placeOf(action).region;
    return {
      'protection.lift': simpleHandler({
        type,
        claims,
        run: (arn, action, signal) =>
          awsCall(
            { operation: 'elasticloadbalancing:ModifyLoadBalancerAttributes', resource: arn, signal },
            (options) =>
              clients.get('elbv2', regionOf(action)).send(
                new ModifyLoadBalancerAttributesCommand({
                  LoadBalancerArn: arn,
                  Attributes: [{ Key: DELETION_PROTECTION_ATTRIBUTE, Value: 'false' }],
                }),
                options,
              ),
          ).map(() => ({ loadBalancerArn: arn, deletionProtection: false })),
        readBack: (arn, action) =>
          deletionProtected(clients, regionOf(action), arn)
            .map((on) => (on ? null : { loadBalancerArn: arn, deletionProtection: false }))
            // A balancer that is gone had nothing lifted: the lift is absent, not an error.
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      }),
    };
  },
  delete: (clients) => {
    const type = { type: TYPE, idOf: loadBalancerArnOf };
    const regionOf = (action: Parameters<typeof placeOf>[0]) => placeOf(action).region;
    return simpleHandler({
      type,
      claims,
      run: (arn, action, signal) =>
        // ELBv2 answers OperationNotPermitted; check first and name it for what it is, before calling.
        deletionProtected(clients, regionOf(action), arn)
          .andThen((on) =>
            on
              ? errAsync(
                  decomError.conflict({
                    message: `elasticloadbalancing:DeleteLoadBalancer on ${arn}: deletion protection is on (lift it first)`,
                    resource: arn,
                  }),
                )
              : awsCall({ operation: 'elasticloadbalancing:DeleteLoadBalancer', resource: arn, signal }, (options) =>
                  clients
                    .get('elbv2', regionOf(action))
                    .send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }), options),
                ),
          )
          .map(() => ({ loadBalancerArn: arn, state: 'deleted' })),
      readBack: (arn, action) =>
        goneRead(
          describeBalancers(clients, regionOf(action), [arn]).map((found) => found.length > 0),
          { loadBalancerArn: arn, state: 'deleted' },
        ),
      goneIsDone: true,
    });
  },
});
