import { type DecomError, decomError } from '@decomkit/core';

/**
 * An AWS error to inject, as the service would send it: its error code
 * (`RequestLimitExceeded`, `UnauthorizedOperation`, `InternalError`, …), an
 * optional message and HTTP status. It reaches the caller as the
 * {@link DecomError} the AWS provider would make of it, retryable when the
 * AWS SDK would retry it.
 *
 * @example
 * ```ts
 * const throttling: AwsErrorSpec = { code: 'RequestLimitExceeded' };
 * const outage: AwsErrorSpec = { code: 'ServiceUnavailable', status: 503 };
 * ```
 */
export interface AwsErrorSpec {
  /** The AWS error code (the SDK exception's `name`). */
  readonly code: string;
  /** What AWS says after the code; default: a line naming the operation and resource. */
  readonly message?: string;
  /** The HTTP status; default 400, or 5xx for AWS's server-side codes (`InternalError`, `ServiceUnavailable`, …). */
  readonly status?: number;
}

/** What a stub fails a call with: an AWS error code, or a decomkit {@link DecomError} returned as it is. */
export type FaultError = AwsErrorSpec | DecomError;

// The AWS provider's classes of codes (packages/aws/src/aws-call.ts), widened by the AWS SDK's own
// retry classification (@smithy service-error-classification): a code the SDK retries as throttling is
// retried by decomkit too, so a test on the fake sees what a run against AWS would.
const ACCESS_DENIED =
  /^(AccessDenied(Exception)?|UnauthorizedOperation|UnauthorizedAccess|AuthFailure|InvalidClientTokenId|ExpiredToken|OptInRequired)$/;
const THROTTLED =
  /^(Throttling(Exception)?|ThrottledException|RequestLimitExceeded|TooManyRequests(Exception)?|RequestThrottled(Exception)?|SlowDown|PriorRequestNotComplete|ProvisionedThroughputExceededException|BandwidthLimitExceeded|EC2ThrottledException|LimitExceededException|TransactionInProgressException)$/;
const NOT_FOUND = /NotFound|^NoSuchEntity|^NoSuch[A-Z]|^QueueDoesNotExist$|NonExistentQueue$/;
const CONFLICT =
  /^(OperationNotPermitted|DependencyViolation|InvalidDBInstanceState(Fault)?|InvalidDBClusterState(Fault)?|ResourceInUse(Exception)?|IncorrectInstanceState|IncorrectState|VolumeInUse|InvalidIPAddress\.InUse|InvalidSnapshot\.InUse|InvalidGroup\.InUse|InvalidStateException|ConflictException)$/;
const INVALID_INPUT = /^(Invalid|Malformed|ValidationError|ValidationException|MissingParameter|UnknownParameter)/;
/** Codes AWS sends with a 5xx status (the SDK retries 500, 502, 503, 504). */
const SERVER_SIDE =
  /^(InternalError|InternalFailure|InternalServerError|InternalServiceError|InternalServerException|ServiceUnavailable(Exception)?|ServiceFailure|Unavailable)$/;
/** Codes the SDK retries as transient whatever the status. */
const TRANSIENT = /^(TimeoutError|RequestTimeout|RequestTimeoutException)$/;
const AWS_CODE = /^[A-Za-z][A-Za-z0-9.]*$/;

const DECOM_ERROR_CODES: ReadonlySet<string> = new Set([
  'InvalidInput',
  'AccessDenied',
  'NotFound',
  'Throttled',
  'Conflict',
  'GuardRefused',
  'GateUnmet',
  'ProviderFailure',
  'Cancelled',
  'JournalCorrupt',
  'NotImplemented',
  'TimedOut',
]);

/** True for a decomkit {@link DecomError} (a decomkit code and a message), false for an {@link AwsErrorSpec}. */
export function isDecomError(error: FaultError): error is DecomError {
  return DECOM_ERROR_CODES.has(error.code) && typeof error.message === 'string' && error.message !== '';
}

/** Why `error` cannot be injected, or null when it can. */
export function faultErrorProblem(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return `expected { code } or a DecomError, got ${String(error)}`;
  const { code, status } = error as { code?: unknown; status?: unknown };
  if (typeof code !== 'string' || !AWS_CODE.test(code)) return `${JSON.stringify(code)} is not an AWS error code`;
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)) {
    return `status ${JSON.stringify(status)} is not an HTTP error status (400–599)`;
  }
  return null;
}

/** The status AWS sends with `code` when the spec gives none. */
function statusOf(spec: AwsErrorSpec): number {
  if (spec.status !== undefined) return spec.status;
  if (SERVER_SIDE.test(spec.code)) return spec.code.startsWith('ServiceUnavailable') ? 503 : 500;
  return 400;
}

/**
 * The {@link DecomError} a call to `operation` (on `resource`) fails with
 * when AWS answers `spec`: as the AWS provider maps the SDK's exception, with
 * the SDK's retry classes (throttling codes and 429 → `Throttled`; 500, 502,
 * 503, 504 and timeouts → retryable `ProviderFailure`). A DecomError is
 * returned as it is.
 */
export function faultErrorOf(spec: FaultError, operation: string, resource: string | null): DecomError {
  if (isDecomError(spec)) return spec;
  const where = resource === null ? operation : `${operation} on ${resource}`;
  const message = `${spec.code}: ${spec.message ?? `injected for ${where}`}`;
  const named = resource === null ? {} : { resource };
  const status = statusOf(spec);
  const cause = { name: spec.code, $metadata: { httpStatusCode: status } };
  if (ACCESS_DENIED.test(spec.code)) return decomError.accessDenied({ message, cause, ...named });
  if (THROTTLED.test(spec.code) || status === 429) return decomError.throttled({ message, cause, ...named });
  if (NOT_FOUND.test(spec.code)) return decomError.notFound({ message, cause, ...named });
  if (CONFLICT.test(spec.code)) return decomError.conflict({ message, cause, ...named });
  if (status >= 500 || TRANSIENT.test(spec.code)) {
    const retryable = [500, 502, 503, 504].includes(status) || TRANSIENT.test(spec.code);
    return decomError.providerFailure({ message, retryable, cause, ...named });
  }
  if (INVALID_INPUT.test(spec.code)) return decomError.invalidInput(message, [], cause);
  return decomError.providerFailure({ message, retryable: false, cause, ...named });
}
