import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { decomError, type InvalidInputError } from '../errors/decom-error.js';
import { describeInput } from '../util/input-shape.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Checks a run id is safe to use as a file name. */
export function checkRunId(runId: string): Result<string, InvalidInputError> {
  return typeof runId === 'string' && RUN_ID.test(runId)
    ? ok(runId)
    : err(
        decomError.invalidInput(`invalid run id ${describeInput(runId)}: letters, digits, dot, dash, underscore`, [
          { path: 'runId', message: 'must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}' },
        ]),
      );
}

/** A new run id: `<workload>-<UTC time>-<6 hex digits>` (random from `random`, or the OS when it is Math.random). */
export function newRunId(workloadId: string, at: Date, random: () => number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const suffix =
    random === Math.random
      ? randomBytes(3).toString('hex')
      : Math.floor(random() * 0xffffff)
          .toString(16)
          .padStart(6, '0');
  return `${workloadId}-${stamp}-${suffix}`;
}
