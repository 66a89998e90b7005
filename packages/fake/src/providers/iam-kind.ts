import type { DecomError, Resource, RetireBlocker } from '@decomkit/core';
import { decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import type { FakeIam, IamList, IamRecord } from '../source/iam.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, liveOrNull, pagesOf, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

/** What one IAM kind declares. */
export interface IamKindSpec<List extends IamList> {
  readonly type: string;
  readonly list: List;
  /** The ARN resource prefix: `role`, `instance-profile`, `policy`. */
  readonly prefix: string;
  /** The key naming it in the delete's result. */
  readonly idKey: string;
  /** What the entity depends on (retired first), and what keeps it whatever the workload does. */
  readonly holds: (
    record: IamRecord<List>,
  ) => ResultAsync<{ dependsOn: readonly string[]; blockers: readonly RetireBlocker[] }, DecomError>;
  /** The delete: what the AWS provider sends, refused (Conflict) for what stays; the entity's own delete after. */
  readonly release: (record: IamRecord<List>) => ResultAsync<unknown, DecomError>;
}

/**
 * The ARN when it is an IAM ARN of `prefix` of a customer account
 * (`arn:aws:iam::<account>:<prefix>/<path/><name>`), or null: a region, the
 * `aws` account (AWS-managed policies) or another shape is not one.
 */
export function iamArnOf(prefix: string): (arn: string) => string | null {
  const pattern = new RegExp(`^arn:aws[a-z-]*:iam::\\d{12}:${prefix}/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$`);
  return (arn) => (pattern.test(arn) ? arn : null);
}

/** The refusal (Conflict) of an IAM change that would touch what stays: nothing sent. */
export function iamRefusal(operation: string, arn: string, why: string): ResultAsync<never, DecomError> {
  return errAsync(decomError.conflict({ message: `${operation} on ${arn}: ${why}; nothing sent`, resource: arn }));
}

/**
 * An IAM kind (global: region `''`), as the AWS provider treats it: listed
 * through IAM (the tagging API does not list IAM) in whatever region is
 * asked, described with its get call; not stoppable, no protection, no
 * data; what keeps it is a retire blocker, what it waits for its
 * `dependsOn`; the delete releases what the entity holds then deletes it;
 * gone = done.
 */
export function iamKind<List extends IamList>(iam: FakeIam, spec: IamKindSpec<List>): ResourceKind {
  const idOf = iamArnOf(spec.prefix);
  const toResource = (record: IamRecord<List>) =>
    spec.holds(record).map(
      ({ dependsOn, blockers }): Resource => ({
        ...recordResource(spec.type, record, { state: 'available', dependsOn }),
        ...(blockers.length === 0 ? {} : { retireBlockers: [...blockers] }),
      }),
    );
  const deleted = (arn: string) => ({ [spec.idKey]: arn.split(`:${spec.prefix}/`)[1] ?? arn, state: 'deleted' });
  return defineFakeResourceKind({
    type: spec.type,
    idOf,
    list: () =>
      pagesOf(
        () => iam.list(spec.list).map((items) => ({ items, next: null })),
        (records) => ResultAsync.combine(records.map(toResource)),
      ),
    describe: (arn) =>
      liveOrNull(iam.get(spec.list, arn), () => false).andThen(
        (record): ResultAsync<Resource | null, DecomError> => (record === null ? okAsync(null) : toResource(record)),
      ),
    retire: {
      claims: claimsOn('iam', 'default'),
      delete: {
        run: (arn) =>
          iam
            .get(spec.list, arn)
            .andThen((record) => spec.release(record))
            .andThen(() => iam.delete(spec.list, arn))
            .map(() => deleted(arn)),
        readBack: (arn) => goneRead(iam.get(spec.list, arn), deleted(arn)),
      },
    },
  });
}
