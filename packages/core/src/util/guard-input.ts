import { err, errAsync, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError, type InvalidInputError } from '../errors/decom-error.js';

/**
 * Runs `read`, code that reads a caller's values at a public entry point, and
 * turns whatever it throws (a throwing getter or Proxy trap, a circular or
 * BigInt value met while hashing) into `InvalidInput` naming `what`. The one
 * place the edges catch: the public API answers any input with a typed error.
 */
export function guardInput<T, E>(what: string, read: () => Result<T, E>): Result<T, E | InvalidInputError> {
  try {
    return read();
  } catch (cause) {
    return err(hostileInput(what, cause));
  }
}

/**
 * {@link guardInput} for an entry point that answers later: a throw while the
 * call starts is `InvalidInput`; a rejection of what it returns (a hostile
 * value read later, or a bug) is a non-retryable `ProviderFailure`, never a
 * rejected promise.
 */
export function guardInputAsync<T, E extends DecomError>(
  what: string,
  read: () => ResultAsync<T, E>,
): ResultAsync<T, E | DecomError> {
  let started: ResultAsync<T, E>;
  try {
    started = read();
  } catch (cause) {
    return errAsync(hostileInput(what, cause));
  }
  return new ResultAsync(
    Promise.resolve(started).then(
      (result): Result<T, E | DecomError> => result,
      (cause: unknown) =>
        err(
          decomError.providerFailure({ message: `${what} failed: ${describeThrown(cause)}`, retryable: false, cause }),
        ),
    ),
  );
}

/** The error for a value that could not even be read. */
function hostileInput(what: string, cause: unknown): InvalidInputError {
  return decomError.invalidInput(
    `${what}: the input could not be read (${describeThrown(cause)})`,
    [{ path: what, message: 'unreadable: a getter or Proxy threw, or the value is circular or not JSON' }],
    cause,
  );
}

/** What was thrown, as text; never throws itself (a thrown Proxy or symbol included). */
function describeThrown(cause: unknown): string {
  try {
    return cause instanceof Error ? cause.message : String(cause);
  } catch {
    return 'an unprintable value';
  }
}
