import {
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type Resource,
  type ResultAsync,
  type RetireBlocker,
} from '@decomkit/core';
import type { FakeKeyDependent, FakeKms } from '../source/kms.js';
import type { FakeKmsKey } from '../source/kms-iam-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, liveOrNull, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.kmsKey;
const KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
/** The pending window the fake's provider sends, as the AWS provider's default: the longest AWS allows. */
const PENDING_WINDOW_DAYS = 30;

/** The key ARN itself when `arn` is a KMS key ARN (an alias ARN is not), or null: the fake's KMS calls name keys by ARN. */
export function kmsKeyArnOf(arn: string): string | null {
  return KEY_ARN.test(arn) ? arn : null;
}

/** What keeps the key from being retired: AWS-managed, or what must outlive it is encrypted with it. */
function keyBlocker(key: FakeKmsKey, dependents: readonly FakeKeyDependent[]): RetireBlocker | null {
  if (key.keyManager === 'AWS')
    return { code: 'kms-key-aws-managed', message: `${key.arn} is an AWS-managed key: AWS owns it, never touched` };
  const kept = dependents.filter((dependent) => dependent.survives);
  if (kept.length === 0) return null;
  const named = kept.map((dependent) => `${dependent.kind} ${dependent.arn}`).join(', ');
  return {
    code: 'kms-key-encrypts-backups',
    message: `${key.arn} encrypts what must outlive it (${named}): deleting the key would destroy them; not touched`,
  };
}

/** The refusal (Conflict) of a change to the key: what keeps it, nothing sent. */
const refused = (operation: string, arn: string, why: string) =>
  errAsync(decomError.conflict({ message: `${operation} on ${arn}: ${why}; nothing sent`, resource: arn }));

/**
 * KMS keys, as the AWS provider treats them: found through the tagging API,
 * described with DescribeKey; a key pending deletion reads as gone. The
 * scream test is DisableKey; the delete is ScheduleKeyDeletion with the
 * longest window (30 days). AWS-managed keys are never touched. A key is
 * refused (a retire blocker at plan, Conflict at delete, where what it
 * encrypts is read again) while a recovery point, snapshot or export bucket
 * is encrypted with it, or when what it encrypts cannot be read (fail
 * closed); the live resources encrypted with it (volumes, databases, log
 * groups) are retired first (`dependsOn`) and hold it while one stays.
 */
export function kmsKeyKind(kms: FakeKms, tagging: FakeTagging): ResourceKind {
  const read = (arn: string): ResultAsync<FakeKmsKey | null, DecomError> =>
    liveOrNull(kms.describeKey(arn), (key) => key.keyState === 'PendingDeletion');
  const describe = (arn: string): ResultAsync<Resource | null, DecomError> =>
    read(arn).andThen((key) => {
      if (key === null) return okAsync(null);
      const resource = (dependents: readonly FakeKeyDependent[], blocker: RetireBlocker | null): Resource => ({
        ...recordResource(TYPE, key, {
          name: key.tags.Name ?? key.aliases[0] ?? key.keyId,
          state: key.keyState === 'Disabled' ? 'stopped' : key.keyState.toLowerCase(),
          dependsOn: dependents.filter((dependent) => !dependent.survives).map((dependent) => dependent.arn),
        }),
        ...(blocker === null ? {} : { retireBlockers: [blocker] }),
      });
      return kms
        .dependents(arn)
        .map((dependents) => resource(dependents, keyBlocker(key, dependents)))
        .orElse((error) =>
          okAsync(
            resource([], {
              code: 'kms-key-dependents-unreadable',
              message: `what ${arn} encrypts cannot be read (${error.message}): it may encrypt backups, not touched`,
            }),
          ),
        );
    });
  const disabled = (arn: string): JsonObject => ({
    keyId: arn.split(':key/')[1] ?? arn,
    state: 'disabled',
    undo: 'kms:EnableKey',
  });
  const scheduled = (arn: string): JsonObject => ({
    keyId: arn.split(':key/')[1] ?? arn,
    state: 'pending-deletion',
    pendingWindowDays: PENDING_WINDOW_DAYS,
  });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: kmsKeyArnOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('kms', 'default'),
      stop: {
        run: (arn) =>
          read(arn).andThen((key) => {
            if (key === null)
              return errAsync(decomError.notFound({ message: `kms:DisableKey: ${arn} does not exist`, resource: arn }));
            if (key.keyManager === 'AWS') return refused('kms:DisableKey', arn, 'an AWS-managed key');
            return kms.disableKey(arn).map(() => disabled(arn));
          }),
        readBack: (arn) => read(arn).map((key) => (key?.keyState === 'Disabled' ? disabled(arn) : null)),
      },
      delete: {
        run: (arn) =>
          read(arn).andThen((key) => {
            if (key === null)
              return errAsync(
                decomError.notFound({ message: `kms:ScheduleKeyDeletion: ${arn} does not exist`, resource: arn }),
              );
            // Read again just before: a backup taken since the plan (a final snapshot) refuses it too.
            return kms
              .dependents(arn)
              .mapErr((error) =>
                decomError.conflict({
                  message: `kms:ScheduleKeyDeletion on ${arn}: what it encrypts cannot be read (${error.message}); nothing sent`,
                  resource: arn,
                  cause: error,
                }),
              )
              .andThen((dependents) => {
                const blocker = keyBlocker(key, dependents);
                if (blocker !== null) return refused('kms:ScheduleKeyDeletion', arn, blocker.message);
                if (dependents.length > 0) {
                  const named = dependents.map((dependent) => `${dependent.kind} ${dependent.arn}`).join(', ');
                  return refused('kms:ScheduleKeyDeletion', arn, `still encrypts ${named}`);
                }
                return kms.scheduleKeyDeletion(arn, PENDING_WINDOW_DAYS).map(() => scheduled(arn));
              });
          }),
        readBack: (arn) => read(arn).map((key) => (key === null ? scheduled(arn) : null)),
      },
    },
  });
}
