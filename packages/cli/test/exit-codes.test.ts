import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { exitCodeOfRun } from '../src/run-commands.js';

describe('the exit status of a run', () => {
  it('is 0 completed; 2 waiting or incomplete (nothing failed: a later resume finishes it); 1 otherwise', () => {
    expect(exitCodeOfRun('completed')).toBe(EXIT_CODES.done);
    expect(exitCodeOfRun('waiting')).toBe(EXIT_CODES.waiting);
    expect(exitCodeOfRun('incomplete')).toBe(EXIT_CODES.waiting);
    for (const status of ['failed', 'refused', 'cancelled', 'running'] as const)
      expect(exitCodeOfRun(status), status).toBe(EXIT_CODES.failed);
  });
});
