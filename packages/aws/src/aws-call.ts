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
 * Whether an SDK error is AWS telling the caller to slow down: a throttling
 * code (`RequestLimitExceeded`, `Throttling`, `ThrottlingException`,
 * `TooManyRequestsException`, `SlowDown`…, whatever the HTTP status, 400 or
 * 503) or HTTP 429.
 */
export function isThrottlingError(error: unknown): boolean {
  if (THROTTLED.test(awsErrorCode(error))) return true;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  return shape.$metadata?.httpStatusCode === 429;
}

/**
 * Maps an AWS SDK exception to a {@link DecomError}, naming the operation and
 * the resource: AccessDenied / UnauthorizedOperation → `AccessDenied`;
 * Throttling / RequestLimitExceeded / TooManyRequests (or HTTP 429) → `Throttled`;
 * `*NotFound*`, `NoSuch*`, an SQS `QueueDoesNotExist` → `NotFound`; OperationNotPermitted / DependencyViolation /
 * InvalidDBInstanceState / ResourceInUse (and the other "in use" or "wrong
 * state" codes) → `Conflict`; `Invalid*` / validation → `InvalidInput`; 5xx
 * and network failures → retryable `ProviderFailure`; an abort → `Cancelled`.
 * An answer that is not an AWS response at all (the SDK cannot deserialise
 * it: an endpoint that does not offer the service, such as moto_server's 404
 * page for AWS Backup jobs, or a proxy's error page) is a `ProviderFailure`
 * saying so in one line, without the page.
 */
export function mapAwsError(error: unknown, subject: CallSubject): DecomError {
  const code = awsErrorCode(error);
  const detail = typeof error === 'object' && error !== null ? ((error as SdkErrorShape).message ?? '') : String(error);
  const where = subject.resource === undefined ? subject.operation : `${subject.operation} on ${subject.resource}`;
  const message = `${where}: ${code}${detail === '' ? '' : `: ${detail}`}`;
  const resource = subject.resource === undefined ? {} : { resource: subject.resource };
  const notAws = notAnAwsAnswer(error, where);
  if (notAws !== null) return decomError.providerFailure({ ...notAws, cause: error, ...resource });
  if (code === 'AbortError') return decomError.cancelled(message, error);
  if (ACCESS_DENIED.test(code)) return decomError.accessDenied({ message, cause: error, ...resource });
  if (isThrottlingError(error)) return decomError.throttled({ message, cause: error, ...resource });
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

/** The SDK's words when a response body is not the protocol's (it then names the parser's error, e.g. SyntaxError). */
const UNDECODABLE = /Deserialization error/;

/**
 * When the error is an answer the SDK could not read as an AWS response, a
 * one-line message saying what the endpoint did (a 404: it does not offer the
 * operation) and whether to retry (5xx only); otherwise null.
 */
function notAnAwsAnswer(error: unknown, where: string): { message: string; retryable: boolean } | null {
  if (typeof error !== 'object' || error === null) return null;
  const shape = error as SdkErrorShape;
  if (!UNDECODABLE.test(shape.message ?? '')) return null;
  const status = shape.$metadata?.httpStatusCode;
  if (status === 404)
    return {
      message: `${where}: the endpoint does not offer this operation (HTTP 404 with a page that is not an AWS response)`,
      retryable: false,
    };
  const answered = status === undefined ? 'an answer' : `HTTP ${status} with a body`;
  return {
    message: `${where}: the endpoint answered ${answered} that is not an AWS response`,
    retryable: status !== undefined && status >= 500,
  };
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
