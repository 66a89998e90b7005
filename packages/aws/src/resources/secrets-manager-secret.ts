import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretResponse,
} from '@aws-sdk/client-secrets-manager';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { managedLiftHandler, managedRefusal } from './managed-by.js';
import {
  type AwsResourceType,
  claimsOn,
  limited,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::SecretsManager::Secret';
/** DescribeSecret calls in flight at once during discovery. */
const CONCURRENCY = 8;
/** Secrets Manager control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('secretsmanager', 'default');

/** The recovery window DeleteSecret is sent with unless configured: the longest AWS allows. */
export const DEFAULT_SECRET_RECOVERY_WINDOW_DAYS = 30;

/** The name-and-suffix id of a Secrets Manager secret ARN (`…:secret:<name>-AbCdEf`), or null. */
export function secretIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'secretsmanager', 'secret:', ':');
  return id !== null && /^[A-Za-z0-9/_+=.@!-]+$/.test(id) ? id : null;
}

const secretArn = (place: Place, id: string) =>
  `arn:${place.partition ?? 'aws'}:secretsmanager:${place.region}:${place.accountId}:secret:${id}`;

/**
 * DescribeSecret: the secret, or null when it does not exist or is already
 * scheduled for deletion (DeletedDate set: it is gone for the workload, and
 * restoring it is an operator's decision, never decomkit's).
 */
function describeSecret(
  clients: AwsClients,
  place: Place,
  id: string,
): ResultAsync<DescribeSecretResponse | null, DecomError> {
  const arn = secretArn(place, id);
  return awsCall({ operation: 'secretsmanager:DescribeSecret', resource: arn }, () =>
    clients.get('secretsmanager', place.region).send(new DescribeSecretCommand({ SecretId: arn })),
  )
    .map((secret) => (secret.DeletedDate === undefined ? secret : null))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

function toResource(place: Place, id: string, secret: DescribeSecretResponse): Resource {
  return {
    arn: secret.ARN ?? secretArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, secret.Name ?? id),
    tags: tagRecord(secret.Tags),
    state: 'available',
    // A secret another service owns (an RDS master password) is that service's to delete: reported protected, never lifted.
    protection: { deletion: secret.OwningService !== undefined, stop: false },
    dependsOn: [],
  };
}

/** The options of {@link secretsManagerSecretType}. */
export interface SecretTypeOptions {
  /** DeleteSecret's RecoveryWindowInDays: 7 to 30; default 30. Outside that range every delete is refused (InvalidInput). */
  readonly recoveryWindowDays?: number;
}

/**
 * Secrets Manager secrets, deleted with a recovery window: DeleteSecret with
 * `RecoveryWindowInDays` (default 30, the longest), never
 * `ForceDeleteWithoutRecovery`, so the value can be restored until the window
 * ends. Not stoppable, no data decomkit backs up (the window is the way
 * back). Protection: a secret another service owns (OwningService) is
 * reported protected, never lifted and never deleted here; a secret with
 * replicas in other regions is refused (Conflict), its replicas never removed. A secret already
 * scheduled for deletion reads as gone.
 *
 * @example
 * ```ts
 * const types = [...AWS_RESOURCE_TYPES.filter((type) => type !== SECRETS_MANAGER_SECRET), secretsManagerSecretType({ recoveryWindowDays: 7 })];
 * ```
 */
export function secretsManagerSecretType(options: SecretTypeOptions = {}): AwsResourceType {
  const window = options.recoveryWindowDays ?? DEFAULT_SECRET_RECOVERY_WINDOW_DAYS;
  const result = (id: string): JsonObject => ({
    secretId: id,
    state: 'scheduled-for-deletion',
    recoveryWindowDays: window,
  });
  return defineAwsResourceType({
    iam: {
      read: ['secretsmanager:DescribeSecret'],
      delete: [onTarget('secretsmanager:DeleteSecret')],
    },
    type: TYPE,
    arnShape: { service: 'secretsmanager', prefix: 'secret:' },
    // AWS Config names a secret by its name: the ARN's id without the six-character suffix.
    config: { pattern: /^secret:(.+)-[A-Za-z0-9]{6}$/, lookup: 'name' },
    idOf: secretIdOf,
    arnOf: secretArn,
    // CloudFormation's physical id of a secret is its ARN.
    arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : secretArn(place, physicalId)),
    describeMany: (clients, place, ids) =>
      limited(ids, CONCURRENCY, (id) =>
        describeSecret(clients, place, id).map((secret) => (secret === null ? null : toResource(place, id, secret))),
      ).map((found) => found.filter((secret): secret is Resource => secret !== null)),
    handlers: (clients) => ({
      'protection.lift': managedLiftHandler(TYPE, secretIdOf, claims, (id, action: Action) =>
        describeSecret(clients, placeOf(action), id).map((secret) =>
          secret === null ? undefined : (secret.OwningService ?? null),
        ),
      ),
    }),
    delete: (clients) =>
      simpleHandler({
        type: { type: TYPE, idOf: secretIdOf },
        claims,
        goneIsDone: true,
        run: (id, action, signal) => {
          const place = placeOf(action);
          const resource = action.target.arn ?? secretArn(place, id);
          if (!Number.isInteger(window) || window < 7 || window > 30) {
            return errAsync(
              decomError.invalidInput(
                `secretsmanager:DeleteSecret on ${resource}: recovery window ${window} days is outside 7 to 30; nothing sent`,
              ),
            );
          }
          return describeSecret(clients, place, id)
            .andThen((secret) => {
              if (secret === null) {
                return errAsync(
                  decomError.notFound({ message: `secretsmanager:DeleteSecret: ${resource} does not exist`, resource }),
                );
              }
              if (secret.OwningService !== undefined) {
                return errAsync(managedRefusal('secretsmanager:DeleteSecret', resource, secret.OwningService));
              }
              const replicas = (secret.ReplicationStatus ?? []).flatMap((replica) => replica.Region ?? []);
              if (replicas.length > 0) {
                // AWS refuses too; decomkit never removes the replicas itself (they may serve another region's workload).
                return errAsync(
                  decomError.conflict({
                    message: `secretsmanager:DeleteSecret on ${resource}: replicated to ${replicas.join(', ')}; remove the replicas first`,
                    resource,
                  }),
                );
              }
              return awsCall({ operation: 'secretsmanager:DeleteSecret', resource, signal }, (callOptions) =>
                clients
                  .get('secretsmanager', place.region)
                  .send(
                    new DeleteSecretCommand({ SecretId: secretArn(place, id), RecoveryWindowInDays: window }),
                    callOptions,
                  ),
              );
            })
            .map(() => result(id));
        },
        readBack: (id, action) =>
          describeSecret(clients, placeOf(action), id).map((secret) => (secret === null ? result(id) : null)),
      }),
  });
}

/** Secrets Manager secrets with the default 30-day recovery window (see {@link secretsManagerSecretType}). */
export const SECRETS_MANAGER_SECRET: AwsResourceType = secretsManagerSecretType();
