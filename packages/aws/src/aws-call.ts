import { type DecomError, decomError, ResultAsync } from '@decomkit/core';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure']);
const CONFLICT = new Set([
  'OperationNotPermitted',
  'DependencyViolation',
  'InvalidDBInstanceState',
  'InvalidDBInstanceStateFault',
  'InvalidDBClusterStateFault',
  'ResourceInUse',
  'ResourceInUseException',
  'IncorrectInstanceState',
  'IncorrectState',
  'VolumeInUse',
  'InvalidIPAddress.InUse',
  'InvalidParameterCombination',
  'ConflictException',
]);

interface AwsErrorShape {
  readonly name?: string;
  readonly Code?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly $retryable?: unknown;
}

/**
 * Maps an AWS SDK v3 exception to a `DecomError`: throttling → Throttled,
 * permissions → AccessDenied, `*NotFound` → NotFound, protection / in-use /
 * wrong state → Conflict, 5xx → retryable ProviderFailure; the resource
 * and the operation are named in the message.
 */
export function awsError(operation: string, resource: string | undefined, cause: unknown): DecomError {
  const shape = (cause ?? {}) as AwsErrorShape;
  const code = shape.name ?? shape.Code ?? shape.code ?? 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const message = `${operation}${resource === undefined ? '' : ` on ${resource}`}: ${code}: ${shape.message ?? String(cause)}`;
  const fields = { message, cause, ...(resource === undefined ? {} : { resource }) };
  if (THROTTLING.has(code) || status === 429) return decomError.throttled(fields);
  if (ACCESS_DENIED.has(code) || status === 403) return decomError.accessDenied(fields);
  if (/NotFound/i.test(code) || code === 'NoSuchEntity' || code === 'ResourceNotFoundException') return decomError.notFound(fields);
  if (CONFLICT.has(code)) return decomError.conflict(fields);
  if (code === 'ValidationException' || code === 'ValidationError' || code === 'InvalidParameterValue' || code === 'MissingParameter') {
    return decomError.invalidInput(message, [], cause);
  }
  const retryable = (status !== undefined && status >= 500) || shape.$retryable !== undefined || code === 'TimeoutError' || code === 'ECONNRESET';
  return decomError.providerFailure({ ...fields, retryable });
}

/** Runs one SDK call as a `ResultAsync`, errors mapped by {@link awsError}. */
export function awsCall<T>(operation: string, resource: string | undefined, call: () => Promise<T>): ResultAsync<T, DecomError> {
  return ResultAsync.fromPromise(
    (async () => call())(),
    (cause) => awsError(operation, resource, cause),
  );
}
