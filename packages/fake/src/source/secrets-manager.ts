import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeSecret } from './monitoring-types.js';
import { AWS_TYPES } from './resource-types.js';

/** What DeleteSecret takes beyond the secret. */
export interface DeleteSecretOptions {
  /** 7 to 30 days; default 30. */
  readonly recoveryWindowDays?: number;
  /** Deletes at once, with no way back (decomkit never sends it). */
  readonly forceDeleteWithoutRecovery?: boolean;
}

/**
 * The fake Secrets Manager, regional and in the caller's account, with AWS's
 * rules: a secret is addressed by its ARN; DeleteSecret schedules the
 * deletion (`DeletedDate`) after a recovery window of 7 to 30 days (default
 * 30) unless forced; a secret already scheduled refuses another DeleteSecret
 * (`InvalidRequestException`); DescribeSecret still answers for it, with
 * `deletedAt` and the window it was given.
 */
export class FakeSecretsManager {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeSecret (a secret scheduled for deletion included). */
  describeSecret(arn: string): ResultAsync<FakeSecret, DecomError> {
    return this.world.call('secretsmanager', 'DescribeSecret', false, arn, () =>
      this.secret(arn).map((secret) => structuredClone(secret)),
    );
  }

  /** DeleteSecret: scheduled after the recovery window, or at once when forced. */
  deleteSecret(
    arn: string,
    options: DeleteSecretOptions = {},
  ): ResultAsync<{ arn: string; deletionDate: string }, DecomError> {
    return this.world.call('secretsmanager', 'DeleteSecret', true, arn, () => {
      const window = options.recoveryWindowDays ?? 30;
      if (options.forceDeleteWithoutRecovery === true && options.recoveryWindowDays !== undefined)
        return err(
          awsError.invalid('InvalidParameterException', 'a recovery window and a forced delete exclude each other'),
        );
      if (!Number.isInteger(window) || window < 7 || window > 30)
        return err(
          awsError.invalid('InvalidParameterException', 'RecoveryWindowInDays must be 7 to 30', 'RecoveryWindowInDays'),
        );
      return this.secret(arn).andThen((secret) => {
        if (secret.deletedAt !== null)
          return err(awsError.conflict('InvalidRequestException', `${arn} is already marked for deletion`, arn));
        const now = this.world.clock.now();
        if (options.forceDeleteWithoutRecovery === true) {
          this.world.state.secrets = this.world.state.secrets.filter((candidate) => candidate !== secret);
        } else {
          secret.deletedAt = now.toISOString();
          secret.recoveryWindowDays = window;
        }
        recordConfigChange(this.world, secret.arn, AWS_TYPES.secret, 'ResourceDeleted');
        const days = options.forceDeleteWithoutRecovery === true ? 0 : window;
        return ok({ arn, deletionDate: new Date(now.getTime() + days * 86_400_000).toISOString() });
      });
    });
  }

  private secret(arn: string): Result<FakeSecret, DecomError> {
    const found = this.world.state.secrets.find(
      (secret) => secret.arn === arn && secret.accountId === this.world.state.accountId,
    );
    return found === undefined
      ? err(
          awsError.notFound(
            'ResourceNotFoundException',
            `Secrets Manager can't find the specified secret: ${arn}`,
            arn,
          ),
        )
      : ok(found);
  }
}
