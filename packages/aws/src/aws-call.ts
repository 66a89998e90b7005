import { type DecomError, decomError, errAsync, ResultAsync } from '@decomkit/core';

/** What a failed call was about: the operation, and the resource (ARN) it named when there is one. */
export interface CallSubject {
  readonly operation: string;
  readonly resource?: string;
  /** Aborts the call (a handler passes its context's signal): `Cancelled`, and the request is abandoned. */
  readonly signal?: AbortSignal;
}

/** What {@link awsCall} hands the call: pass it to `client.send(command, options)`. */
export interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/** The fields the AWS SDK v3 puts on a service exception. */
interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly Code?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const ACCESS_DENIED =
  /^(AccessDenied(Exception)?|UnauthorizedOperation|UnauthorizedAccess|AuthFailure|InvalidClientTokenId|ExpiredToken|OptInRequired)$/;
const THROTTLED =
  /^(Throttling(Exception)?|ThrottledException|RequestLimitExceeded|TooManyRequests(Exception)?|RequestThrottled(Exception)?|SlowDown|PriorRequestNotComplete|ProvisionedThroughputExceededException)$/;
const NOT_FOUND = /NotFound|^NoSuchEntity|^NoSuch[A-Z]|^QueueDoesNotExist$|NonExistentQueue$/;
const CONFLICT =
  /^(OperationNotPermitted|DependencyViolation|InvalidDBInstanceState(Fault)?|InvalidDBClusterState(Fault)?|ResourceInUse(Exception)?|IncorrectInstanceState|IncorrectState|VolumeInUse|InvalidIPAddress\.InUse|InvalidSnapshot\.InUse|InvalidGroup\.InUse|InvalidStateException|ConflictException|ResourceInUseException)$/;
const INVALID_INPUT = /^(Invalid|Malformed|ValidationError|ValidationException|MissingParameter|UnknownParameter)/;

/** The AWS error code of an SDK exception (`name`, or `Code` for some query-protocol errors). */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const shape = error as SdkErrorShape;
  return shape.Code ?? shape.name ?? 'Unknown';
}

/**
 * Maps an AWS SDK exception to a {@link DecomError}, naming the operation and
 * the resource: AccessDenied / UnauthorizedOperation → `AccessDenied`;
 * Throttling / RequestLimitExceeded / TooManyRequests → `Throttled`;
 * `*NotFound*`, `NoSuch*`, an SQS `QueueDoesNotExist` → `NotFound`; OperationNotPermitted / DependencyViolation /
 * InvalidDBInstanceState / ResourceInUse (and the other "in use" or "wrong
 * state" codes) → `Conflict`; `Invalid*` / validation → `InvalidInput`; 5xx
 * and network failures → retryable `ProviderFailure`; an abort → `Cancelled`.
 */
export function mapAwsError(error: unknown, subject: CallSubject): DecomError {
  const code = awsErrorCode(error);
  const detail = typeof error === 'object' && error !== null ? ((error as SdkErrorShape).message ?? '') : String(error);
  const where = subject.resource === undefined ? subject.operation : `${subject.operation} on ${subject.resource}`;
  const message = `${where}: ${code}${detail === '' ? '' : `: ${detail}`}`;
  const resource = subject.resource === undefined ? {} : { resource: subject.resource };
  if (code === 'AbortError') return decomError.cancelled(message, error);
  if (ACCESS_DENIED.test(code)) return decomError.accessDenied({ message, cause: error, ...resource });
  if (THROTTLED.test(code)) return decomError.throttled({ message, cause: error, ...resource });
  if (NOT_FOUND.test(code)) return decomError.notFound({ message, cause: error, ...resource });
  if (CONFLICT.test(code)) return decomError.conflict({ message, cause: error, ...resource });
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  if ((status !== undefined && status >= 500) || shape.$fault === 'server') {
    return decomError.providerFailure({ message, retryable: true, cause: error, ...resource });
  }
  if (status === undefined && shape.$fault === undefined) {
    // No HTTP response at all: a network failure or timeout. Transient.
    return decomError.providerFailure({ message, retryable: true, cause: error, ...resource });
  }
  if (INVALID_INPUT.test(code)) return decomError.invalidInput(message, [], error);
  return decomError.providerFailure({ message, retryable: false, cause: error, ...resource });
}

/**
 * Wraps one SDK call into a `ResultAsync`: the only place this package turns
 * a throwing Promise into a value. Errors are mapped by {@link mapAwsError}.
 *
 * @example
 * ```ts
 * awsCall({ operation: 'ec2:StopInstances', resource: arn }, () => ec2.send(new StopInstancesCommand({ InstanceIds: [id] })));
 * ```
 */
export function awsCall<T>(
  subject: CallSubject,
  run: (options: CallOptions) => Promise<T>,
): ResultAsync<T, DecomError> {
  const { signal } = subject;
  if (signal?.aborted) {
    const where = subject.resource === undefined ? subject.operation : `${subject.operation} on ${subject.resource}`;
    return errAsync(decomError.cancelled(`${where}: cancelled before it was sent`, signal.reason));
  }
  const options: CallOptions = signal === undefined ? {} : { abortSignal: signal };
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => run(options)),
    (error) => mapAwsError(error, subject),
  );
}
