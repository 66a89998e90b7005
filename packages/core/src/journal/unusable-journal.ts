import { errAsync } from 'neverthrow';
import { decomError } from '../errors/decom-error.js';
import { describeInput } from '../util/input-shape.js';
import type { Journal } from './journal.js';

/**
 * The journal `fileJournal` gives for a directory that is not a non-empty
 * string: every method answers `InvalidInput`, so the mistake surfaces as a
 * typed error at the first use instead of a throw.
 */
export function unusableJournal(directory: unknown): Journal {
  const refused = () =>
    errAsync(
      decomError.invalidInput(`fileJournal needs a directory path, got ${describeInput(directory)}`, [
        { path: 'directory', message: 'must be a non-empty string' },
      ]),
    );
  return { open: refused, read: refused, list: refused };
}
