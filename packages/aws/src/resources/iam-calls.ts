import { DescribeRegionsCommand, paginateDescribeIamInstanceProfileAssociations } from '@aws-sdk/client-ec2';
import { type DecomError, decomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { listAll } from './declared-calls.js';
import { limited } from './resource-type.js';

/** IAM entities described at once. */
export const IAM_CONCURRENCY = 8;

/** An IAM name (role, instance profile, policy): letters, digits and `+=,.@_-`. */
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/**
 * The id in an IAM ARN of `kind` (`role`, `instance-profile`, `policy`) of a
 * customer account: the name (the last part of the path), or with
 * `withPath` the path and name after `<kind>/`. Null for another shape, a
 * region (IAM has none) or the `aws` account (AWS-managed policies).
 */
export function iamIdOf(arn: string, kind: string, withPath = false): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || parsed.region !== '' || !/^\d{12}$/.test(parsed.accountId)) return null;
  if (!parsed.resource.startsWith(`${kind}/`)) return null;
  const path = parsed.resource.slice(kind.length + 1);
  const parts = path.split('/');
  const name = parts.pop() ?? '';
  if (!IAM_NAME.test(name) || parts.some((part) => !/^[\w+=,.@-]+$/.test(part))) return null;
  return withPath ? path : name;
}

/** The ARN of an IAM `kind` of the place's account (no region: IAM is global). */
export function iamArn(place: Place, kind: string, id: string): string {
  return `arn:${place.partition ?? 'aws'}:iam::${place.accountId}:${kind}/${id}`;
}

/** Whether a path is AWS's own (service-linked roles, IAM Identity Center roles): never touched. */
export function awsOwnedPath(path: string | undefined): boolean {
  return path !== undefined && /^\/(aws-service-role|aws-reserved)\//.test(path);
}

/** The IAM resource as decomkit sees it (global: region `''`). */
export function iamResource(
  place: Place,
  fields: Pick<Resource, 'arn' | 'type' | 'name' | 'tags' | 'dependsOn' | 'retireBlockers'>,
): Resource {
  const { retireBlockers, ...rest } = fields;
  return {
    ...rest,
    accountId: place.accountId,
    region: '',
    state: 'available',
    protection: { deletion: false, stop: false },
    ...(retireBlockers === undefined || retireBlockers.length === 0 ? {} : { retireBlockers }),
  };
}

/**
 * Discovery by tags for an IAM type (the tagging API does not list IAM):
 * every name `list` gives, described (with tags) by `describe`, kept when
 * it carries every tag of the selector.
 */
export function discoverIamByTags(
  list: ResultAsync<string[], DecomError>,
  describe: (ids: readonly string[]) => ResultAsync<Resource[], DecomError>,
  tags: Readonly<Record<string, string>>,
): ResultAsync<Resource[], DecomError> {
  return list
    .andThen((ids) => describe(ids))
    .map((found) => found.filter((resource) => resource.tags === null || carriesEveryTag(resource.tags, tags)));
}

/** A read that answers null when the entity does not exist. */
export function orGone<T>(read: ResultAsync<T, DecomError>): ResultAsync<T | null, DecomError> {
  return read.orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * The EC2 instances (ARNs) each instance profile is associated with, in every
 * region the account has enabled (DescribeRegions, then
 * DescribeIamInstanceProfileAssociations in each): IAM is global, so a
 * profile may serve an instance anywhere.
 */
export function instancesByProfile(
  clients: AwsClients,
  place: Place,
): ResultAsync<ReadonlyMap<string, readonly string[]>, DecomError> {
  return awsCall({ operation: 'ec2:DescribeRegions' }, () =>
    clients.get('ec2', 'us-east-1').send(new DescribeRegionsCommand({})),
  )
    .andThen((output) =>
      limited(
        (output.Regions ?? []).flatMap((region) => region.RegionName ?? []),
        4,
        (region) =>
          listAll(
            'ec2:DescribeIamInstanceProfileAssociations',
            () => paginateDescribeIamInstanceProfileAssociations({ client: clients.get('ec2', region) }, {}),
            (page) => page.IamInstanceProfileAssociations,
          ).map((associations) =>
            associations
              .filter((association) => association.State !== 'disassociated')
              .map((association) => ({
                profile: association.IamInstanceProfile?.Arn ?? '',
                instance: `arn:${place.partition ?? 'aws'}:ec2:${region}:${place.accountId}:instance/${association.InstanceId ?? ''}`,
              })),
          ),
      ),
    )
    .map((found) => {
      const byProfile = new Map<string, string[]>();
      for (const { profile, instance } of found.flat())
        byProfile.set(profile, [...(byProfile.get(profile) ?? []), instance]);
      return byProfile;
    });
}

/** The refusal (Conflict) of an IAM change that would touch what stays: nothing sent. */
export function iamRefusal(operation: string, resource: string, why: string): ResultAsync<never, DecomError> {
  return errAsync(decomError.conflict({ message: `${operation} on ${resource}: ${why}; nothing sent`, resource }));
}

/** Runs `each` on every item, one after the other (IAM detaches are few and ordered). */
export function inSequence<Item>(
  items: readonly Item[],
  each: (item: Item) => ResultAsync<unknown, DecomError>,
): ResultAsync<void, DecomError> {
  return items.reduce<ResultAsync<void, DecomError>>(
    (previous, item) => previous.andThen(() => orGone(each(item)).map(() => undefined)),
    okAsync(undefined),
  );
}

/** How many IAM entities are described at once. */
export const describeIam = <T>(ids: readonly string[], read: (id: string) => ResultAsync<T | null, DecomError>) =>
  limited(ids, IAM_CONCURRENCY, read).map((found) => found.filter((item): item is T => item !== null));

/** The IAM actions of these reads (where a role or instance profile is in use: `iam.read`). */
export const IAM_USE_READS: readonly string[] = ['ec2:DescribeIamInstanceProfileAssociations', 'ec2:DescribeRegions'];
