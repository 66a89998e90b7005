import {
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import type { FakeSecret } from '../source/monitoring-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeSecretsManager } from '../source/secrets-manager.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { managedLift, managedRefusal } from './managed-kind-parts.js';
import { claimsOn, liveOrNull, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.secret;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/;
/** The recovery window the fake's provider sends, as the AWS provider's default: the longest AWS allows. */
const RECOVERY_WINDOW_DAYS = 30;

/** The secret ARN itself when `arn` is a Secrets Manager secret ARN, or null: Secrets Manager calls name secrets by ARN. */
export function secretArnOf(arn: string): string | null {
  return SECRET_ARN.test(arn) ? arn : null;
}

/**
 * Secrets Manager secrets, as the AWS provider treats them: found through the
 * tagging API, described with DescribeSecret; one scheduled for deletion reads
 * as gone. A secret another service owns (OwningService) is protected, never
 * lifted or deleted. Delete is DeleteSecret with a 30-day recovery window,
 * never forced; gone or already scheduled = done.
 */
export function secretKind(secrets: FakeSecretsManager, tagging: FakeTagging): ResourceKind {
  const read = (arn: string): ResultAsync<FakeSecret | null, DecomError> =>
    liveOrNull(secrets.describeSecret(arn), (secret) => secret.deletedAt !== null);
  const describe = (arn: string): ResultAsync<Resource | null, DecomError> =>
    read(arn).map((secret) =>
      secret === null
        ? null
        : recordResource(TYPE, secret, {
            name: secret.secretName,
            state: 'available',
            protection: { deletion: secret.owningService !== null, stop: false },
          }),
    );
  const result = (arn: string): JsonObject => ({
    secretId: arn.split(':secret:')[1] ?? arn,
    state: 'scheduled-for-deletion',
    recoveryWindowDays: RECOVERY_WINDOW_DAYS,
  });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: secretArnOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('secretsmanager', 'default'),
      lift: managedLift(TYPE, (arn) => read(arn).map((secret) => (secret === null ? undefined : secret.owningService))),
      delete: {
        run: (arn) =>
          read(arn)
            .andThen((secret) => {
              if (secret === null)
                return errAsync(
                  decomError.notFound({ message: `secretsmanager:DeleteSecret: ${arn} does not exist`, resource: arn }),
                );
              if (secret.owningService !== null)
                return errAsync(managedRefusal('secretsmanager:DeleteSecret', arn, secret.owningService));
              return secrets.deleteSecret(arn, { recoveryWindowDays: RECOVERY_WINDOW_DAYS }).map(() => null);
            })
            .map(() => result(arn)),
        readBack: (arn) => read(arn).map((secret) => (secret === null ? result(arn) : null)),
      },
    },
  });
}
