import {
  DescribeKeyCommand,
  DisableKeyCommand,
  type KeyMetadata,
  paginateListAliases,
  paginateListResourceTags,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type Resource,
  type ResourceScope,
  type ResultAsync,
  type RetireBlocker,
} from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { dependentsOf, type KeyDependents, KMS_KEY_DEPENDENT_READS, keyDependents } from './kms-key-dependents.js';
import {
  type AwsResourceType,
  claimsOn,
  limited,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::KMS::Key';
/** KMS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('kms', 'default');
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** The pending window ScheduleKeyDeletion is sent with unless configured: the longest AWS allows. */
export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 30;

/** The key id of a KMS key ARN (`…:key/<uuid>` or `…:key/mrk-…`), or null (an alias ARN is not a key). */
export function kmsKeyIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'kms', 'key/', '/');
  return id !== null && KEY_ID.test(id) ? id : null;
}

const keyArn = (place: Place, id: string) =>
  `arn:${place.partition ?? 'aws'}:kms:${place.region}:${place.accountId}:key/${id}`;

/** A key as read: its metadata, tags and alias names. */
interface KeyRead {
  readonly metadata: KeyMetadata;
  readonly tags: Record<string, string>;
  readonly aliases: readonly string[];
}

/** DescribeKey: the key, or null when it does not exist or is already pending deletion (gone for the workload). */
function describeKey(clients: AwsClients, place: Place, id: string): ResultAsync<KeyMetadata | null, DecomError> {
  const arn = keyArn(place, id);
  return awsCall({ operation: 'kms:DescribeKey', resource: arn }, () =>
    clients.get('kms', place.region).send(new DescribeKeyCommand({ KeyId: arn })),
  )
    .map((output) => {
      const state = output.KeyMetadata?.KeyState;
      return output.KeyMetadata === undefined || state === 'PendingDeletion' || state === 'PendingReplicaDeletion'
        ? null
        : output.KeyMetadata;
    })
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** The key with its tags (ListResourceTags) and, with `withAliases`, its aliases (ListAliases). */
function readKey(clients: AwsClients, place: Place, id: string, withAliases: boolean) {
  const kms = clients.get('kms', place.region);
  const arn = keyArn(place, id);
  return describeKey(clients, place, id).andThen((metadata): ResultAsync<KeyRead | null, DecomError> => {
    if (metadata === null) return okAsync(null);
    // AWS-managed keys take no tags and are never retired: their tags are not asked for.
    if (metadata.KeyManager === 'AWS') return okAsync({ metadata, tags: {}, aliases: [] });
    return awsCall({ operation: 'kms:ListResourceTags', resource: arn }, async () => {
      const tags: { Key?: string; Value?: string }[] = [];
      for await (const page of paginateListResourceTags({ client: kms }, { KeyId: id })) {
        for (const tag of page.Tags ?? []) tags.push({ Key: tag.TagKey, Value: tag.TagValue });
      }
      const aliases: string[] = [];
      if (withAliases) {
        for await (const page of paginateListAliases({ client: kms }, { KeyId: id })) {
          aliases.push(...(page.Aliases ?? []).flatMap((alias) => alias.AliasName ?? []));
        }
      }
      return { metadata, tags: tagRecord(tags), aliases };
    }).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  });
}

/** The state word: a disabled key is `stopped` (the scream test is done). */
const stateOf = (metadata: KeyMetadata) =>
  metadata.KeyState === 'Disabled' ? 'stopped' : (metadata.KeyState ?? 'unknown').toLowerCase();

function scopeOf(place: Place, id: string, key: KeyRead): ResourceScope {
  return {
    arn: key.metadata.Arn ?? keyArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    tags: key.tags,
    state: stateOf(key.metadata),
  };
}

/**
 * Why the key cannot be retired as it stands: AWS-managed, what is
 * encrypted with it that must outlive it, or dependents that could not be read.
 */
function keyBlockers(arn: string, key: KeyRead, scanned: KeyDependents): RetireBlocker[] {
  if (key.metadata.KeyManager === 'AWS') {
    return [{ code: 'kms-key-aws-managed', message: `${arn} is an AWS-managed key: AWS owns it, never touched` }];
  }
  if (scanned.unreadable.length > 0) {
    return [
      {
        code: 'kms-key-dependents-unreadable',
        message: `what ${arn} encrypts cannot be read (${scanned.unreadable.join('; ')}): it may encrypt backups, not touched`,
      },
    ];
  }
  const kept = dependentsOf(scanned, { id: key.metadata.KeyId ?? '', arn, aliases: key.aliases }).filter(
    (dependent) => dependent.survives,
  );
  if (kept.length === 0) return [];
  const named = kept.map((dependent) => `${dependent.kind} ${dependent.arn}`).join(', ');
  return [
    {
      code: 'kms-key-encrypts-backups',
      message: `${arn} encrypts what must outlive it (${named}): deleting the key would destroy them; not touched`,
    },
  ];
}

function toResource(place: Place, id: string, key: KeyRead, scanned: KeyDependents): Resource {
  const scope = scopeOf(place, id, key);
  const live = dependentsOf(scanned, { id, arn: scope.arn, aliases: key.aliases }).filter((one) => !one.survives);
  const retireBlockers = keyBlockers(scope.arn, key, scanned);
  return {
    ...scope,
    ...nameFrom(key.tags, key.aliases[0] ?? id),
    protection: { deletion: false, stop: false },
    // A log group encrypted with the key is retired first, and the key stays while one stays.
    dependsOn: live.map((dependent) => dependent.arn),
    ...(retireBlockers.length === 0 ? {} : { retireBlockers }),
  };
}

/** The refusal of a change to `resource` (Conflict): what keeps it, nothing sent. */
const refused = (operation: string, resource: string, why: string) =>
  errAsync(decomError.conflict({ message: `${operation} on ${resource}: ${why}; nothing sent`, resource }));

/** The options of {@link kmsKeyType}. */
export interface KmsKeyTypeOptions {
  /** ScheduleKeyDeletion's PendingWindowInDays: 7 to 30; default 30. Outside that range every delete is refused (InvalidInput). */
  readonly pendingWindowDays?: number;
}

/**
 * Customer-managed KMS keys. The scream test is DisableKey (EnableKey undoes
 * it); the delete is ScheduleKeyDeletion with the longest window (30 days
 * unless configured, never under 7), which CancelKeyDeletion undoes until the
 * window ends; the aliases are left on the key (AWS deletes them with it, and
 * a cancelled deletion finds them in place). A key pending deletion reads as
 * gone. AWS-managed keys (`KeyManager: AWS`) are never touched. A key is
 * refused (a blocking finding at plan, Conflict at delete, where it is read
 * again) while anything that must outlive it is encrypted with it: an AWS
 * Backup vault or recovery point, an RDS or EBS snapshot, a bucket whose
 * default encryption is the key (log exports); and when any of these cannot
 * be read (fail closed). EBS volumes, RDS databases and log groups encrypted
 * with it are retired first (`dependsOn`) and hold the key while one stays;
 * the final snapshot a retired volume or database leaves is encrypted with
 * the key, so the delete, reading the dependents again, then refuses it.
 *
 * @example
 * ```ts
 * const types = [...AWS_RESOURCE_TYPES.filter((type) => type !== KMS_KEY), kmsKeyType({ pendingWindowDays: 14 })];
 * ```
 */
export function kmsKeyType(options: KmsKeyTypeOptions = {}): AwsResourceType {
  const window = options.pendingWindowDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS;
  const type = { type: TYPE, idOf: kmsKeyIdOf };
  const scheduled = (id: string): JsonObject => ({ keyId: id, state: 'pending-deletion', pendingWindowDays: window });
  return defineAwsResourceType({
    iam: {
      read: ['kms:DescribeKey', 'kms:ListAliases', 'kms:ListResourceTags', ...KMS_KEY_DEPENDENT_READS],
      stop: [onTarget('kms:DisableKey')],
      delete: [onTarget('kms:ScheduleKeyDeletion')],
    },
    type: TYPE,
    arnShape: { service: 'kms', prefix: 'key/' },
    config: { pattern: /^key\/([0-9a-f-]{36}|mrk-[0-9a-f]{32})$/, lookup: 'id' },
    stoppable: true,
    idOf: kmsKeyIdOf,
    arnOf: keyArn,
    arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : keyArn(place, physicalId)),
    describeMany: (clients, place, ids) =>
      keyDependents(clients, place).andThen((scanned) =>
        limited(ids, 8, (id) =>
          readKey(clients, place, id, true).map((key) => (key === null ? null : toResource(place, id, key, scanned))),
        ).map((found) => found.filter((key): key is Resource => key !== null)),
      ),
    describeScopes: (clients, place, ids) =>
      limited(ids, 8, (id) =>
        readKey(clients, place, id, false).map((key) => (key === null ? null : scopeOf(place, id, key))),
      ).map((found) => found.filter((key): key is ResourceScope => key !== null)),
    handlers: (clients) => ({
      'resource.stop': simpleHandler({
        type,
        claims,
        run: (id, action, signal) => {
          const place = placeOf(action);
          const resource = action.target.arn ?? keyArn(place, id);
          return describeKey(clients, place, id).andThen((metadata) => {
            if (metadata === null) {
              return errAsync(decomError.notFound({ message: `kms:DisableKey: ${resource} does not exist`, resource }));
            }
            if (metadata.KeyManager === 'AWS') return refused('kms:DisableKey', resource, 'an AWS-managed key');
            return awsCall({ operation: 'kms:DisableKey', resource, signal }, (callOptions) =>
              clients.get('kms', place.region).send(new DisableKeyCommand({ KeyId: id }), callOptions),
            ).map(() => ({ keyId: id, state: 'disabled', undo: 'kms:EnableKey' }));
          });
        },
        readBack: (id, action) =>
          describeKey(clients, placeOf(action), id).map((metadata) =>
            metadata?.KeyState === 'Disabled' ? { keyId: id, state: 'disabled', undo: 'kms:EnableKey' } : null,
          ),
      }),
    }),
    delete: (clients) =>
      simpleHandler({
        type,
        claims,
        goneIsDone: true,
        run: (id, action, signal) => {
          const place = placeOf(action);
          const resource = action.target.arn ?? keyArn(place, id);
          if (!Number.isInteger(window) || window < 7 || window > 30) {
            return errAsync(
              decomError.invalidInput(
                `kms:ScheduleKeyDeletion on ${resource}: pending window ${window} days is outside 7 to 30; nothing sent`,
              ),
            );
          }
          // Read again just before: a backup taken since the plan (a final snapshot) refuses it too.
          return readKey(clients, place, id, true).andThen((key) => {
            if (key === null) {
              return errAsync(
                decomError.notFound({ message: `kms:ScheduleKeyDeletion: ${resource} does not exist`, resource }),
              );
            }
            if (key.metadata.KeyManager === 'AWS')
              return refused('kms:ScheduleKeyDeletion', resource, 'an AWS-managed key');
            return keyDependents(clients, place).andThen((scanned) => {
              const [blocker] = keyBlockers(resource, key, scanned);
              if (blocker !== undefined) return refused('kms:ScheduleKeyDeletion', resource, blocker.message);
              const live = dependentsOf(scanned, { id, arn: resource, aliases: key.aliases });
              if (live.length > 0) {
                const named = live.map((dependent) => `${dependent.kind} ${dependent.arn}`).join(', ');
                return refused('kms:ScheduleKeyDeletion', resource, `still encrypts ${named}`);
              }
              return awsCall({ operation: 'kms:ScheduleKeyDeletion', resource, signal }, (callOptions) =>
                clients
                  .get('kms', place.region)
                  .send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: window }), callOptions),
              ).map(() => scheduled(id));
            });
          });
        },
        readBack: (id, action) =>
          describeKey(clients, placeOf(action), id).map((key) => (key === null ? scheduled(id) : null)),
      }),
  });
}

/** Customer-managed KMS keys with the default 30-day pending window (see {@link kmsKeyType}). */
export const KMS_KEY: AwsResourceType = kmsKeyType();
