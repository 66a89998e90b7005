import { sha256 } from '@decomkit/core';
import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `artifacts` port: what is put is read back byte for byte, with its hash. */
export function artifactsGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('artifacts', () => {
    runner.it('stores and returns bytes with their SHA-256, and null for a missing name', () =>
      withWorld(target, { ...STANDARD_WORLD, artifacts: true }, async (subject) => {
        const artifacts = portOf(subject, 'artifacts');
        const body = new TextEncoder().encode('{"decommissioned":true}\n');
        const stored = okValue(await artifacts.put('conformance/record.json', body, 'application/json'), 'put');
        assert.equal(stored.sha256, sha256(body));
        assert.equal(stored.size, body.byteLength);
        const read = okValue(await artifacts.get('conformance/record.json'), 'get');
        assert.deepEqual(read === null ? null : [...read], [...body]);
        assert.equal(okValue(await artifacts.get('conformance/missing.json'), 'get missing'), null);
      }),
    );
  });
}
