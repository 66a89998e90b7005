import { DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type DecomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients, AwsClientTypes } from '../clients.js';
import type { DescribeMany } from './declared-calls.js';
import { chunks, tagRecord } from './resource-type.js';

/** The most ARNs one ELBv2 describe call (DescribeLoadBalancers, DescribeTargetGroups, DescribeTags) takes. */
export const ELBV2_ARN_CHUNK = 20;

/**
 * The ELBv2 resource ARN of `kind` (`loadbalancer`, `targetgroup`) as its own id, or null:
 * ELBv2 APIs take the whole ARN.
 */
export function elbv2ArnOf(arn: string, kind: 'loadbalancer' | 'targetgroup'): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'elasticloadbalancing' || parsed.region === '' || parsed.accountId === '') return null;
  const shape =
    kind === 'loadbalancer' ? /^loadbalancer\/(app|net|gwy)\/[^/]+\/[0-9a-f]+$/ : /^targetgroup\/[^/]+\/[0-9a-f]+$/;
  return shape.test(parsed.resource) ? arn : null;
}

/**
 * Describes `arns` ≤ 20 at a time with `describe`, which fails (`NotFound`) when any
 * one ARN of its call does not exist: such a chunk is described again one ARN at a
 * time, and the ARNs that are gone are left out (never an error).
 */
export function describeTolerant<T>(
  arns: readonly string[],
  describe: (chunk: readonly string[]) => ResultAsync<T[], DecomError>,
): ResultAsync<T[], DecomError> {
  const one = (arn: string) =>
    describe([arn]).orElse((error) => (error.code === 'NotFound' ? okAsync<T[], DecomError>([]) : errAsync(error)));
  return ResultAsync.combine(
    chunks(arns, ELBV2_ARN_CHUNK).map((chunk) =>
      describe(chunk).orElse((error) =>
        error.code === 'NotFound' && chunk.length > 1
          ? ResultAsync.combine(chunk.map(one)).map((found) => found.flat())
          : error.code === 'NotFound'
            ? okAsync<T[], DecomError>([])
            : errAsync(error),
      ),
    ),
  ).map((pages) => pages.flat());
}

/**
 * An ELBv2 describe by ARNs declared as data (as `describeCall` for EC2): the
 * paginator, the input a chunk of ARNs becomes and the items of a page;
 * 20 ARNs a call, every page, and ARNs that are gone left out (`describeTolerant`).
 *
 * @example
 * ```ts
 * const describeTargetGroups = elbv2Describe('elasticloadbalancing:DescribeTargetGroups', paginateDescribeTargetGroups,
 *   (arns) => ({ TargetGroupArns: arns }), (page) => page.TargetGroups);
 * ```
 */
export function elbv2Describe<Input, Page, Item>(
  operation: string,
  paginate: (config: { client: AwsClientTypes['elbv2'] }, input: Input) => AsyncIterable<Page>,
  input: (arns: string[]) => Input,
  items: (page: Page) => readonly Item[] | undefined,
): DescribeMany<Item> {
  return (clients, region, arns) => {
    const client = clients.get('elbv2', region);
    return describeTolerant(arns, (chunk) =>
      awsCall({ operation }, async () => {
        const found: Item[] = [];
        for await (const page of paginate({ client }, input([...chunk]))) found.push(...(items(page) ?? []));
        return found;
      }),
    );
  };
}

/** The tags of ELBv2 resources by ARN (DescribeTags, 20 ARNs a call). */
export function elbv2Tags(
  clients: AwsClients,
  region: string,
  arns: readonly string[],
): ResultAsync<Map<string, Record<string, string>>, DecomError> {
  const elb = clients.get('elbv2', region);
  return describeTolerant(arns, (chunk) =>
    awsCall({ operation: 'elasticloadbalancing:DescribeTags' }, () =>
      elb.send(new DescribeTagsCommand({ ResourceArns: [...chunk] })),
    ).map((output) => output.TagDescriptions ?? []),
  ).map(
    (descriptions) =>
      new Map(descriptions.map((description) => [description.ResourceArn ?? '', tagRecord(description.Tags)] as const)),
  );
}

/** The IAM actions of the ELBv2 types' reads (`iam.read`). */
export const ELBV2_READS: readonly string[] = [
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTags',
];
