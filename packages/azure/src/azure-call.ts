import { type DecomError, decomError, errAsync, ResultAsync } from '@decomkit/core';

/** What a failed call was about: the operation, and the resource (an Azure id, a name) it named. */
export interface AzureCallSubject {
  readonly operation: string;
  readonly resource?: string;
  /** Aborts the call: `Cancelled`, and the request is abandoned. */
  readonly signal?: AbortSignal;
}

/** What {@link azureCall} hands the call: pass it on as the SDK operation's `abortSignal`. */
export interface AzureCallOptions {
  readonly abortSignal?: AbortSignal;
}

/** The fields the Azure SDK puts on a `RestError` (and `@azure/identity` on its errors) that are safe to keep. */
interface AzureErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly statusCode?: number;
}

/**
 * What of an SDK error is kept as `cause`: name, code, status and message.
 * Never the error itself: a `RestError` holds the request, whose
 * `Authorization` header carries the bearer token.
 */
export interface AzureErrorCause {
  readonly name: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly message: string;
}

const BEARER = /\b(Bearer|SharedKey|SharedAccessSignature)\s+[A-Za-z0-9._~+/=:-]+/gi;
const SIGNATURE = /([?&](sig|se|sv|sp|skoid|sktid)=)[^&\s"']+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const ACCESS_DENIED =
  /^(AuthorizationFailed|AuthenticationFailed|InvalidAuthenticationToken.*|ExpiredAuthenticationToken|LinkedAuthorizationFailed|Unauthorized|Forbidden|AuthorizationPermissionMismatch|InsufficientAccountPermissions)$/i;
const CREDENTIAL_ERRORS = /^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/;

/** `text` with bearer tokens, JWTs, shared keys and SAS signatures cut out. */
export function redactCredentials(text: string): string {
  return text.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted]').replace(SIGNATURE, '$1[redacted]');
}

/** The safe part of an SDK error (see {@link AzureErrorCause}). */
export function azureErrorCause(error: unknown): AzureErrorCause {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AzureErrorShape;
  return {
    name: typeof shape.name === 'string' ? shape.name : 'Error',
    ...(typeof shape.code === 'string' ? { code: shape.code } : {}),
    ...(typeof shape.statusCode === 'number' ? { statusCode: shape.statusCode } : {}),
    message: redactCredentials(typeof shape.message === 'string' ? shape.message : String(error)),
  };
}

/**
 * Maps an Azure SDK error to a `DecomError` naming the operation and the
 * resource: 401 / 403, an expired or invalid token and a credential that
 * cannot get one → `AccessDenied`; 404 → `NotFound`; 409 / 412 (a stale
 * `If-Match`) → `Conflict`; 429 (after the SDK's own retries, which honour
 * `Retry-After`) → `Throttled`; 400 → `InvalidInput`; 5xx and network failures
 * → retryable `ProviderFailure`; a body that does not parse → `ProviderFailure`;
 * an abort → `Cancelled`. The cause keeps no request, header or token.
 */
export function mapAzureError(error: unknown, subject: AzureCallSubject): DecomError {
  const cause = azureErrorCause(error);
  const code = cause.code ?? cause.name;
  const where = subject.resource === undefined ? subject.operation : `${subject.operation} on ${subject.resource}`;
  const message = `${where}: ${code}${cause.message === '' ? '' : `: ${cause.message}`}`;
  const resource = subject.resource === undefined ? {} : { resource: subject.resource };
  const status = cause.statusCode;
  if (cause.name === 'AbortError') return decomError.cancelled(message, cause);
  if (status === 401 || status === 403 || ACCESS_DENIED.test(code) || CREDENTIAL_ERRORS.test(cause.name))
    return decomError.accessDenied({ message, cause, ...resource });
  if (status === 429) return decomError.throttled({ message, cause, ...resource });
  if (status === 404) return decomError.notFound({ message, cause, ...resource });
  if (status === 409 || status === 412) return decomError.conflict({ message, cause, ...resource });
  if (code === 'PARSE_ERROR' || error instanceof SyntaxError)
    return decomError.providerFailure({
      message: `${where}: malformed response: ${cause.message}`,
      retryable: false,
      cause,
      ...resource,
    });
  if (status === 400) return decomError.invalidInput(message, [], cause);
  if (status === undefined || status >= 500)
    return decomError.providerFailure({ message, retryable: true, cause, ...resource });
  return decomError.providerFailure({ message, retryable: false, cause, ...resource });
}

/**
 * Wraps one Azure SDK call into a `ResultAsync`: the only place this package
 * turns a throwing Promise into a value. Errors are mapped by {@link mapAzureError}.
 *
 * @example
 * ```ts
 * azureCall({ operation: 'ResourceGraph.resources' }, (options) => graph.resources(request, options));
 * ```
 */
export function azureCall<T>(
  subject: AzureCallSubject,
  run: (options: AzureCallOptions) => Promise<T>,
): ResultAsync<T, DecomError> {
  const { signal } = subject;
  if (signal?.aborted) {
    const where = subject.resource === undefined ? subject.operation : `${subject.operation} on ${subject.resource}`;
    return errAsync(decomError.cancelled(`${where}: cancelled before it was sent`));
  }
  const options: AzureCallOptions = signal === undefined ? {} : { abortSignal: signal };
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => run(options)),
    (error) => mapAzureError(error, subject),
  );
}
