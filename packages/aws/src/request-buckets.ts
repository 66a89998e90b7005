import { isReadCommand } from './read-rate-limits.js';

/**
 * One AWS throttling bucket an SDK request draws on, named as the engine's
 * rate-limit claims name it (`service:bucket`), and how it is paced:
 * `every-attempt` (reads: the client takes a token for each attempt sent) or
 * `retries` (mutating calls: the engine's claim took the first attempt's token
 * before the handler ran; the client takes one for each SDK retry).
 */
export interface RequestBucket {
  readonly service: string;
  readonly bucket: string;
  readonly paced: 'every-attempt' | 'retries';
  /** Tokens per attempt: one, or one per instance id for EC2's resource buckets. */
  readonly tokens: number;
}

/** The input fields of the SDK commands whose resource buckets charge per instance. */
interface InstanceIdsInput {
  readonly InstanceIds?: readonly string[];
}

/**
 * EC2 reads with a smaller bucket when sent with no filter, no pagination and
 * no ids (the EC2 throttling page's "unfiltered and unpaginated" category).
 */
const UNFILTERED_CANDIDATES: ReadonlySet<string> = new Set([
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

/** An input field that filters, paginates or names ids: `Filters`, `MaxResults`, `NextToken`, `InstanceIds`, `Owners`. */
const NARROWING_FIELD = /^(Filters|MaxResults|NextToken|Owners|ExecutableUsers)$|Ids$/;

/** Whether an EC2 read is of the unfiltered, unpaginated kind (no narrowing field with a value). */
function unfiltered(action: string, input: unknown): boolean {
  if (!UNFILTERED_CANDIDATES.has(action)) return false;
  const fields = typeof input === 'object' && input !== null ? Object.entries(input) : [];
  return !fields.some(
    ([name, value]) =>
      NARROWING_FIELD.test(name) && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}

const RESOURCE_BUCKETS: Readonly<Record<string, string>> = {
  StopInstances: 'stop-instances-resource',
  TerminateInstances: 'terminate-instances-resource',
};

/** The services whose clients {@link requestBuckets} paces. */
export const PACED_SERVICES: ReadonlySet<string> = new Set(['ec2', 'rds', 'cloudtrail']);

/**
 * The buckets an SDK command of `service` (the SDK client's name: `ec2`,
 * `rds`, `cloudtrail`) draws on at AWS, after its documented throttling:
 * EC2 reads on `ec2:non-mutating` (unfiltered, unpaginated Describe* of
 * instances, images, volumes… on `ec2:unfiltered-non-mutating`), other EC2 actions on `ec2:mutating` (Stop
 * and Terminate also one resource token per instance id), every RDS action on
 * `rds:default`, CloudTrail LookupEvents on `cloudtrail:lookup-events`. Other
 * services' requests are not paced by the clients (the engine's claims pace
 * their writes): an empty list.
 */
export function requestBuckets(service: string, commandName: string | undefined, input: unknown): RequestBucket[] {
  const action = (commandName ?? '').replace(/Command$/, '');
  const read = isReadCommand(action);
  const paced: RequestBucket['paced'] = read ? 'every-attempt' : 'retries';
  if (service === 'ec2') {
    if (read) {
      const bucket = unfiltered(action, input) ? 'unfiltered-non-mutating' : 'non-mutating';
      return [{ service: 'ec2', bucket, paced, tokens: 1 }];
    }
    const resource = RESOURCE_BUCKETS[action];
    const ids = (input as InstanceIdsInput | undefined)?.InstanceIds?.length ?? 1;
    return [
      { service: 'ec2', bucket: 'mutating', paced, tokens: 1 },
      ...(resource === undefined ? [] : [{ service: 'ec2', bucket: resource, paced, tokens: Math.max(1, ids) }]),
    ];
  }
  if (service === 'rds') return [{ service: 'rds', bucket: 'default', paced, tokens: 1 }];
  if (service === 'cloudtrail' && action === 'LookupEvents') {
    return [{ service: 'cloudtrail', bucket: 'lookup-events', paced: 'every-attempt', tokens: 1 }];
  }
  return [];
}
