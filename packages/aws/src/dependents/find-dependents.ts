import type { DecomError, HiddenDependencyOptions, HiddenDependencyScan, Resource } from '@decomkit/core';
import { ResultAsync } from '@decomkit/core';
import type { AwsClients } from '../clients.js';
import { callerOf } from '../ports/identity-port.js';
import { type DependentCheck, merged, principalOf } from './dependent-check.js';
import { dnsRecordDependents } from './dns-record-dependents.js';
import { identityPolicyDependents } from './identity-policy-dependents.js';
import { recentCallerDependents } from './recent-caller-dependents.js';
import { resourcePolicyDependents } from './resource-policy-dependents.js';
import { securityGroupDependents } from './security-group-dependents.js';

/** The checks, in the order their findings are reported. */
const CHECKS: readonly DependentCheck[] = [
  dnsRecordDependents,
  securityGroupDependents,
  resourcePolicyDependents,
  identityPolicyDependents,
  recentCallerDependents,
];

/**
 * `InventoryPort.findDependents` over the AWS SDK: who decomkit runs as
 * (STS), then the five checks side by side. Only STS failing fails the call;
 * each check reports what it could not read as unchecked.
 *
 * @example
 * ```ts
 * const scan = await findHiddenDependents(clients, 'eu-west-1', resources, { recentCallerDays: 14 }, (r) => idOf(r));
 * ```
 */
export function findHiddenDependents(
  clients: AwsClients,
  homeRegion: string,
  resources: readonly Resource[],
  options: HiddenDependencyOptions,
  idOf: (resource: Resource) => string | null,
): ResultAsync<HiddenDependencyScan, DecomError> {
  return callerOf(clients, homeRegion).andThen((caller) => {
    const context = {
      clients,
      accountId: caller.accountId,
      callerArn: principalOf(caller.arn),
      resources,
      inScope: new Set(resources.map((resource) => resource.arn)),
      options,
      idOf,
    };
    return ResultAsync.fromSafePromise(Promise.all(CHECKS.map((check) => check(context)))).map(merged);
  });
}

/** The IAM actions of the hidden-dependency checks' reads (DNS records, policies, recent callers, security groups). */
export const DEPENDENT_READS: readonly string[] = [
  'cloudtrail:LookupEvents',
  'iam:GetAccountAuthorizationDetails',
  'route53:ListHostedZones',
  'route53:ListResourceRecordSets',
  'cloudfront:GetDistribution',
  'ec2:DescribeAddresses',
  'ec2:DescribeInstances',
  'ec2:DescribeSecurityGroups',
  'elasticloadbalancing:DescribeLoadBalancers',
  'rds:DescribeDBClusters',
  'rds:DescribeDBInstances',
  'kms:GetKeyPolicy',
  's3:GetBucketPolicy',
  'sns:GetTopicAttributes',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];
