import type { ConflictError, DecomError, DecomErrorCode, ProtectionRefusal } from '../errors/decom-error.js';

/**
 * A {@link DecomError} as the journal keeps it: its `code`, `message` and the
 * fields of its variant (`resource`, `protection`, `retryable`, `issues`, `guard`, `line`,
 * `operation`), never its `cause` (an SDK exception may not serialise, and may
 * hold what the journal must not). Plain JSON, and a `DecomError` as it is.
 */
export type JournaledError = DecomError extends infer E ? (E extends unknown ? Omit<E, 'cause'> : never) : never;

const CODES: ReadonlySet<string> = new Set<DecomErrorCode>([
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
]);

/**
 * The journal form of an error: the fields that rebuild it, copied as plain
 * strings, numbers and booleans. An error whose code is not a `DecomError`
 * code (a provider that broke the contract) is kept as a `ProviderFailure`
 * naming the code it had.
 */
export function journaledError(error: DecomError): JournaledError {
  const message = String(error.message);
  switch (error.code) {
    case 'InvalidInput':
      return {
        code: error.code,
        message,
        issues: Array.isArray(error.issues)
          ? error.issues.map((issue) => ({ path: String(issue?.path), message: String(issue?.message) }))
          : [],
      };
    case 'AccessDenied':
    case 'NotFound':
    case 'Throttled':
      return { code: error.code, message, ...resourceOf(error) };
    case 'Conflict':
      return { code: error.code, message, ...resourceOf(error), ...protectionOf(error) };
    case 'GuardRefused':
      return { code: error.code, message, guard: error.guard };
    case 'ProviderFailure':
      return { code: error.code, message, retryable: error.retryable === true, ...resourceOf(error) };
    case 'JournalCorrupt':
      return { code: error.code, message, line: Number(error.line) };
    case 'NotImplemented':
      return { code: error.code, message, operation: String(error.operation) };
    case 'GateUnmet':
    case 'Cancelled':
      return { code: error.code, message };
    default: {
      const code = String((error as { readonly code: unknown }).code);
      return { code: 'ProviderFailure', message: `${code}: ${message}`, retryable: false };
    }
  }
}

/** The error an `action.failed` entry journaled, or null when it holds none that is readable (an older journal). */
export function errorFromJournal(value: unknown): DecomError | null {
  if (value === null || typeof value !== 'object') return null;
  const { code, message } = value as { readonly code?: unknown; readonly message?: unknown };
  if (typeof code !== 'string' || !CODES.has(code) || typeof message !== 'string') return null;
  return value as DecomError;
}

function resourceOf(error: { readonly resource?: string }): { readonly resource?: string } {
  return error.resource === undefined ? {} : { resource: String(error.resource) };
}

/** The protection that refused the call, when one did (see `ConflictError.protection`). */
function protectionOf(error: ConflictError): { readonly protection?: ProtectionRefusal } {
  const protection = error.protection;
  if (protection === undefined || protection === null || typeof protection !== 'object') return {};
  return {
    protection: { flag: protection.flag === 'stop' ? 'stop' : 'deletion', attribute: String(protection.attribute) },
  };
}
