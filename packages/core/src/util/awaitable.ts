import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, fromUnknown } from '../errors/decom-error.js';

/** What user callbacks (step `plan`/`verify`, approvals) may return: a value, a promise, a Result or a ResultAsync. */
export type Returned<T> = T | Result<T, DecomError> | PromiseLike<T | Result<T, DecomError>>;

function isResult<T>(value: unknown): value is Result<T, DecomError> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { isOk?: unknown }).isOk === 'function' &&
    typeof (value as { isErr?: unknown }).isErr === 'function'
  );
}

/** Normalises whatever a user callback returned (or threw) into a ResultAsync; throws become ProviderFailure naming `what`. */
export function fromReturned<T>(what: string, call: () => Returned<T>): ResultAsync<T, DecomError> {
  const run = async (): Promise<Result<T, DecomError>> => {
    try {
      const value = await call();
      return isResult<T>(value) ? value : ok(value as T);
    } catch (cause) {
      return err(fromUnknown(what, cause));
    }
  };
  return new ResultAsync(run());
}
