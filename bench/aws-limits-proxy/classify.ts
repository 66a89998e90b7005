/**
 * What an AWS API request is, as the limits proxy sees it: who sends it
 * (SigV4 credential scope: access key id, region, service), which action
 * (`Action=` of a query-protocol request, or the `X-Amz-Target` of a JSON
 * one) and which token buckets it draws from, with how many tokens.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The SigV4 credential scope of a request: the bucket owner. */
export interface RequestScope {
  /** The access key id: stands for the account (moto maps every key to one account). */
  readonly account: string;
  readonly region: string;
  /** The service as the proxy names its buckets: the signing name, with ELB's two API versions told apart (`elbv2`, `elb`). */
  readonly service: string;
}

/** Tokens a request takes from one bucket. */
export interface BucketCharge {
  /** The bucket's name within its service, as in `AWS_API_LIMITS` (`non-mutating`, `terminate-instances-resource`, …). */
  readonly bucket: string;
  readonly tokens: number;
}

/** How the proxy groups EC2 request tokens: one bucket per category (stricter) or one per action, sized by its category. */
export type Ec2RequestBuckets = 'per-category' | 'per-action';

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/**
 * The credential scope from the `Authorization` header (or a presigned URL's
 * `X-Amz-Credential`); null for an unsigned request.
 */
export function requestScope(
  headers: IncomingHttpHeaders,
  url: URL,
):
  | (Omit<RequestScope, 'service'> & {
      readonly signingName: string;
    })
  | null {
  const authorization = headers.authorization ?? '';
  const presigned = url.searchParams.get('X-Amz-Credential');
  const match = CREDENTIAL_SCOPE.exec(authorization) ?? CREDENTIAL_SCOPE.exec(`Credential=${presigned ?? ''}`);
  if (match === null) return null;
  const [, account = '', region = '', signingName = ''] = match;
  return { account, region, signingName };
}

/** The proxy's service name: the signing name, except `elasticloadbalancing`, split by API version. */
export function serviceName(signingName: string, version: string | null): string {
  if (signingName !== 'elasticloadbalancing') return signingName;
  return version === '2012-06-01' ? 'elb' : 'elbv2';
}

/** The action of a JSON-protocol request: `X-Amz-Target: DynamoDB_20120810.DeleteTable` → `DeleteTable`. */
export function jsonTargetAction(headers: IncomingHttpHeaders): string | null {
  const target = headers['x-amz-target'];
  if (typeof target !== 'string' || target === '') return null;
  return target.slice(target.lastIndexOf('.') + 1);
}

const NON_MUTATING = /^(Describe|Get|List|Search)/;

/**
 * EC2's non-mutating actions with a smaller bucket when called with no
 * filter, no pagination and no ids (the EC2 throttling page's "unfiltered and
 * unpaginated" category; the list as recalled from that page).
 */
const EC2_UNFILTERED_CANDIDATES = new Set([
  'DescribeImages',
  'DescribeInstances',
  'DescribeInstanceStatus',
  'DescribeNetworkInterfaces',
  'DescribeSecurityGroups',
  'DescribeSnapshots',
  'DescribeSpotInstanceRequests',
  'DescribeVolumes',
  'DescribeVolumeStatus',
]);

/** A parameter that filters, paginates or names ids: `Filter.1.Name`, `MaxResults`, `NextToken`, `InstanceId.1`, `Owner.1`. */
const NARROWING_PARAMETER = /^(Filter\.|MaxResults$|NextToken$|Owner\.|ExecutableBy\.)|Ids?\.\d+$/;

/** The resource buckets of EC2 actions, and the parameter counted (one token per instance). */
const EC2_RESOURCE_BUCKETS: Readonly<Record<string, string>> = {
  RunInstances: 'run-instances-resource',
  StartInstances: 'start-instances-resource',
  StopInstances: 'stop-instances-resource',
  TerminateInstances: 'terminate-instances-resource',
};

function ec2Charges(action: string, parameters: URLSearchParams, grouping: Ec2RequestBuckets): BucketCharge[] {
  let category = 'mutating';
  if (NON_MUTATING.test(action)) {
    const narrowed = [...parameters.keys()].some((name) => NARROWING_PARAMETER.test(name));
    category = EC2_UNFILTERED_CANDIDATES.has(action) && !narrowed ? 'unfiltered-non-mutating' : 'non-mutating';
  }
  const charges: BucketCharge[] = [
    { bucket: grouping === 'per-action' ? `${category}:${action}` : category, tokens: 1 },
  ];
  const resourceBucket = EC2_RESOURCE_BUCKETS[action];
  if (resourceBucket !== undefined) {
    const instances =
      action === 'RunInstances'
        ? Math.max(1, Number(parameters.get('MaxCount') ?? '1') || 1)
        : [...parameters.keys()].filter((name) => /^InstanceId\.\d+$/.test(name)).length;
    if (instances > 0) charges.push({ bucket: resourceBucket, tokens: instances });
  }
  return charges;
}

function elbCharges(action: string): BucketCharge[] {
  if (NON_MUTATING.test(action)) return [{ bucket: 'non-mutating', tokens: 1 }];
  if (action === 'RegisterTargets' || action === 'DeregisterTargets') return [{ bucket: 'registration', tokens: 1 }];
  if (action === 'RegisterInstancesWithLoadBalancer' || action === 'DeregisterInstancesFromLoadBalancer') {
    return [{ bucket: 'registration', tokens: 1 }];
  }
  return [{ bucket: 'mutating', tokens: 1 }];
}

/**
 * The buckets a request draws from. EC2: its category's request bucket and,
 * for Run/Start/Stop/TerminateInstances, a resource bucket charged per
 * instance. ELB: non-mutating, registration or mutating. Any other service:
 * its `default` bucket (one shared bucket per account and region).
 */
export function bucketCharges(
  service: string,
  action: string,
  parameters: URLSearchParams,
  grouping: Ec2RequestBuckets = 'per-category',
): BucketCharge[] {
  if (service === 'ec2') return ec2Charges(action, parameters, grouping);
  if (service === 'elbv2' || service === 'elb') return elbCharges(action);
  return [{ bucket: 'default', tokens: 1 }];
}

/** The `service:bucket` name of a charge's limit: an EC2 per-action bucket is sized by its category. */
export function limitName(service: string, bucket: string): string {
  const colon = bucket.indexOf(':');
  return `${service}:${colon === -1 ? bucket : bucket.slice(0, colon)}`;
}
