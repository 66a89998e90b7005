import { decomError, err, type InvalidInputError, ok, type Result } from '@decomkit/core';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a provider endpoint: an absolute HTTPS URL (plain HTTP only on a
 * loopback host, for tests), with no user name or password in it (a
 * credential in a URL ends up in logs). `path` names the option in the error.
 */
export function checkEndpoint(value: unknown, path: string): Result<URL, InvalidInputError> {
  const refuse = (message: string) => err(decomError.invalidInput(`${path}: ${message}`, [{ path, message }]));
  if (typeof value !== 'string') return refuse('a URL is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('not an absolute URL');
  }
  if (url.username !== '' || url.password !== '')
    return refuse('credentials do not belong in the URL; use the auth option');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return refuse('HTTPS is required (plain HTTP only on a loopback host)');
  return ok(url);
}
