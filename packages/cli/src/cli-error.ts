import type { DecomError } from '@decomkit/core';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** A command's failure: what to print and the exit status it means. */
export interface CliFailure {
  readonly exitCode: ExitCode;
  readonly message: string;
  /** The error behind it, for `--json` and for embedding callers. */
  readonly error?: DecomError;
}

/**
 * The exit status of a decomkit error: bad input 64; a run held by another
 * runner (a `Conflict` naming its `lease`) 75; anything else 1.
 */
export function exitCodeOf(error: DecomError): ExitCode {
  if (error.code === 'InvalidInput') return EXIT_CODES.badInput;
  if (error.code === 'Conflict' && error.lease !== undefined) return EXIT_CODES.locked;
  return EXIT_CODES.failed;
}

/** A failure from a decomkit error. */
export function failureOf(error: DecomError): CliFailure {
  const issues =
    error.code === 'InvalidInput' && error.issues.length > 0
      ? `\n${error.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`
      : '';
  return { exitCode: exitCodeOf(error), message: `${error.code}: ${error.message}${issues}`, error };
}

/** A bad-input failure of the command line itself (a missing option, a file that cannot be read). */
export function badInput(message: string): CliFailure {
  return { exitCode: EXIT_CODES.badInput, message };
}
