import { type DecomError, decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { fromUnknown } from '@decomkit/provider-kit';

/**
 * How the provider authenticates to the instance: HTTP basic, OAuth client
 * credentials (`POST /oauth_token.do`, the token cached until shortly before
 * it expires), or a bearer token supplier you own (a vault, a refresh flow).
 * No credential or token ever appears in an error, a result or a log.
 */
export type ServiceNowAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'oauth-client-credentials'; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'bearer'; readonly token: () => string | Promise<string> };

/** Supplies the `Authorization` header; `invalidate` drops a cached token after a 401. */
export interface AuthorizationSource {
  header(signal?: AbortSignal): ResultAsync<string, DecomError>;
  invalidate(): void;
}

/** Seconds before expiry at which a cached OAuth token is renewed. */
const RENEW_BEFORE_SECONDS = 60;

/** The `Authorization` header source for `auth` against `instance` (its origin, no trailing slash). */
export function authorizationSource(instance: string, auth: ServiceNowAuth): AuthorizationSource {
  if (auth.kind === 'basic') {
    const header = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return { header: () => okAsync(header), invalidate: () => {} };
  }
  if (auth.kind === 'bearer')
    return {
      header: () =>
        ResultAsync.fromPromise(Promise.resolve().then(auth.token), (cause) =>
          // The supplier's own error may quote its secret: keep only that it failed.
          decomError.accessDenied({
            message: `ServiceNow ${instance}: the bearer token supplier failed`,
            cause: kindOf(cause),
          }),
        ).map((token) => `Bearer ${token}`),
      invalidate: () => {},
    };
  let cached: { token: string; expiresAt: number } | null = null;
  // Concurrent calls without a token share one token request.
  let pending: ResultAsync<string, DecomError> | null = null;
  return {
    header: (signal) => {
      if (cached !== null && cached.expiresAt > Date.now()) return okAsync(`Bearer ${cached.token}`);
      pending ??= requestToken(instance, auth.clientId, auth.clientSecret, signal)
        .map((granted) => {
          cached = { token: granted.token, expiresAt: Date.now() + (granted.expiresIn - RENEW_BEFORE_SECONDS) * 1000 };
          pending = null;
          return `Bearer ${granted.token}`;
        })
        .mapErr((error) => {
          pending = null;
          return error;
        });
      return pending;
    },
    invalidate: () => {
      cached = null;
    },
  };
}

function requestToken(
  instance: string,
  clientId: string,
  clientSecret: string,
  signal?: AbortSignal,
): ResultAsync<{ token: string; expiresIn: number }, DecomError> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const where = `ServiceNow ${instance}/oauth_token.do`;
  return ResultAsync.fromPromise(
    fetch(`${instance}/oauth_token.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      ...(signal === undefined ? {} : { signal }),
    }),
    (cause) => fromUnknown(`${where}: token request failed`, kindOf(cause), true),
  ).andThen((response) => {
    if (response.status === 400 || response.status === 401)
      return errAsync(
        decomError.accessDenied({
          message: `${where}: the OAuth client credentials were refused (HTTP ${response.status})`,
        }),
      );
    if (!response.ok)
      return errAsync(
        decomError.providerFailure({ message: `${where}: HTTP ${response.status}`, retryable: response.status >= 500 }),
      );
    return ResultAsync.fromPromise(response.json() as Promise<unknown>, () =>
      decomError.providerFailure({ message: `${where}: the token response is not JSON`, retryable: false }),
    ).andThen((json) => {
      const grant = json as { access_token?: unknown; expires_in?: unknown };
      if (typeof grant.access_token !== 'string' || grant.access_token === '')
        return errAsync(
          decomError.providerFailure({ message: `${where}: the response has no access_token`, retryable: false }),
        );
      const expiresIn = Number(grant.expires_in);
      return okAsync({
        token: grant.access_token,
        expiresIn:
          Number.isFinite(expiresIn) && expiresIn > RENEW_BEFORE_SECONDS ? expiresIn : RENEW_BEFORE_SECONDS + 1,
      });
    });
  });
}

/** What kind of failure `cause` was, without its message (which may quote a secret or a header). */
export function kindOf(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${cause.name} ${code}` : cause.name;
  }
  return typeof cause;
}
